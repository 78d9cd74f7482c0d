"""Document → Blocks → Items."""

from __future__ import annotations

from civicatlas.model import Block, Document, Item
from civicatlas.parse.classify import TOPIC_LABELS, classify
from civicatlas.parse.html import article_blocks, page_title, parse_tree, walk_blocks
from civicatlas.parse.segment import segment, shape
from civicatlas.parse.text import parse_text

__all__ = ["parse", "segment", "parse_document"]


def parse(doc: Document) -> list[Block]:
    """Structural blocks of a document, classified; sets doc.text, doc.title and doc.metadata."""
    if doc.content_type == "html":
        tree = parse_tree(doc.content)
        doc.title = page_title(tree)
        blocks = classify(walk_blocks(tree))
        if shape(_indexed(blocks)) == "article":
            body = classify(article_blocks(doc.content))
            if any(b.kind in ("paragraph", "list_item") for b in body):
                # trafilatura drops figure captions: keep the walker's, after the headline
                pictures = [b for b in blocks if b.kind in ("caption", "credit")]
                at = next((i + 1 for i, b in enumerate(body) if b.kind == "heading"), 0)
                blocks = body[:at] + pictures + body[at:]
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


def parse_document(doc: Document) -> list[Item]:
    """Parse and segment: the items (initiatives) of one document."""
    return segment(doc, parse(doc))


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
