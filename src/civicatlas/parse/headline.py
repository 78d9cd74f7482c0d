"""An article's headline: its <h1>, og:title or <title> minus the site name — never the date line, byline,
photo credit, ad label or "Read more" that stands near the top of a page and looks like a title."""

from __future__ import annotations

import re
from functools import lru_cache

from civicatlas.parse.classify import is_boilerplate, split_credit

# "Headline | Site", "Headline – Site", "Site · Headline": separators need spaces around them (a colon or a
# hyphen inside a headline is no separator; French quotes « » and slashes are not either)
_SITE_SEPARATOR = re.compile(r"\s+[|│–—·•]\s+|\s+-\s+|\s+(?:::|//)\s+")
_BYLINE = re.compile(
    r"^(?:von|by|par|por|di|da|door|af|av|przez|od|från|fra|de|written\ by|geschrieben\ von|autor(?:in)?:?|"
    r"author:?|text:?|texte\ :?)\s+\w", re.I | re.X)
_AD_LABEL = re.compile(
    r"^(?:reklama|anzeige|werbung|advertisement|advertising|sponsored(?:\ content)?|publicidad|publicité|"
    r"pubblicità|annons|advertentie|mainos|reklame|gesponsert|partner(?:content)?)\W*$", re.I | re.X)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
_NUMERIC_DATE = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\b")
_WORD = re.compile(r"[^\W\d_]+")
_DATE_LOCALES = ("en", "de", "fr", "es", "it", "pl", "nl", "sv", "da", "nb", "fi", "pt", "cs", "sk", "lt", "uk")


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Month and weekday names (wide and abbreviated) in the languages we read, lower-cased."""
    from babel.dates import get_day_names, get_month_names

    words: set[str] = set()
    for loc in _DATE_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                words.update(w.lower().rstrip(".") for w in get_month_names(width, context, loc).values())
                words.update(w.lower().rstrip(".") for w in get_day_names(width, context, loc).values())
    return frozenset(words)


def is_date_line(text: str) -> bool:
    """'Dienstag, 1. Februar 2022', '23.10.2018 | 14:05', 'Aktualisiert am 17.01.2021': a date, little else."""
    tokens = re.findall(r"\w+", text)
    if not tokens or len(tokens) > 8 or not any(t.isdigit() for t in tokens):
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    calendar = _calendar_words()
    other = [w for w in words if w not in calendar]
    if not words:  # digits and separators only: "23.10.2018", "14:05"
        return True
    # a month or weekday name, or a full numeric date, with at most two other words ("Aktualisiert am")
    return len(other) <= 2 and (len(other) < len(words) or bool(_NUMERIC_DATE.search(text)))


def is_headline(text: str) -> bool:
    """Could this short line be an article's headline? Not a date line, byline, credit, ad label or link text."""
    t = text.strip()
    if len(t) < 4 or len(t) > 300 or not _WORD.search(t):
        return False
    if is_boilerplate(t) or _AD_LABEL.match(t) or _COPYRIGHT.match(t) or is_date_line(t):
        return False
    if _BYLINE.match(t) and len(t.split()) <= 8:
        return False
    rest, credit, _name = split_credit(t)
    return not (credit and not rest.strip())


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def same_title(a: str, b: str) -> bool:
    """One is (nearly) the other: the <title> often shortens or extends the <h1>."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    common = len(wa & wb)
    return common >= min(2, len(wa), len(wb)) and common / min(len(wa), len(wb)) >= 0.6


def strip_site(title: str, site: str | None) -> str:
    """'Headline | Site name' → 'Headline': drop the parts that name the site, keep the longest part left."""
    parts = [p.strip() for p in _SITE_SEPARATOR.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    if site:
        kept = [p for p in parts if p.casefold() != site.strip().casefold()]
        parts = kept or parts
    return max(parts, key=len)


def headline(h1s: list[str], og_title: str | None, title: str | None, site: str | None,
             main_text: str = "") -> str | None:
    """The page's headline. An <h1> wins when the og:title or <title> confirms it (many sites put their
    logo in an <h1>) or when it is the one <h1> inside the main content; else og:title, else <title>,
    both without the site name; else the first plausible <h1>."""
    h1s = [h for h in h1s if is_headline(h)]
    named = [strip_site(t, site) for t in (og_title, title) if t and t.strip()]
    named = [t for t in named if is_headline(t) and (not site or t.casefold() != site.casefold())]
    for h in h1s:
        if any(same_title(h, t) for t in named):
            return h
    in_main = [h for h in h1s if main_text and re.sub(r"\s+", " ", h) in main_text]
    if len(in_main) == 1:
        return in_main[0]
    if named:
        return named[0]
    return h1s[0] if h1s else None
