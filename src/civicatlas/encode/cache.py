"""Vectors computed once per text and model: looked up in a VectorCache first (the store is the persistent
one), only the missing texts encoded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from civicatlas.encode.base import Encoder
from civicatlas.encode.passage import model_id, text_key


@runtime_checkable
class VectorCache(Protocol):
    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put(self, model: str, vectors: Mapping[str, np.ndarray]) -> None: ...


class MemoryVectorCache:
    """A dict-backed VectorCache (tests, one-off runs); the store provides the persistent one."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}

    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {k: self._data[(model, k)] for k in keys if (model, k) in self._data}

    def put(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        for key, vec in vectors.items():
            self._data[(model, key)] = np.asarray(vec, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._data)


class FileVectorCache(MemoryVectorCache):
    """A MemoryVectorCache kept in one .npz file: lets training and evaluation runs skip re-embedding."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        if self.path.exists():
            with np.load(self.path) as f:
                models, keys = f["models"], f["keys"]
                for m, k, v in zip(models, keys, f["vectors"], strict=True):
                    self._data[(str(m), str(k))] = v

    def save(self) -> None:
        if not self._data:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        pairs = list(self._data)
        np.savez(
            self.path,
            models=np.array([m for m, _ in pairs]),
            keys=np.array([k for _, k in pairs]),
            vectors=np.vstack([self._data[p] for p in pairs]),
        )


def embed_texts(texts: Sequence[str], encoder: Encoder, cache: VectorCache | None = None) -> np.ndarray:
    """Vectors for `texts` (rows in order), encoding only those the cache lacks, each distinct text once."""
    keys = [text_key(t) for t in texts]
    model = model_id(encoder)
    found = cache.get(model, list(dict.fromkeys(keys))) if cache is not None else {}
    missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
    if missing:
        new = encoder.encode(list(missing.values()), kind="passage")
        fresh = dict(zip(missing.keys(), new, strict=True))
        if cache is not None:
            cache.put(model, fresh)
        found = {**found, **fresh}
    out = np.empty((len(texts), encoder.dim), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = found[k]
    return out
