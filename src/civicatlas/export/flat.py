"""A case as flat values: what the tabular formats (CSV, Parquet, GeoJSON properties, Participedia) share.

Multi-valued fields are lists here, in a stable order (first seen across the case's items, curated values
first); each format decides how to lay them out. Human-entered (curated) values of imported cases come
before what the enrichers found, and win where a field takes one value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from civicatlas.themes import VOCABULARIES

# Units of a count that say how many people took part (counts/3 gives canonical English plurals).
PARTICIPANT_UNITS = {"participants", "people", "residents", "citizens", "members", "persons", "inhabitants",
                     "young people", "students", "women", "councillors", "delegates", "volunteers"}


def unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v not in (None, "")))


def curated(case: dict[str, Any]) -> dict[str, Any]:
    """The human-entered values of the case's imported items, the first item's first."""
    out: dict[str, Any] = {}
    for item in case["items"]:
        for key, value in (item.get("curated") or {}).items():
            out.setdefault(key, value)
    return out


def themes(case: dict[str, Any], vocab: str) -> list[str]:
    """Labels of a vocabulary: curated ones first, then the enrichers' by their best score in the case."""
    best: dict[str, float] = {}
    for item in case["items"]:
        for label in (item.get("themes") or {}).get(vocab, []):
            best[label["key"]] = max(best.get(label["key"], 0.0), label.get("score") or 0.0)
    given = curated(case).get(vocab) or []
    given = [given] if isinstance(given, str) else given
    return unique([*given, *sorted(best, key=lambda k: -best[k])])


def places(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Distinct places of the case (merged mentions), most precise kinds first (a city before its country)."""
    rank = {"city": 0, "region": 1, "other": 2, "country": 3, "continent": 4}
    found = [{k: p.get(k) for k in ("name", "geonameid", "country", "admin1", "kind", "lat", "lon")}
             for p in case["mentions"]["places"]]
    return sorted(found, key=lambda p: rank.get(p["kind"] or "other", 2))


def dates(case: dict[str, Any]) -> list[str]:
    """ISO 8601 dates the case mentions (as precise as the text: YYYY, YYYY-MM or YYYY-MM-DD), in order."""
    return sorted(unique(d.get("value") for d in case["mentions"]["dates"]))


def participants(case: dict[str, Any]) -> float | None:
    """The largest count of people the case mentions, if any."""
    values = [c["value"] for c in case["mentions"]["counts"]
              if c.get("value") is not None and (c.get("unit") or "").lower() in PARTICIPANT_UNITS]
    try:  # a number as people entered it ("1200"); anything else ("about 100") leaves it to the found counts
        return float(curated(case)["number_of_participants"])
    except (KeyError, TypeError, ValueError):
        return max(values) if values else None


def flatten(case: dict[str, Any]) -> dict[str, Any]:
    """Every flat field of a case (see the codebook), lists as lists."""
    given = curated(case)
    mentions = case["mentions"]
    located = [p for p in places(case) if p["lat"] is not None and p["lon"] is not None]
    actors = mentions["actors"]
    ids = {}
    for item in case["items"]:
        for system, value in (item.get("external_ids") or {}).items():
            ids.setdefault(system, value)
    found_dates = dates(case)
    return {
        "id": case["id"],
        "title": case["title"],
        "summary": case["summary"],
        "languages": list(case["languages"]),
        "countries": unique([given.get("country"), *mentions["countries"]]),
        "places": [p["name"] for p in places(case)],
        "geonameids": unique(p["geonameid"] for p in places(case)),
        "latitude": located[0]["lat"] if located else None,
        "longitude": located[0]["lon"] if located else None,
        "has_coordinates": bool(located),
        "years": list(mentions["years"]),
        "first_date": found_dates[0] if found_dates else None,
        "last_date": found_dates[-1] if found_dates else None,
        "amounts": [f"{number(a.get('value'))} {a.get('currency') or ''}".strip() for a in mentions["amounts"]],
        "participants": participants(case),
        "actors": unique(a.get("name") for a in actors),
        "funders": unique(a.get("name") for a in actors if a.get("role") == "funder"),
        "organisers": unique(a.get("name") for a in actors if a.get("role") == "organiser"),
        **{vocab: themes(case, vocab) for vocab in VOCABULARIES},
        "sources": unique(s["uri"] for s in case["sources"]),
        "n_items": len(case["items"]),
        "curated": bool(given),
        "participedia_id": ids.get("participedia"),
        "created_at": case["created_at"],
        "updated_at": case["updated_at"],
    }


def number(value: Any) -> str:
    """A number as people write it: 300, not 300.0; nothing for None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def numbered(name: str, values: list[Any], k: int) -> dict[str, Any]:
    """`name_1` … `name_k` for a multi-valued field, blank past its values: the same header in every export."""
    return {f"{name}_{n}": values[n - 1] if n <= len(values) else "" for n in range(1, k + 1)}


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any], columns: list[str],
              bom: bool = False) -> int:
    """One CSV row per case (rows made on demand, so any number streams); the count goes into the metadata."""
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    meta["records"] = n
    return n
