"""Open exports of the case database: JSONL (everything) and CSV (one row a case, for spreadsheets)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

FORMATS = ("jsonl", "csv")


def write(cases: Iterable[dict[str, Any]], out: TextIO, format: str = "jsonl") -> int:
    if format == "jsonl":
        n = 0
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
            n += 1
        return n
    if format == "csv":
        return _csv(cases, out)
    raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")


def _csv(cases: Iterable[dict[str, Any]], out: TextIO) -> int:
    columns = ["id", "title", "summary", "languages", "countries", "places", "amounts", "years", "actors",
               "general_issues", "sources"]
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    n = 0
    for case in cases:
        items = case["items"]

        def collect(key: str, fmt: Any = str, items: list = items) -> str:
            seen: dict[str, None] = {}
            for item in items:
                for value in item.get(key) or []:
                    seen[fmt(value)] = None
            return "; ".join(seen)

        issues = {t["key"]: None for i in items for t in (i.get("themes") or {}).get("general_issues", [])}
        writer.writerow({
            "id": case["id"], "title": case["title"], "summary": case["summary"],
            "languages": "; ".join(case["languages"]), "countries": collect("countries"),
            "places": collect("places", lambda p: p.get("name") or p.get("text")),
            "amounts": collect("amounts", lambda a: f"{a.get('value')} {a.get('currency')}"),
            "years": collect("years"), "actors": collect("actors", lambda a: a.get("name")),
            "general_issues": "; ".join(issues), "sources": "; ".join(s["uri"] for s in case["sources"]),
        })
        n += 1
    return n
