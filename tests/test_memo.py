"""Memo: a dict bounded by size, forgetting the oldest entries first."""

from __future__ import annotations

from civicatlas.memo import Memo


def test_forgets_the_oldest_entries_past_its_size() -> None:
    memo: Memo[str, int] = Memo(3)
    for n, key in enumerate("abcde"):
        memo[key] = n
    assert dict(memo) == {"c": 2, "d": 3, "e": 4}


def test_replacing_an_entry_forgets_nothing() -> None:
    memo: Memo[str, int] = Memo(2)
    memo["a"], memo["b"] = 1, 2
    memo["a"] = 3
    assert dict(memo) == {"a": 3, "b": 2}
