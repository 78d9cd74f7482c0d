"""Exact-duplicate resolution: an item keeps the case it has; a new item joins the case of an item with
the same normalised title and text in another document, else it starts a case of its own. The case id
comes from the item that started it, so a case keeps its id when more sources arrive."""

from __future__ import annotations

from collections.abc import Sequence

from civicatlas.ids import make_id
from civicatlas.model import Item
from civicatlas.store import Assignment, SQLiteStore, content_key


def resolve(items: Sequence[Item], store: SQLiteStore) -> dict[str, Assignment]:
    if not items:
        return {}
    known = store.case_of_items([i.id for i in items])
    keys = {i.id: content_key(i.title, i.text) for i in items}
    matches = store.cases_by_content_key(list(set(keys.values())), exclude_document=items[0].document_id)
    out: dict[str, Assignment] = {}
    for item in items:
        if item.id in known:
            continue
        if (case_id := matches.get(keys[item.id])) is not None:
            out[item.id] = Assignment(case_id, "exact")
        else:
            out[item.id] = Assignment(make_id("c", item.id), "new")
    return out
