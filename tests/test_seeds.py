"""The two canonical seed documents end to end with the default pipeline (skips without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas import Atlas


@pytest.fixture(scope="module")
def seeded(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Atlas, list[dict]]:
    atlas = Atlas(tmp_path_factory.mktemp("seeds") / "atlas.db")
    report = atlas.ingest([str(seeds)])
    assert report.errors == [] and report.documents == 2
    return atlas, list(atlas.cases())


def _match(case: dict, text: str) -> bool:
    item = case["items"][0]
    return text in (item["title"] or "") or text in item["text"]


def test_exactly_25_cases_one_per_gold_row(seeded, seed_gold) -> None:
    _, cases = seeded
    assert len(cases) == 25 == len(seed_gold)
    for gold in seed_gold:
        matching = [c for c in cases if _match(c, gold["match_text"])]
        assert len(matching) == 1, gold["match_text"]
        (case,) = matching
        assert case["sources"][0]["uri"].endswith(gold["document"])
        assert case["languages"] == [gold["language"]], gold["match_text"]


def test_repeated_first_line_is_one_item_with_two_occurrences(seeded) -> None:
    _, cases = seeded
    (leipzig,) = [c for c in cases if c["items"][0]["text"].startswith("The City of Leipzig")]
    assert len(leipzig["items"]) == 1
    occurrences = leipzig["items"][0]["occurrences"]
    assert len(occurrences) == 2 and occurrences[0]["start"] == 0 and occurrences[1]["start"] > 0


def test_teasers_keep_title_summary_caption_and_credit_apart(seeded, seeds: Path) -> None:
    _, cases = seeded
    lines = {line.strip() for line in (seeds / "004_eb8283b9d34a21c4.txt").read_text(encoding="utf-8").splitlines()}
    teasers = [c["items"][0] for c in cases if c["items"][0]["title"]]
    assert len(teasers) == 5
    for t in teasers:
        assert t["title"] in lines  # exact title line
        assert t["text"] in lines and t["text"] != t["title"]  # the summary, not the title
        assert t["caption"] and "Foto" not in t["caption"] and "Photo:" not in t["caption"]
    credits = {t["title"]: [c["text"] for c in t["credits"]] for t in teasers}
    assert credits == {
        "Internationella demokratiprojekt beviljade för tio svenska kommuner och regioner": ["Foto: ICLD"],
        "Umeå och Bogotá samarbetar i internationellt jämställdhetsprojekt": ["Foto: Alice Hansson"],
        "Anti-corruption research shapes training of municipal managers in Ukraine": ["Photo: Oksana Huss"],
        "Sex kommuner delar på 11 miljoner för demokratiprojekt": ["Foto: Duy Pham, Unsplash"],
        "Demokratin får inte ta paus – ICLD i Almedalen 2020": [],
    }
    almedalen = next(t for t in teasers if "Almedalen" in t["title"])
    assert almedalen["caption"] == "Johan Lilja, generalsekreterare ICLD, i Almedalen 2020"


def test_boilerplate_and_topic_label_are_not_items(seeded) -> None:
    atlas, cases = seeded
    texts = " ".join(i["text"] + (i["title"] or "") + (i["caption"] or "") for c in cases for i in c["items"])
    assert "Gå direkt till innehåll" not in texts and "Ämnen" not in texts
    doc = next(d for d in (atlas.store.get_document(c["sources"][0]["document"]) for c in cases)
               if d["uri"].endswith("004_eb8283b9d34a21c4.txt"))
    assert doc["metadata"]["topics"] == ["Offentlig sektor"]


def test_ingesting_again_changes_nothing(seeded, seeds: Path) -> None:
    atlas, cases = seeded
    report = atlas.ingest([str(seeds)])
    assert (report.skipped, report.new, report.updated, report.removed) == (2, 0, 0, 0)
    assert [c["id"] for c in atlas.cases()] == [c["id"] for c in cases]
