"""Parsing beside the rest of an ingest: documents are parsed in worker processes (or on Ray workers) while
the main process enriches, resolves and stores, so the parser and the encoder's threads keep the cores busy.

Results come back in input order and everything after parsing stays in one process (one writer), so an
ingest with workers stores exactly what a serial one does. Small inputs never pay for starting workers: the
first INLINE documents are parsed in this process and the workers start with the next one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from civicatlas.errors import ConfigError
from civicatlas.model import Document, Item
from civicatlas.parse import parse_document

INLINE = 16  # documents parsed here before any worker starts (a worker costs ~1 s to start)
IN_FLIGHT = 16  # documents sent ahead per worker: enough to hide the round trips, little to hold in memory

J = TypeVar("J")
Parsed = tuple[Document, list[Item] | None, str | None]  # the parsed document, its items, or why it failed


def default_workers() -> int:
    """Parsing processes beside the main one: the cores it leaves, at most 4 (one process enriches, resolves
    and stores; more parsers than that wait for it)."""
    return min(max((os.cpu_count() or 1) - 1, 0), 4)


def parse_one(doc: Document) -> Parsed:
    """Parse one document; an exception comes back as text (not every exception survives pickling)."""
    try:
        return doc, parse_document(doc), None
    except Exception as e:  # one bad page never aborts the batch
        return doc, None, f"{type(e).__name__}: {e}"


def _import_parser() -> None:
    import civicatlas.parse  # noqa: F401 - loaded once per worker, before its first document


class Parsers:
    """`workers` parsing processes (0: parse in this process), or Ray workers with `ray` ("local" starts a
    local cluster of `workers` CPUs, anything else is the address of a running one)."""

    def __init__(self, workers: int = 0, ray: str | None = None):
        if workers < 0:
            raise ConfigError(f"workers must be 0 or more, not {workers}")
        self.workers = max(workers, 1) if ray else workers
        self.ray = ray
        self._submit: Callable[[Document], Future[Parsed]] | None = None
        self._close: Callable[[], None] = lambda: None

    def __enter__(self) -> Parsers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def map(self, jobs: Iterable[J], doc_of: Callable[[J], Document | None]) -> Iterator[tuple[J, Parsed | None]]:
        """Each job with its document parsed (None for a job without a document, passed through), in input
        order, with at most IN_FLIGHT documents per worker sent ahead."""
        waiting: deque[tuple[J, Document | None, Future[Parsed] | None]] = deque()
        docs = 0
        for job in jobs:
            doc = doc_of(job)
            if doc is None:
                waiting.append((job, None, None))
            elif docs < INLINE or not self.workers:
                waiting.append((job, doc, _done(parse_one(doc))))
            else:
                waiting.append((job, doc, self._start()(doc)))
            docs += doc is not None
            while waiting and (len(waiting) > IN_FLIGHT * max(self.workers, 1) or _ready(waiting[0][2])):
                yield self._result(*waiting.popleft())
        while waiting:
            yield self._result(*waiting.popleft())

    def _result(self, job: J, doc: Document | None, future: Future[Parsed] | None) -> tuple[J, Parsed | None]:
        if doc is None or future is None:
            return job, None
        try:
            return job, future.result()
        except BrokenProcessPool:  # a worker died (on this page or another one in flight): again, alone
            self._close()
            self._submit = None  # the next page starts a fresh pool
            with ProcessPoolExecutor(1, mp_context=_context()) as alone:
                try:
                    return job, alone.submit(parse_one, doc).result()
                except BrokenProcessPool:
                    return job, (doc, None, "the parser's process died on this page")

    def _start(self) -> Callable[[Document], Future[Parsed]]:
        if self._submit is None:
            self._submit = self._start_ray() if self.ray else self._start_pool()
        return self._submit

    def _start_pool(self) -> Callable[[Document], Future[Parsed]]:
        pool = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_import_parser)
        self._close = lambda: pool.shutdown(cancel_futures=True)
        return lambda doc: pool.submit(parse_one, doc)

    def _start_ray(self) -> Callable[[Document], Future[Parsed]]:
        try:
            import ray
        except ImportError as e:
            raise ConfigError("--ray needs Ray: pip install 'civicatlas[ray]'") from e
        started = not ray.is_initialized()
        if started and self.ray == "local":
            ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False)
        elif started:
            ray.init(address=self.ray, log_to_driver=False)
        self._close = ray.shutdown if started else self._close
        remote = ray.remote(num_cpus=1)(parse_one)
        return lambda doc: remote.remote(doc).future()


def _done(parsed: Parsed) -> Future[Parsed]:
    future: Future[Parsed] = Future()
    future.set_result(parsed)
    return future


def _ready(future: Future[Parsed] | None) -> bool:
    return future is None or future.done()


def _context() -> multiprocessing.context.BaseContext:
    # spawn, not fork: the encoder's threads may be running, and a forked child would inherit the locks they hold
    return multiprocessing.get_context("spawn")
