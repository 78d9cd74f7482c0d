"""Stable identifiers from normalised content, so re-ingesting the same input adds nothing."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Case-, space-, quote- and Unicode-form-insensitive key of a text (diacritics are kept: Lund ≠ Lünd)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def make_id(prefix: str, *parts: str) -> str:
    """`prefix` + 16 hex digits of a SHA-256 over the parts (collisions are negligible below 10^9 rows)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}{digest[:16]}"
