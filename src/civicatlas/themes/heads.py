"""Supervised theme heads: one logistic regression per label over item vectors, shipped as a small .npz.

Heads are only valid for vectors from the model they were trained on (the file records its model id);
with another encoder the themes enricher falls back to zero-shot scores. Prediction is numpy only:
scikit-learn is needed for training (`civicatlas train themes`), not for tagging.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "themes"
HEADS_PATH = DATA_DIR / "heads.npz"


@dataclass
class Head:
    """Linear one-vs-rest head for one vocabulary; `thresholds` turn probabilities into labels."""

    vocabulary: str
    keys: list[str]
    weights: np.ndarray  # (labels, dim)
    bias: np.ndarray  # (labels,)
    thresholds: np.ndarray  # (labels,)

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        z = np.asarray(vectors, dtype=np.float32) @ self.weights.T + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, vectors: np.ndarray) -> list[list[str]]:
        """Labels over threshold; the most probable one when none is (every labelled case has a method)."""
        p = self.proba(vectors)
        out = []
        for row in p:
            on = [self.keys[j] for j in np.flatnonzero(row >= self.thresholds)]
            out.append(on or [self.keys[int(np.argmax(row / self.thresholds))]])
        return out


@dataclass
class Heads:
    model: str  # encoder name@version the vectors came from
    heads: dict[str, Head]
    info: str = ""  # how they were trained (command, data, sizes)


def save(heads: Heads, path: Path = HEADS_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {"model": np.array(heads.model), "info": np.array(heads.info)}
    for vocab, h in heads.heads.items():
        arrays[f"{vocab}.keys"] = np.array(h.keys)
        arrays[f"{vocab}.weights"] = h.weights.astype(np.float16)  # halves the file; probabilities move < 1e-3
        arrays[f"{vocab}.bias"] = h.bias.astype(np.float32)
        arrays[f"{vocab}.thresholds"] = h.thresholds.astype(np.float32)
    np.savez_compressed(path, **arrays)


def load(path: Path = HEADS_PATH) -> Heads | None:
    """The heads shipped with the package, or None when they have not been trained yet."""
    if not path.exists():
        return None
    return _load(str(path), path.stat().st_mtime)


@lru_cache(maxsize=2)
def _load(path: str, mtime: float) -> Heads:
    with np.load(path) as f:
        vocabs = sorted({k.split(".", 1)[0] for k in f.files if "." in k})
        heads = {
            v: Head(
                vocabulary=v,
                keys=[str(k) for k in f[f"{v}.keys"]],
                weights=f[f"{v}.weights"].astype(np.float32),
                bias=f[f"{v}.bias"],
                thresholds=f[f"{v}.thresholds"],
            )
            for v in vocabs
        }
        return Heads(model=str(f["model"]), heads=heads, info=str(f["info"]))
