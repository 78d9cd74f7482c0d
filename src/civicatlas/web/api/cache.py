"""What the API computed, kept while the data stands: pages, case pages, search hits, facet counts and totals stay
true until a case changes (the store's data_version); on a large atlas counting is most of what a listing costs,
and visitors ask for the same pages again and again. One per application, shared by its threads; the version is
read before computing, so a change committed meanwhile only makes the next request compute again."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from civicatlas import Atlas
from civicatlas.memo import Memo

T = TypeVar("T")
KEPT = 1024  # results kept per process, oldest forgotten first


class Kept:
    def __init__(self, size: int = KEPT) -> None:
        self._kept: Memo[Hashable, Any] = Memo(size)
        self._computing: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, a: Atlas, key: Hashable, count: Callable[[], T]) -> T:
        """What `count` gives for this key at the store's current version: kept, or computed now. While one thread
        computes it, the others asking for the same wait for its result rather than compute it too (at first, many
        visitors ask for the same pages at once). Callers must not change what they get: it is shared."""
        full = (a.store.data_version(), key)
        with self._lock:
            if full in self._kept:
                return self._kept[full]
            counting = self._computing.get(full)
            if counting is None:
                counting = self._computing[full] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            counting.wait()
            with self._lock:
                if full in self._kept:
                    return self._kept[full]
            return count()  # the one counting failed (e.g. past its deadline): try within this request's own
        try:
            value = count()
            with self._lock:
                self._kept[full] = value
            return value
        finally:
            with self._lock:
                del self._computing[full]
            counting.set()
