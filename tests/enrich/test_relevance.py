"""The relevance enricher with the shipped head and the default encoder: every initiative of the seeds and
examples is kept, everyday news is set aside, and the record carries the evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas.enrich.embed import EmbedEnricher
from civicatlas.enrich.relevance import RelevanceEnricher
from civicatlas.model import Item
from civicatlas.parse import parse_document
from civicatlas.read import read_path
from civicatlas.relevance import head as heads
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def enrichers() -> tuple[EmbedEnricher, RelevanceEnricher]:
    embed = EmbedEnricher()
    return embed, RelevanceEnricher(embed.encoder)


def judged(enrichers, items: list[Item]) -> list[Item]:
    embed, relevance = enrichers
    embed(items)
    relevance(items)
    return items


def parsed(folder: Path) -> list[Item]:
    return [it for p in sorted(folder.iterdir()) if p.is_file() for it in parse_document(read_path(str(p)))]


def test_every_example_and_seed_initiative_is_kept(enrichers, seeds: Path) -> None:
    items = judged(enrichers, parsed(EXAMPLES) + parsed(seeds))
    assert len(items) == 38 + 25
    assert [it.title or it.text[:60] for it in items if not it.relevance.initiative] == []


@pytest.mark.parametrize(
    "text",
    [
        "Main Street will be closed to through traffic from Monday while crews replace the road surface. Diversions "
        "are signposted via Mill Lane.",
        "Der FC gewinnt das Spitzenspiel mit 2:0 und springt auf Tabellenplatz zwei.",
        "Préchauffez le four à 180 degrés, mélangez la farine, le sucre et les œufs, puis enfournez 35 minutes.",
        "The 1.5-litre turbo engine pulls well on the motorway, and the boot is generous for the class.",
    ],
)
def test_everyday_news_is_set_aside(enrichers, text: str) -> None:
    (item,) = judged(enrichers, [Item(id="i1", document_id="d", position=0, text=text)])
    assert item.relevance.initiative is False and item.relevance.reason == "model"


def test_the_record_has_score_decision_and_evidence(enrichers) -> None:
    text = ("Kommunen bjuder in slumpvis utvalda invånare till ett medborgarråd om klimatet; rådets förslag ska "
            "besvaras av kommunstyrelsen.")
    (item,) = judged(enrichers, [Item(id="i1", document_id="d", position=0, text=text)])
    record = item.to_record()["relevance"]
    assert record["initiative"] is True and record["score"] >= heads.load().threshold
    assert record["extractor"].startswith("relevance/")
    cue = next(c for c in record["evidence"] if c["kind"] == "participation")
    assert text[cue["start"] : cue["end"]] == cue["text"] == "medborgarråd"
    assert set(record["parts"]) == {"vector", "cues"}


def test_an_item_without_a_vector_is_embedded_and_an_empty_one_scores_zero(enrichers) -> None:
    _, relevance = enrichers
    text = "A youth council gives teenagers a say in local decisions."
    items = [Item(id="a", document_id="d", position=0, text=text), Item(id="b", document_id="d", position=1, text="")]
    relevance(items)
    assert items[0].vector is not None and items[0].relevance.reason == "model"
    assert (items[1].relevance.score, items[1].relevance.reason) == (0.0, "empty")


def test_a_head_of_another_model_leaves_items_unjudged(enrichers) -> None:
    embed, _ = enrichers
    shipped = heads.load()
    other = heads.Head("st:other@1", shipped.vector_weights, shipped.cue_weights, shipped.bias, shipped.threshold)
    relevance = RelevanceEnricher(embed.encoder, head=other)
    item = Item(id="a", document_id="d", position=0, text="Participatory budgeting in Porto Alegre.")
    relevance([item])
    assert item.relevance is None and relevance.version.endswith("+unjudged")
