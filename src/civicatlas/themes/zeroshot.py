"""Zero-shot label scores: cosine similarity of an item vector to each label's description prototype.

Descriptions are embedded with the "query:" prefix and items with "passage:" (the E5 convention for
matching a short statement of need against documents). Raw e5 cosines sit in a narrow band (~0.75–0.9),
so scores are a softmax over the vocabulary with a small temperature: comparable across items, summing
to one per vocabulary.

Prototypes are computed once per model and vocabulary; `civicatlas train themes` also ships them for the
default model (data/themes/prototypes.npz, with a digest of the descriptions so an edit invalidates them),
which spares every new process embedding ~150 descriptions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from civicatlas.encode import Encoder
from civicatlas.themes.labels import DESCRIPTIONS

TEMPERATURE = 0.02  # e5 cosines differ by a few hundredths between a fitting and an unfitting label
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "themes" / "prototypes.npz"


# Prototypes per (model, vocabulary), shared by every ZeroShot: embedding the descriptions is the slow part.
_PROTOTYPES: dict[tuple[str, str], tuple[list[str], np.ndarray]] = {}


class ZeroShot:
    def __init__(self, encoder: Encoder, temperature: float = TEMPERATURE):
        self.encoder = encoder
        self.temperature = temperature

    @property
    def model(self) -> str:
        return f"{self.encoder.name}@{self.encoder.version}"

    def prototypes(self, vocabulary: str) -> tuple[list[str], np.ndarray]:
        """Label keys and a (labels, dim) matrix of unit prototype vectors, computed once per model."""
        key = (self.model, vocabulary)
        if key not in _PROTOTYPES:
            _PROTOTYPES.update(_load_shipped(self.model))
        if key not in _PROTOTYPES:
            labels = DESCRIPTIONS[vocabulary]
            keys = list(labels)
            texts = [d for k in keys for d in labels[k]]
            vecs = self.encoder.encode(texts, kind="query")
            protos, i = [], 0
            for k in keys:
                n = len(labels[k])
                mean = vecs[i : i + n].mean(axis=0)
                protos.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
                i += n
            _PROTOTYPES[key] = (keys, np.vstack(protos).astype(np.float32))
        return _PROTOTYPES[key]

    def save(self, path: Path = SHIPPED) -> None:
        """Write every vocabulary's prototypes for this model (run by `civicatlas train themes`)."""
        arrays: dict[str, np.ndarray] = {"model": np.array(self.model), "digest": np.array(descriptions_digest())}
        for vocab in DESCRIPTIONS:
            keys, protos = self.prototypes(vocab)
            arrays[f"{vocab}.keys"], arrays[f"{vocab}.vectors"] = np.array(keys), protos
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    def similarities(self, vectors: np.ndarray, vocabulary: str) -> tuple[list[str], np.ndarray]:
        keys, protos = self.prototypes(vocabulary)
        return keys, np.asarray(vectors, dtype=np.float32) @ protos.T

    def scores(self, vectors: np.ndarray, vocabulary: str) -> tuple[list[str], np.ndarray]:
        """(keys, (n, labels) softmax scores)."""
        keys, sims = self.similarities(vectors, vocabulary)
        z = (sims - sims.max(axis=1, keepdims=True)) / self.temperature
        e = np.exp(z)
        return keys, e / e.sum(axis=1, keepdims=True)


def descriptions_digest() -> str:
    return hashlib.sha256(json.dumps(DESCRIPTIONS, sort_keys=True).encode("utf-8")).hexdigest()


def _load_shipped(model: str, path: Path = SHIPPED) -> dict[tuple[str, str], tuple[list[str], np.ndarray]]:
    """Shipped prototypes when they are for this model and these descriptions; else nothing."""
    if not path.exists():
        return {}
    with np.load(path) as f:
        if str(f["model"]) != model or str(f["digest"]) != descriptions_digest():
            return {}
        vocabs = {k.split(".", 1)[0] for k in f.files if "." in k}
        return {(model, v): ([str(k) for k in f[f"{v}.keys"]], f[f"{v}.vectors"].astype(np.float32)) for v in vocabs}


def top_k(keys: Sequence[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    order = np.argsort(-scores)[:k]
    return [(keys[i], float(scores[i])) for i in order]
