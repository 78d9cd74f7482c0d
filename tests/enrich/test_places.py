"""The places enricher on the seeds, built as Items directly (skips without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas.enrich import create
from civicatlas.model import Item


def _seed_items(seeds: Path) -> list[Item]:
    items: list[Item] = []
    (s000,) = seeds.glob("000_*.txt")
    for n, line in enumerate(line for line in s000.read_text(encoding="utf-8").splitlines() if line.strip()):
        items.append(Item(id=f"a{n}", document_id="000", position=n, text=line))
    (s004,) = seeds.glob("004_*.txt")
    for n, chunk in enumerate(s004.read_text(encoding="utf-8").split("  • ")[1:]):
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        caption, title, text = lines[0], lines[1], " ".join(lines[2:])
        items.append(Item(id=f"b{n}", document_id="004", position=n, text=text, title=title, caption=caption,
                          source_uri="https://www.icld.se/nyheter/"))
    return items


@pytest.fixture(scope="module")
def enriched(seeds: Path) -> list[Item]:
    items = _seed_items(seeds)
    create("language")(items)  # the places enricher runs after it in the pipeline
    create("places")(items)
    return items


def _item_for(items: list[Item], match_text: str) -> list[Item]:
    return [it for it in items if match_text in it.text or match_text in (it.title or "")]


def test_every_gold_place_with_its_country_and_no_false_places(enriched, seed_gold) -> None:
    for gold in seed_gold:
        matching = _item_for(enriched, gold["match_text"])
        assert matching, gold["match_text"]
        for item in matching:
            got = {(p.name, p.country, p.kind) for p in item.places}
            want = {(p["name"], p["country"], p["kind"]) for p in gold["places"]}
            assert want <= got, (gold["match_text"], want - got)
            assert {p.name for p in item.places} <= {p["name"] for p in gold["places"]}, gold["match_text"]
            assert item.countries == sorted(gold["countries"]), gold["match_text"]


def test_mentions_carry_evidence_with_field_offsets(enriched) -> None:
    for item in enriched:
        for p in item.places:
            ev = p.evidence
            assert ev.extractor == "places" and ev.item_id == item.id
            assert item.field_text(ev.field)[ev.start:ev.end] == p.text
            assert 0.0 < ev.confidence <= 1.0
    caption_places = [p.name for it in enriched for p in it.places if p.evidence.field == "caption"]
    assert {"Zambia", "Zimbabwe", "Dorotea"} <= set(caption_places)


def test_resolved_places_have_geonames_ids(enriched) -> None:
    bristol = next(p for it in enriched for p in it.places if p.name == "Bristol")
    assert bristol.geonameid == 2654675 and bristol.lat is not None and bristol.admin1 == "ENG"


def test_registered_and_lazy() -> None:
    enricher = create("places")
    assert enricher.name == "places" and enricher.version
    assert enricher._parser is None  # nothing heavy until the first call
