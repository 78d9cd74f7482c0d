"""The "actors" enricher: the actors of each item (civicatlas.actors.finder) with their roles
(civicatlas.actors.roles).

The batch an enricher gets is one document: an abbreviation spelled out in one item names the same actor
in the others, and the same actor named twice in an item is one actor. A name found only by its place in the
sentence that is a place of the item's stays a place ("tillsammans med Bogotá"). Photo credits are never
read: they are kept in item.credits, not in the fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from civicatlas.actors.finder import FoundActor, find_actors
from civicatlas.actors.roles import ROLE_RANK, role_of
from civicatlas.enrich import register
from civicatlas.model import Actor, Evidence, Item


class ActorsEnricher:
    name = "actors"
    version = "2"
    requires = ("title", "text", "caption", "language", "places")
    assigns = ("actors",)

    def __call__(self, items: Sequence[Item]) -> None:
        found: dict[str, list[tuple[str, str, FoundActor]]] = {}
        long_of: dict[str, tuple[str, str]] = {}  # abbreviation -> (long name, kind), per document
        for item in items:
            per: list[tuple[str, str, FoundActor]] = []
            for fname, text in item.fields():
                for a in find_actors(text, item.language):
                    per.append((fname, text, a))
                    if a.abbreviation and a.name != a.abbreviation:
                        long_of.setdefault(f"{item.document_id}\x00{a.abbreviation}", (a.name, a.kind))
            found[item.id] = per
        abbreviation_of = {(k.split("\x00", 1)[0], long[0]): k.split("\x00", 1)[1] for k, long in long_of.items()}
        for item in items:
            merged: dict[str, Actor] = {}
            places = [(p.evidence.field, p.evidence.start, p.evidence.end) for p in item.places]
            in_field: dict[str, list[FoundActor]] = {}  # each field's actors, left to right
            for fname, _, a in found[item.id]:
                in_field.setdefault(fname, []).append(a)
            for fname, text, a in found[item.id]:
                if a.by_role and any(f == fname and s < a.end and a.start < e for f, s, e in places):
                    continue  # "tillsammans med Bogotá": the partner is a place, read as one
                canon = a
                if a.abbreviation:
                    long = long_of.get(f"{item.document_id}\x00{a.abbreviation}")
                    if long:
                        canon = replace(a, name=long[0], kind=long[1], confidence=max(a.confidence, 0.9))
                elif a.kind == "organization" and (item.document_id, a.name) in abbreviation_of:
                    # the long form alone: add its abbreviation
                    canon = replace(a, abbreviation=abbreviation_of[item.document_id, a.name])
                key = (canon.abbreviation or canon.name).lower()
                role = role_of(text, a, in_field[fname])
                ev = Evidence(item.id, a.start, a.end, self.name, self.version, canon.confidence, fname)  # type: ignore[arg-type]
                if key in merged:
                    prev = merged[key]
                    if ROLE_RANK[role] < ROLE_RANK[prev.role]:
                        prev.role = role
                    if canon.function and not prev.function:
                        prev.function = canon.function
                    continue
                merged[key] = Actor(
                    text[a.start : a.end],
                    ev,
                    canon.name,
                    canon.abbreviation,
                    canon.kind,  # type: ignore[arg-type]
                    role,
                    canon.function,
                )
            item.actors = list(merged.values())


@register("actors")
def _factory() -> ActorsEnricher:
    return ActorsEnricher()
