"""Memo: a dict that forgets its oldest entries past a size, for per-process memos of words and tokens.

Memos keyed by what a corpus contains (words after numerals, tokens before them) grow with its vocabulary;
a long ingest must not grow with them. Oldest-first eviction keeps it a plain dict for lookups: the words
that matter recur, and are put back at once after being forgotten.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        if key not in self and len(self) >= self.size:
            del self[next(iter(self))]  # the oldest insertion: dicts keep insertion order
        super().__setitem__(key, value)
