"""Scope of influence from where an initiative acts: its places and actors, plus a few scale words.

Several countries ⇒ multinational; a neighbourhood word ⇒ neighbourhood; a metropolitan word ⇒
metropolitan; a city or municipality ⇒ city/town; a region ⇒ regional; a country alone ⇒ national.
The places and actors enrichers may not have run (or found nothing): every list may be empty.
"""

from __future__ import annotations

import re

from civicatlas.model import Item, ItemField

_WORDS: dict[str, str] = {
    "multinational": r"internationa\w*|cross-border|multinational|european union|transnational|"
    r"gränsöverskridande|grenzüberschreitend\w*|transfrontali\w*",
    "neighbourhood": r"neighbou?rhoods?|districts?|stadsdel\w*|bostadsområde\w*|stadtteil\w*|kiez|quartiers?|"
    r"barrios?|quartier\w*|dzielnic\w*|osiedl\w*|wijk\w*",
    "metropolitan": r"metropolitan|metropol\w*|greater \w+ area|storstadsregion\w*|ballungsraum",
    "national": r"national(?:ly|wide)?|nationwide|across (?:all of )?the country|across all of|nationell\w*|"
    r"landsomfattande|bundesweit|landesweit|nationale?s?\b|ogólnopolsk\w*",
    "regional": r"regions?\b|regional\w*|county|counties|provinces?|län\b|landsting\w*|bundesland\w*|"
    r"régions?\b|województw\w*",
    "city/town": r"municipalit\w*|city|town|village|kommun\w*|stad\b|gemeinde\w*|stadt\b|commune\w*|ville|"
    r"municipio\w*|comune|gmin\w*|miast\w*",
    "no_geo": r"online|virtual\w*|remote(?:ly)?|digital platform",
}
_PATTERNS = {k: re.compile(rf"(?<!\w)(?:{v})", re.IGNORECASE) for k, v in _WORDS.items()}


def _cue(item: Item, key: str) -> tuple[ItemField, int, int] | None:
    for field, text in item.fields():
        m = _PATTERNS[key].search(text)
        if m:
            return field, m.start(), m.end()
    return None


def scope(item: Item) -> list[tuple[str, float, tuple[ItemField, int, int] | None]]:
    """[(key, score, (field, start, end) or None)], best first; empty when nothing says where."""
    places = list(item.places or [])
    kinds = {p.kind for p in places}
    countries = {c for c in [*(p.country for p in places), *(item.countries or [])] if c}
    actor_kinds = {a.kind for a in (item.actors or [])}
    found: dict[str, tuple[float, tuple[ItemField, int, int] | None]] = {}

    def add(key: str, score: float, ev: tuple[ItemField, int, int] | None) -> None:
        if score > found.get(key, (0.0, None))[0]:
            found[key] = (score, ev)

    def place_ev(kind: str | None = None) -> tuple[ItemField, int, int] | None:
        for p in places:
            if kind is None or p.kind == kind:
                return p.evidence.field, p.evidence.start, p.evidence.end
        return None

    if len(countries) >= 2:
        add("multinational", 0.9, place_ev())
    for key in ("multinational", "neighbourhood", "metropolitan", "national", "regional", "city/town"):
        ev = _cue(item, key)
        if ev is not None:
            add(key, 0.7, ev)
    if "city" in kinds or "municipality" in actor_kinds:
        add("city/town", 0.8, place_ev("city"))
    if "region" in kinds or "region" in actor_kinds:
        add("regional", 0.75, place_ev("region"))
    if kinds == {"country"} or ("government" in actor_kinds and not kinds - {"country"}):
        add("national", 0.75, place_ev("country"))
    if not found:
        ev = _cue(item, "no_geo")
        if ev is not None:
            add("no_geo", 0.6, ev)
    return sorted(((k, s, e) for k, (s, e) in found.items()), key=lambda t: -t[1])
