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

from civicatlas.ids import make_id
from civicatlas.words import nfkc_casefold, normalise

SHINGLE = 3  # words per shingle: long enough to be specific, short enough to survive small edits
_WORD = re.compile(r"\w+", re.UNICODE)
# digit groups written with spaces, thin spaces, dots or commas ("1 800", "1,800", "300.000")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|(?<![\w.,])\d+(?![\d])")
_HYPHENS = "-\u2010\u2011"
# a word after these (and any spaces or quotes) opens a sentence, line or menu entry: it is capitalised whatever
# it is, so its capital says nothing about names
_ENDS = ".!?:;•·›|\n"
_SKIP = " \t\u00a0\"'“”„«»([-–—"
# languages that capitalise every noun, where a capital letter does not mark a name
NOUN_CAPITALS = {"de", "lb"}


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
    words: frozenset[int] = frozenset()  # crc32 of every distinct word (casefolded)
    names: frozenset[int] = frozenset()  # crc32 of the words capitalised inside a sentence (casefolded)
    marks: frozenset[int] = frozenset()  # names and words with digits: what a template changes from page to page
    sizes: dict[str, frozenset[float]] = field(default_factory=dict)  # counted noun → values ("people": {25})
    persons: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    authorities: frozenset[str] = frozenset()  # municipalities and regions as actors: their places in other words
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
    return _WORD.findall(nfkc_casefold(text))


def shingles(text: str, size: int = SHINGLE, words: list[str] | None = None) -> frozenset[int]:
    """Hashed word n-grams (crc32: stable across processes, so band keys can be stored)."""
    words = tokens(text) if words is None else words
    if len(words) < size:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    return frozenset(zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1))


def numbers_in(text: str, plain: set[int] | None = None) -> set[int]:
    """Every number written in the text; those written without digit groups also go into `plain` (only they
    can be years: nobody writes the year 2,100)."""
    out: set[int] = set()
    for m in _NUMBER.finditer(text):
        if _in_name(text, m.start()):
            continue
        digits = re.sub(r"\D", "", m.group())
        if digits and len(digits) <= 12:
            out.add(int(digits))
            if plain is not None and digits == m.group():
                plain.add(int(digits))
    return out


def _in_name(text: str, start: int) -> bool:
    """A number hyphened to a capitalised word is part of a name ("COVID-19", "SARS-CoV-2"), not a figure; after
    a lower-case word it is still one ("mid-2024"). Digits glued to letters ("G20") never match _NUMBER."""
    if start < 2 or text[start - 1] not in _HYPHENS or not text[start - 2].isalpha():
        return False
    word = start - 1
    while word > 0 and (text[word - 1].isalnum() or text[word - 1] in _HYPHENS):
        word -= 1
    return any(c.isupper() for c in text[word : start - 1])


def marks_of(text: str) -> set[str]:
    """Casefolded words that name or count something: capitalised words that do not open a sentence, and numbers."""
    text = unicodedata.normalize("NFKC", text)
    out = set()
    for m in _WORD.finditer(text):
        w = m.group()
        # isalpha() is false exactly for words with digits (or "_"): the cheap test first, for 100,000s of items
        if not w.isalpha() or (w[0].isupper() and not _opens(text, m.start())):
            out.add(w.casefold())
    return out


def _opens(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in _SKIP:
        i -= 1
    return i == 0 or text[i - 1] in _ENDS


def _hash(word: str) -> int:
    return zlib.crc32(word.encode())


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
    plain: set[int] = set()
    raw = numbers_in(f"{body}\n{caption}", plain)
    # years stand apart, and the money values are already in `amounts`: counted again as figures, one shared
    # sum would be two pieces of evidence
    money = {int(a["value"]) for a in record.get("amounts", []) if a.get("value") and float(a["value"]).is_integer()}
    numbers = {n for n in raw if n >= 10 and not (n in plain and 1900 <= n <= 2100)} - money
    numbers |= {int(c["value"]) for c in record.get("counts", []) if c.get("value") and c["value"] >= 10
                and float(c["value"]).is_integer()}
    years |= {n for n in plain if 1950 <= n <= 2100}
    sizes: dict[str, set[float]] = {}
    for c in record.get("counts", []):
        unit = (c.get("unit") or "").split()
        if c.get("value") is not None and unit and not (1900 <= c["value"] <= 2100):
            sizes.setdefault(unit[-1].casefold(), set()).add(float(c["value"]))  # "young people" → "people"
    actors = [(a.get("kind"), normalise(a["name"])) for a in record.get("actors", []) if a.get("name")]
    persons = {name for kind, name in actors if kind == "person"}
    authorities = {name for kind, name in actors if kind in ("municipality", "region")}
    orgs = {name for kind, name in actors if kind != "person"} - authorities
    words = tokens(body)
    # the marks of the text alone: a title is often written in title case, where every word is capitalised
    marks = marks_of(f"{text}\n{caption}")
    return Profile(
        id=record["id"], document=record.get("document", ""), language=record.get("language"),
        shingles=shingles(body, words=words), key=make_id("k", normalise(title), normalise(text)),
        cities=frozenset(cities), regions=frozenset(regions),
        countries=frozenset(record.get("countries") or []), amounts=frozenset(amounts),
        numbers=frozenset(numbers), years=frozenset(years), figures=frozenset(raw),
        words=frozenset(map(_hash, {*words, *tokens(caption)})), marks=frozenset(map(_hash, marks)),
        names=frozenset(_hash(m) for m in marks if m.isalpha()),
        sizes={k: frozenset(v) for k, v in sizes.items()}, persons=frozenset(persons),
        organisations=frozenset(orgs), authorities=frozenset(authorities), vector=vector, order=order,
    )
