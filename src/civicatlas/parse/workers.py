"""Parsing beside the rest of an ingest: documents are parsed in worker processes while the main process
enriches, resolves and stores, so the parser and the encoder's threads keep the cores busy; or on Ray workers,
which also enrich them (the encoder included), so that the expensive part spreads over the cluster's machines.

Results come back in input order and resolving and storing stay in one process (one writer), so an ingest with
workers stores exactly what a serial one does. Small inputs never pay for starting workers: the first INLINE
documents are parsed in this process (and enriched there) and the workers start with the next one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from civicatlas.errors import ConfigError
from civicatlas.model import Document, Item
from civicatlas.parse import parse_document

if TYPE_CHECKING:
    from civicatlas.encode import Encoder
    from civicatlas.enrich import Enricher

INLINE = 16  # documents parsed here before any worker starts (a worker costs ~1 s to start)
# Documents sent ahead per worker: while the ingest enriches and stores a batch (BATCH_ITEMS items: up to ~60
# pages of real articles) the workers parse the next; a window of 16 left them idle most of that time (a default
# ingest of the 502 real pages 4.5 → 4.8 items/s, of 300 varied pages 21.6 → 23.1, ~15 MB more)
IN_FLIGHT = 64
START_S = 600  # for Ray workers to start and load their models

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


@dataclass(frozen=True)
class Remote:
    """What Ray workers need to enrich as this process would: its enrichers (names or objects Ray can send) and
    encoder (a spec, or an object Ray can send), and the signature they must make (the same code and models)."""

    enrichers: Sequence[Enricher | str] | None
    encoder: Encoder | str
    signature: str


class PageEnricher:
    """A Ray worker: parses pages and enriches their items, with its models loaded once, when it starts."""

    def __init__(self, enrichers: Sequence[Enricher | str] | None, encoder: Encoder | str):
        from civicatlas.enrich import Pipeline

        self.pipeline = Pipeline(enrichers, encoder=encoder)  # no vector cache: the store is the driver's

    def signature(self) -> str:
        return self.pipeline.signature

    def run(self, doc: Document) -> Parsed:
        doc, items, error = parse_one(doc)
        if items:
            self.pipeline(items)  # one enricher's failure is its items' error (Pipeline), never an exception
        return doc, items, error


class Parsers:
    """`workers` parsing processes (0: parse in this process; None: default_workers()), or with `ray` Ray workers
    that parse each page and enrich its items as `enrich` says ("local" starts a local cluster of `workers` CPUs,
    default all; anything else is the address of a running one, default one worker per CPU of the cluster)."""

    def __init__(self, workers: int | None = 0, ray: str | None = None, enrich: Remote | None = None):
        if workers is not None and workers < 0:
            raise ConfigError(f"workers must be 0 or more, not {workers}")
        if ray and enrich is None:
            raise ValueError("Ray workers need the pipeline to enrich with")
        if ray:
            self.workers = max(workers, 1) if workers is not None else None
        else:
            self.workers = default_workers() if workers is None else workers
        self.ray = ray
        self.enrich = enrich
        self._submit: Callable[[Document], Future[Parsed]] | None = None
        self._again: Callable[[Document], Future[Parsed]] | None = None  # Ray: a page whose worker died
        self._close: Callable[[], None] = lambda: None

    def __enter__(self) -> Parsers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def map(self, jobs: Iterable[J], doc_of: Callable[[J], Document | None]) -> Iterator[tuple[J, Parsed | None]]:
        """Each job with its document parsed (None for a job without a document, passed through), in input
        order, with IN_FLIGHT documents per worker sent ahead: a parsed one is handed on once the window is full
        again, so the workers have the window's pages to parse while the caller works on what it was given."""
        waiting: deque[tuple[J, Document | None, Future[Parsed] | None]] = deque()
        docs = 0
        window = 0 if self.workers == 0 else IN_FLIGHT * (self.workers or 1)  # 0: parsed here, each in turn
        for job in jobs:
            doc = doc_of(job)
            if doc is None:
                waiting.append((job, None, None))
            elif docs < INLINE or self.workers == 0:
                waiting.append((job, doc, _done(parse_one(doc))))
            else:
                waiting.append((job, doc, self._start()(doc)))
            docs += doc is not None
            while waiting and (len(waiting) > window or (len(waiting) == window and _ready(waiting[0][2]))):
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
        except Exception:
            if self._again is None:  # not on Ray
                raise
            # a Ray worker died (on this page or another one it had), and Ray restarts it: again, once
            try:
                return job, self._again(doc).result()
            except Exception:
                return job, (doc, None, "the Ray worker died on this page")

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
            ray.init(num_cpus=self.workers or os.cpu_count(), include_dashboard=False, log_to_driver=False)
        elif started:
            ray.init(address=self.ray, log_to_driver=False)
        self._close = ray.shutdown if started else self._close
        if self.workers is None:
            self.workers = max(int(ray.cluster_resources().get("CPU", 1)), 1)
        assert self.enrich is not None
        return self._start_enrichers(ray, self.enrich, self.workers, started)

    def _start_enrichers(self, ray: Any, enrich: Remote, workers: int, started: bool
                         ) -> Callable[[Document], Future[Parsed]]:
        """One PageEnricher per worker (Ray restarts one that dies); each page goes to the one with the fewest
        pages waiting. Raises ConfigError when the workers cannot enrich as this process does."""
        # one CPU each: Ray then sets OMP_NUM_THREADS=1 there, which the encoder's sessions follow
        actor = ray.remote(num_cpus=1, max_restarts=-1)(PageEnricher)
        actors: list[Any] = []

        def close() -> None:  # a cluster that outlives the ingest gets its CPUs back
            for a in actors:
                ray.kill(a)

        self._close = self._close if started else close
        try:
            actors += [actor.remote(enrich.enrichers, enrich.encoder) for _ in range(workers)]
            signatures = ray.get([a.signature.remote() for a in actors], timeout=START_S)
        except ray.exceptions.GetTimeoutError:
            raise ConfigError(f"{workers} Ray workers did not start within {START_S} s: has the cluster {workers} "
                              "free CPUs?") from None
        except Exception as e:  # what Ray could not send, or an enricher that cannot start there
            raise ConfigError(f"the Ray workers cannot enrich (give enrichers and the encoder by name): {e}") from None
        if wrong := [s for s in signatures if s != enrich.signature]:
            raise ConfigError(f"a Ray worker enriches as {wrong[0]!r}, not as this process ({enrich.signature!r}): "
                              "install the same civicatlas and models there")
        waiting: list[list[Future[Parsed]]] = [[] for _ in actors]

        def least_busy() -> int:
            for pages in waiting:
                pages[:] = [f for f in pages if not f.done()]
            return min(range(len(actors)), key=lambda k: len(waiting[k]))

        def send(n: int, doc: Document) -> Future[Parsed]:
            future = actors[n].run.remote(doc).future()
            waiting[n].append(future)
            return future

        def again(doc: Document) -> Future[Parsed]:
            # a page sent to a worker that Ray is restarting fails at once (at-most-once tasks), so wait for the
            # least busy worker to answer first (a question it may repeat); the page itself is never repeated
            n = least_busy()
            ray.get(actors[n].signature.options(max_task_retries=-1).remote(), timeout=START_S)
            return send(n, doc)

        self._again = again
        return lambda doc: send(least_busy(), doc)


def _done(parsed: Parsed) -> Future[Parsed]:
    future: Future[Parsed] = Future()
    future.set_result(parsed)
    return future


def _ready(future: Future[Parsed] | None) -> bool:
    return future is None or future.done()


def _context() -> multiprocessing.context.BaseContext:
    # spawn, not fork: the encoder's threads may be running, and a forked child would inherit the locks they hold
    return multiprocessing.get_context("spawn")
