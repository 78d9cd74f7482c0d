"""Near duplicates: MinHash signatures (datasketch) over word shingles, banded into LSH keys for candidates,
then checked on the exact shingle sets.

Containment (shared shingles over the smaller set) rather than Jaccard is the test, so a truncated copy,
or a copy with a cookie banner, a date line or "read more" added, still matches its original.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np

from civicatlas.resolve.profile import Profile

NUM_PERM = 126
BANDS, ROWS = 42, 3  # P(candidate) ≈ 0.68 at Jaccard 0.3, ≈ 0.996 at 0.5: truncations to half still meet
SEED = 1
SCHEME = "affine32"  # fixed: stored band keys must not change when datasketch changes its default
MIN_SHINGLES = 5  # shorter texts are left to the exact and semantic tests
MIN_SHARED = 8  # shared shingles below this are too few to call two texts copies of each other
CONTAINMENT = 0.8  # tuned on the dev half of bench/data/dedup (bench/dedup.py --tune)
# Texts sharing this much of their wording are one text or pages of one template ("Beirat Vegesack …",
# "Beirat Findorff …"): which one, the words that differ tell (see `substituted`).
TEMPLATE = 0.5


@cache
def _template():  # noqa: ANN202 - datasketch.MinHash, imported here: datasketch loads scipy, which parsing never needs
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)  # permutations computed once, shared


def signature(shingle_set: Iterable[int]) -> np.ndarray:
    """MinHash values of a set of 32-bit shingle hashes (the hashes are used as they are)."""
    values = list(shingle_set)
    minhash, template = _template()
    m = minhash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=template.permutations, scheme=SCHEME)
    if values:
        m.update_batch(values)
    return m.hashvalues


_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)[:ROWS]
_BAND = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (band index mixed in, so bands never collide with each other): the rows
    of a band are combined and finished with the splitmix64 mixer, all in wrapping uint64 arithmetic."""
    with np.errstate(over="ignore"):
        rows = np.asarray(hashvalues, dtype=np.uint64).reshape(BANDS, ROWS)
        z = (rows * _MULT).sum(axis=1, dtype=np.uint64) + _BAND
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return z.view(np.int64).tolist()


def bands_of(profile: Profile) -> list[int]:
    """LSH band keys of an item (computed once per profile)."""
    if profile.bands is None:
        profile.bands = band_keys(signature(profile.shingles)) if len(profile.shingles) >= 2 else []
    return profile.bands


def containment(a: Profile, b: Profile) -> tuple[float, int]:
    """(shared shingles / shingles of the shorter text, shared shingles)."""
    if not a.shingles or not b.shingles:
        return 0.0, 0
    shared = len(a.shingles & b.shingles)
    return shared / min(len(a.shingles), len(b.shingles)), shared


def near_score(a: Profile, b: Profile) -> float | None:
    """Containment when the two texts are near copies, else None."""
    score, shared = containment(a, b)
    small = min(len(a.shingles), len(b.shingles))
    if small < MIN_SHINGLES or shared < min(MIN_SHARED, small) or score < CONTAINMENT:
        return None
    shorter, longer = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if shorter.figures - longer.figures or substituted(a, b):
        return None  # a copy cuts or wraps a text but does not invent figures or swap names: templated pages do
    return round(score, 4)


def substituted(a: Profile, b: Profile) -> bool:
    """Each text has a name or figure the other never uses: one was not cut or wrapped from the other, the
    two were filled in differently (a copy only loses words, or gains them on one side: a banner, a credit)."""
    return bool(a.marks - b.words) and bool(b.marks - a.words)


def templated(a: Profile, b: Profile) -> bool:
    """Sister pages of one template: mostly the same wording, different names or figures filled in."""
    return containment(a, b)[0] >= TEMPLATE and substituted(a, b)
