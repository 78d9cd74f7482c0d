"""The dates enricher: numerals that are money or counts are not years; the seed years."""

from __future__ import annotations

from pathlib import Path

from civicatlas.model import Item
from tests.enrich.test_actors import enrich, seed_items


def test_money_and_counts_are_not_years() -> None:
    item = Item(
        id="i", document_id="d", position=0, text="Budget 2000 kronor för 2021 deltagare år 2020.", language="sv"
    )
    enrich([item], "money", "counts", "dates")
    assert item.years == [2020]
    assert [(d.text, d.evidence.field) for d in item.dates] == [("2020", "text")]


def test_seed_years(seeds: Path, seed_gold: list[dict]) -> None:
    items = enrich(seed_items(seeds), "money", "counts", "dates")
    for gold in seed_gold:
        item = next(it for it in items if gold["match_text"] in (it.title or "") + " " + it.text)
        assert item.years == gold["years"], gold["match_text"]
