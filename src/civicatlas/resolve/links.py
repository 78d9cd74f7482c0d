"""Candidate pairs and the links between them: exact copies, near copies (MinHash/LSH) and the same
initiative in other words or languages (vectors within anchor blocks). Pairs within one document are
never linked: a document names each of its initiatives once (repeats are occurrences of one item)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from civicatlas.resolve import semantic
from civicatlas.resolve.near import bands_of, near_score
from civicatlas.resolve.profile import Profile
from civicatlas.resolve.semantic import conflict, semantic_score

BUCKET_CAP = 64  # an item in a crowded LSH band or exact-key bucket is compared with its first BUCKET_CAP only
# An anchor shared by more items than this ("Berlin", "100") is too common to block on, like a stop word;
# pairs in such a block are still found through the rarer anchors they share.
ANCHOR_CAP = 1000
BLOCK_CHUNK = 2048  # rows of vectors multiplied at once within an anchor block

# Which link wins when one pair qualifies twice, and in which order links are applied.
RANK = {"human": 0, "exact": 1, "near": 2, "semantic": 3, "crosslingual": 3}


@dataclass
class Link:
    a: str
    b: str
    reason: str  # exact, near, semantic (same language), crosslingual, human
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[int, float]:
        return RANK[self.reason], -self.score


def score_pair(a: Profile, b: Profile, cos: float | None = None) -> Link | None:
    """The strongest link between two items of different documents, or None."""
    if a.document == b.document and a.document:
        return None
    if a.key and a.key == b.key:
        return Link(a.id, b.id, "exact", 1.0)
    near = near_score(a, b)
    if near is not None and conflict(a, b) is None:
        return Link(a.id, b.id, "near", near, {"containment": near})
    found = semantic_score(a, b, cos)
    if found is not None:
        score, ag = found
        return Link(a.id, b.id, "semantic" if a.language == b.language else "crosslingual", score, ag.as_dict())
    return None


def candidate_pairs(profiles: Sequence[Profile]) -> Iterator[tuple[int, int, float | None]]:
    """(i, j, cosine or None) for every pair worth scoring, each once."""
    seen: set[tuple[int, int]] = set()

    def emit(i: int, j: int, cos: float | None = None) -> Iterator[tuple[int, int, float | None]]:
        pair = (i, j) if i < j else (j, i)
        if i != j and pair not in seen and profiles[i].document != profiles[j].document:
            seen.add(pair)
            yield pair[0], pair[1], cos

    by_key: dict[str, list[int]] = defaultdict(list)
    by_band: dict[int, list[int]] = defaultdict(list)
    by_anchor: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        if p.key:
            by_key[p.key].append(i)
        for band in bands_of(p):
            by_band[band].append(i)
        if p.vector is not None:
            for anchor in p.anchors:
                by_anchor[anchor].append(i)
    for bucket in (*by_key.values(), *by_band.values()):
        for n, i in enumerate(bucket[1:], 1):
            for j in bucket[: min(n, BUCKET_CAP)]:
                yield from emit(i, j)
    dim = next((p.vector.shape[-1] for p in profiles if p.vector is not None), 0)
    for block in by_anchor.values():
        if len(block) < 2 or len(block) > ANCHOR_CAP:
            continue
        vectors = np.vstack([profiles[i].vector for i in block]).astype(np.float32).reshape(len(block), dim)
        for start in range(0, len(block), BLOCK_CHUNK):
            sims = vectors[start : start + BLOCK_CHUNK] @ vectors.T
            rows, cols = np.nonzero(sims >= min(semantic.MIN_COSINE, semantic.WEAK_COSINE))
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                if start + r < c:
                    yield from emit(block[start + r], block[c], float(sims[r, c]))


def find_links(profiles: Sequence[Profile]) -> list[Link]:
    """Every qualifying link among the profiles, strongest kinds first."""
    links = []
    for i, j, cos in candidate_pairs(profiles):
        link = score_pair(profiles[i], profiles[j], cos)
        if link is not None:
            links.append(link)
    links.sort(key=Link.sort_key)
    return links
