"""HTML → Blocks.

A structural walker over the pruned DOM keeps what listing pages are made of — repeated teasers (an
<article> or <li> with a figure caption, a heading and a summary) as groups of blocks — and the figure
captions and credits that main-content extractors drop. Which of its blocks are the page's main content
is decided in main.py.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from civicatlas.model import Block

_DROP = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "form", "button", "select",
         "input", "textarea", "nav", "aside", "menu", "dialog", "object", "embed", "video", "audio", "map"}
_PAGE_CHROME = {"header", "footer"}  # chrome at page level; inside an <article> they hold its title/meta
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "complementary"}
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|cookie\w*|consent|gdpr|share|sharing|social|newsletter|"
    r"pagination|pager|sidebar|skip-?link|visually-hidden|sr-only|screen-reader-text|related|comments?)(?:$|[\s_-])",
    re.I,
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LEAF_BLOCKS = {"p": "paragraph", "figcaption": "caption", "caption": "caption", "blockquote": "paragraph",
                "dt": "paragraph", "dd": "paragraph", "pre": "paragraph", "address": "paragraph", "td": "paragraph",
                "th": "paragraph", "summary": "paragraph", "legend": "paragraph"}
_CONTAINERS = {"div", "section", "article", "main", "body", "ul", "ol", "li", "figure", "table", "tbody", "thead",
               "tfoot", "tr", "dl", "details", "header", "footer", "hgroup", "fieldset", "center", "span", "a"}
_BLOCK_LEVEL = set(_HEADINGS) | set(_LEAF_BLOCKS) | _CONTAINERS - {"span", "a"} | {"hr", "br"}
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_MAX_DEPTH = 200  # levels of nesting the walker follows (and Python's recursion allows)


def _clean(text: str) -> str:
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n")).strip()


def _classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _is_chrome(el) -> bool:
    if el.tag in _DROP or el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if "display:none" in (el.get("style") or "").replace(" ", ""):
        return True
    if el.get("role") in _CHROME_ROLES:
        return True
    if el.tag in _PAGE_CHROME and not any(a.tag == "article" for a in el.iterancestors()):
        return True
    # class/id heuristics only on containers: an inline <span class="share-count"> is harmless
    if el.tag not in _CONTAINERS or el.tag in ("body", "main", "article"):
        return False
    return bool(_CHROME_CLASS.search(_classes(el)))


def page_title(tree) -> str | None:
    t = tree.findtext(".//title")
    return _clean(t) if t and t.strip() else None


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for el in tree.iterfind(f".//meta[@property='{name}']"):
            if (c := el.get("content")) and c.strip():
                return _clean(c).replace("\n", " ")
        for el in tree.iterfind(f".//meta[@name='{name}']"):
            if (c := el.get("content")) and c.strip():
                return _clean(c).replace("\n", " ")
    return None


def title_candidates(tree) -> dict:
    """What a page says its headline is: <h1> texts, og:title, <title>, and the site name to strip."""
    h1s = [t for h in tree.iter("h1") if (t := " ".join(h.text_content().split()))]
    return {"h1s": h1s, "og_title": _meta(tree, "og:title", "twitter:title"), "title": page_title(tree),
            "site": _meta(tree, "og:site_name", "application-name")}


# what an element holds somewhere below it, as bits (see _below)
_HOLDS_HEADING, _HOLDS_TEXT_BLOCK, _HOLDS_BLOCK = 1, 2, 4
_BITS = {tag: _HOLDS_BLOCK | (_HOLDS_HEADING if tag in _HEADINGS else 0)
         | (_HOLDS_TEXT_BLOCK if tag in ("p", "figure", "figcaption") else 0) for tag in _BLOCK_LEVEL - {"br"}}


def _below(root) -> dict:
    """Per element, the _HOLDS_* bits of what its descendants are: each block element marks its ancestors, up to
    the first that has its bits already (asking each element's descendants again at every level would cost the
    square of the nesting depth)."""
    below: dict = {}
    for el in root.iter(*_BITS):
        bits, parent = _BITS[el.tag], el.getparent()
        while parent is not None and (had := below.get(parent, 0)) | bits != had:
            below[parent] = had | bits
            parent = parent.getparent()
    return below


def _is_teaser(el, below: int) -> bool:
    """A container that is one entry of a listing: an <article>, or an <li>/<div> holding a heading."""
    if el.tag == "article":
        return True
    if el.tag not in ("li", "div", "section"):
        return False
    if el.tag == "li":
        return bool(below & (_HOLDS_HEADING | _HOLDS_TEXT_BLOCK))
    if not below & _HOLDS_HEADING:
        return False
    # a div/section is a teaser when siblings of the same shape repeat it (cards in a grid)
    parent = el.getparent()
    if parent is None:
        return False
    key = (el.tag, el.get("class"))
    return sum(1 for s in parent if (s.tag, s.get("class")) == key) >= 2


class _Walker:
    def __init__(self, root) -> None:
        self.below = _below(root)
        self.blocks: list[Block] = []
        self.groups = 0
        self.inline: list[str] = []
        self.rule = False  # a horizontal rule was passed: the next block starts after a break

    def add(self, block: Block) -> None:
        if self.rule:
            block.meta["break"], self.rule = True, False
        self.blocks.append(block)

    def flush(self, group: int | None) -> None:
        text = _clean("".join(self.inline))
        self.inline = []
        for part in re.split(r"\n\s*\n", text):
            if part.strip():
                self.add(Block("paragraph", _clean(part).replace("\n", " "), group=group))

    def walk(self, el, group: int | None = None, depth: int = 0) -> None:
        if not isinstance(el.tag, str) or _is_chrome(el):
            return
        tag = el.tag
        below = self.below.get(el, 0)
        leaf = tag in _HEADINGS or tag in _LEAF_BLOCKS or (tag == "li" and not below & _HOLDS_BLOCK)
        if leaf or depth == _MAX_DEPTH:  # far below any real page's structure, the rest is one block of text
            self.flush(group)
            text = _clean(el.text_content()).replace("\n", " ")
            if text:
                kind = "heading" if tag in _HEADINGS else _LEAF_BLOCKS.get(tag, "list_item" if leaf else "paragraph")
                self.add(Block(kind, text, level=_HEADINGS.get(tag, 0), group=group))
            return
        if group is None and _is_teaser(el, below):
            self.flush(group)
            group = self.groups
            self.groups += 1
        if el.text:
            self.inline.append(el.text)
        for child in el:
            if isinstance(child.tag, str) and (child.tag in _BLOCK_LEVEL or self.below.get(child, 0) & _HOLDS_BLOCK):
                if child.tag == "br":
                    self.inline.append("\n")
                elif child.tag == "hr":
                    self.flush(group)
                    self.rule = True
                else:
                    self.flush(group)
                    self.walk(child, group, depth + 1)
            elif isinstance(child.tag, str) and not _is_chrome(child):
                self.inline.append(child.text_content())
            if child.tail:
                self.inline.append(child.tail)
        if tag not in ("span", "a"):
            self.flush(group)


def parse_tree(content: str):
    """The DOM of a page; an empty one for a page of only comments or whitespace."""
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a JSON escape) would end libxml2's text there
        content = content.encode("utf-8", "replace").decode("utf-8")
    tree = _parse(content)
    if tree is None or (not tree.text_content().strip() and _TAG.sub("", content).strip()):
        # libxml2 keeps nothing of a page nested deeper than it reads (2048 levels even with huge_tree): read
        # such a page as its text alone rather than lose it
        tree = _parse(_TAG.sub(" ", content))
    return tree if tree is not None else lxml.html.document_fromstring("<html><body></body></html>")


_TAG = re.compile(r"<[^<>]*>")  # not "<[^>]*>", which rescans the rest of the page after every stray "<"


def _parse(content: str):
    # huge_tree: without it libxml2 drops everything of a page nested deeper than 255 levels
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        try:
            return lxml.html.document_fromstring(content, parser=parser)
        except ValueError:
            # lxml refuses str input with an XML encoding declaration; give it bytes instead
            return lxml.html.document_fromstring(content.encode("utf-8"), parser=parser)
    except etree.ParserError:  # "Document is empty"
        return None


def walk_blocks(tree) -> list[Block]:
    body = tree.find(".//body")
    root = body if body is not None else tree
    walker = _Walker(root)
    # Skip links stand before <main>; keep them so that classify marks them as boilerplate, not lose them.
    walker.walk(root)
    walker.flush(None)
    return walker.blocks
