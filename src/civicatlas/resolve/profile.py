"""What the resolver knows about one item: its shingles, its anchors (places, money, numbers, years,
people, organisations) and its vector, built from the item's stored record so stored and new items are
compared the same way."""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from civicatlas.ids import make_id, normalise

SHINGLE = 3  # words per shingle: long enough to be specific, short enough to survive small edits
_WORD = re.compile(r"\w+", re.UNICODE)
# digit groups written with spaces, thin spaces, dots or commas ("1 800", "1,800", "300.000")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|(?<![\w.,])\d+(?![\d])")


@dataclass
class Profile:
    id: str
    document: str
    language: str | None
    shingles: frozenset[int]
    key: str = ""  # normalised title+text: exact copies share it
    cities: frozenset[int] = frozenset()  # GeoNames ids of places below region level
    regions: frozenset[str] = frozenset()  # GeoNames ids, or names where the gazetteer had no id
    countries: frozenset[str] = frozenset()
    amounts: frozenset[tuple[str, float]] = frozenset()  # (currency, value) rounded to 3 significant digits
    numbers: frozenset[int] = frozenset()  # counts and other figures ≥ 10 that are not years
    years: frozenset[int] = frozenset()
    figures: frozenset[int] = frozenset()  # every number written in the text, years included
    sizes: dict[str, frozenset[float]] = field(default_factory=dict)  # counted noun → values ("people": {25})
    persons: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    vector: np.ndarray | None = None
    order: int = 0  # arrival order: the earliest item of a cluster names a new case
    bands: list[int] | None = None  # LSH band keys, filled in by civicatlas.resolve.near.bands_of
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def anchors(self) -> list[str]:
        """Blocking keys for semantic candidates: only things a duplicate must share (never a theme)."""
        keys = [f"p:{g}" for g in self.cities] + [f"a:{c}:{v:g}" for c, v in self.amounts]
        keys += [f"n:{n}" for n in self.numbers if n >= 100] + [f"h:{p}" for p in self.persons]
        return keys


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashed word n-grams (crc32: stable across processes, so band keys can be stored)."""
    words = tokens(text)
    if len(words) < size:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    return frozenset(zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1))


def numbers_in(text: str) -> set[int]:
    out: set[int] = set()
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if digits and len(digits) <= 12:
            out.add(int(digits))
    return out


def _round(value: float) -> float:
    return float(f"{value:.3g}")


def profile_of(record: dict[str, Any], vector: np.ndarray | None = None, order: int = 0) -> Profile:
    """A Profile from an extract-contract record (Item.to_record() or the stored record)."""
    title, text, caption = record.get("title") or "", record.get("text") or "", record.get("caption") or ""
    body = f"{title}\n{text}" if title and not text.startswith(title) else text or title
    cities: set[int] = set()
    regions: set[str] = set()
    for p in record.get("places", []):
        gid, kind = p.get("geonameid"), p.get("kind")
        if kind in ("country", "continent"):
            continue  # countries are in `countries`; too coarse to be evidence
        if kind == "region" or gid is None:
            regions.add(f"g{gid}" if gid is not None else f"n{normalise(p.get('name') or p.get('text') or '')}")
        else:
            cities.add(int(gid))
    amounts = {(a["currency"], _round(a["value"])) for a in record.get("amounts", [])
               if a.get("currency") and a.get("value")}
    years = set(record.get("years") or []) | {int(d["value"][:4]) for d in record.get("dates", [])
                                               if str(d.get("value", ""))[:4].isdigit()}
    raw = numbers_in(f"{body}\n{caption}")
    # years stand apart; the money values are already in `amounts`
    numbers = {n for n in raw if n >= 10 and not (1900 <= n <= 2100)}
    numbers |= {int(c["value"]) for c in record.get("counts", []) if c.get("value") and c["value"] >= 10
                and float(c["value"]).is_integer()}
    years |= {n for n in raw if 1950 <= n <= 2100}
    sizes: dict[str, set[float]] = {}
    for c in record.get("counts", []):
        unit = (c.get("unit") or "").split()
        if c.get("value") is not None and unit and not (1900 <= c["value"] <= 2100):
            sizes.setdefault(unit[-1].casefold(), set()).add(float(c["value"]))  # "young people" → "people"
    persons = {normalise(a["name"]) for a in record.get("actors", []) if a.get("kind") == "person" and a.get("name")}
    orgs = {normalise(a["name"]) for a in record.get("actors", []) if a.get("kind") != "person" and a.get("name")}
    return Profile(
        id=record["id"], document=record.get("document", ""), language=record.get("language"),
        shingles=shingles(body), key=make_id("k", normalise(title), normalise(text)),
        cities=frozenset(cities), regions=frozenset(regions),
        countries=frozenset(record.get("countries") or []), amounts=frozenset(amounts),
        numbers=frozenset(numbers), years=frozenset(years), figures=frozenset(raw),
        sizes={k: frozenset(v) for k, v in sizes.items()}, persons=frozenset(persons),
        organisations=frozenset(orgs), vector=vector, order=order,
    )
