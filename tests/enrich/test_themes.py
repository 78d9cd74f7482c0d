from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from civicatlas.enrich import create
from civicatlas.enrich.embed import EmbedEnricher
from civicatlas.enrich.themes import ThemesEnricher
from civicatlas.model import Evidence, Item, Place, Theme
from civicatlas.themes import VOCABULARIES, heads


@pytest.fixture(scope="module")
def enricher() -> ThemesEnricher:
    return ThemesEnricher()


def _evidence_text(item: Item, theme: Theme) -> str | None:
    ev = theme.evidence
    return item.field_text(ev.field)[ev.start : ev.end] if ev else None


def _place(item_id: str, text: str, name: str, start: int, country: str, kind: str = "city") -> Place:
    return Place(
        text=name,
        evidence=Evidence(item_id, start, start + len(name), "places", "1"),
        name=name,
        country=country,
        kind=kind,
    )


def test_every_vocabulary_with_scores(enricher: ThemesEnricher) -> None:
    item = Item(
        id="a", document_id="d", position=0, text="Residents of a small town discuss the future of their school."
    )
    enricher([item])
    assert set(item.themes) == set(VOCABULARIES)
    assert len(item.themes["general_issues"]) == 3
    for vocab, labels in item.themes.items():
        for t in labels:
            assert t.key in VOCABULARIES[vocab] and 0.0 <= t.score <= 1.0 and t.extractor == "themes"
    assert item.to_record()["themes"]["general_issues"][0].keys() >= {"key", "score"}
    assert item.vector is not None  # embedded itself when no embed enricher ran


def test_swedish_citizens_assembly_by_lot(enricher: ThemesEnricher) -> None:
    item = Item(
        id="sv",
        document_id="d",
        position=0,
        text="Ett medborgarråd med 50 slumpmässigt utvalda invånare diskuterade kommunens klimatplan.",
    )
    enricher([item])
    method = {t.key: t for t in item.themes["method_types"]}
    assert "deliberative" in method and _evidence_text(item, method["deliberative"]) == "medborgarråd"
    recruit = item.themes["recruitment_method"]
    assert recruit[0].key == "random" and _evidence_text(item, recruit[0]) == "slumpmässigt utvalda"
    assert "environment" in [t.key for t in item.themes["general_issues"]]


def test_german_participatory_budget_for_young_people(enricher: ThemesEnricher) -> None:
    text = "Die Stadt führt einen Bürgerhaushalt ein: Jugendliche entscheiden über 100.000 Euro."
    item = Item(id="de", document_id="d", position=0, text=text)
    enricher([item])
    assert "public" in [t.key for t in item.themes["method_types"]]  # Participedia: participatory budgeting
    youth = [t for t in item.themes["targeted_participants"] if t.key == "youth"]
    assert youth and _evidence_text(item, youth[0]) == "Jugendliche"


def test_scope_from_places_of_two_countries(enricher: ThemesEnricher) -> None:
    text = "Umeå and Bogotá cooperate on gender equality and sustainable urban development."
    item = Item(
        id="p",
        document_id="d",
        position=0,
        text=text,
        places=[_place("p", text, "Umeå", 0, "SE"), _place("p", text, "Bogotá", 9, "CO")],
    )
    enricher([item])
    scope = item.themes["scope_of_influence"]
    assert scope[0].key == "multinational" and _evidence_text(item, scope[0]) == "Umeå"
    assert "international" in [t.key for t in item.themes["general_issues"]]


def test_heads_of_another_model_are_not_used() -> None:
    shipped = heads.load()
    if shipped is None:
        pytest.skip("heads not trained")
    other = heads.Heads(model="another-model@1", heads=shipped.heads)
    assert ThemesEnricher(trained=other).heads is None
    assert ThemesEnricher().heads is not None  # the shipped heads fit the default encoder


def test_registered_and_empty_batches() -> None:
    themes = create("themes")
    themes([])
    themes([Item(id="e", document_id="d", position=0, text="")])


def _seed_items(seeds: Path) -> list[Item]:
    """Items as the segmenter finds them: one per line in the awards list, caption/title/text teasers."""
    items = []
    lines = [ln.strip() for ln in (seeds / "000_e81c85460a3ecbb7.txt").read_text(encoding="utf-8").splitlines()]
    for i, line in enumerate(dict.fromkeys(ln for ln in lines if ln)):
        items.append(Item(id=f"a{i}", document_id="000", position=i, text=line))
    listing = (seeds / "004_eb8283b9d34a21c4.txt").read_text(encoding="utf-8")
    for i, chunk in enumerate(re.split(r"\n\s*•\s*", listing)[1:]):
        caption, title, text = [p.strip() for p in chunk.strip().split("\n\n") if p.strip()][:3]
        items.append(Item(id=f"b{i}", document_id="004", position=i, title=title, text=text, caption=caption))
    return items


def test_seed_general_issues_in_top_three(seeds: Path, seed_gold: list[dict]) -> None:
    items = _seed_items(seeds)
    create("actors")(items)  # as in the pipeline: organisations' names are not cues of what an item is about
    EmbedEnricher()(items)
    ThemesEnricher()(items)
    hits = 0
    for gold in seed_gold:
        item = next(it for it in items if gold["match_text"] in f"{it.title or ''} {it.text}")
        top = [t.key for t in item.themes["general_issues"]]
        hits += all(k in top for k in gold["general_issues"])
    assert hits == 25, hits
    assert np.all([it.vector is not None for it in items])


def test_vector_of_another_size_is_replaced(enricher: ThemesEnricher) -> None:
    item = Item(id="v", document_id="d", position=0, text="A referendum on the new tram line.")
    item.vector = np.ones(3, dtype=np.float32)
    enricher([item])
    assert item.vector.shape == (enricher.encoder.dim,) and item.themes["general_issues"]
    assert enricher.encoder.name in enricher.version
