"""One country and one city for a text from its resolved places (what a case record shows and maps)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from civicatlas.places.resolve import Resolved

AMBIGUOUS = 0.7  # runner-up / winner weight above which no country is named (set on the Participedia dev split)
MIN_WEIGHT = 2.25  # below this the places are too few or too doubtful to name a country (same split)


def main_country(resolved: Sequence[Resolved]) -> str | None:
    """The country the places point to most, by summed scores times confidences (adjectives count half); None
    when a second country comes close or the evidence is thin ("Albany" alone): no country is better than a
    coin toss."""
    weights: Counter = Counter()
    first: dict[str, int] = {}
    for n, r in enumerate(resolved):
        if r.country:
            weights[r.country] += r.score * r.confidence * (0.5 if r.span.demonym else 1.0)
            first.setdefault(r.country, n)
    if not weights:
        return None
    ranked = sorted(weights, key=lambda c: (-weights[c], first[c]))
    if len(ranked) > 1 and weights[ranked[1]] >= AMBIGUOUS * weights[ranked[0]]:
        return None
    if weights[ranked[0]] < MIN_WEIGHT:
        return None
    return ranked[0]


def first_city(resolved: Sequence[Resolved]) -> str | None:
    """The first city named, as written."""
    return next((r.span.surface for r in resolved if r.kind == "city"), None)
