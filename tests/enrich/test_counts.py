"""The counts enricher: every field with offsets, the seed counts."""

from __future__ import annotations

from pathlib import Path

from civicatlas.model import Item
from tests.enrich.test_actors import enrich, seed_items


def test_enricher_fields_and_offsets() -> None:
    item = Item(
        id="i",
        document_id="d",
        position=0,
        title="Sex kommuner får pengar",
        text="Totalt 120 deltagare.",
        language="sv",
    )
    enrich([item], "counts")
    assert [(c.evidence.field, c.value, c.unit) for c in item.counts] == [
        ("title", 6, "municipalities"),
        ("text", 120, "participants"),
    ]
    for c in item.counts:
        assert item.field_text(c.evidence.field)[c.start : c.end] == c.text


def test_seed_counts(seeds: Path, seed_gold: list[dict]) -> None:
    items = enrich(seed_items(seeds), "money", "counts")
    for gold in seed_gold:
        item = next(it for it in items if gold["match_text"] in (it.title or "") + " " + it.text)
        got = {(c.value, c.unit) for c in item.counts}
        assert {(g["value"], g["unit"]) for g in gold["counts"]} <= got, gold["match_text"]
        assert len(got) == len({(g["value"], g["unit"]) for g in gold["counts"]}), (gold["match_text"], got)
