"""Document → Blocks → Items."""

from __future__ import annotations

from civicatlas.model import Block, Document, Item
from civicatlas.parse.classify import TOPIC_LABELS, classify
from civicatlas.parse.headline import headline
from civicatlas.parse.html import page_title, parse_tree, title_candidates, walk_blocks
from civicatlas.parse.main import MainText, judge, norm, region
from civicatlas.parse.segment import listing_units, segment, unit_chars
from civicatlas.parse.text import parse_text

__all__ = ["parse", "segment", "parse_document"]

# A page is a listing only when its listing units are most of its main content; an article with a few
# related-article teasers that the judge kept stays an article.
LISTING_SHARE = 0.6


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
    try:
        main_blocks = classify(judge(doc.content))
    except Exception as e:  # the judge is a heuristic library over arbitrary HTML: never let it sink a page
        doc.warnings.append(f"main-content extraction failed ({type(e).__name__}: {e}); the whole page was parsed")
        return page
    if not any(b.kind in ("paragraph", "list_item") for b in main_blocks):
        return page  # nothing judged main (a near-empty page): the walker's blocks are all there is
    main = MainText(main_blocks)
    kept = _indexed(region(page, main))
    kind, units = listing_units(kept)
    if kind != "article" and unit_chars(units) >= LISTING_SHARE * len(main):
        doc.metadata["shape"] = kind
        return kept
    doc.metadata["shape"] = "article"
    return _article_blocks(tree, main_blocks, kept, main)


def _article_blocks(tree, body: list[Block], kept: list[Block], main: MainText) -> list[Block]:
    """Headline, then the figure captions and credits of the main content (the judge drops them), then
    the body; what the body has before its own copy of the headline is a kicker or dateline."""
    title = headline(**title_candidates(tree), main_text=main.text)
    if title is not None:
        key = norm(title).casefold()
        at = next((i for i, b in enumerate(body) if norm(b.text).casefold() == key), None)
        if at is not None:
            body = body[at + 1 :]
    pictures = [Block(b.kind, b.text, meta=dict(b.meta)) for b in kept if b.kind in ("caption", "credit")]
    head = [Block("title", title)] if title else []
    return head + pictures + body


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
