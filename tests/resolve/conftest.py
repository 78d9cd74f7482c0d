from __future__ import annotations

from typing import Any

import numpy as np


def record(id: str, text: str, title: str | None = None, document: str | None = None, language: str = "en",
           **mentions: Any) -> dict[str, Any]:
    """An extract-contract record as the enrichers would leave it (only the fields the resolver reads)."""
    base: dict[str, Any] = {"id": id, "document": document or f"d-{id}", "title": title, "text": text, "caption": None,
                            "language": language, "places": [], "amounts": [], "counts": [], "dates": [], "years": [],
                            "actors": [], "countries": [], "occurrences": []}
    base.update(mentions)
    return base


def place(name: str, geonameid: int | None, kind: str = "city", start: int = 0) -> dict[str, Any]:
    return {"text": name, "name": name, "geonameid": geonameid, "kind": kind, "country": "SE", "start": start,
            "end": start + len(name), "extractor": "places/1", "confidence": 0.9}


def amount(value: float, currency: str, text: str = "", start: int = 0) -> dict[str, Any]:
    return {"text": text or f"{currency} {value:g}", "value": value, "currency": currency, "qualifier": "exact",
            "start": start, "end": start + 5, "extractor": "money/1", "confidence": 0.9}


def unit_vector(seed: int, near: np.ndarray | None = None, cosine: float = 1.0, dim: int = 32) -> np.ndarray:
    """A random unit vector, or one at a given cosine from `near` (to place items in vector space exactly)."""
    rng = np.random.default_rng(seed)
    v = rng.normal(size=dim).astype(np.float32)
    v /= np.linalg.norm(v)
    if near is None:
        return v
    ortho = v - np.dot(v, near) * near
    ortho /= np.linalg.norm(ortho)
    out = cosine * near + np.sqrt(max(0.0, 1 - cosine**2)) * ortho
    return (out / np.linalg.norm(out)).astype(np.float32)
