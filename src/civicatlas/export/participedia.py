"""A CSV in Participedia's own case columns, so a curator can propose cases to Participedia (and read
Participedia's export back: civicatlas.read.records reads these columns).

Values are Participedia's vocabulary keys; multi-valued fields are numbered columns (`approaches_1` …).
Curated values of an imported case are written as they were entered; otherwise what CivicAtlas found:
the most precise located place gives city, country and coordinates, the first organiser (else actor) the
primary organiser, funders the funder and its type. `id` is the Participedia id when the case has one,
else the CivicAtlas case id; `url` the Participedia page, else the first source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from civicatlas.export.flat import curated, dates, flatten, numbered, participants, places, unique, write_csv

NUMBERED = {"general_issues": 3, "specific_topics": 3, "approaches": 5, "targeted_participants": 5,
            "method_types": 3, "funder_types": 3}
# The numbered columns follow Participedia's column order, each group where its field stands.
COLUMNS = ["id", "type", "title", "url", "description", "original_language", "city", "province", "country",
           "latitude", "longitude", "general_issues", "specific_topics", "scope_of_influence_1", "start_date",
           "end_date", "ongoing", "approaches", "number_of_participants_1", "recruitment_method",
           "targeted_participants", "method_types", "primary_organizer_title", "funder", "funder_types"]
# Actor kinds as Participedia's organizer/funder types (organisations of unknown kind stay blank).
FUNDER_TYPES = {"municipality": "local", "region": "regional", "government": "national", "person": "individual"}


def columns() -> list[str]:
    out = []
    for c in COLUMNS:
        out.extend([f"{c}_{n}" for n in range(1, NUMBERED[c] + 1)] if c in NUMBERED else [c])
    return out


def country_name(code: str | None) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=code) if code else None
    return getattr(found, "common_name", None) or getattr(found, "name", None) or (code or "")


def case_row(case: dict[str, Any]) -> dict[str, Any]:
    flat, given = flatten(case), curated(case)
    city = next((p for p in places(case) if p["kind"] == "city" and p["lat"] is not None), None)
    country = given.get("country") or (city or {}).get("country") or next(iter(flat["countries"]), None)
    found_dates = dates(case)
    funders = [a for a in case["mentions"]["actors"] if a.get("role") == "funder"]
    organisers = [a["name"] for a in case["mentions"]["actors"] if a.get("role") == "organiser"] or flat["actors"]
    lists = {
        "general_issues": flat["general_issues"], "specific_topics": given.get("specific_topics") or [],
        "approaches": flat["approaches"], "targeted_participants": flat["targeted_participants"],
        "method_types": flat["method_types"],
        "funder_types": given.get("funder_types") or unique(FUNDER_TYPES.get(a.get("kind")) for a in funders),
    }
    count = participants(case)
    row = {
        "id": flat["participedia_id"] or case["id"], "type": "case", "title": given.get("title") or case["title"],
        "url": given.get("url") or next(iter(flat["sources"]), ""),
        "description": given.get("description") or case["summary"],
        "original_language": given.get("original_language") or next(iter(case["languages"]), ""),
        "city": given.get("city") or (city or {}).get("name") or "", "province": given.get("province") or "",
        "country": country_name(country),
        "latitude": given.get("latitude") or (city or {}).get("lat") or flat["latitude"] or "",
        "longitude": given.get("longitude") or (city or {}).get("lon") or flat["longitude"] or "",
        "scope_of_influence_1": next(iter(flat["scope_of_influence"]), ""),
        "start_date": given.get("start_date") or (found_dates[0] if found_dates else ""),
        "end_date": given.get("end_date") or (found_dates[-1] if len(found_dates) > 1 else ""),
        "ongoing": given.get("ongoing", ""),
        "number_of_participants_1": "" if count is None else int(count),
        "recruitment_method": next(iter(flat["recruitment_method"]), ""),
        "primary_organizer_title": given.get("primary_organizer_title") or next(iter(organisers), ""),
        "funder": given.get("funder") or "; ".join(a["name"] for a in funders),
    }
    for name, k in NUMBERED.items():
        values = lists[name]
        row.update(numbered(name, values, k))
    if isinstance(row["ongoing"], bool):
        row["ongoing"] = int(row["ongoing"])
    return row


def write(cases: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any], bom: bool = False) -> int:
    return write_csv(map(case_row, cases), out, meta, columns(), bom)
