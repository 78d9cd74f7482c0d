"""Resolution against the store: at ingest, each new item joins the case of the stored item it duplicates
best (or starts its own); on re-resolution, every stored item is clustered again and clusters keep the
ids of the cases they came from. Human decisions (merge/split) are read from the store and always win.

Stored items are found through their resolver keys (LSH bands and anchors), so ingest never scans the
whole store; their vectors come from the store's vector cache, keyed as the embed enricher keyed them.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from civicatlas.encode.passage import record_passage, text_key
from civicatlas.ids import make_id
from civicatlas.model import Item
from civicatlas.resolve.cluster import Constraints, cluster
from civicatlas.resolve.links import Link, find_links, score_pair
from civicatlas.resolve.naming import fresh_case_id, name_clusters
from civicatlas.resolve.near import bands_of
from civicatlas.resolve.profile import Profile, profile_of
from civicatlas.resolve.semantic import conflict
from civicatlas.store import Assignment, ResolverStore

CANDIDATES = 100  # stored items scored per new item, those sharing most keys first


def keys_of(profile: Profile) -> list[str]:
    return [f"b:{b}" for b in bands_of(profile)] + profile.anchors


def item_profiles(items: Sequence[Item]) -> dict[str, Profile]:
    """Each item's profile, without its vector: made once for both its keys and its resolution."""
    return {item.id: profile_of(item.to_record()) for item in items}


def resolve_keys(items: Sequence[Item], profiles: Mapping[str, Profile] | None = None) -> dict[str, list[str]]:
    profiles = profiles or item_profiles(items)
    return {item.id: keys_of(profiles[item.id]) for item in items}


def constraints_from(decisions: Iterable[tuple[str, str, str]]) -> Constraints:
    c = Constraints()
    for kind, a, b in decisions:  # oldest first: a later decision on the same pair replaces an earlier one
        pair = frozenset((a, b))
        if kind == "merge":
            c.cannot.discard(pair)
            c.must = [m for m in c.must if frozenset(m) != pair] + [(a, b)]
        else:
            c.must = [m for m in c.must if frozenset(m) != pair]
            c.cannot.add(pair)
    return c


# The same stored items are candidates for many new items; profiling one (shingles, MinHash, numbers) costs
# far more than hashing its record, so profiles are kept, keyed by the record's content and the model, most
# recently used last. A long ingest must not keep every item it has seen: the cache holds at most
# PROFILE_BUDGET set elements (shingles, words, marks, figures; ~100 bytes each with the vector's share: an
# item of 430 characters has ~200 and takes ~20 KB), so ~3,000 such items, fewer long ones.
_PROFILES: OrderedDict[tuple[str, str | None, str], Profile] = OrderedDict()
_VERSIONS: dict[tuple[str, str | None], str] = {}  # (item, model) -> the version of its cached profile
PROFILE_BUDGET = 600_000
_weight = 0  # set elements of the cached profiles


def _weight_of(p: Profile) -> int:
    return len(p.shingles) + len(p.words) + len(p.marks) + len(p.names) + len(p.figures) + len(p.numbers) + 1


def stored_profiles(records: Sequence[dict[str, Any]], store: ResolverStore, model: str | None) -> list[Profile]:
    global _weight
    cache_keys = [(r["id"], model, _digest(r)) for r in records]
    missing = [n for n, k in enumerate(cache_keys) if k not in _PROFILES]
    if stubs := [records[n]["id"] for n in missing if "text" not in records[n]]:  # evicted since (another thread)
        full = store.records(stubs)
        records = [full.get(r["id"], r) if "text" not in r else r for r in records]
    keys = {n: text_key(record_passage(records[n])) for n in missing} if model else {}
    found = store.get(model, list(set(keys.values()))) if model and keys else {}
    made: dict[tuple[str, str | None, str], Profile] = {}
    for n in missing:
        r = records[n]
        made[cache_keys[n]] = profile_of(r, found.get(keys[n]) if model else None, order=r.get("order", 0))
    out = [_PROFILES.get(k) or made[k] for k in cache_keys]
    for k, profile in zip(cache_keys, out, strict=True):
        if k in _PROFILES:
            _PROFILES.move_to_end(k)
        else:
            _PROFILES[k] = profile
            _VERSIONS[k[:2]] = k[2]
            _weight += _weight_of(profile)
    while _weight > PROFILE_BUDGET and _PROFILES:  # least recently used first
        (item, m, ver), evicted = _PROFILES.popitem(last=False)
        if _VERSIONS.get((item, m)) == ver:
            del _VERSIONS[(item, m)]
        _weight -= _weight_of(evicted)
    return out


def cached_versions(item_ids: Sequence[str], model: str | None) -> dict[str, str]:
    """The versions of these items' cached profiles: the store need not decode their records again."""
    return {i: v for i in item_ids if (v := _VERSIONS.get((i, model))) is not None}


def _digest(record: dict[str, Any]) -> str:
    if "version" in record:  # the store's hash of the stored record
        return record["version"]
    content = {k: v for k, v in record.items() if k not in ("case", "order", "membership")}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _assignment(link: Link, case_id: str) -> Assignment:
    return Assignment(case_id, link.reason, link.score, matched=link.b or None, evidence=link.evidence or None)


def resolve(items: Sequence[Item], store: ResolverStore, vector_model: str | None = None,
            profiles: Mapping[str, Profile] | None = None) -> dict[str, Assignment]:
    """Assignments for the items of one document that have no case yet (items that have one keep it).
    `profiles`: the items' profiles from item_profiles, when made already."""
    if not items:
        return {}
    known = store.case_of_items([i.id for i in items])
    todo = [i for i in items if i.id not in known]
    if not todo:
        return {}
    doc = items[0].document_id
    decisions = constraints_from(store.decisions([i.id for i in todo]))
    model = vector_model if any(i.vector is not None for i in todo) else None
    profiles = profiles or item_profiles(todo)
    out: dict[str, Assignment] = {}
    for item in todo:
        vector = np.asarray(item.vector, dtype=np.float32) if model and item.vector is not None else None
        out[item.id] = _resolve_one(replace(profiles[item.id], vector=vector), doc, store, model, decisions)
    return out


def _resolve_one(me: Profile, doc: str, store: ResolverStore, model: str | None, decisions: Constraints) -> Assignment:
    for a, b in decisions.must:  # a human said this item belongs with another: join that item's case
        other = b if a == me.id else a if b == me.id else None
        if other and (case := store.case_of_items([other]).get(other)):
            return Assignment(case, "human", 1.0, matched=other)
    candidates = store.items_sharing_keys(keys_of(me), exclude_document=doc, limit=CANDIDATES)
    exact = store.cases_by_content_key([me.key], exclude_document=doc).get(me.key)
    records = store.records(candidates, known=cached_versions(candidates, model))
    links: list[tuple[Link, str]] = []
    for other in stored_profiles(list(records.values()), store, model):
        link = score_pair(me, other)
        if link is not None and records[other.id]["case"]:
            links.append((link, records[other.id]["case"]))
    if exact and not any(case == exact for _, case in links):
        links.append((Link(me.id, "", "exact", 1.0), exact))
    links.sort(key=lambda lc: lc[0].sort_key())
    tried: set[str] = set()
    for link, case_id in links:
        if case_id in tried:
            continue
        tried.add(case_id)
        if _fits(me, case_id, store, model, decisions):
            return _assignment(link, case_id)
    return Assignment(make_id("c", me.id), "new")


def _fits(me: Profile, case_id: str, store: ResolverStore, model: str | None, decisions: Constraints) -> bool:
    """The case has no item of the same document, none a human split from this item, none naming other cities."""
    members = store.case_members([case_id]).get(case_id, [])
    if decisions.forbids([me.id], members):
        return False
    profiles = stored_profiles(list(store.records(members, known=cached_versions(members, None)).values()), store,
                               None)
    if any(p.document == me.document for p in profiles):
        return False
    cities = set().union(*(p.cities for p in profiles)) if profiles else set()
    return not (me.cities and cities and not me.cities & cities) and not any(conflict(me, p) for p in profiles)


@dataclass
class Resolution:
    assignments: dict[str, Assignment]
    keys: dict[str, list[str]] = field(default_factory=dict)
    links: int = 0

    def cases(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for item, a in self.assignments.items():
            out.setdefault(a.case_id, []).append(item)
        return out


def resolve_profiles(
    profiles: Sequence[Profile], constraints: Constraints | None = None, current: Mapping[str, str] | None = None,
    case_order: Mapping[str, int] | None = None,
) -> Resolution:
    """Cluster a whole set of items at once (re-resolution, benchmarks); ids stay with the cases they had."""
    order = {p.id: p.order for p in profiles}
    links = find_links(profiles)
    clustering = cluster(profiles, links, constraints)
    names = name_clusters(clustering.groups(), current or {}, case_order or {}, order)
    reasons = clustering.reasons(order)
    assignments = {}
    for item, case_id in names.items():
        link = reasons[item]
        assignments[item] = (Assignment(case_id, "new") if link.reason == "new" else _assignment(link, case_id))
    keys = {p.id: keys_of(p) for p in profiles}
    return Resolution(assignments, keys, len(clustering.accepted))


def reresolve(store: ResolverStore, model: str | None = None) -> Resolution:
    """Cluster every stored item again and write the result (changes go to the case history)."""
    records = list(store.iter_records())
    model = model or store.vector_model()
    profiles = stored_profiles(records, store, model)
    current = {r["id"]: r["case"] for r in records if r.get("case")}
    result = resolve_profiles(profiles, constraints_from(store.decisions()), current, store.case_order())
    held = store.memberships(list(result.assignments))
    changed = {i: a for i, a in result.assignments.items()
               if current.get(i) != a.case_id or _membership_changed(held.get(i), a)}
    store.reassign(changed, result.keys)
    return result


def _membership_changed(held: tuple[str, float | None] | None, a: Assignment) -> bool:
    return held is None or held[0] != a.reason or abs((held[1] or 0) - a.score) > 1e-9


__all__ = ["Resolution", "fresh_case_id", "item_profiles", "keys_of", "reresolve", "resolve", "resolve_keys",
           "resolve_profiles"]
