"""Duplicates in other words or another language: vectors say two items are about the same kind of thing,
agreeing anchors (the same city, the same amount, the same figures, the same people) say it is the
same initiative. A shared theme is never evidence: every youth budget is about youth and budgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from civicatlas.resolve.near import templated
from civicatlas.resolve.profile import NOUN_CAPITALS, Profile

# Tuned on the dev half of bench/data/dedup (bench/dedup.py --tune: the middle of the settings that score
# best there); the test half only measures.
MIN_COSINE = 0.84  # below this no amount of anchors makes two items the same initiative
STRONG_COSINE = 0.90  # translations and paraphrases of one text sit above this with e5
WEIGHTS = {"city": 2.0, "amount": 2.0, "number": 1.0, "person": 1.5, "organisation": 1.0, "year": 0.5, "region": 0.5,
           "authority": 1.0}
MIN_EVIDENCE = 3.0  # e.g. a shared city and a shared amount, or a city, a figure and a year
MIN_EVIDENCE_STRONG = 2.5  # a near-translation needs less: a shared city or sum and a little more
# A one-line award entry and a long article about the same initiative sit further apart in vector space;
# down to WEAK_COSINE they still match when the anchors agree overwhelmingly (city, sum and figures).
WEAK_COSINE = 0.75
MIN_EVIDENCE_WEAK = 5.0  # e.g. city 2 + amount 2 + a figure 1
PENALTY = 1.5  # per kind (figures, sizes, years, same-language names) both state and wholly disagree on


@dataclass
class Agreement:
    cosine: float
    evidence: float
    shared: dict[str, list[Any]] = field(default_factory=dict)
    conflict: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"cosine": round(self.cosine, 4), "evidence": self.evidence,
                               "shared": {k: sorted(map(str, v)) for k, v in self.shared.items() if v}}
        if self.conflict:
            out["conflict"] = self.conflict
        return out


def conflict(a: Profile, b: Profile) -> str | None:
    """A reason the two items cannot be one initiative, whatever else they share."""
    if a.cities and b.cities and not a.cities & b.cities:
        return "different places"
    if a.amounts and b.amounts and not a.amounts & b.amounts and _one_each(a.amounts, b.amounts):
        return "different amounts"
    if templated(a, b):
        return "sister pages of one template"
    return None


def _one_each(x: frozenset, y: frozenset) -> bool:
    # Texts that name one amount each and disagree describe different things; longer texts name several
    # amounts (a budget, a grant, a threshold) and may simply mention different ones.
    return len(x) == 1 and len(y) == 1 and next(iter(x))[0] == next(iter(y))[0]


def cosine(a: Profile, b: Profile) -> float | None:
    if a.vector is None or b.vector is None:
        return None
    return float(np.dot(a.vector, b.vector))


def agreement(a: Profile, b: Profile, cos: float | None = None) -> Agreement | None:
    """How strongly the anchors of two items agree; None without vectors."""
    cos = cosine(a, b) if cos is None else cos
    if cos is None:
        return None
    shared = {
        "city": a.cities & b.cities,
        "amount": a.amounts & b.amounts,
        "number": a.numbers & b.numbers,
        "person": a.persons & b.persons,
        "organisation": a.organisations & b.organisations,
        "year": a.years & b.years,
        "region": a.regions & b.regions,
        # "City of Tampere" is Tampere again: the council as an actor counts only where the place was not found
        "authority": frozenset() if a.cities & b.cities else a.authorities & b.authorities,
    }
    evidence = 0.0
    for kind, values in shared.items():
        if values:  # the first shared value counts fully, more of the same kind count half each, up to two
            evidence += WEIGHTS[kind] * min(1 + 0.5 * (len(values) - 1), 2.0)
    # another edition or a sister project in the same city: same place, other years and other figures
    disagree = [(a.numbers, b.numbers), (a.years, b.years)]
    if a.language == b.language:  # names are translated across languages, so only compared within one
        disagree.append((a.organisations, b.organisations))
    for mine, theirs in disagree:
        if mine and theirs and not mine & theirs:
            evidence -= PENALTY
    # a sister project in the same words: each text names something (a district, a partner) the other never
    # mentions; only within one language (names are translated) and one that capitalises names, not nouns
    if a.language == b.language and a.language not in NOUN_CAPITALS and a.names - b.words and b.names - a.words:
        evidence -= PENALTY
    # 20 people here, 25 people there: the same counted thing with wholly different numbers
    if any(not a.sizes[u] & b.sizes[u] for u in a.sizes.keys() & b.sizes.keys()):
        evidence -= PENALTY
    return Agreement(cos, round(evidence, 3), {k: list(v) for k, v in shared.items()}, conflict(a, b))


def semantic_score(a: Profile, b: Profile, cos: float | None = None) -> tuple[float, Agreement] | None:
    """(score, agreement) when the two items are the same initiative, else None."""
    ag = agreement(a, b, cos)
    if ag is None or ag.conflict or ag.cosine < min(MIN_COSINE, WEAK_COSINE):
        return None
    if ag.cosine >= STRONG_COSINE:
        needed = MIN_EVIDENCE_STRONG
    elif ag.cosine >= MIN_COSINE:
        needed = MIN_EVIDENCE
    else:
        needed = MIN_EVIDENCE_WEAK
    if ag.evidence < needed or not (ag.shared["city"] or ag.shared["amount"] or ag.shared["person"]):
        return None  # figures and years alone are too common to stand without a place, sum or person
    score = min(1.0, ag.cosine * (0.5 + ag.evidence / 8))
    return round(score, 4), ag
