"""The relevance head: a logistic regression over an item's vector and its cue features, shipped as a
small .npz (a few kilobytes) with its threshold and the id of the encoder whose vectors it reads.

Prediction is numpy only; scikit-learn is needed to train it (`civicatlas train relevance`). The log-odds
split into the vector's part and the cues' part, which the record keeps as evidence of what decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

HEAD_PATH = Path(__file__).resolve().parents[1] / "data" / "relevance" / "head.npz"


@dataclass
class Head:
    model: str  # encoder name@version the vectors came from
    vector_weights: np.ndarray  # (dim,)
    cue_weights: np.ndarray  # (cue features,)
    bias: float
    threshold: float  # a score at or over it is an initiative
    info: str = ""  # how it was trained (command, data, cross-validated choices)

    def parts(self, vectors: np.ndarray, cues: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Log-odds contributed by the vectors and by the cue features (the bias goes with the vector)."""
        v = np.asarray(vectors, dtype=np.float32) @ self.vector_weights + self.bias
        return v, np.asarray(cues, dtype=np.float32) @ self.cue_weights

    def score(self, vectors: np.ndarray, cues: np.ndarray) -> np.ndarray:
        v, c = self.parts(vectors, cues)
        return 1.0 / (1.0 + np.exp(-(v + c)))


def save(head: Head, path: Path = HEAD_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path, model=np.array(head.model), info=np.array(head.info),
        vector_weights=head.vector_weights.astype(np.float32), cue_weights=head.cue_weights.astype(np.float32),
        bias=np.float64(head.bias), threshold=np.float64(head.threshold),
    )


def load(path: Path = HEAD_PATH) -> Head | None:
    """The shipped head, or None when it has not been trained."""
    if not path.exists():
        return None
    return _load(str(path), path.stat().st_mtime)


@lru_cache(maxsize=2)
def _load(path: str, mtime: float) -> Head:
    with np.load(path) as f:
        return Head(model=str(f["model"]), vector_weights=f["vector_weights"], cue_weights=f["cue_weights"],
                    bias=float(f["bias"]), threshold=float(f["threshold"]), info=str(f["info"]))
