"""Nearest vectors for the SQLite store: exact below EXACT_BELOW vectors of a model, an HNSW graph (usearch)
above it, kept in a file beside the database so that a reopened store reads it instead of building it again.

The graph is keyed by the rowid of each vector's row. A row is never changed in place (putting a vector again
replaces its row, and the new row takes a new rowid), so the highest rowid the file covers says what it lacks:
rows after it are read when the index opens and before every search. Those newest vectors are searched
exactly, beside the graph, until there are FOLD_AT of them; then they join the graph and the file is written
again (to a temporary file renamed over the old, so readers see the old file or the new, never half of one).

The index only proposes rowids, with its copies of their vectors (float16 in the graph) for the caller to rank
them by: the store reads the rows it keeps (and their items) back, so a key whose row has gone, or whose text no
item has any more, is dropped, and what it returns is ranked on the stored float32 vectors. A file that does not
match the database (another model or size, vectors that differ from the rows, fewer rows than it covers) is built
again.
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

EXACT_BELOW = 20_000  # vectors: below this an exact search over all of them is as fast as the graph (bench/search.py)
FOLD_AT = 20_000  # newest vectors searched exactly beside the graph before they join it and the file is rewritten
BATCH = 50_000  # rows read at a time when catching up
# HNSW settings: 16 links per node, 64 candidates while linking (usearch's default 128 doubles build time), at
# least 256 while searching (more when more results are asked for): recall@10 0.99 against exact at 100k, where
# usearch's default 64 gives 0.87 (bench/search.py)
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH = 16, 64, 256
CHECKED = 4  # rows at each end of the file's range compared with the database on open


class VectorIndex:
    """Nearest stored vectors of one model, by cosine. Thread-safe: searches share one catch-up lock."""

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
        self.newest = (np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32))
        self._open()

    # --- search ------------------------------------------------------------------------------------
    def candidates(self, vector: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Rowids of (about) the `count` vectors nearest `vector`, nearest first, and those vectors (the graph's
        float16 copies, or the rows' own): exact among the newest vectors and everywhere below EXACT_BELOW,
        approximate in the graph."""
        self.catch_up()
        query = np.asarray(vector, dtype=np.float32)
        none = (np.zeros(0, dtype=np.int64), np.zeros((0, query.shape[-1]), dtype=np.float32))
        if self.dim is not None and query.shape[-1] != self.dim:
            return none
        keys: list[np.ndarray] = []
        vectors: list[np.ndarray] = []
        if self.graph is not None and len(self.graph):
            found = np.asarray(self.graph.search(query, min(count, len(self.graph)), threads=1).keys, dtype=np.int64)
            keys.append(found)
            vectors.append(np.vstack(self.graph.get(found, dtype=np.float32)) if len(found) else none[1])
        rest_keys, rest = self.newest
        if len(rest_keys):
            best = np.argpartition(-(rest @ query), count)[:count] if count < len(rest_keys) else slice(None)
            keys.append(rest_keys[best])
            vectors.append(rest[best])
        if not keys:
            return none
        if not len(rest_keys):  # the graph's answer alone, nearest first already
            return keys[0], vectors[0]
        key, vector = np.concatenate(keys), np.vstack(vectors)
        order = np.lexsort((key, -(vector @ query)))[:count]
        return key[order], vector[order]

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
                if len(self.newest[0]) >= FOLD_AT and self.size >= EXACT_BELOW:
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
            self.graph = Index(ndim=self.dim, metric="cos", dtype="f16", connectivity=CONNECTIVITY,
                               expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
        elif self._viewed:  # a copy of the mapped graph, not the file again: another process may have replaced it
            self.graph = _searching(self.graph.copy())
        self._viewed = False
        rest_keys, rest = self.newest
        new = ~self.graph.contains(rest_keys) if len(self.graph) else np.ones(len(rest_keys), bool)
        if new.any():
            # one thread: usearch's parallel inserts leave a few nodes that no search reaches (3–6 of 20,000 in
            # trials; an item that its own vector does not find), one thread none, at 2.5× the build time
            self.graph.add(rest_keys[new], rest[new], threads=1)
        self.covered = int(rest_keys.max(initial=self.covered))
        self.newest = (np.zeros(0, dtype=np.int64), np.zeros((0, self.dim or 0), dtype=np.float32))

    def _save(self) -> None:
        """Write the graph and what it covers, then map the file written instead of holding the graph in memory
        (mapped before it is renamed into place, so a file another process puts there later is not taken for it)."""
        if self.file is None or self.meta is None or self.graph is None:
            return
        from usearch.index import Index

        graph, meta = f"{self.file}.{os.getpid()}.tmp", f"{self.meta}.{os.getpid()}.tmp"
        try:
            self.graph.save(graph)
            Path(meta).write_text(json.dumps({"model": self.model, "dim": self.dim, "covered": self.covered}), "utf-8")
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
        if graph is None or meta.get("model") != self.model or graph.ndim != meta.get("dim"):
            return
        covered = int(meta["covered"])
        last = self.db.execute("SELECT max(rowid) FROM vectors").fetchone()[0] or 0
        if last < covered or not self._matches(graph, covered):
            return
        self.graph, self.dim, self.covered, self.seen, self._viewed = graph, graph.ndim, covered, covered, True

    def _matches(self, graph, covered: int) -> bool:
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
        kept = np.vstack([np.asarray(v, dtype=np.float32).reshape(-1) for v in graph.get(keys)])
        return bool(np.allclose(kept, stored, atol=2e-3))


def _searching(graph):
    """A graph read from its file searches with usearch's default expansion, not the one it was built with."""
    if graph is not None:
        graph.expansion_search = EXPANSION_SEARCH
    return graph
