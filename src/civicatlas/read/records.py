"""Case records as sources: files of cases that people curated, recognised by their columns and fields.

- Participedia's CSV export (`id, title, description, …, general_issues_1, …`, numbered multi-value columns,
  UTF-8 with or without a byte-order mark; CivicAtlas's `--format participedia` writes the same columns);
- Participedia JSONL (one case a line: `id`, `url`, `title` or `title_lowercased`, `description`, `country`…);
- CivicAtlas's own JSONL export (a `{"metadata": …}` line, then cases with their items and sources).

Each Participedia case becomes one document holding one item: its description is the text the enrichers
read, its human-entered fields are kept as `curated` values beside what they find, and its Participedia id
is an external id. Document and item ids come from the case's id, so importing a file again adds nothing.
CivicAtlas's own export is restored as it was: the same documents, items, mentions and cases.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civicatlas.errors import InputError
from civicatlas.ids import make_id
from civicatlas.model import Document, Item
from civicatlas.themes import VOCABULARIES

# Columns only Participedia's case export has, beside id/title/description.
PARTICIPEDIA_COLUMNS = {"general_issues", "specific_topics", "scope_of_influence", "approaches", "method_types",
                        "targeted_participants", "recruitment_method", "original_language", "country", "city",
                        "province", "start_date", "end_date", "ongoing", "number_of_participants",
                        "primary_organizer_title", "funder", "funder_types", "type", "url", "latitude", "longitude"}
_NUMBERED = re.compile(r"^(.*)_(\d+)$")
_PEEK = 65536


@dataclass
class Restored:
    """A document of a CivicAtlas export with its items as they were stored, and each item's case."""

    document: Document
    items: list[Item]
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)  # item id -> {"case", "reason", "score", …}
    pipeline: str = ""


def recognise(path: str) -> str | None:
    """'participedia-csv', 'participedia-jsonl', 'civicatlas-jsonl', or None for any other input."""
    if path == "-":
        return None
    p = Path(path)
    if p.suffix.lower() not in (".csv", ".jsonl", ".ndjson", ".json"):
        return None
    try:
        with open(p, "rb") as f:
            head = f.read(_PEEK)
    except OSError:
        return None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if p.suffix.lower() == ".csv":
        header = next(csv.reader([text.split("\n", 1)[0].strip("\r")]), [])
        names = {_NUMBERED.sub(r"\1", h.strip()) for h in header}
        if {"id", "title", "description"} <= names and len(names & PARTICIPEDIA_COLUMNS) >= 3:
            return "participedia-csv"
        return None
    try:
        first = json.loads(text.split("\n", 1)[0])
    except ValueError:
        return None
    if not isinstance(first, dict):
        return None
    if "civicatlas" in (first.get("metadata") or {}) or {"items", "sources", "mentions"} <= set(first):
        return "civicatlas-jsonl"
    if "description" in first and "id" in first and ({"title", "title_lowercased"} & set(first)) \
            and {"approaches", "method_types", "country", "url"} & set(first):
        return "participedia-jsonl"
    return None


# --- Participedia ----------------------------------------------------------------------------------------
def _country_code(value: str) -> str | None:
    import pycountry

    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(value)[0].alpha_2
        except LookupError:
            return None


def curated_values(record: dict[str, Any]) -> dict[str, Any]:
    """A Participedia record's human-entered fields: numbered columns folded into lists, vocabulary fields
    as lists of keys, the country as ISO 3166-1 alpha-2 (as entered too when that differs)."""
    out: dict[str, Any] = {}
    numbered: dict[str, list[tuple[int, str]]] = {}
    for key, value in record.items():
        if key is None or value in (None, "", []):
            continue
        m = _NUMBERED.match(key)
        if m and m.group(1) in PARTICIPEDIA_COLUMNS | set(VOCABULARIES):
            numbered.setdefault(m.group(1), []).append((int(m.group(2)), str(value).strip()))
        else:
            out[key] = value.strip() if isinstance(value, str) else value
    for key, values in numbered.items():
        out[key] = [v for _, v in sorted(values) if v]
    for key in (*VOCABULARIES, "specific_topics", "funder_types"):
        if isinstance(out.get(key), str):
            out[key] = [v.strip() for v in re.split(r"[;,]", out[key]) if v.strip()]
        elif isinstance(out.get(key), list):  # JSON may hold numbers or nulls: keys are strings
            out[key] = [str(v).strip() for v in out[key] if v is not None and str(v).strip()]
    for key in ("number_of_participants",):
        if isinstance(out.get(key), list):
            out[key] = out[key][0]
    if isinstance(out.get("country"), str):
        code = _country_code(out["country"])
        if code != out["country"]:
            out.setdefault("country_as_entered", out["country"])
        if code:
            out["country"] = code
        else:
            out.pop("country")
    for key in ("split", "description_original_case"):  # facts about the evaluation set, not about the case
        out.pop(key, None)
    return out


def _participedia_item(record: dict[str, Any], source: str, where: str) -> tuple[Document, Item]:
    given = curated_values(record)
    text = str(given.get("description") or "").strip()
    if not text:
        raise InputError(where, "no description: nothing to read")
    raw_id = str(given.get("id") or "").strip()
    participedia_id = raw_id if raw_id.isdigit() else None
    url = given.get("url") or (f"https://participedia.net/case/{participedia_id}" if participedia_id else None)
    uri = url or f"{Path(source).resolve().as_uri()}#id={raw_id or where}"
    body = json.dumps(given, ensure_ascii=False, sort_keys=True)
    doc = Document(id=make_id("d", uri), uri=uri, content=text, content_type="text",
                   sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(), text=text,
                   title=given.get("title") or given.get("title_lowercased"),
                   metadata={"record": "participedia"})
    language = given.get("original_language")
    item = Item(id=make_id("i", uri), document_id=doc.id, position=0, text=text, source_uri=uri, title=doc.title,
                language=language if isinstance(language, str) and re.fullmatch(r"[a-z]{2}", language) else None,
                curated=given, external_ids={"participedia": participedia_id} if participedia_id else {})
    return doc, item


def read_participedia(path: str, kind: str) -> Iterator[tuple[Document, list[Item]] | InputError]:
    """One (document, [item]) per case of a Participedia CSV or JSONL file; an InputError per bad record."""
    try:
        f = open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        yield InputError(path, e.strerror or str(e))
        return
    with f:
        if kind == "participedia-csv":
            rows: Iterator[tuple[int, Any]] = ((n + 2, r) for n, r in enumerate(csv.DictReader(f)))
        else:
            rows = _json_lines(f, path)
        try:
            for n, row in rows:
                where = f"{path}:{n}"
                if isinstance(row, InputError):
                    yield row
                    continue
                try:
                    doc, item = _participedia_item(row, path, where)
                except InputError as e:
                    yield e
                    continue
                yield doc, [item]
        except (UnicodeDecodeError, csv.Error) as e:
            yield InputError(path, f"cannot read: {e}")


def _json_lines(f: Any, path: str) -> Iterator[tuple[int, Any]]:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            yield n, InputError(f"{path}:{n}", f"invalid JSON: {e}")
            continue
        yield n, obj if isinstance(obj, dict) else InputError(f"{path}:{n}", "expected a JSON object")


# --- CivicAtlas's own export ------------------------------------------------------------------------------
def read_civicatlas(path: str) -> Iterator[dict[str, str] | Restored | InputError]:
    """First {case id: created_at} of every case, then the documents of a CivicAtlas JSONL export with their
    items and case memberships, in the order they first appear. A document's items may be spread over many
    cases (a listing page), so the file is read whole before the first document is given."""
    docs: dict[str, Restored] = {}
    created: dict[str, str] = {}
    pipeline = ""
    try:
        f = open(path, encoding="utf-8-sig")
    except OSError as e:
        yield InputError(path, e.strerror or str(e))
        return
    with f:
        for n, obj in _json_lines(f, path):
            if isinstance(obj, InputError):
                yield obj
                continue
            if "metadata" in obj:
                extractors = (obj["metadata"] or {}).get("extractors") or {}
                pipeline = ",".join(f"{k}/{v}" for k, versions in extractors.items() for v in versions)
                continue
            try:
                sources = {s["document"]: s for s in obj["sources"]}
                created[obj["id"]] = obj["created_at"]
                for record in obj["items"]:
                    record = dict(record)
                    membership = record.pop("membership", None) or {}
                    doc_id = record["document"]
                    source = sources.get(doc_id, {"uri": f"urn:civicatlas:document:{doc_id}", "title": None})
                    restored = docs.get(doc_id)
                    if restored is None:
                        restored = docs[doc_id] = Restored(Document(
                            id=doc_id, uri=source["uri"], content="", content_type="text", sha256="",
                            title=source.get("title")), [])
                    restored.items.append(Item.from_record(record, position=len(restored.items)))
                    restored.cases[record["id"]] = {"case": obj["id"], **membership}
            except (KeyError, TypeError, ValueError) as e:
                yield InputError(f"{path}:{n}", f"not a CivicAtlas case: {type(e).__name__}: {e}")
    yield created
    for restored in docs.values():
        records = json.dumps([i.to_record() for i in restored.items], ensure_ascii=False, sort_keys=True)
        restored.document.sha256 = hashlib.sha256(records.encode("utf-8")).hexdigest()
        restored.pipeline = pipeline or "restored"
        yield restored
