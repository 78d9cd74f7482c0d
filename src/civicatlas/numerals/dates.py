"""Dates and years: "2020-06-30", "30 juni 2020", "June 30, 2020", "le 3 mars 2021", "März 2019", "in 2014".

Month names (wide and abbreviated, format and stand-alone) come from CLDR through babel for the item's
language and English, so every language babel knows is covered without hand-written tables. Numeric
dates are read day first ("30.06.2020", "30/06/2020") except where only month first makes sense.
Bare years are 1800–2099 standing alone; numerals inside the spans the caller skips (the dates enricher
passes the money amounts and counts already found in the same field) are not years.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from civicatlas.numerals.numbers import lang_key

_YEAR = r"(1[89]\d\d|20\d\d)"
# Each pattern opens with a look-ahead for its first character, so the look-behinds run only there.
_BARE_YEAR = re.compile(rf"(?=[12])(?:(?<![\w.,:/\-–]){_YEAR}(?![\w]|[.,:/]\d)|(?<=[-–]){_YEAR}(?!\w))")
_LETTERS = re.compile(r"[^\W\d_]+")
_ANY_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_ISO = re.compile(rf"(?=[12])(?<![\w-]){_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\w])")
_NUMERIC = re.compile(rf"(?=\d)(?<![\w.,/])(\d{{1,2}})([./])(\d{{1,2}})\2{_YEAR}(?![\w])")


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    value: str
    precision: str


@lru_cache(maxsize=32)
def _month_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, int]]:
    from babel import Locale, UnknownLocaleError

    names: dict[str, int] = {}
    for loc_id in dict.fromkeys(["en", {"no": "nb"}.get(lang, lang)]):
        try:
            loc = Locale.parse(loc_id)
        except (ValueError, UnknownLocaleError):  # a language CLDR does not know: English months only
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months.get(context, {}).get(width, {}).items():
                    low = name.lower().rstrip(".")
                    if len(low) >= 3:
                        names.setdefault(low, num)
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    month = rf"({alt})\.?"
    # "30 juni 2020", "30. Juni 2020", "30 de junio de 2020", "1er mars 2021"
    day_first = re.compile(
        rf"(?=\d)(?<![\w.])(\d{{1,2}})(?:\.|er|e|º|st|nd|rd|th)?\s+(?:de\s+|of\s+)?{month}(?:,?\s+(?:de\s+|del\s+)?{_YEAR})?(?!\w)",
        re.IGNORECASE,
    )
    # "June 30, 2020", "June 30th 2020"
    month_first = re.compile(rf"(?<![\w]){month}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\w)", re.IGNORECASE)
    # "juni 2020", "März 2019", "junio de 2020"
    month_year = re.compile(rf"(?<![\w]){month}\s+(?:de\s+|del\s+|of\s+)?{_YEAR}(?!\w)", re.IGNORECASE)
    return day_first, month_first, month_year, names


class _Spans:
    """Disjoint spans of a text in runs that each go left to right (one run per pattern, as each pattern finds its
    dates in order), so that adding is appending and an overlap test is a bisection per run, not a scan (a long
    text has thousands of years)."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        self.runs: list[tuple[list[int], list[int]]] = []
        for s, e in sorted(spans):
            if self.runs and s < self.runs[0][1][-1]:  # overlapping spans to skip merge into one
                self.runs[0][1][-1] = max(self.runs[0][1][-1], e)
            else:
                self.add(s, e)

    def overlaps(self, s: int, e: int) -> bool:
        for starts, ends in self.runs:
            i = bisect.bisect_right(starts, s)
            if (i and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
                return True
        return False

    def add(self, s: int, e: int) -> None:
        if not self.runs or self.runs[-1][0][-1] > s:
            self.runs.append(([], []))
        self.runs[-1][0].append(s)
        self.runs[-1][1].append(e)


def _valid(y: int, m: int, d: int) -> bool:
    import calendar

    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def find_dates(text: str, lang: str | None = None, skip: Sequence[tuple[int, int]] = ()) -> list[FoundDate]:
    """Explicit dates and bare years in `text`, left to right; spans in `skip` are not dates."""
    if not _ANY_YEAR.search(text):
        return []  # every date we read has a year
    key = lang_key(lang) if lang else "en"
    day_first, month_first, month_year, months = _month_patterns(key)
    # month names are whole words: a text with none of them skips the three month patterns
    named = not months.keys().isdisjoint(_LETTERS.findall(text.lower()))
    found: list[FoundDate] = []
    skipped, taken = _Spans(skip), _Spans()

    def take(s: int, e: int) -> bool:
        if skipped.overlaps(s, e) or taken.overlaps(s, e):
            return False
        taken.add(s, e)  # free: the caller takes it
        return True

    for m in _ISO.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d) and take(m.start(), m.end()):
            found.append(FoundDate(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", "day"))
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        d, mo = (a, b) if (key != "en" or a > 12 or m.group(2) == ".") else (b, a)
        if _valid(y, mo, d) and take(m.start(), m.end()):
            found.append(FoundDate(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", "day"))
    for m in month_first.finditer(text) if named else ():
        mo, d, y = months[m.group(1).lower()], int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d) and take(m.start(), m.end()):
            found.append(FoundDate(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", "day"))
    for m in day_first.finditer(text) if named else ():
        if m.group(3) is None:
            continue  # "30 juni" without a year: not placeable
        d, mo, y = int(m.group(1)), months[m.group(2).lower()], int(m.group(3))
        if _valid(y, mo, d) and take(m.start(), m.end()):
            found.append(FoundDate(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", "day"))
    for m in month_year.finditer(text) if named else ():
        mo, y = months[m.group(1).lower()], int(m.group(2))
        if take(m.start(), m.end()):
            found.append(FoundDate(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month"))
    for m in _BARE_YEAR.finditer(text):
        year = m.group(1) or m.group(2)
        s = m.start(1) if m.group(1) else m.start(2)
        if take(s, s + 4):
            found.append(FoundDate(s, s + 4, year, "year"))
    found.sort(key=lambda f: f.start)
    return found
