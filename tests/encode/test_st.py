from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from civicatlas.encode import get_encoder


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
