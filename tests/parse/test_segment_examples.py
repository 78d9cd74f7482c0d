"""Segmentation of the bundled example corpus against its hand-written gold (tests/data/examples_expected.json):
every listing shape and article shape the seeds have, without needing ../shared."""

from __future__ import annotations

import re

import pytest

from civicatlas.parse import parse_document
from civicatlas.read import read_path
from tests.conftest import EXAMPLES


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cases():
    import json

    from tests.conftest import ROOT

    gold = json.loads((ROOT / "tests" / "data" / "examples_expected.json").read_text(encoding="utf-8"))
    return sorted(gold.items())


@pytest.mark.parametrize(("name", "expected"), _cases(), ids=[n for n, _ in _cases()])
def test_example_page_segments_like_a_human_would(name: str, expected: dict) -> None:
    doc = read_path(str(EXAMPLES / name))
    items = parse_document(doc)
    want = expected["items"]
    got = [{"title": i.title, "text": _squash(i.text)[:60], "caption": i.caption} for i in items]
    assert len(items) == len(want), f"{name}: shape {doc.metadata.get('shape')}, got {got}"
    assert (doc.metadata["shape"] == "article") == (expected["shape"] == "article")
    for item, exp in zip(items, want, strict=False):
        assert item.title == exp["title"]
        assert _squash(item.text).startswith(_squash(exp["text_starts"])), (item.text[:80], exp["text_starts"])
        assert (_squash(item.caption) if item.caption else None) == exp["caption"]
        assert [c.text for c in item.credits] == exp["credits"]
