"""Main content first: small pages written here, each with the boilerplate that used to be taken for a
listing or for the article's title."""

from __future__ import annotations

import pytest

from civicatlas.model import Document
from civicatlas.parse import main as main_module
from civicatlas.parse import parse_document
from civicatlas.read import read_bytes

PROSE = [
    "The town council of Nordby voted on Tuesday to hand part of next year's budget to a panel of residents "
    "drawn by lot from the population register, a first for the region.",
    "Forty residents will meet on six Saturdays between March and June. They will hear experts, visit the "
    "districts concerned and decide together how 1.5 million euros for street repairs and playgrounds are spent.",
    "The mayor said the council would adopt every recommendation that reaches a two-thirds majority in the "
    "panel, and that the process would be evaluated by the regional university before it is repeated.",
    "Critics in the opposition welcomed the idea but asked why the panel may not also decide on the much "
    "larger transport budget; the council answered that a second panel could follow in 2026.",
]


def _page(body: str, title: str = "Residents of Nordby will decide on street repairs | Nordby News",
          head: str = "") -> Document:
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><header><a href="/">Nordby News</a><nav><ul><li><a href="/">Home</a></li><li><a href="/p">Politics</a></li>
</ul></nav></header>{body}<footer><p>Contact the editors at news@nordby.example</p></footer></body></html>"""
    return read_bytes(html.encode("utf-8"), "https://nordby.example/panel.html", "panel.html")


def _article(extra_before: str = "", extra_after: str = "", headline: str = "Residents of Nordby will decide on "
             "street repairs") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    return f"<main><article>{extra_before}<h1>{headline}</h1>{paras}</article>{extra_after}</main>"


def _teaser(n: int) -> str:
    return (f'<article class="teaser"><h3>Other town story number {n} about parking</h3>'
            f"<p>A short summary of story {n}: the parking rules in the old town change in spring.</p></article>")


def _one_article(doc: Document):
    items = parse_document(doc)
    assert doc.metadata["shape"] == "article", [i.title for i in items]
    assert len(items) == 1
    return items[0]


def test_related_articles_sidebar_is_not_a_listing() -> None:
    teasers = "".join(_teaser(n) for n in range(6))
    sidebar = f'<div class="more-stories"><h2>More from Nordby News</h2>{teasers}</div>'
    item = _one_article(_page(_article(extra_after=sidebar)))
    assert item.title == "Residents of Nordby will decide on street repairs"
    assert "drawn by lot" in item.text and "second panel could follow" in item.text
    assert "parking" not in item.text


def test_date_line_and_byline_before_the_headline_are_not_its_title() -> None:
    before = '<p class="date">Dienstag, 1. Februar 2022</p><p class="author">Von Leonora Holling</p>'
    item = _one_article(_page(_article(extra_before=before)))
    assert item.title == "Residents of Nordby will decide on street repairs"
    assert "Dienstag" not in item.text and "Leonora" not in item.text


def test_headline_from_og_title_when_the_page_has_no_h1() -> None:
    body = "<main><article><p>Reklama</p>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</article></main>"
    head = '<meta property="og:title" content="Nordby hands its street budget to residents">'
    item = _one_article(_page(body, head=head))
    assert item.title == "Nordby hands its street budget to residents"


def test_title_tag_without_the_site_name_when_nothing_else_names_the_article() -> None:
    body = "<main><div><p>Von Leonora Holling</p>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</div></main>"
    item = _one_article(_page(body, title="Nordby residents get the street budget – Nordby News"))
    assert item.title == "Nordby residents get the street budget"


def test_comment_section_is_not_content() -> None:
    comments = '<section id="comments"><h2>3 comments</h2>' + "".join(
        f'<article class="comment"><h4>Reader {n}</h4><p>I think this is a great idea and long overdue, '
        f"well done to everyone involved in making it happen number {n}.</p></article>" for n in range(3)
    ) + "</section>"
    item = _one_article(_page(_article(extra_after=comments)))
    assert "great idea" not in item.text


def test_table_of_scores_is_part_of_an_article_not_a_listing() -> None:
    rows = "".join(f"<tr><td>Rider {n}</td><td>{n + 3}</td><td>{n + 1}</td></tr>" for n in range(12))
    intro = ("<p>The speedway club of Nordby won its home match against Lakeside by 50 to 40 points on Sunday "
             "evening, in front of four thousand spectators, and leads the league after five rounds.</p>" * 2)
    body = (f"<main><article><h1>Nordby speedway beats Lakeside</h1>{intro}"
            f"<table><tr><th>Rider</th><th>Points</th><th>Heats</th></tr>{rows}</table></article></main>")
    item = _one_article(_page(body, title="Nordby speedway beats Lakeside | Nordby News"))
    assert item.title == "Nordby speedway beats Lakeside"
    assert "four thousand spectators" in item.text


def test_real_listing_inside_boilerplate_is_still_a_listing() -> None:
    teasers = "".join(
        f'<article class="teaser"><figure><img src="p{n}.jpg"><figcaption>Residents at work in town {n}. '
        f"Foto: Anna Berg</figcaption></figure><h2>Town {n}: a citizens' panel on the harbour</h2>"
        f"<p>Forty residents of town {n} drawn by lot meet six times to advise the council on how the old "
        f"harbour should be developed; the council has promised to answer every proposal.</p></article>"
        for n in range(1, 6))
    body = ('<div class="cookie-banner"><p>We use cookies to measure our audience. Accept or refuse.</p></div>'
            "<main><h1>Grants 2024: the towns we support</h1><p>Five projects received grants this year.</p>"
            f'<section class="list">{teasers}</section></main><aside><h2>Next round</h2>'
            "<p>Applications for 2025 open on 1 February.</p></aside>")
    doc = _page(body, title="Grants 2024 | Foundation")
    items = parse_document(doc)
    assert doc.metadata["shape"] == "teasers"
    assert [i.title for i in items] == [f"Town {n}: a citizens' panel on the harbour" for n in range(1, 6)]
    assert items[0].caption == "Residents at work in town 1."
    assert [c.name for c in items[0].credits] == ["Anna Berg"]


def test_read_also_pointer_and_subscribe_call_are_not_article_text() -> None:
    after = ("<p>Read also:</p><p>Parking rules change in the old town</p>"
             "<p>Subscribe to our newsletter and never miss a story from Nordby.</p>")
    body = _article().replace("</article>", after + "</article>")
    item = _one_article(_page(body))
    assert "Parking rules" not in item.text and "newsletter" not in item.text
    assert item.text.rstrip().endswith("could follow in 2026.")


def test_a_failing_main_content_judge_falls_back_to_the_whole_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(content: str, page_chars: int):
        raise RuntimeError("cannot read this tree")

    monkeypatch.setattr("civicatlas.parse.judge", broken)
    doc = _page(_article())
    items = parse_document(doc)
    assert len(items) == 1 and "drawn by lot" in items[0].text
    assert any("main-content extraction failed" in w and "cannot read this tree" in w for w in doc.warnings)


@pytest.mark.parametrize("html", ["", "<html>", "<<<>>>", "<p>one line</p>", "\x00\x01 not html at all",
                                  "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>"])
def test_bad_html_never_crashes(html: str) -> None:
    # straight to the parser: the reader already refuses empty and binary inputs with a clear error
    doc = Document(id="d2", uri="bad.html", content=html, content_type="html", sha256="")
    items = parse_document(doc)
    assert isinstance(items, list)


def test_main_text_finds_blocks_the_judge_split_or_trimmed() -> None:
    from civicatlas.model import Block

    main = main_module.MainText([Block("paragraph", PROSE[0]), Block("paragraph", PROSE[1][:150])])
    assert main.contains(PROSE[0]) and main.contains(PROSE[1])
    assert not main.contains(PROSE[2])
    assert not main.contains("Home")
