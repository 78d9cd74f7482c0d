"""Main content first: what the page is about, before deciding its shape.

trafilatura judges what is main (it is good at leaving out navigation, related-article lists, sidebars,
comments, cookie and ad blocks, whatever their repetition looks like). Its output loses the structure
listings are made of (teaser groups, figure captions, credits), so its judgement is mapped back onto the
structural walker's blocks: a walker block is main when its text is in trafilatura's main text, a teaser
group is main when any of its blocks is, and headings, captions and credits standing between main blocks
are main too. A page is a listing only when listing units make up most of that main content.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from trafilatura.core import determine_returnstring
from trafilatura.settings import Extractor

from civicatlas.model import Block
from civicatlas.parse.classify import RELATED, is_titleish
from civicatlas.parse.headline import is_date_line
from civicatlas.parse.segment import MAX_TEASER_BLOCKS

_SPACE = re.compile(r"[\s\u00a0\u200b]+")
_CHUNK = 60  # long blocks are matched piecewise: trafilatura may split or trim a paragraph
SECOND_OPINION = 0.3  # a fast judgement keeping less than this share of the page's text is checked again
_CUE_CHARS = 60  # "Schon gelesen?", "Mehr zum Thema auf UEPO.de": a pointer line standing alone
_MIN_MATCH = 15  # shorter texts are found by chance in any long text; they count only inside the main region
# A listing's units are most of the main content, none of them is a large part of it (that unit is the
# article itself, the others its sidebars), and the typical unit is teaser-sized: a title, one to three
# sentences of summary, perhaps a caption.
LISTING_SHARE = 0.6
MAX_UNIT_SHARE = 0.4
TEASER_CHARS = 600


def norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()


def judge(content: str, page_chars: int) -> list[Block]:
    """trafilatura's main content as blocks: headings, paragraphs, list items, quotes and table cells.

    Its fast path first; when that keeps little of a page's text (it may take the first of several
    <article> teasers for the whole), its full path, which compares with two other extractors."""
    blocks = _extract(content, fast=True)
    if sum(len(b.text) for b in blocks) < SECOND_OPINION * page_chars:
        blocks = _extract(content, fast=False)
    return blocks


def _extract(content: str, fast: bool) -> list[Block]:
    # extract() as bare_extraction and its XML output, without the content fingerprint extract() also computes
    # (for metadata we do not read): ~15% of trafilatura's time on the 502 real pages, the same blocks on each
    options = Extractor(output_format="xml", comments=False, tables=True, images=False, links=False, dedup=False,
                        fast=fast)
    document = trafilatura.bare_extraction(content, options=options)
    xml = determine_returnstring(document, options) if document is not None else ""
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks: list[Block] = []
    for el in (main if main is not None else root).iter("head", "p", "item", "quote", "cell"):
        if el.tag != "item" and any(a.tag in ("item", "quote", "cell") for a in el.iterancestors()):
            continue  # a <p> inside a list item or quote is part of that block
        text = " ".join(norm("".join(el.itertext())).split())
        if not text:
            continue
        if el.tag == "head":
            level = int((el.get("rend") or "h2").lstrip("h") or 2)
            blocks.append(Block("heading", text, level=level))
        else:
            blocks.append(Block("list_item" if el.tag == "item" else "paragraph", text))
    return blocks


class MainText:
    """The judge's main content as one normalised string, to ask whether a walker block is part of it."""

    def __init__(self, blocks: list[Block]) -> None:
        self.text = " ".join(norm(b.text) for b in blocks)

    def __len__(self) -> int:
        return len(self.text)

    def contains(self, text: str) -> bool:
        t = norm(text)
        if not t:
            return False
        if t in self.text:
            return True
        if len(t) < 2 * _CHUNK:
            return False
        words, chunks, cur = t.split(" "), [], []
        for w in words:
            cur.append(w)
            if sum(len(x) + 1 for x in cur) >= _CHUNK:
                chunks.append(" ".join(cur))
                cur = []
        found = sum(c in self.text for c in chunks)
        return found >= 0.6 * len(chunks)


def region(page: list[Block], main: MainText) -> list[Block]:
    """The walker's blocks that make up the main content, keeping their groups, captions and credits."""
    hit = [b.kind not in ("boilerplate", "metadata") and len(norm(b.text)) >= _MIN_MATCH and main.contains(b.text)
           for b in page]
    if not any(hit):
        return []
    first = hit.index(True)
    last = len(hit) - 1 - hit[::-1].index(True)
    groups = {b.group for b, h in zip(page, hit, strict=True) if h and b.group is not None}
    kept = []
    for i, b in enumerate(page):
        if hit[i] or (b.group is not None and b.group in groups and b.kind != "boilerplate"):
            kept.append(b)
        elif first < i < last and b.kind in ("heading", "caption", "credit"):
            kept.append(b)
    return kept


def is_listing(units: list[list[Block]], main: MainText) -> bool:
    """Do these listing units make up the page's main content (see LISTING_SHARE and the rules above)?"""
    if len(units) < 2 or not len(main):
        return False
    sizes = sorted(sum(len(b.text) for b in u) for u in units)
    bodies = sorted(sum(b.kind in ("paragraph", "list_item") for b in u) for u in units)
    typical, typical_body = sizes[len(sizes) // 2], bodies[len(bodies) // 2]
    # The units carry the titles the judge may drop, so they are measured against whichever is larger; a unit
    # far larger than the others is the article itself, but two or three teasers of one size are a listing
    whole = max(len(main), sum(sizes))
    return (sum(sizes) >= LISTING_SHARE * len(main) and sizes[-1] <= max(MAX_UNIT_SHARE * whole, 1.5 * typical)
            and typical <= TEASER_CHARS and 1 <= typical_body <= MAX_TEASER_BLOCKS)


def mark_furniture(body: list[Block]) -> list[Block]:
    """Mark what an article body carries that is not its text as boilerplate: date lines, and the article
    titles listed under a standalone "Read also" line."""
    listing = False
    for b in body:
        if b.kind == "boilerplate":
            listing = bool(RELATED.match(b.text)) and len(b.text) <= _CUE_CHARS
        elif b.kind in ("heading", "paragraph", "list_item") and (
                is_date_line(b.text) or listing and is_titleish(b.text)):
            b.kind = "boilerplate"
        else:
            listing = False
    return body
