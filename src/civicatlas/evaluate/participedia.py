"""`civicatlas eval participedia`: predicted country and city of Participedia cases against the human-entered ones.

The predicted country and city come from `civicatlas.places.summary` (the country with the highest summed
place scores unless a second comes close; the first city named). "Names a place" means the description
contains the entered city, province or country name (case-insensitively), so coverage is measured where a
reader could tell.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from civicatlas.evaluate import SHARED

CASES = SHARED / "eval" / "participedia" / "cases.jsonl"


def load_cases(split: str, path: Path = CASES) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [row for row in map(json.loads, f) if row.get("split") == split]


def predict(resolved: list) -> tuple[str | None, str | None]:
    """(country, city) of one description from its resolved places."""
    from civicatlas.places.summary import first_city, main_country

    return main_country(resolved), first_city(resolved)


def names_place(row: dict[str, Any]) -> bool:
    text = (row.get("description") or "").casefold()
    names = [row.get("country_as_entered"), row.get("province"), *(row.get("city") or "").split(",")]
    return any(n and len(n.strip()) > 2 and n.strip().casefold() in text for n in names)


def evaluate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from civicatlas.places import geoparser
    from civicatlas.places.normalize import key

    gp = geoparser()
    predicted = right = with_place = with_place_predicted = 0
    city_pred = city_right = 0
    for row in rows:
        text = row.get("description") or ""
        country, city = predict(gp.parse(text, "en"))
        gold = row.get("country")
        if names_place(row):
            with_place += 1
            with_place_predicted += country is not None
        if country is not None and gold:
            predicted += 1
            right += country == gold
        gold_cities = {key(c) for c in (row.get("city") or "").split(",") if c.strip()}
        if city and gold_cities:
            city_pred += 1
            city_right += key(city) in gold_cities
    return {
        "cases": len(rows),
        "country_predicted": predicted,
        "country_precision": round(right / max(predicted, 1), 4),
        "names_a_place": with_place,
        "country_coverage_when_named": round(with_place_predicted / max(with_place, 1), 4),
        "city_predicted": city_pred,
        "city_precision": round(city_right / max(city_pred, 1), 4),
    }


def register(app: typer.Typer) -> None:
    @app.command("participedia")
    def participedia_cmd(
        split: str = typer.Option("dev", help="dev or test"),
        out: Path | None = typer.Option(None, help="write the results JSON here"),
    ) -> None:
        """Country and city accuracy on Participedia cases."""
        if not CASES.exists():
            typer.echo(f"no Participedia cases at {CASES}")
            raise typer.Exit(1)
        results = {"split": split, **evaluate(load_cases(split))}
        text = json.dumps(results, indent=2)
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text + "\n")
        typer.echo(text)
