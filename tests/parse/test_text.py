"""Plain text and Markdown → Blocks: inline Markdown is stripped, also on lines of unclosed marks."""

from __future__ import annotations

import pytest

from civicatlas.parse.text import parse_text


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("A *small* and **bold** _start_ with `code`.", "A small and bold start with code."),
        ("See [the plan](https://example.org/plan \"Plan\") and ![a map](map.png).", "See the plan and a map."),
        ("snake_case_names and 2*3*4 stay.", "snake_case_names and 2*3*4 stay."),
        ("*a *a *a *a", "*a *a *a *a"),  # unclosed marks were rescanned to the end of the line from each one
        ("[x]([x]([x](", "[x]([x]([x]("),
    ],
)
def test_inline_markdown(line: str, text: str) -> None:
    assert [b.text for b in parse_text(line, markdown=True)] == [text]


def test_heading_closing_hashes_are_not_the_title() -> None:
    blocks = parse_text("## Citizens' assembly ##\n\nText.", markdown=True)
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "Citizens' assembly", 2), ("paragraph", "Text.", 0)]
