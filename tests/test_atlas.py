"""Atlas and relevance: items that are not initiatives are stored but set aside from cases, search, export and
stats unless asked (`all=True`); a curator's promotion brings one back and survives re-ingest and resolve."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.errors import NotFound

PAGE = """# Neighbourhood news

## Residents decide how to spend 200,000 euros

The district launches a participatory budget: until May, residents submit ideas for their streets and parks, and in
June they vote on the projects the council will fund.

## Derby ends 3-2

United came from behind to beat City 3-2 on Saturday. The winner came in stoppage time and lifts United to fourth in
the table. Tickets for the next home game cost 25 euros.

## Banana bread

Mash three ripe bananas, stir in melted butter, sugar and an egg, fold in flour with baking soda and bake for
{minutes} minutes.
"""

ENRICHERS = ["language", "money", "embed", "relevance"]  # money: mentions to count


@pytest.fixture()
def atlas(tmp_path: Path):
    page = tmp_path / "news.md"
    page.write_text(PAGE.format(minutes=55), encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=ENRICHERS) as a:
        assert not a.ingest([str(page)]).errors
        yield a


def items_by_title(atlas: Atlas) -> dict[str, dict]:
    return {r["title"]: r for r in atlas.store.iter_records()}


def test_a_page_keeps_its_initiative_and_sets_the_other_news_aside(atlas: Atlas) -> None:
    items = items_by_title(atlas)
    assert len(items) == 3  # everything is stored
    assert items["Residents decide how to spend 200,000 euros"]["relevance"]["initiative"] is True
    for title in ("Derby ends 3-2", "Banana bread"):
        assert items[title]["relevance"]["initiative"] is False
    assert [c["title"] for c in atlas.cases()] == ["Residents decide how to spend 200,000 euros"]
    every = list(atlas.cases(all=True))
    assert len(every) == 3 and sum(c["initiative"] for c in every) == 1


def test_set_aside_cases_are_not_searched_exported_or_counted_unless_asked(atlas: Atlas) -> None:
    assert atlas.search("bananas", by="words") == []
    assert [r["title"] for r in atlas.search("bananas", by="words", all=True)] == ["Banana bread"]
    out, every = io.StringIO(), io.StringIO()
    assert atlas.export(out) == 1 and atlas.export(every, all=True) == 3
    header, *cases = [json.loads(line) for line in every.getvalue().splitlines()]
    assert header["metadata"]["filters"] == {"all": True} and {c["initiative"] for c in cases} == {True, False}
    stats, everything = atlas.stats(), atlas.stats(all=True)
    assert (stats["items"], stats["cases"]) == (1, 1)
    assert (everything["items"], everything["cases"]) == (3, 3)
    assert stats["set_aside"] == everything["set_aside"] == {"items": 2, "cases": 2}
    assert sum(stats["languages"].values()) == 1
    assert sum(stats["mentions"].values()) < sum(everything["mentions"].values())


def test_a_promoted_item_becomes_a_case_and_stays_one_across_reingest_and_resolve(atlas: Atlas,
                                                                                  tmp_path: Path) -> None:
    derby = items_by_title(atlas)["Derby ends 3-2"]["id"]
    case = atlas.promote(derby)
    assert case in {c["id"] for c in atlas.cases()} and atlas.stats()["cases"] == 2
    moves = atlas.history(derby)
    assert moves[-1]["reason"] == "promoted" and moves[-1]["actor"] == "human"
    # the page changes elsewhere: the document is read and enriched again, the derby item judged again
    (tmp_path / "news.md").write_text(PAGE.format(minutes=50), encoding="utf-8")
    report = atlas.ingest([str(tmp_path / "news.md")])
    assert report.documents == 1 and report.updated + report.new >= 1
    assert items_by_title(atlas)["Derby ends 3-2"]["relevance"]["initiative"] is False  # the model's view is kept
    assert case in {c["id"] for c in atlas.cases()}  # the person's decision wins
    atlas.resolve()
    assert {c["title"] for c in atlas.cases()} == {"Residents decide how to spend 200,000 euros", "Derby ends 3-2"}


def test_promoting_an_unknown_item_is_a_clear_error(atlas: Atlas) -> None:
    with pytest.raises(NotFound, match="i0000: no item"):
        atlas.promote("i0000")


def test_show_and_extract_are_the_cli_verbs(atlas: Atlas, tmp_path: Path) -> None:
    case = next(atlas.cases())
    shown = atlas.show(case["id"])
    assert shown["kind"] == "case" and shown["id"] == case["id"] and shown["items"] == case["items"]
    with pytest.raises(NotFound, match="c0000: no case, item or document with this id"):
        atlas.show("c0000")
    records = list(atlas.extract([str(tmp_path / "news.md")]))  # this Atlas's enrichers, nothing stored
    assert [r["title"] for r in records] == ["Residents decide how to spend 200,000 euros", "Derby ends 3-2",
                                             "Banana bread"]
    assert [r["relevance"]["initiative"] for r in records] == [True, False, False]
    assert atlas.stats(all=True)["items"] == 3


def test_without_the_relevance_enricher_every_item_is_a_case(tmp_path: Path) -> None:
    page = tmp_path / "news.md"
    page.write_text(PAGE.format(minutes=55), encoding="utf-8")
    with Atlas(tmp_path / "b.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(page)])
        assert atlas.stats()["cases"] == 3 and all(r["relevance"] is None for r in atlas.store.iter_records())


def test_merge_and_split_carry_the_flag_with_the_items(atlas: Atlas) -> None:
    items = items_by_title(atlas)
    budget, derby = items["Residents decide how to spend 200,000 euros"]["id"], items["Derby ends 3-2"]["id"]
    case = atlas.merge(budget, derby)  # a person says they are one initiative: the case keeps both
    assert [len(c["items"]) for c in atlas.cases()] == [2] and atlas.stats(all=True)["cases"] == 2
    new_case = atlas.split(case, derby)  # and takes it back: the derby's own case is set aside again
    assert [c["id"] for c in atlas.cases()] == [case]
    assert {c["id"]: c["initiative"] for c in atlas.cases(all=True)}[new_case] is False
