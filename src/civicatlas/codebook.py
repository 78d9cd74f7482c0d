"""The codebook: every column and field of every export, with its type, vocabulary and meaning, generated
from the code that writes them (the column lists, the Parquet schema, the model's dataclasses), so it
cannot drift: tests/test_codebook.py fails when an export changes and docs/ was not regenerated.

    python -m civicatlas.codebook            # writes docs/CODEBOOK.md and docs/codebook.json
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import typing
from pathlib import Path
from typing import Any

from civicatlas import model
from civicatlas.themes import VOCABULARIES

DOCS = Path(__file__).resolve().parents[2] / "docs"
VOCAB = {v: f"Participedia {v}" for v in VOCABULARIES}
P = "Participedia"

# What each field means, by name (numbered columns `name_N` take their field's meaning).
MEANING: dict[str, str] = {
    "id": "CivicAtlas case id (`c` + hex digits); stable as the case gains sources",
    "title": "the case's title: the best title of its items in the language of its first item",
    "summary": "the case's summary: the first paragraph of that item",
    "languages": "ISO 639-1 languages of the case's items",
    "countries": "ISO 3166-1 alpha-2 countries the case is about (curated country first)",
    "places": "the distinct places the case mentions, most precise kind first (CSV: names; Parquet: structs)",
    "geonameids": "GeoNames ids of those places",
    "latitude": "WGS 84 latitude of the case's most precise located place",
    "longitude": "WGS 84 longitude of that place",
    "has_coordinates": "1 when a place of the case has coordinates, else 0",
    "years": "years the case mentions",
    "dates": "ISO 8601 dates the case mentions, as precise as the text (YYYY, YYYY-MM or YYYY-MM-DD)",
    "first_date": "earliest date the case mentions (ISO 8601, as precise as the text)",
    "last_date": "latest date the case mentions (ISO 8601, as precise as the text)",
    "amounts": "sums of money: value in units and ISO 4217 currency",
    "unit": "what is counted, canonical English plural where known", "unit_text": "the unit as written",
    "precision": "year, month or day",
    "participants": "largest number of people taking part that the case mentions (curated number first)",
    "actors": "organisations, public bodies and people named as acting in the case",
    "funders": "actors named as giving money",
    "organisers": "actors named as organising",
    "sources": "URIs of the documents the case was found in",
    "n_items": "number of items (mentions of the initiative in documents) the case joins",
    "curated": "1 when the case has human-entered values (an imported Participedia case), else 0",
    "participedia_id": "the case's id on participedia.net, when it came from Participedia",
    "created_at": "when the case was first stored (ISO 8601; CSV: the day)",
    "updated_at": "when the case last changed (ISO 8601; CSV: the day)",
    "general_issues": "general issues, curated first, then found ones by score",
    "approaches": "approaches, curated first, then found ones by score",
    "method_types": "method types, curated first, then found ones by score",
    "targeted_participants": "targeted participants, curated first, then found ones",
    "scope_of_influence": "scope of influence, curated first, then found ones by score",
    "recruitment_method": "recruitment methods, curated first, then found ones",
    "themes": "Participedia labels by vocabulary",
    "items": "the case's items: id, language, title, text",
    "case_id": "the CivicAtlas case id the row belongs to",
    "item_id": "the item (`i…`) the evidence is in",
    "name": "name as normalised (place: gazetteer name; actor: as written)",
    "geonameid": "GeoNames id (https://sws.geonames.org/ID/)",
    "country": "ISO 3166-1 alpha-2",
    "admin1": "ISO 3166-2 subdivision where known, else the GeoNames admin1 code",
    "kind": "kind of place (city, region, country, continent, other) or of actor "
            "(organization, person, municipality, region, government)",
    "lat": "WGS 84 latitude", "lon": "WGS 84 longitude",
    "abbreviation": "the actor's abbreviation as written", "role": "funder, recipient, organiser or partner",
    "function": "a person's stated function",
    "value": "number in units (money: of the currency); evidence: the value the mention resolves to",
    "currency": "ISO 4217", "qualifier": "exact, more_than, less_than, about, up_to or range",
    "value_max": "upper bound of a range", "vocabulary": "Participedia vocabulary name",
    "key": "Participedia vocabulary key", "score": "confidence of the label, 0–1 (1 for curated labels)",
    "document": "CivicAtlas document id (`d…`)", "uri": "where the document was read from",
    "type": "kind of mention (place, amount, count, date, actor); Participedia: always `case`",
    "field": "the item field the offsets index into: title, text or caption",
    "start": "character offset where the evidence starts", "end": "character offset where it ends",
    "text": "the words as written", "extractor": "extractor name/version that found it",
    "confidence": "the extractor's confidence, 0–1",
    "case": "the CivicAtlas case id", "place": "name of the place the feature is", "place_kind": "kind of place",
    "place_country": "ISO 3166-1 alpha-2 of the place",
    # Participedia's own columns
    "url": f"{P} page of the case, else the first source", "description": "the case's description",
    "original_language": "ISO 639-1 language of the case", "city": "city of the case",
    "province": "province or region, as entered", "specific_topics": f"{P} specific topics, as entered",
    "start_date": "start date (ISO 8601, as precise as known)", "end_date": "end date (ISO 8601, as precise as known)",
    "ongoing": "1 ongoing, 0 ended, empty unknown", "number_of_participants": "number of participants",
    "primary_organizer_title": "name of the primary organiser",
    "funder": "names of the funders", "funder_types": f"{P} organizer types of the funders",
}
VOCABULARY_OF = {**{v: VOCAB[v] for v in VOCABULARIES}, "country": "ISO 3166-1 alpha-2",
                 "countries": "ISO 3166-1 alpha-2", "languages": "ISO 639-1", "original_language": "ISO 639-1",
                 "currency": "ISO 4217", "place_country": "ISO 3166-1 alpha-2", "funder_types": f"{P} organizer_types",
                 "vocabulary": ", ".join(VOCABULARIES), "geonameid": "GeoNames", "geonameids": "GeoNames"}


def describe(name: str, type_: str) -> dict[str, Any]:
    base = re.sub(r"_\d+$", "", name)
    if name not in MEANING and base not in MEANING:
        raise KeyError(f"the codebook has no meaning for {name!r}: add it to civicatlas.codebook.MEANING")
    meaning = MEANING.get(name) or MEANING[base]
    if base != name:
        meaning = f"{meaning} (value {name.rsplit('_', 1)[1]})"
    out = {"name": name, "type": type_, "meaning": meaning}
    if vocab := VOCABULARY_OF.get(base):
        out["vocabulary"] = vocab
    return out


def _csv_type(name: str) -> str:
    from civicatlas.export.tables import NUMBERED

    base = re.sub(r"_\d+$", "", name)
    if name in NUMBERED:
        return "text (values joined by '; ')"
    if base in ("latitude", "longitude", "participants", "lat", "lon", "value", "value_max", "score",
                "confidence"):
        return "number"
    if base in ("has_coordinates", "curated", "ongoing"):
        return "0/1"
    if base in ("n_items", "years", "geonameid", "start", "end", "number_of_participants"):
        return "integer"
    if base in ("created_at", "updated_at", "first_date", "last_date", "start_date", "end_date"):
        return "date (ISO 8601)"
    return "text"


def _python_type(annotation: Any) -> str:
    if typing.get_origin(annotation) is typing.Literal:
        return "one of " + ", ".join(typing.get_args(annotation))
    if typing.get_args(annotation):  # "float | None": a bar would split a Markdown table cell
        return str(annotation).replace("typing.", "").replace(" | ", " or ")
    return annotation.__name__


MENTIONS = {"Place": "a place named in the item, resolved in the gazetteer",
            "Amount": "a sum of money", "Count": "a number of things or people",
            "DateRef": "a date or year", "Actor": "an organisation, public body or person acting in the initiative"}


def build() -> dict[str, Any]:
    from civicatlas.export.geojson import CASE_PROPERTIES
    from civicatlas.export.parquet import schema
    from civicatlas.export.participedia import columns as participedia_columns
    from civicatlas.export.tables import LONG, case_columns

    mentions = {}
    for cls in (model.Place, model.Amount, model.Count, model.DateRef, model.Actor):
        hints = typing.get_type_hints(cls)
        mentions[cls.__name__] = {"meaning": MENTIONS[cls.__name__],
                                  "fields": [describe(f.name, _python_type(hints[f.name]))
                                             for f in dataclasses.fields(cls) if f.name != "evidence"]}
    parquet = schema()
    return {
        "vocabularies": {v: list(keys) for v, keys in VOCABULARIES.items()},
        "csv": {"cases.csv": [describe(c, _csv_type(c)) for c in case_columns()],
                **{f"{name}.csv": [describe(c, _csv_type(c)) for c in cols] for name, cols in LONG.items()}},
        "participedia": [describe(c, _csv_type(c)) for c in participedia_columns()],
        "parquet": [describe(f.name, str(f.type)) for f in parquet],
        "geojson": [describe(c, "string" if c in ("case_id", "place") else "string or number")
                    for c in ("case_id", "place", "geonameid", "place_kind", "place_country", *CASE_PROPERTIES)],
        "jsonl": {"case": ["id", "title", "summary", "languages", "titles", "created_at", "updated_at", "items",
                           "sources", "mentions"],
                  "item": "the `extract` contract (README) plus `membership` {reason, score, matched, evidence}, "
                          "and `curated`, `external_ids` for imported cases",
                  "mentions": mentions},
    }


def markdown(book: dict[str, Any]) -> str:
    lines = ["# CivicAtlas codebook", "",
             "Every column and field of `civicatlas export`, generated by `python -m civicatlas.codebook` from the",
             "code that writes them (machine-readable: [codebook.json](codebook.json)). Lists in CSV are joined "
             "with `; `",
             "and also split into numbered columns (`countries_1` …) up to a fixed number; booleans are 0/1; dates "
             "ISO 8601.", ""]

    def table(title: str, rows: list[dict[str, Any]]) -> None:
        lines.extend([f"## {title}", "", "| column | type | vocabulary | meaning |", "|---|---|---|---|"])
        lines.extend(f"| `{r['name']}` | {r['type']} | {r.get('vocabulary', '')} | {r['meaning']} |" for r in rows)
        lines.append("")

    for name, rows in book["csv"].items():
        table(f"CSV: {name}", rows)
    table("Participedia CSV (`--format participedia`)", book["participedia"])
    table("Parquet", book["parquet"])
    table("GeoJSON feature properties (one Point feature per case and place)", book["geojson"])
    case_fields = "`, `".join(book["jsonl"]["case"])
    lines.extend(["## JSONL", "", f"Each line after the metadata line is a case: `{case_fields}`.",
                  f"Items: {book['jsonl']['item']}. Mentions:", ""])
    for cls, info in book["jsonl"]["mentions"].items():
        table(f"JSONL mention: {cls} ({info['meaning']}; plus start, end, field, extractor, confidence)",
              info["fields"])
    lines.extend(["## Vocabularies", ""])
    lines.extend(f"- `{v}`: {', '.join(f'`{k}`' for k in keys)}" for v, keys in book["vocabularies"].items())
    return "\n".join(lines) + "\n"


def write(folder: Path = DOCS) -> list[Path]:
    book = build()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "CODEBOOK.md", folder / "codebook.json"]
    paths[0].write_text(markdown(book), encoding="utf-8")
    paths[1].write_text(json.dumps(book, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS):
        print(path)
