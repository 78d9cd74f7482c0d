"""Plain text and Markdown → Blocks, keeping the structure that layout carries.

Layout is the only markup plain text has: blank lines separate paragraphs, a bullet ("•", "-", "1.")
starts a list item, deeper indentation after a bullet continues that item (scraped teaser listings look
like this), and a run of lines that each end a sentence is one entry per line (award lists), while lines
that stop mid-sentence are a hard-wrapped paragraph. Offsets index into the document text unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicatlas.model import Block
from civicatlas.parse.classify import is_sentence

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[•·▪◦‣∙●○■□➢►*+]|[-–](?=\s)|\d{1,3}[.)](?=\s))[ \t]+(?=\S)")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+)$")  # its closing "#"s are stripped in code: a regex for them backtracks
_MD_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_MD_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\([^)]*\)\s*(?P<rest>.*)$")
_MD_RULE = re.compile(r"^(?:[-*_][ \t]*){3,}$")
# Every span stops at the next opening mark of its kind, so a line of unclosed marks ("*a *a *a", "[x](") is
# read in linear time, not rescanned to its end from each mark.
_MD_INLINE = [
    (re.compile(r"!\[([^\][]*)\]\([^()]*\)"), r"\1"),
    (re.compile(r"\[([^\][]+)\]\([^()]*\)"), r"\1"),
    (re.compile(r"<[^<>]+>"), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])(?:\*(?=[^\s*])([^*]+?)(?<=\S)\*|_(?=[^\s_])([^_]+?)(?<=\S)_)(?![\w*])"), r"\1\2"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]
_STARTS_ENTRY = re.compile(r"""^["'“‘«„(]?[\w\d]""")


@dataclass
class _Line:
    text: str
    start: int
    end: int
    indent: int


def _lines(content: str) -> list[_Line]:
    out, pos = [], 0
    for raw in content.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        stripped = line.lstrip()
        indent = len(line.expandtabs(4)) - len(stripped.expandtabs(4))
        out.append(_Line(stripped.rstrip(), pos + len(line) - len(stripped), pos + len(line.rstrip()), indent))
        pos += len(raw)
    return out


def _strip_markdown(text: str) -> str:
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text.replace("\\", "")


def parse_text(content: str, markdown: bool = False) -> list[Block]:
    blocks: list[Block] = []
    para: list[_Line] = []
    para_kind = "paragraph"
    group: int | None = None  # the open list item: deeper-indented paragraphs continue it
    group_indent = -1
    next_group = 0
    in_fence = False
    image_alt: _Line | None = None  # a Markdown image waiting for its italic caption line
    rule = False  # a horizontal rule was passed: the next block starts after a break

    def flush() -> None:
        nonlocal para, para_kind
        nonlocal rule
        if para:
            new = _paragraph_blocks(para, para_kind, group, markdown)
            if para_kind == "list_item":
                new[0].level = group_indent
            if rule:
                new[0].meta["break"], rule = True, False
            blocks.extend(new)
        para, para_kind = [], "paragraph"

    for line in _lines(content):
        if markdown:
            if line.text.startswith("```"):
                flush()
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            if image_alt is not None and line.text:
                italic = re.fullmatch(r"([*_])(.+)\1", line.text)
                caption = _Line(italic.group(2), line.start, line.end, line.indent) if italic else image_alt
                if caption.text.strip():
                    blocks.append(Block("caption", caption.text.strip(), caption.start, caption.end, group=group))
                image_alt = None
                if italic:
                    continue
        if not line.text:
            flush()
            continue
        if markdown:
            if _MD_RULE.match(line.text) and not para:
                flush()
                group, rule = None, True
                continue
            if (m := _MD_HEADING.match(line.text)) is not None:
                flush()
                group = None
                heading = _strip_markdown(m.group(2).rstrip(" \t#") or m.group(2)[:1])
                blocks.append(Block("heading", heading, line.start, line.end, level=len(m.group(1))))
                continue
            if len(para) == 1 and _MD_SETEXT.match(line.text):
                head, para = para[0], []
                group = None
                blocks.append(Block("heading", _strip_markdown(head.text), head.start, head.end,
                                    level=1 if line.text.startswith("=") else 2))
                continue
            if (m := _MD_IMAGE.match(line.text)) is not None:
                flush()
                image_alt = _Line(m.group("alt"), line.start, line.end, line.indent)
                continue
            if line.text.startswith(">"):
                line = _Line(line.text.lstrip("> ").strip(), line.start, line.end, line.indent)
        if bullet := _BULLET.match(line.text):
            flush()
            group, group_indent = next_group, line.indent
            next_group += 1
            body = line.text[bullet.end() :]
            para, para_kind = [_Line(body, line.end - len(body), line.end, line.indent)], "list_item"
            continue
        if group is not None and not para and line.indent <= group_indent:
            group = None  # back at the list's own indentation: the item has ended
        para.append(line)
    flush()
    if markdown:
        for b in blocks:
            b.text = _strip_markdown(b.text)
    return [b for b in blocks if b.text]


def _paragraph_blocks(para: list[_Line], kind: str, group: int | None, markdown: bool) -> list[Block]:
    """One block per paragraph — or one per line when every line is a complete sentence (a list)."""
    entries = len(para) >= 2 and all(
        is_sentence(ln.text) and _STARTS_ENTRY.match(nxt.text) for ln, nxt in zip(para, para[1:], strict=False)
    ) and is_sentence(para[-1].text)
    if entries or (markdown and any(ln.text.endswith("  ") for ln in para)):
        return [Block(kind, ln.text, ln.start, ln.end, group=group, meta={"line": True, "entry": True}) for ln in para]
    text = " ".join(ln.text for ln in para)
    meta = {"line": True} if len(para) == 1 else {}
    return [Block(kind, text, para[0].start, para[-1].end, group=group, meta=meta)]
