"""Stable case ids: a cluster keeps the id of the case most of its items already belong to (the oldest
case on a tie), so a case that gains or loses a source keeps its id; a cluster with no case of its own
is named after its earliest item, as at ingest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from civicatlas.ids import make_id


def fresh_case_id(founder: str, taken: set[str]) -> str:
    """make_id("c", founder), or a variant of it when that id is held by another case."""
    case_id, n = make_id("c", founder), 0
    while case_id in taken:
        n += 1
        case_id = make_id("c", founder, str(n))
    return case_id


def name_clusters(
    groups: Sequence[Sequence[str]], current: Mapping[str, str], case_order: Mapping[str, int],
    item_order: Mapping[str, int],
) -> dict[str, str]:
    """item id → case id for every item of every group."""
    votes = []
    for g, members in enumerate(groups):
        for case_id, n in Counter(current[m] for m in members if m in current).items():
            votes.append((-n, case_order.get(case_id, 0), case_id, g))
    votes.sort()
    named: dict[int, str] = {}
    used: set[str] = set()
    for _, _, case_id, g in votes:
        if g not in named and case_id not in used:
            named[g] = case_id
            used.add(case_id)
    taken = used | set(current.values())  # ids of cases that vanish are not reused for other clusters
    out: dict[str, str] = {}
    for g, members in enumerate(groups):
        if g not in named:
            named[g] = fresh_case_id(min(members, key=lambda m: item_order.get(m, 0)), taken)
            taken.add(named[g])
        out.update((m, named[g]) for m in members)
    return out
