"""How items become rows and rows become cases: the part of storing that is the same in every store."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from civicatlas.caseview import case_heading, language_of, merged_mentions, titles_by_language
from civicatlas.model import Item


def record_json(item: Item) -> str:
    """The item's stored record: its extract-contract record as canonical JSON (equal items, equal strings)."""
    return json.dumps(item.to_record(), ensure_ascii=False, sort_keys=True)


def version(record: str) -> str:
    """A stored record's version: follows every change of the record (the resolver's profile cache key)."""
    return hashlib.sha1(record.encode()).hexdigest()


def stored_record(raw: str, extra: dict[str, Any], known: Mapping[str, str] | None) -> dict[str, Any]:
    """An item's record read back with `extra` (case, order) and its version. When `known` holds this version
    for the item (the caller has the record already), only id, version and `extra`: decoding a record costs
    far more than reading it, and the resolver reads the same candidates again and again."""
    ver = version(raw)
    item_id = extra.pop("id")
    if known and known.get(item_id) == ver:
        return {"id": item_id, "version": ver, **extra}
    return {**json.loads(raw), **extra, "version": ver}


def relevance_of(item: Item, promoted: set[str]) -> tuple[float | None, int]:
    """The item's relevance score and whether it is an initiative: judged so, promoted by a person, or not
    judged at all (a pipeline without the relevance enricher sets nothing aside)."""
    r = item.relevance
    return (r.score if r else None), int(r is None or r.initiative or item.id in promoted or bool(item.curated))


def moved_only(previous: str, record: str) -> bool:
    """The two records differ only in where the item stood on its page (rewritten, not reported as updated)."""
    return _without_place(previous) == _without_place(record)


def _without_place(record: str) -> str:
    data = json.loads(record)
    data.pop("occurrences", None)
    return json.dumps(data, sort_keys=True)


def heading(records: list[dict[str, Any]]) -> dict[str, Any]:
    """What a case row shows of its items (in storage order, with their corrections: see corrected): title,
    summary, languages, titles per language."""
    title, summary = case_heading(records)
    return {"title": title, "summary": summary,
            "languages": sorted({lang for r in records if (lang := language_of(r)) != "und"}),
            "titles": titles_by_language(records)}


def corrected(record: Any, corrections: Any) -> dict[str, Any]:
    """A stored record with a person's corrections ({field: value}) joined to its curated values, over an
    imported one, so that headings, filters, facets and exports see them as the store's queries do."""
    record = _json(record)
    if fields := _json(corrections or "{}"):  # SQLite's json_group_object gives {} for none
        record["curated"] = {**record.get("curated", {}), **fields}
    return record


def case_view(case: Mapping[str, Any], members: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A case as stages read it. `case`: its row (title, summary, languages and titles as JSON or decoded…);
    `members`: its items in storage order, each with record, reason, score, matched, evidence, doc_id, uri,
    doc_title and corrected (a person's corrections, {field: value})."""
    sources: dict[str, dict[str, Any]] = {}
    records = []
    for r in members:
        record = corrected(r["record"], r["corrected"])
        record["membership"] = {"reason": r["reason"], "score": r["score"], "matched": r["matched"],
                                "evidence": _json(r["evidence"]) if r["evidence"] else None}
        records.append(record)
        sources.setdefault(r["doc_id"], {"document": r["doc_id"], "uri": r["uri"], "title": r["doc_title"]})
    return {"id": case["id"], "title": case["title"], "summary": case["summary"],
            "initiative": bool(case["initiative"]), "languages": _json(case["languages"]),
            "titles": _json(case["titles"] or "{}"), "created_at": case["created_at"],
            "updated_at": case["updated_at"], "items": records, "sources": list(sources.values()),
            "mentions": merged_mentions(records)}


def _json(value: Any) -> Any:
    """A JSON column: text in SQLite, already decoded by psycopg (jsonb)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def mention_rows(item: Item) -> list[tuple]:
    """(item_id, type, field, start, end, text, key, country, value, extractor, confidence, data JSON) per
    mention: the searchable form of what the enrichers found."""
    rows: list[tuple] = []

    def add(kind: str, m: dict[str, Any], text: str | None, key: Any, country: str | None = None, value: Any = None):
        rows.append((item.id, kind, m.get("field", "text"), m.get("start"), m.get("end"), text,
                     None if key is None else str(key), country, value, m.get("extractor"), m.get("confidence"),
                     json.dumps(m, ensure_ascii=False)))

    for p in item.places:
        d = p.to_dict()
        add("place", d, p.name or p.text, p.geonameid, p.country)
    for a in item.amounts:
        add("amount", a.to_dict(), a.text, a.currency, value=a.value)
    for c in item.counts:
        add("count", c.to_dict(), c.text, c.unit, value=c.value)
    for d in item.dates:
        add("date", d.to_dict(), d.text, d.value)
    for a in item.actors:
        add("actor", a.to_dict(), a.text, a.name)
    for vocab, labels in item.themes.items():
        for t in labels:
            add("theme", t.to_dict(), None, f"{vocab}:{t.key}", value=t.score)
    for c in item.credits:
        add("credit", {"field": "caption"}, c.text, c.name)
    return rows


_URL_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")
# The same rule in PostgreSQL's SQL (store/postgres.py), so both stores facet sources alike
SOURCE_SQL = ("COALESCE(NULLIF(regexp_replace(lower(substring({uri} from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)')), "
              "'^www\\.', ''), ''), substring({uri} from '([^/]*)$'))")


def source_of(uri: str) -> str:
    """What a source facet shows of a document: the web site's host (without www.), else the file name."""
    host = _URL_HOST.match(uri)
    if host and host.group(1):
        return re.sub(r"^www\.", "", host.group(1).lower())
    return uri.rsplit("/", 1)[-1]
