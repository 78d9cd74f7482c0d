"""Encoding beside the rest: during an ingest one thread runs the encoder (the embed enricher) over the next batch
of documents while the ingest runs the other enrichers and resolves and stores the batch before it.

The encoder (onnxruntime) runs outside the GIL, on both cores; the other enrichers, resolving and storing are
Python and SQL, on one. Run one after the other, a core idles through each; side by side they share the cores.
(With every enricher on the thread, the thread was the slower side: the Python enrichers there waited for the GIL
the storing held.) The store stays the ingest's alone: the thread never uses its connection (a SQLite connection
carries one transaction at a time, the ingest's), and reaches the store only through the vector cache
(HeldVectors).
What is stored, and when, is what a serial ingest stores: batches are stored whole, in input order, each once
enriched, and their vectors are written just before them (as a serial ingest writes them while enriching).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from civicatlas.enrich import Pipeline
from civicatlas.model import Document, Item

if TYPE_CHECKING:
    from civicatlas.store import Store

Batch = list[tuple[str, Document, list[Item]]]  # (input name, document, its items), in input order


class HeldVectors:
    """The store as the enrichers' vector cache (civicatlas.encode.cache.VectorCache): the store itself, except from
    another thread while the caller `hold`s it (an ingest encoding on a thread of its own). There, vectors put are
    held here until the caller `write`s them, and those not held are read through a connection of the thread's own
    (`reopen`), opened on the first read and closed by `release`. Held vectors are found from either thread."""

    def __init__(self, store: Store, reopen: Callable[[], Store]):
        self.store = store
        self._reopen = reopen
        self._reader: Store | None = None
        self._caller: int | None = None  # the thread that holds, which uses the store itself
        self._held: dict[tuple[str, str], np.ndarray] = {}  # (model, text key) -> vector: put, not written yet
        self._new: list[tuple[str, str]] = []  # put since the last `take`
        self._lock = threading.Lock()  # the enriching thread adds and reads what the ingest writes and drops

    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if self._caller is None:
            return self.store.get(model, keys)
        # Held first: a vector is dropped from here only once written, so a key missed here is in the store or new
        with self._lock:
            found = {k: self._held[(model, k)] for k in keys if (model, k) in self._held}
        rest = [k for k in keys if k not in found]
        if rest and threading.get_ident() == self._caller:
            found.update(self.store.get(model, rest))
        elif rest:
            if self._reader is None:
                self._reader = self._reopen()
            found.update(self._reader.get(model, rest))
        return found

    def put(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        if self._caller is None or threading.get_ident() == self._caller:
            self.store.put(model, vectors)
            return
        with self._lock:
            for key, vector in vectors.items():
                self._held[(model, key)] = vector
                self._new.append((model, key))

    def hold(self) -> None:
        self._caller = threading.get_ident()

    def take(self) -> list[tuple[str, str]]:
        """The (model, key) of the vectors put since the last take: those of the batch just enriched."""
        with self._lock:
            new, self._new = self._new, []
        return new

    def write(self, keys: Sequence[tuple[str, str]]) -> None:
        """Store the held vectors of `keys` (from the caller's thread), then stop holding them."""
        by_model: dict[str, dict[str, np.ndarray]] = {}
        with self._lock:
            for model, key in keys:
                if (model, key) in self._held:
                    by_model.setdefault(model, {})[key] = self._held[(model, key)]
        for model, vectors in by_model.items():
            self.store.put(model, vectors)
        with self._lock:
            for pair in keys:
                self._held.pop(pair, None)

    def release(self) -> None:
        """Back to the store itself, once the enriching thread is done: vectors never written are dropped (their
        batch was not stored), the reading connection closed."""
        self._caller = None
        with self._lock:
            self._held.clear()
            self._new.clear()
        if self._reader is not None:
            self._reader.close()
            self._reader = None


class Enriching:
    """Enriches the batches given to `next`, in turn, and hands each back to be stored. The encoder's enricher
    ("embed") runs on a thread of its own, one batch ahead: while it encodes a batch, the caller runs the enrichers
    before it on the next batch and those after it on the batch before, then stores that one. A pipeline without
    it is run here, each batch handed back at once. Use it as a context manager: on leaving, the thread finishes
    the batch it has (seconds at most) and ends."""

    def __init__(self, pipeline: Pipeline, vectors: HeldVectors):
        enrichers = pipeline.enrichers
        at = next((n for n, e in enumerate(enrichers) if e.name == "embed"), None)
        # each enricher runs over a batch as the whole pipeline runs it: parts in order are the pipeline
        self._before = Pipeline(enrichers if at is None else enrichers[:at])
        self._beside = None if at is None else Pipeline(enrichers[at : at + 1])
        self._after = Pipeline([] if at is None else enrichers[at + 1 :])
        self._vectors = vectors
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="civicatlas-enrich")
        self._running: Future[tuple[Batch, list[tuple[str, str]]]] | None = None

    def __enter__(self) -> Enriching:
        self._vectors.hold()
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._vectors.release()

    def next(self, batch: Batch) -> tuple[Batch, Exception | None]:
        """Enrich `batch` (none when empty) as far as the encoder, start encoding it, and return the batch given
        before it (empty if none), enriched and its new vectors stored, for the caller to store now; with the error
        that kept its vectors from being stored, if one did (then its documents must not be stored either: their
        items' vectors would be missing). What the thread raised is raised here."""
        if batch:
            self._before(_items(batch))
        if self._beside is None:
            return batch, None
        previous: Batch = []
        failed: Exception | None = None
        if self._running is not None:
            running, self._running = self._running, None
            previous, fresh = running.result()
            try:
                self._vectors.write(fresh)
            except Exception as e:  # the store's failure, reported with the batch's documents
                failed = e
        if batch:
            self._running = self._pool.submit(self._encode, self._beside, batch)
        if previous and failed is None:
            self._after(_items(previous))
        return previous, failed

    def _encode(self, beside: Pipeline, batch: Batch) -> tuple[Batch, list[tuple[str, str]]]:
        beside(_items(batch))
        return batch, self._vectors.take()


def _items(batch: Batch) -> list[Item]:
    return [item for _, _, items in batch for item in items]
