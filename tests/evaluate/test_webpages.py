"""`civicatlas eval webpages`: scoring on pages written here, and the targets on ../shared/eval/webpages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from civicatlas.evaluate.webpages import Score, evaluate, load_gold, markdown, reader_text

ARTICLE = """<html><head><title>Lublin's panel on urban greenery | City news</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main><article><h1>Lublin's panel on urban greenery</h1>
<p>Sixty residents of Lublin, drawn by lot, met over four weekends to decide how the city should care for its
trees, parks and green squares, and handed twenty-two recommendations to the mayor in June.</p>
<p>The city council promised to answer every recommendation within three months and to publish the answers
on the city's participation portal, together with the cost of each measure that it adopts.</p>
</article></main>
<footer><p>Subscribe to our newsletter for more city news.</p></footer></body></html>"""


def test_score_counts_phrases_with_whitespace_normalised() -> None:
    s = Score()
    s.add("one  two\nthree four", ["two three", "five"], ["four", "six"])
    assert (s.tp, s.fn, s.fp) == (1, 1, 1)
    assert s.as_dict()["precision"] == 0.5 and s.as_dict()["recall"] == 0.5


def test_reader_text_puts_each_title_before_its_text() -> None:
    records = [{"title": "A title", "text": "Its text."}, {"title": None, "text": "Untitled."}]
    assert reader_text(records) == "A title\nIts text.\n\nUntitled."


def test_evaluate_pages_written_here(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html.gz").write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    gold = {"url": None, "file": "pages/a.html.gz", "with": ["drawn by lot", "twenty-two recommendations",
            "participation portal"], "without": ["Subscribe to our newsletter", "Home"]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = evaluate(tmp_path)
    assert result["pages"] == 1 and result["pages_failed"] == 0
    assert result["civicatlas"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 3, "fp": 0, "fn": 0}
    assert result["trafilatura"]["tp"] == 3  # scored in the same run on the same page
    assert result["listing_share"] == 0.0 and result["pages_without_items"] == 0
    assert result["initiative_share"] is None  # no enricher put relevance into the records
    assert "| CivicAtlas" in markdown(result)


def test_a_bad_gold_line_is_named(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text('{"file": "x.html"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:1: not a gold row"):
        load_gold(tmp_path)


@pytest.fixture(scope="module")
def webpages_result(shared: Path) -> dict:
    data = shared / "eval" / "webpages"
    if not (data / "gold.jsonl").is_file():
        pytest.skip("../shared/eval/webpages is not present")
    return evaluate(data)


def test_main_content_targets_on_the_webpages_set(webpages_result: dict) -> None:
    ours, theirs = webpages_result["civicatlas"], webpages_result["trafilatura"]
    assert ours["f1"] >= 0.93
    assert ours["f1"] >= theirs["f1"]  # trafilatura's own extract, same run, same pages
    assert webpages_result["listing_share"] <= 0.03  # these pages are single articles
    assert webpages_result["pages_failed"] == 0
