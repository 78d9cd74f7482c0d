"""Supervised theme heads: one logistic regression per label over item vectors, shipped as a small .npz.

A head may also keep the dev cases' vectors (int8) and labels, and blend the regression with a vote of
the nearest cases: the neighbours catch local groups of cases (a kind of method described in a
recurring way) that a linear boundary misses; cross-validation on dev sets the blend (themes/fit.py).

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


NEIGHBOURS = 25
TEMPERATURE = 20.0  # cosine similarities of e5 vectors are bunched (0.7-0.9): sharpen before weighting


def neighbour_vote(vectors: np.ndarray, memory: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per label, the similarity-weighted share of the nearest memory cases that carry it."""
    sims = vectors @ memory.T
    k = min(NEIGHBOURS, memory.shape[0])
    idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    near = np.take_along_axis(sims, idx, axis=1)
    w = np.exp(TEMPERATURE * (near - near.max(axis=1, keepdims=True)))
    w /= w.sum(axis=1, keepdims=True)
    return np.einsum("nk,nkl->nl", w, labels[idx].astype(np.float32))


@dataclass
class Head:
    """Linear one-vs-rest head for one vocabulary; `thresholds` turn probabilities into labels."""

    vocabulary: str
    keys: list[str]
    weights: np.ndarray  # (labels, dim)
    bias: np.ndarray  # (labels,)
    thresholds: np.ndarray  # (labels,)
    memory: np.ndarray | None = None  # (cases, dim) the training cases' vectors, for the neighbour vote
    memory_labels: np.ndarray | None = None  # (cases, labels) bool
    blend: float = 0.0  # weight of the neighbour vote against the regression

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        v = np.asarray(vectors, dtype=np.float32)
        p = 1.0 / (1.0 + np.exp(-(v @ self.weights.T + self.bias)))
        if self.blend and self.memory is not None and self.memory_labels is not None:
            p = (1 - self.blend) * p + self.blend * neighbour_vote(v, self.memory, self.memory_labels)
        return p

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
        if h.blend and h.memory is not None and h.memory_labels is not None:
            # int8 with one scale keeps similarities of unit vectors to ~1e-3 at a quarter of the size.
            scale = float(np.abs(h.memory).max()) or 1.0
            arrays[f"{vocab}.memory"] = np.round(h.memory / scale * 127).astype(np.int8)
            arrays[f"{vocab}.memory_scale"] = np.float32(scale)
            arrays[f"{vocab}.memory_labels"] = np.packbits(h.memory_labels, axis=1)
            arrays[f"{vocab}.blend"] = np.float32(h.blend)
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
                **_memory(f, v, len(f[f"{v}.keys"])),
            )
            for v in vocabs
        }
        return Heads(model=str(f["model"]), heads=heads, info=str(f["info"]))


def _memory(f: np.lib.npyio.NpzFile, vocab: str, n_labels: int) -> dict:
    if f"{vocab}.memory" not in f.files:
        return {}
    return {
        "memory": f[f"{vocab}.memory"].astype(np.float32) * (float(f[f"{vocab}.memory_scale"]) / 127),
        "memory_labels": np.unpackbits(f[f"{vocab}.memory_labels"], axis=1, count=n_labels).astype(bool),
        "blend": float(f[f"{vocab}.blend"]),
    }
