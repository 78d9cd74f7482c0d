"""Encoders from sentence-transformers (the optional extra `civicatlas[st]`): any model the user has."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civicatlas.encode.base import Kind, unit_rows


class SentenceTransformersEncoder:
    """Any sentence-transformers model the user has (GPU when present). Imported lazily: optional extra.

    `prefixes` defaults to the E5 convention for model names containing "e5"; other models get none.
    """

    def __init__(
        self,
        model_name: str,
        batch_size: int = 64,
        device: str | None = None,
        prefixes: dict[str, str] | None = None,
    ):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the optional extra is not installed
            raise ImportError("the st: encoder needs `pip install civicatlas[st]` (sentence-transformers)") from exc
        import sentence_transformers

        self._model = SentenceTransformer(model_name, device=device)
        self.name = f"st/{model_name}"
        self.version = sentence_transformers.__version__
        self.batch_size = batch_size
        self.dim = int(self._model.get_sentence_embedding_dimension())
        e5 = "e5" in model_name.lower()
        self.prefixes = (
            prefixes
            if prefixes is not None
            else ({"query": "query: ", "passage": "passage: "} if e5 else {"query": "", "passage": ""})
        )

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        prefix = self.prefixes.get(kind, "")
        vectors = self._model.encode(
            [prefix + t for t in texts], batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return unit_rows(vectors)
