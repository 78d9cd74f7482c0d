"""CSV: one row a case with flat columns, and optionally long tables for relational use.

The case table has each multi-valued field twice: joined with "; " in one column (`countries`) and split
into numbered columns (`countries_1` … `countries_5`) up to a fixed number, so the columns are the same
in every export (the codebook lists them). Booleans are 0/1, dates ISO 8601, text UTF-8 (with a
byte-order mark on request, for Excel). With `tables`, a folder gets cases.csv and one long table per
kind of value (places, actors, amounts, themes, sources, evidence), each keyed by case_id.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from civicatlas.export.flat import flatten, number, numbered, write_csv
from civicatlas.themes import VOCABULARIES

JOIN = "; "
# Multi-valued fields and how many numbered columns each gets (all values are in the joined column).
NUMBERED = {"languages": 3, "countries": 5, "places": 5, "years": 5, "amounts": 3, "actors": 5, "funders": 3,
            "organisers": 3, **{v: 5 for v in VOCABULARIES}, "sources": 3}
SCALARS_BEFORE = ["id", "title", "summary"]
SCALARS_AFTER = ["latitude", "longitude", "has_coordinates", "first_date", "last_date", "participants",
                 "n_items", "curated", "participedia_id", "created_at", "updated_at"]


def case_columns() -> list[str]:
    numbered = [f"{name}_{n}" for name, k in NUMBERED.items() for n in range(1, k + 1)]
    return [*SCALARS_BEFORE, *NUMBERED, *SCALARS_AFTER, *numbered]


def case_row(case: dict[str, Any]) -> dict[str, Any]:
    flat = flatten(case)
    row = {k: flat[k] for k in (*SCALARS_BEFORE, *SCALARS_AFTER)}
    for key in ("has_coordinates", "curated"):
        row[key] = int(flat[key])
    row["participants"] = number(flat["participants"])
    for key in ("created_at", "updated_at"):  # the day, ISO: what spreadsheets read as a date
        row[key] = (flat[key] or "")[:10]
    for name, k in NUMBERED.items():
        values = [str(v) for v in flat[name]]
        row[name] = JOIN.join(values)
        row.update(numbered(name, values, k))
    return row


def write(cases: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any], bom: bool = False) -> int:
    return write_csv(map(case_row, cases), out, meta, case_columns(), bom)


# --- long tables ---------------------------------------------------------------------------------------
LONG = {
    "places": ["case_id", "name", "geonameid", "country", "admin1", "kind", "lat", "lon"],
    "actors": ["case_id", "name", "abbreviation", "kind", "role", "function"],
    "amounts": ["case_id", "value", "currency", "qualifier", "value_max"],
    "themes": ["case_id", "vocabulary", "key", "score", "curated"],
    "sources": ["case_id", "document", "uri", "title"],
    "evidence": ["case_id", "item_id", "type", "value", "field", "start", "end", "text", "extractor", "confidence"],
}
_EVIDENCE_VALUE = {"places": "name", "amounts": "currency", "counts": "unit", "dates": "value", "actors": "name"}


def long_rows(case: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    cid = case["id"]
    m = case["mentions"]
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in LONG}
    for kind in ("places", "actors", "amounts"):
        out[kind] = [{"case_id": cid, **{k: e.get(k) for k in LONG[kind][1:]}} for e in m[kind]]
    for item in case["items"]:
        for vocab, labels in (item.get("curated") or {}).items():
            if vocab in VOCABULARIES:
                for key in [labels] if isinstance(labels, str) else labels:
                    out["themes"].append({"case_id": cid, "vocabulary": vocab, "key": key, "score": 1, "curated": 1})
        for vocab, labels in (item.get("themes") or {}).items():
            out["themes"].extend({"case_id": cid, "vocabulary": vocab, "key": t["key"], "score": t.get("score"),
                                  "curated": 0} for t in labels)
    out["sources"] = [{"case_id": cid, **s} for s in case["sources"]]
    for kind, value_key in _EVIDENCE_VALUE.items():
        for entry in m[kind]:
            value = entry.get(value_key)
            if kind == "amounts":
                value = f"{entry.get('value')} {entry.get('currency')}"
            for ev in entry["evidence"]:
                out["evidence"].append({"case_id": cid, "item_id": ev["item"], "type": kind[:-1], "value": value,
                                        **{k: ev.get(k) for k in ("field", "start", "end", "text", "extractor",
                                                                   "confidence")}})
    return out


def write_tables(cases: Iterable[dict[str, Any]], folder: Path, meta: dict[str, Any], bom: bool = False) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        files = {name: stack.enter_context(open(folder / f"{name}.csv", "w", encoding="utf-8", newline=""))
                 for name in ("cases", *LONG)}
        if bom:
            for f in files.values():
                f.write("\ufeff")
        writers = {name: csv.DictWriter(files[name], fieldnames=LONG[name], lineterminator="\n") for name in LONG}
        writers["cases"] = csv.DictWriter(files["cases"], fieldnames=case_columns(), lineterminator="\n")
        for w in writers.values():
            w.writeheader()
        n = 0
        for case in cases:
            writers["cases"].writerow(case_row(case))
            for name, rows in long_rows(case).items():
                writers[name].writerows(rows)
            n += 1
    meta["records"] = n
    meta["tables"] = {name: f"{name}.csv" for name in ("cases", *LONG)}
    (folder / "cases.csv.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return n
