from __future__ import annotations

from pathlib import Path

from civicatlas.evaluate.relevance import PASSAGE_SENTENCES, markdown, news_items


def test_news_articles_become_items_whole_and_two_passages(shared: Path) -> None:
    whole, parts = news_items(shared / "eval" / "geoparsing" / "TR-News.xml")
    assert len(whole) == 118 and all(it.text.strip() for it in whole)
    assert len(whole) < len(parts) <= 2 * len(whole)
    article = {w.position: " ".join(w.text.split()) for w in whole}
    assert all(p.text in article[p.position] for p in parts)  # cut from their own article, in order
    assert max(p.text.count(". ") for p in parts) < PASSAGE_SENTENCES + 1


def test_markdown_names_every_set() -> None:
    news = {"lgl": {"articles": 2, "judged_initiatives": 0.5, "passages": 4, "passages_judged_initiatives": 0.25}}
    result = {"command": "civicatlas eval relevance", "encoder": "m", "threshold": 0.67,
              "participedia_test": {"descriptions": 10, "kept": 0.9}, "news": news,
              "webpages_in_sample": {"pages": 5, "pages_with_a_case": 0.2}, "precision_test_and_news": 0.9,
              "seeds": {"kept": 25, "items": 25}, "examples": {"kept": 38, "items": 38}}
    text = markdown(result)
    assert "| lgl articles (negatives) | 2 | 0.500 |" in text and "Seeds kept 25/25" in text
