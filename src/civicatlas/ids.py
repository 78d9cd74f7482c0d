"""Stable identifiers from normalised content, so re-ingesting the same input adds nothing."""

from __future__ import annotations

import hashlib

from civicatlas.words import normalise

__all__ = ["make_id", "normalise"]  # normalise: the key ids are made of, kept importable from here


def make_id(prefix: str, *parts: str) -> str:
    """`prefix` + 16 hex digits of a SHA-256 over the parts (collisions are negligible below 10^9 rows)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}{digest[:16]}"
