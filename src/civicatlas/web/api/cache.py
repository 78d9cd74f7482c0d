"""What the API computed, kept while the data stands: pages, case pages, search hits, facet counts and totals stay
true until a case changes (the store's data_version); on a large atlas counting is most of what a listing costs,
and visitors ask for the same pages again and again. One per application, shared by its threads; the version is
read before computing, so a change committed meanwhile only makes the next request compute again.

Facet counts and totals for any filters of facet values come from an in-memory index of every case's facet values
(store.facet_index), built when the server starts (before it takes requests) and again, in the background, after
each change; until it is current, the store counts."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from civicatlas import Atlas
from civicatlas.filters import CaseFilter
from civicatlas.memo import Memo
from civicatlas.store.facet_index import FacetIndex

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


class FacetCounts:
    def __init__(self, db: str) -> None:
        self.db = db
        self.index: FacetIndex | None = None
        self._building = False
        self._lock = threading.Lock()

    def facets(self, a: Atlas, filters: CaseFilter | None, fields: Sequence[str], all: bool = False,
               limit: int = 50) -> dict[str, list[dict[str, Any]]]:
        """What a.store.facets gives: from the index when it is current and answers these filters, else from the
        store."""
        index = self._current(a, filters)
        return index.facets(filters, fields, all, limit) if index else a.store.facets(filters, fields, all, limit)

    def count(self, a: Atlas, filters: CaseFilter | None, all: bool = False) -> int:
        """What a.store.count_cases gives, the same way."""
        index = self._current(a, filters)
        return index.count(filters, all) if index else a.store.count_cases(filters, all)

    def _current(self, a: Atlas, filters: CaseFilter | None) -> FacetIndex | None:
        """The index when it is of the store's current version and answers these filters; a stale one is built
        again for the next time."""
        index = self.index
        if index is None or index.version != a.store.data_version():
            self.refresh()
            return None
        return index if FacetIndex.answers(filters) else None

    def refresh(self) -> None:
        """Build the index again in a thread of its own, with a connection of its own (unless one is building)."""
        with self._lock:
            if self._building:
                return
            self._building = True
        threading.Thread(target=self._build, name="facet-index", daemon=True).start()

    def build(self) -> None:
        """Build the index now, in this thread (when the server starts)."""
        with self._lock:
            self._building = True
        self._build()

    def _build(self) -> None:
        try:
            with Atlas(self.db) as atlas:
                self.index = FacetIndex.of(atlas.store)
        except Exception as e:  # noqa: BLE001 - the store counts instead, and says what is wrong when it does
            logging.getLogger("civicatlas").warning("warning: facet index of %s not built: %s", self.db, e)
        finally:
            with self._lock:
                self._building = False
