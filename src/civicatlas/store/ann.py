"""Nearest vectors for the SQLite store: exact below EXACT_BELOW vectors of a model, an HNSW graph (usearch)
above it, kept in a file beside the database so that a reopened store reads it instead of building it again.

The graph is keyed by the rowid of each vector's row. A row is never changed in place (putting a vector again
replaces its row, and the new row takes a new rowid), so the highest rowid the file covers says what it lacks:
rows after it are read when the index opens and before every search. Those newest vectors are searched
exactly, beside the graph, until there are FOLD_AT of them; then they join the graph and the file is written
again (to a temporary file renamed over the old, so readers see the old file or the new, never half of one).

A caller that ranks by its own score of the form weight · cosine + of(vector) (a base.Prior: search's CSLS) has
it ranked by the graph itself: each vector is kept with one more coordinate, of(x) / weight, and searched by inner
product with the query and a 1 there, which is the score / weight; a query with a 0 there is the plain cosine, so
one graph serves both. Re-ranking four times the cosine-nearest by CSLS instead read back the graph's copies of
thousands of vectors per search (usearch hands them back one array each) and found fewer of CSLS's own best (0.87
of its 200 best at 100k vectors, 0.92 from the graph on CSLS; bench/search.py). The graph holds the prior it was
given first; another (another name: the codebook's labels changed) builds it again.

The index only proposes rowids: the store reads the rows it keeps (and their items) back, so a key whose row has
gone, or whose text no item has any more, is dropped, and what it returns is ranked on the stored float32
vectors. A file that does not match the database (another model, size or prior, vectors that differ from the rows,
fewer rows than it covers) is built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

import numpy as np

from civicatlas.store.base import Prior

EXACT_BELOW = 20_000  # vectors: below this an exact search over all of them is as fast as the graph (bench/search.py)
FOLD_AT = 20_000  # newest vectors searched exactly beside the graph before they join it and the file is rewritten
BATCH = 50_000  # rows read at a time when catching up
# HNSW settings: 16 links per node, 64 candidates while linking (usearch's default 128 doubles build time), at
# least 256 while searching (more when more results are asked for): recall@10 0.99 against exact at 100k, where
# usearch's default 64 gives 0.87 (bench/search.py); 256 more for every EXPANSION_PER vectors beyond the first
# (at 1M, CSLS recall@10 against exact 0.77 with 256, 0.96 with 1024, for 1.2 ms more a search)
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH, EXPANSION_PER = 16, 64, 256, 250_000
CHECKED = 4  # rows at each end of the file's range compared with the database on open


class VectorIndex:
    """Nearest stored vectors of one model, by cosine or by a prior's score. Thread-safe: searches share one lock."""

    def __init__(self, db: sqlite3.Connection, db_path: str, model: str):
        self.db, self.model = db, model
        name = hashlib.sha1(model.encode()).hexdigest()[:12]
        sidecar = None if db_path in ("", ":memory:") else f"{db_path}-ann-{name}"
        self.file = Path(f"{sidecar}.usearch") if sidecar else None
        self.meta = Path(f"{sidecar}.json") if sidecar else None
        self.lock = threading.Lock()
        self.graph = None  # usearch Index, or None while the model has fewer than EXACT_BELOW vectors
        self.dim: int | None = None
        self.covered = 0  # every row of the model up to this rowid is in the graph
        self.seen = 0  # every row up to this rowid has been looked at
        # rows after `covered` (rowids, vectors), searched exactly; one tuple, swapped whole, for the threads reading it
        self.newest = _no_rows()
        self.prior_name: str | None = None  # the prior the graph keeps with each vector, if any
        self.prior: Prior | None = None  # that prior itself, once a caller has given it (a file names it only)
        self._newest_made: tuple[tuple[str, int, int], np.ndarray] | None = None  # _newest_prior's, for these rows
        self._open()

    def use(self, prior: Prior | None) -> None:
        """Rank by this prior's score from now on: the graph is built again when it keeps another one. Without a
        prior the index searches by cosine whatever its graph keeps."""
        if prior is None or self.prior is prior:
            return
        with self.lock:  # a prior of the same name is the same prior (search makes one per encoder)
            if prior.name != self.prior_name and self.graph is not None:  # the newest rows are kept as they are
                self.graph, self._viewed = None, False
                self.covered = self.seen = 0
                self.newest = _no_rows()
            self.prior_name, self.prior = prior.name, prior

    # --- search ------------------------------------------------------------------------------------
    def candidates(self, vector: np.ndarray, count: int, prior: Prior | None = None) -> np.ndarray:
        """Rowids of (about) the `count` vectors best for `vector`, best first: by the prior's score when it is the
        one `use` was given, else by cosine; exact among the newest vectors and everywhere below EXACT_BELOW,
        approximate in the graph."""
        self.catch_up()
        query = np.asarray(vector, dtype=np.float32)
        if self.dim is not None and query.shape[-1] != self.dim:
            return np.zeros(0, dtype=np.int64)
        graph, kept = self.graph, self.prior_name  # as they are now: another thread's `use` may replace them
        scored = prior is not None and prior.name == kept
        keys: list[np.ndarray] = []
        scores: list[np.ndarray] = []  # score / weight by the prior, or the cosine
        if graph is not None and len(graph):
            lifted = np.append(query, np.float32(1.0 if scored else 0.0)) if kept else query
            found = graph.search(lifted, min(count, len(graph)), threads=1)
            keys.append(np.asarray(found.keys, dtype=np.int64))
            scores.append(1.0 - np.asarray(found.distances, dtype=np.float32))  # ip and cos distances are 1 − that
        rest_keys, rest = self.newest
        if len(rest_keys):
            near = rest @ query + (self._newest_prior(prior, rest_keys, rest) if scored and prior else 0.0)
            best = np.argpartition(-near, count)[:count] if count < len(rest_keys) else slice(None)
            keys.append(rest_keys[best])
            scores.append(near[best])
        if not keys:
            return np.zeros(0, dtype=np.int64)
        if not len(rest_keys):  # the graph's answer alone, best first already
            return keys[0]
        key, score = np.concatenate(keys), np.concatenate(scores)
        return key[np.lexsort((key, -score))[:count]]

    def _newest_prior(self, prior: Prior, keys: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """The prior's lift of the newest rows, made once for the rows there are (up to FOLD_AT of them: ~5 ms)."""
        made, these = self._newest_made, (prior.name, len(keys), int(keys[-1]))  # rowids only grow
        if made is None or made[0] != these:
            made = self._newest_made = (these, prior.lift(vectors))
        return made[1]

    @property
    def size(self) -> int:
        return (len(self.graph) if self.graph is not None else 0) + len(self.newest[0])

    # --- keeping up with the database ----------------------------------------------------------------
    def catch_up(self) -> None:
        """Take in the rows stored since the last look (one indexed read when there are none)."""
        last = self.db.execute("SELECT max(rowid) FROM vectors").fetchone()[0] or 0
        if last <= self.seen:
            return
        with self.lock:
            folded = False
            while rows := self.db.execute(
                    "SELECT rowid, dim, vector FROM vectors WHERE rowid > ? AND rowid <= ? AND model = ? "
                    "ORDER BY rowid LIMIT ?", (self.seen, last, self.model, BATCH)).fetchall():
                self.seen = max(self.seen, rows[-1][0])
                self.dim = self.dim or rows[0][1]
                rows = [r for r in rows if r[1] == self.dim]  # vectors of a model share its dimension
                fresh = np.frombuffer(b"".join(r[2] for r in rows), dtype="<f4").reshape(len(rows), self.dim)
                rest_keys, rest = self.newest
                self.newest = (np.concatenate([rest_keys, np.array([r[0] for r in rows], dtype=np.int64)]),
                               np.vstack([rest.reshape(-1, self.dim), fresh]))
                # a graph that keeps a prior grows only where the prior is known (a process searching by cosine
                # alone, with a graph another made by CSLS, searches its newest rows exactly until it is)
                if len(self.newest[0]) >= FOLD_AT and self.size >= EXACT_BELOW and (
                        self.prior_name is None or self.prior is not None):
                    self._fold()
                    folded = True
            self.seen = max(self.seen, last)
            if not len(self.newest[0]):
                self.covered = self.seen  # nothing left out of the graph: the file covers every row looked at
            if folded:
                self._save()

    def _fold(self) -> None:
        """Move the newest vectors into the graph (a memory-mapped graph is read into memory first)."""
        from usearch.index import Index

        if self.graph is None:
            lifted = self.prior_name is not None
            self.graph = Index(ndim=(self.dim or 0) + lifted, metric="ip" if lifted else "cos", dtype="f16",
                               connectivity=CONNECTIVITY, expansion_add=EXPANSION_ADD,
                               expansion_search=EXPANSION_SEARCH)
        elif self._viewed:  # a copy of the mapped graph, not the file again: another process may have replaced it
            self.graph = _searching(self.graph.copy())
        self._viewed = False
        rest_keys, rest = self.newest
        new = ~self.graph.contains(rest_keys) if len(self.graph) else np.ones(len(rest_keys), bool)
        if new.any():
            # one thread: usearch's parallel inserts leave a few nodes that no search reaches (3–6 of 20,000 in
            # trials; an item that its own vector does not find), one thread none, at 2.5× the build time
            vectors = rest[new]
            if self.prior_name is not None:  # the graph keeps the prior's lift after each vector
                assert self.prior is not None  # catch_up folds a graph that keeps a prior only once it has it
                vectors = np.hstack([vectors, self._newest_prior(self.prior, rest_keys, rest)[new][:, None]])
            self.graph.add(rest_keys[new], vectors.astype(np.float32), threads=1)
            _searching(self.graph)  # wider as it grows
        self.covered = int(rest_keys.max(initial=self.covered))
        self.newest = _no_rows(self.dim or 0)

    def _save(self) -> None:
        """Write the graph and what it covers, then map the file written instead of holding the graph in memory
        (mapped before it is renamed into place, so a file another process puts there later is not taken for it)."""
        if self.file is None or self.meta is None or self.graph is None:
            return
        from usearch.index import Index

        graph, meta = f"{self.file}.{os.getpid()}.tmp", f"{self.meta}.{os.getpid()}.tmp"
        try:
            self.graph.save(graph)
            Path(meta).write_text(json.dumps({"model": self.model, "dim": self.dim, "covered": self.covered,
                                              "prior": self.prior_name}), "utf-8")
            mapped = _searching(Index.restore(graph, view=True))
            os.replace(graph, self.file)
            os.replace(meta, self.meta)
        except OSError:  # a read-only folder, or a file in use elsewhere: the graph stays in memory
            for tmp in (graph, meta):
                with contextlib.suppress(OSError):
                    Path(tmp).unlink(missing_ok=True)
            return
        self.graph, self._viewed = mapped, True

    def _open(self) -> None:
        """Map the file when it matches the database; otherwise start empty (catch_up builds it again)."""
        self._viewed = False
        if self.file is None or self.meta is None or not self.file.exists():
            return
        try:
            meta = json.loads(self.meta.read_text("utf-8"))
            from usearch.index import Index

            graph = _searching(Index.restore(str(self.file), view=True))
        except Exception:  # noqa: BLE001 - unreadable or corrupt: build it again
            return
        prior = meta.get("prior")
        if graph is None or meta.get("model") != self.model or graph.ndim != (meta.get("dim") or 0) + bool(prior):
            return
        covered = int(meta["covered"])
        last = self.db.execute("SELECT max(rowid) FROM vectors").fetchone()[0] or 0
        if last < covered or not self._matches(graph, covered, int(meta["dim"])):
            return
        self.graph, self.dim, self.covered, self.seen, self._viewed = graph, int(meta["dim"]), covered, covered, True
        self.prior_name = prior

    def _matches(self, graph, covered: int, dim: int) -> bool:
        """The rows at both ends of the file's range are in it with the same vectors (another database, or one
        rebuilt, would differ)."""
        rows = [r for order in ("ASC", "DESC") for r in self.db.execute(
            f"SELECT rowid, vector FROM vectors WHERE model = ? AND rowid <= ? ORDER BY rowid {order} LIMIT ?",
            (self.model, covered, CHECKED))]
        if not rows:
            return len(graph) == 0
        keys = np.array([r[0] for r in rows], dtype=np.int64)
        if not graph.contains(keys).all():
            return False
        stored = np.vstack([np.frombuffer(r[1], dtype="<f4") for r in rows])
        kept = np.vstack([np.asarray(v, dtype=np.float32).reshape(-1)[:dim] for v in graph.get(keys)])
        return kept.shape == stored.shape and bool(np.allclose(kept, stored, atol=2e-3))


def _no_rows(dim: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """No newest rows: their rowids and vectors."""
    return np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32)


def _searching(graph):
    """A graph searches with an expansion for its size, not usearch's default or the one it was built with."""
    if graph is not None:
        graph.expansion_search = EXPANSION_SEARCH * max(1, -(-len(graph) // EXPANSION_PER))
    return graph
