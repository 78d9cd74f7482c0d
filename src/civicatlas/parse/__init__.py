"""Document → Blocks → Items."""

from __future__ import annotations

from civicatlas.model import Block, Document, Item
from civicatlas.parse.classify import TOPIC_LABELS, classify, is_sentence
from civicatlas.parse.headline import headline, same_title
from civicatlas.parse.html import page_title, parse_tree, title_candidates, walk_blocks
from civicatlas.parse.main import MainText, is_listing, judge, mark_furniture, norm, region
from civicatlas.parse.segment import listing_units, segment
from civicatlas.parse.text import parse_text

__all__ = ["parse", "segment", "parse_document"]

_FURNITURE_CHARS = 100  # a kicker or dateline is a short line; a paragraph before the headline is content
_LEAD_WORDS = 12  # a standfirst is a sentence or two, longer than a caption-like line or a button
_LEAD_REACH = 8  # blocks after the headline in which a standfirst may stand (bylines, dates, share bars)


def parse(doc: Document) -> list[Block]:
    """Structural blocks of a document, classified; sets doc.text, doc.title, doc.metadata (with "shape"
    when the parser decides it: HTML pages, from their main content)."""
    doc.metadata.pop("shape", None)
    if doc.content_type == "html":
        blocks = _html_blocks(doc)
        _offsets(blocks)
        doc.text = "\n\n".join(b.text for b in blocks)
    else:
        blocks = classify(parse_text(doc.content, markdown=doc.content_type == "markdown"))
        doc.text = doc.content
        first = next((b for b in blocks if b.kind == "heading"), None)
        doc.title = first.text if first else None
    for b in blocks:
        if b.kind == "metadata":
            label, value = b.meta["label"], b.meta["value"]
            doc.metadata.setdefault("labels", {})[label] = value
            if TOPIC_LABELS.match(label):
                doc.metadata.setdefault("topics", []).extend(v.strip() for v in value.split(",") if v.strip())
    return _indexed(blocks)


def _html_blocks(doc: Document) -> list[Block]:
    """Main content first: the listing units of the main content when they are most of it, else the page
    as one article — its headline, the judge's main text and the walker's captions and credits."""
    tree = parse_tree(doc.content)
    doc.title = page_title(tree)
    page = _indexed(classify(walk_blocks(tree)))
    text_chars = sum(len(b.text) for b in page if b.kind in ("paragraph", "list_item", "heading"))
    try:
        main_blocks = classify(judge(doc.content, text_chars))
    except Exception as e:  # the judge is a heuristic library over arbitrary HTML: never let it sink a page
        doc.warnings.append(f"main-content extraction failed ({type(e).__name__}: {e}); the whole page was parsed")
        return page
    if not any(b.kind in ("paragraph", "list_item") for b in main_blocks):
        return page  # nothing judged main (a near-empty page): the walker's blocks are all there is
    main = MainText(main_blocks)
    kept = _indexed(region(page, main))
    kind, units = listing_units(kept)
    if kind != "article" and is_listing(units, main):
        doc.metadata["shape"] = kind
        return kept
    doc.metadata["shape"] = "article"
    return _article_blocks(tree, main_blocks, page, kept, main)


def _article_blocks(tree, body: list[Block], page: list[Block], kept: list[Block], main: MainText) -> list[Block]:
    """Headline, lead, then the figure captions and credits of the main content (the judge drops them),
    then the body. Short lines the body has before its own copy of the headline are a kicker or dateline."""
    title = headline(**title_candidates(tree), main_text=main.text)
    if title is not None:
        key = norm(title).casefold()
        at = next((i for i, b in enumerate(body) if norm(b.text).casefold() == key), None)
        if at is not None:
            furniture = all(len(b.text) <= _FURNITURE_CHARS for b in body[:at])
            body = body[at + 1 :] if furniture else body[:at] + body[at + 1 :]
    pictures = [Block(b.kind, b.text, meta=dict(b.meta)) for b in kept if b.kind in ("caption", "credit")]
    head = [Block("title", title)] if title else []
    return head + _lead(page, title, main) + pictures + mark_furniture(body)


def _lead(page: list[Block], title: str | None, main: MainText) -> list[Block]:
    """The standfirst between the headline and the body, which the judge often drops as a teaser: sentences
    standing after the page's headline and before the first block of the main content."""
    if title is None:
        return []
    at = next((i for i, b in enumerate(page) if b.kind == "heading" and same_title(b.text, title)), None)
    if at is None:
        return []
    lead = []
    for b in page[at + 1 : at + 1 + _LEAD_REACH]:
        if main.contains(b.text) and len(norm(b.text)) >= 15:
            break
        if b.kind == "paragraph" and len(b.text.split()) >= _LEAD_WORDS and is_sentence(b.text):
            lead.append(Block("paragraph", b.text))
    return lead


def parse_document(doc: Document) -> list[Item]:
    """Parse and segment: the items (initiatives) of one document."""
    blocks = parse(doc)
    return segment(doc, blocks, doc.metadata.get("shape"))


def _indexed(blocks: list[Block]) -> list[Block]:
    for i, b in enumerate(blocks):
        b.meta["index"] = i
    return blocks


def _offsets(blocks: list[Block]) -> None:
    """HTML blocks index into the parsed text: the blocks joined by blank lines."""
    pos = 0
    for b in blocks:
        b.start, b.end = pos, pos + len(b.text)
        pos = b.end + 2
