"""What every encoder is: a `name` and `version` recorded with each vector, so vectors from different models
are never compared and a change of model re-embeds lazily (the cache is keyed by both), and `encode`.
E5-family models expect "query: " / "passage: " prefixes; `encode(texts, kind=...)` applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np

Kind = Literal["query", "passage"]


@runtime_checkable
class Encoder(Protocol):
    name: str
    version: str
    dim: int

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """float32 rows scaled to length 1 (a zero row stays zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
