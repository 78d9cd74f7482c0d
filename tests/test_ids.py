"""Stable ids from content."""

from __future__ import annotations

from civicatlas.ids import make_id


def test_a_lone_surrogate_is_hashed_not_an_error() -> None:
    # a JSONL record's "\ud800" escape reached segmentation's make_id and raised UnicodeEncodeError
    assert make_id("i", "d1", "text \ud800") == make_id("i", "d1", "text \ud800") != make_id("i", "d1", "text ")
