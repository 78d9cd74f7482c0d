"""The seeds with the example corpus, end to end with the real enrichers (skips without ../shared): the
planted duplicates become one case each, the hard negatives stay apart, and a second copy of a page adds
no case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from civicatlas import Atlas
from tests.conftest import EXAMPLES

PIPELINE = ["language", "places", "money", "counts", "dates", "actors", "embed"]

# (document, words of the item) pairs the example corpus plants as one initiative (docs/EXAMPLES.md)
PLANTED = [
    (("sv_kalmar_ungdomsbudget", "Unga i Kalmar"), ("en_local_democracy_awards", "Kalmar Youth Budget")),
    (("pl_panel_obywatelski_lublin", "Panel obywatelski"), ("en_local_democracy_awards", "Lublin Citizens")),
    (("fr_besancon_budget_participatif", "Bisontins"), ("de_preistraeger_2024", "Ville de Besançon")),
    (("de_preistraeger_2024", "Jugendfonds"), ("de_foerderung_demokratie_vor_ort", "Jugendfonds geht")),
    (("sv_en_nyheter_demokrati", "Linköping and Lviv train"), ("en_linkoping_lviv_integrity", "Building integrity")),
    (("sv_en_nyheter_demokrati", "Region Skåne samlar"), ("sv_skane_medborgarrad_klimat", "Medborgarrådet om")),
]
APART = [  # same city or same kind of initiative, another initiative
    ("Kalmar kommun testar medborgarpanel", "Kalmar Youth Budget"),
    ("un conseil des jeunes pour les 11-17 ans", "Bisontins"),
    ("Unga i Gävle", "Kalmar Youth Budget"), ("Tartu Youth Participatory Budget", "Kalmar Youth Budget"),
    ("Ville de Poitiers", "Bisontins"), ("Eberswalde", "Bisontins"),
    ("Bürgerrat Klima übergibt", "Region Skåne samlar"), ("Clunisois", "Region Skåne samlar"),
    ("Lübbenau", "Basel-Landschaft"), ("Lübbenau", "Andalusia"), ("Basel-Landschaft", "Andalusia"),
]


@pytest.fixture(scope="module")
def atlas(seeds: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("examples")
    with Atlas(folder / "atlas.db", enrichers=PIPELINE) as atlas:
        assert atlas.ingest([str(seeds)]).errors == []
        assert atlas.stats()["cases"] == 25
        assert atlas.ingest([str(EXAMPLES)]).errors == []
        yield atlas, folder


def _case_of(atlas: Atlas, words: str, document: str | None = None) -> str:
    for case in atlas.cases():
        for item in case["items"]:
            source = next(s["uri"] for s in case["sources"] if s["document"] == item["document"])
            if words in f"{item['title'] or ''} {item['text']}" and (document is None or document in source):
                return case["id"]
    raise AssertionError(f"no item with {words!r}")


def test_planted_duplicates_are_one_case_each(atlas) -> None:
    atlas, _ = atlas
    for (doc_a, words_a), (doc_b, words_b) in PLANTED:
        assert _case_of(atlas, words_a, doc_a) == _case_of(atlas, words_b, doc_b), (words_a, words_b)


def test_hard_negatives_stay_apart(atlas) -> None:
    atlas, _ = atlas
    for a, b in APART:
        assert _case_of(atlas, a) != _case_of(atlas, b), (a, b)


def test_a_second_copy_of_a_page_adds_no_case(atlas) -> None:
    atlas, folder = atlas
    before = [c["id"] for c in atlas.cases()]
    copy = folder / "copy_of_news.html"
    shutil.copy(EXAMPLES / "sv_en_nyheter_demokrati.html", copy)
    report = atlas.ingest([str(copy)])
    assert report.new == 5 and [c["id"] for c in atlas.cases()] == before
