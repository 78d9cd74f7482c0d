"""Blocks → Items: one item per initiative.

A page is one of three listing shapes or an article:
- teasers: repeated groups (a list item or <article>) each with an optional photo caption, a title and
  a summary — the caption that precedes a teaser belongs to that teaser;
- sections: repeated short sections under headings of one level (a Markdown or HTML listing without
  wrappers), a caption standing just before a heading belonging to that section;
- entries: a run of one-line entries, each a complete sentence (an award list, one initiative a line);
- otherwise an article: one item, titled by its headline, with all its text.
Exact duplicates inside a document collapse into one item that keeps every occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from statistics import median

from civicatlas.ids import make_id
from civicatlas.model import Block, Credit, Document, Item, Occurrence
from civicatlas.parse.classify import is_sentence, is_titleish, split_credit
from civicatlas.words import normalise

_CONTENT = ("heading", "paragraph", "list_item", "caption", "credit", "title")
MAX_TEASER_CHARS = 1200  # a teaser summary is a few sentences; a longer section is article prose
MAX_TEASER_BLOCKS = 4


@dataclass
class _Unit:
    """The blocks of one future item, with their roles decided."""

    blocks: list[Block]
    title: Block | None = None
    captions: list[Block] = field(default_factory=list)
    credits: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)


def listing_units(blocks: list[Block]) -> tuple[str, list[list[Block]]]:
    """('teasers' | 'sections' | 'entries', the blocks of each unit) — or ('article', []) when no listing
    shape fits."""
    content = [b for b in blocks if b.kind in _CONTENT]
    for kind, find, least in (("teasers", _teaser_units, 2), ("sections", _section_units, 2),
                              ("entries", _entry_units, 3)):
        if len(units := find(content)) >= least:
            return kind, [u.blocks for u in units]
    return "article", []


def shape(blocks: list[Block]) -> str:
    """'teasers', 'sections', 'entries' or 'article' — how the page presents its initiatives."""
    return listing_units(blocks)[0]


def segment(doc: Document, blocks: list[Block], kind: str | None = None) -> list[Item]:
    """Items of the blocks; `kind` is the shape when the parser already decided it (HTML pages, from their
    main content), else the blocks' own shape decides."""
    content = [b for b in blocks if b.kind in _CONTENT]
    kind = kind or shape(blocks)
    if kind == "article":
        units = _article_units(content, doc.title)
    else:
        units = {"teasers": _teaser_units, "sections": _section_units, "entries": _entry_units}[kind](content)
        units = [u for u in map(_assign_roles, units) if u is not None]
    doc.metadata["shape"] = kind
    return _items(doc, units)


def _teaser_units(content: list[Block]) -> list[_Unit]:
    units = []
    for _gid, members in groupby((b for b in content if b.group is not None), key=lambda b: b.group):
        members = list(members)
        roles = [b for b in members if b.kind != "credit"]
        has_title = any(b.kind == "heading" for b in roles) or (
            len(roles) >= 2 and any(is_titleish(b.text) for b in roles[:-1])
        )
        if has_title and len(roles) >= 2 or any(b.kind == "caption" for b in members) and len(roles) >= 2:
            units.append(_Unit(members))
    return units


def _section_units(content: list[Block]) -> list[_Unit]:
    headings = [b for b in content if b.kind == "heading"]
    if len(headings) < 2:
        return []
    levels = [h.level for h in headings]
    # the page headline (a lone top-level heading) is not a section; sections share the most common level
    level = max(set(levels[1:]), key=levels[1:].count)
    units: list[_Unit] = []
    current: list[Block] | None = None
    pending: list[Block] = []  # captions (and credits) waiting for the heading they stand before
    for b in content:
        if b.meta.get("break") and current:  # a horizontal rule ends the section
            units.append(_Unit(current))
            current = None
        if b.kind == "heading" and b.level <= level:
            if current:
                units.append(_Unit(current))
            current = pending + [b] if b.level == level else None
            pending = []
        elif b.kind in ("caption", "credit"):
            pending.append(b)
        else:
            if current is not None:
                current.extend(pending + [b])
            pending = []  # only a caption right before a heading goes with that heading
    if current:
        units.append(_Unit(current))
    bodies = [[b for b in u.blocks if b.kind in ("paragraph", "list_item")] for u in units]
    if len(units) < 2 or not all(bodies) or max(len(b) for b in bodies) > MAX_TEASER_BLOCKS:
        return []
    typical = median(sum(len(x.text) for x in b) for b in bodies)
    # An article with sub-headings opens with a lead; a listing goes (almost) straight to its entries.
    first = units[0].blocks[0]
    intro = sum(len(b.text) for b in content
                if b.kind in ("paragraph", "list_item") and b.meta["index"] < first.meta["index"])
    if typical > MAX_TEASER_CHARS or intro > 2 * typical or (intro and len(units) < 3):
        return []
    # After a lead, only parallel sections (the same number of blocks each) are a listing: an article's
    # sub-sections vary in length, a listing's entries repeat one form.
    if intro and len({len(b) for b in bodies}) > 1:
        return []
    return units


def _entry_units(content: list[Block]) -> list[_Unit]:
    """One-line sentence entries; a listing needs a run of three, then every entry-shaped block counts."""
    def entry(b: Block) -> bool:
        return b.kind in ("paragraph", "list_item") and b.meta.get("line", b.kind == "list_item") \
            and is_sentence(b.text) and len(b.text.split()) >= 6 and len(b.text) <= 600

    # the run must be lines of one paragraph (or list items): one-line paragraphs between blank lines
    # are an article's prose
    run = best = 0
    for b in content:
        run = run + 1 if entry(b) and (b.meta.get("entry") or b.kind == "list_item") else 0
        best = max(best, run)
    if best < 3:
        return []
    entries = [b for b in content if entry(b)]
    # entries must be most of the page; otherwise they are a bulleted list inside an article
    if sum(len(b.text) for b in entries) < 0.5 * sum(len(b.text) for b in content if b.kind != "heading"):
        return []
    return [_Unit([b]) for b in entries]


def _article_units(content: list[Block], page_title: str | None) -> list[_Unit]:
    """The whole page is one item: its headline is the title, sub-headings stay in the text."""
    if not any(b.kind in ("paragraph", "list_item") for b in content):
        return []
    headings = [b for b in content if b.kind == "heading"]
    # a "title" block is the headline the parser found (HTML); else the top heading or the title-like line
    title = next((b for b in content if b.kind == "title"), None)
    if title is None:
        title = min(headings, key=lambda b: b.level) if headings else _title_before_body(content)
    unit = _Unit(list(content), title=title)
    unit.captions = [b for b in content if b.kind == "caption"]
    unit.credits = [b for b in content if b.kind == "credit"]
    # what stands before the headline (kicker, dateline) is page furniture, not the article's text
    after = content[content.index(title) + 1 :] if title is not None else content
    unit.body = [b for b in after if b.kind not in ("caption", "credit")]
    if title is None and page_title:
        unit.title = Block("title", page_title)
    return [unit]


def _assign_roles(unit: _Unit) -> _Unit | None:
    """Title, captions, credits and body of a unit. The title is its first heading, else its first
    title-like block that has text after it; blocks before the title are photo captions."""
    blocks = [b for b in unit.blocks if b.kind != "credit"]
    unit.credits = [b for b in unit.blocks if b.kind == "credit"]
    if not blocks:
        return None
    title_at = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if title_at is None and (title := _title_before_body(blocks)) is not None:
        title_at = blocks.index(title)
    if title_at is not None:
        unit.title = blocks[title_at]
        before, after = blocks[:title_at], blocks[title_at + 1 :]
        unit.captions = before + [b for b in after if b.kind == "caption"]
        unit.body = [b for b in after if b.kind != "caption"]
    else:
        unit.captions = [b for b in blocks if b.kind == "caption"]
        unit.body = [b for b in blocks if b.kind != "caption"]
    if not unit.body and unit.title is not None:  # a headline alone is the item's text
        unit.body, unit.title = [unit.title], None
    return unit if unit.body else None


def _title_before_body(blocks: list[Block]) -> Block | None:
    """The title-like block that the body follows. What stands before it and looks like a title too is
    a caption without a credit ("Johan Lilja, generalsekreterare ICLD, i Almedalen 2020") or a page
    header ("VILLE DE BESANÇON"), so the last title-like block before the body wins."""
    heads = [i for i in range(len(blocks) - 1) if blocks[i].kind != "caption" and is_titleish(blocks[i].text)]
    at = next((i for i in heads if not is_titleish(blocks[i + 1].text)), heads[0] if heads else None)
    return None if at is None else blocks[at]


def _credits(unit: _Unit) -> tuple[str | None, list[Credit]]:
    credits: list[Credit] = []
    captions: list[str] = []
    for b in unit.captions:
        text, credit, name = (b.text, b.meta.get("credit"), b.meta.get("name"))
        if credit is None:  # a caption decided by position may still end in its credit
            text, credit, name = split_credit(b.text)
        if text:
            captions.append(text)
        if credit:
            credits.append(Credit(credit, name or ""))
    credits += [Credit(b.meta["credit"], b.meta.get("name") or "") for b in unit.credits]
    return ("\n".join(captions) or None), credits


def _join(blocks: Iterable[Block]) -> str:
    return "\n\n".join(b.text for b in blocks)


def _items(doc: Document, units: list[_Unit]) -> list[Item]:
    items: dict[str, Item] = {}
    keys: dict[str, str] = {}  # content key -> item id, for exact duplicates
    for unit in units:
        first = min(unit.blocks, key=lambda b: b.start)
        last = max(unit.blocks, key=lambda b: b.end)
        occurrence = Occurrence(first.start, last.end, first.meta["index"])
        title = unit.title.text if unit.title else None
        text = _join(unit.body)
        caption, credits = _credits(unit)
        content_key = "\x1f".join(normalise(x or "") for x in (title, text, caption))
        if content_key in keys:
            items[keys[content_key]].occurrences.append(occurrence)
            continue
        # The id follows the title when there is one, so an edited summary updates the same item.
        item_id = make_id("i", doc.id, normalise(title) if title else normalise(text))
        if item_id in items:
            item_id = make_id("i", doc.id, normalise(title or ""), normalise(text))
        keys[content_key] = item_id
        items[item_id] = Item(
            id=item_id, document_id=doc.id, position=len(items), text=text, title=title, caption=caption,
            credits=credits, occurrences=[occurrence], source_uri=doc.uri,
        )
    return list(items.values())
