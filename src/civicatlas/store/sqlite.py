"""The default store: one SQLite file (WAL mode, FTS5), one transaction per document.

A crash mid-ingest leaves every document either fully stored or not at all; re-saving an unchanged
document changes nothing.

Several processes may use one file at once (two ingests, searches and exports during an ingest): readers
never wait in WAL mode; writers take the write lock at the start of each transaction (BEGIN IMMEDIATE), wait
for it with SQLite's busy timeout and then retry with backoff, and hold it only while they decide and write
(one document's resolution and save, a re-resolution's clustering), never while an encoder runs. Whoever
opens a file first creates or migrates its schema; the others find it done.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from civicatlas.encode.passage import record_passage, text_key
from civicatlas.errors import ConfigError, NotFound, QueryTimeout, StoreError
from civicatlas.filters import VOCABULARY, CaseFilter
from civicatlas.model import Document, Item
from civicatlas.store import word_index
from civicatlas.store.ann import VectorIndex
from civicatlas.store.base import (
    HAVERSINE,
    KM_PER_DEGREE,
    SORTS,
    Assignment,
    Prior,
    SaveResult,
    check_facets,
    check_token_args,
    content_key,
    cursor_of,
    keyset,
    minute_before,
    nearest_counts,
    new_secret,
    same_hash,
    token_hash,
    top_facets,
)
from civicatlas.store.base import now as _now
from civicatlas.store.rows import (
    case_view,
    corrected,
    heading,
    mention_rows,
    moved_only,
    record_json,
    relevance_of,
    source_of,
    stored_record,
    version,
)
from civicatlas.store.schema import MIGRATIONS, VECTOR_KEYS

BUSY_TIMEOUT_S = 10.0  # how long SQLite itself waits for a lock another connection holds
PATIENCE_S = 600.0  # how long a writer keeps retrying before it gives up with "database is locked"
MMAP_BYTES = 1 << 40  # as much of the file as SQLite allows (2 GB in Python's builds)


def _busy(e: sqlite3.Error) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED, extended codes included (e.g. BUSY_SNAPSHOT, which skips the busy
    handler): another connection holds what this one needs, so trying again later can succeed."""
    return (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _retrying(attempt: Callable[[], Any], patience: float) -> Any:
    """Run `attempt` until it is not refused for a lock, waiting longer each time (with jitter, so that
    processes refused together do not retry together), for at most `patience` seconds."""
    deadline = time.monotonic() + patience
    delay = 0.05
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as e:
            if not _busy(e) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 2.0)


class SQLiteStore:
    def __init__(self, path: str | Path, patience: float = PATIENCE_S):
        self.path = str(path)
        self.url = self.path
        self.patience = patience
        self._savepoints = 0  # transactions open inside the outermost one
        self._vector_indexes: dict[str, VectorIndex] = {}  # per model, opened by the first nearest()
        self._vector_model: tuple[int | None, str | None] | None = None  # (highest vector rowid, its answer)
        self._word_index: word_index.WordIndex | None = None  # opened by the first word search at scale
        try:
            # the busy timeout is set by connect() itself, before the first statement can meet a lock
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                      check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.create_function("source_of", 1, source_of, deterministic=True)
            # reads through a memory map instead of a copy per page: the cases of a search's ~400 items at
            # 100,000 cases took 7.6 ms without, 2.8 ms with (SQLite caps the size at what it was built for)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", f"mmap_size={MMAP_BYTES}"):
                _retrying(lambda p=pragma: self.db.execute(f"PRAGMA {p}").fetchall(), patience)
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a CivicAtlas database or not readable ({e})") from None

    # --- lifecycle -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        if self._check_version() == len(MIGRATIONS):
            return  # the usual case: nothing to write, so readers never take the write lock
        with self.transaction():
            # read again under the write lock: another process may have created or migrated the file since
            for n in range(self._check_version(), len(MIGRATIONS)):
                for statement in _statements(MIGRATIONS[n]):
                    self.db.execute(statement)
                if n + 1 == FACETS_KEPT:  # the facet values of the cases stored before
                    self.db.execute(_FILL_FACETS.format("1"))
                if n + 1 == VECTOR_KEYS:
                    self._fill_vector_keys()
                self.db.execute(f"PRAGMA user_version = {n + 1}")

    def _fill_vector_keys(self) -> None:
        """The vector key of every item stored before items had one (hashing is Python's, not SQL's)."""
        last = 0
        while rows := self.db.execute("SELECT rowid, id, title, text, caption FROM items WHERE rowid > ? "
                                      "ORDER BY rowid LIMIT 5000", (last,)).fetchall():
            self.db.executemany("UPDATE items SET vector_key = ? WHERE rowid = ?",
                                [(text_key(record_passage(dict(r))), r["rowid"]) for r in rows])
            last = rows[-1]["rowid"]

    def _check_version(self) -> int:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: database schema v{version} is newer than this CivicAtlas (v{len(MIGRATIONS)})")
        return version

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it or nothing. The write lock is taken at the start (so reading and
        then writing inside can never be refused half-way) and waited for; a transaction opened inside
        another is a savepoint of it."""
        if self.db.in_transaction:
            name = f"nested{self._savepoints}"
            self._savepoints += 1
            self.db.execute(f"SAVEPOINT {name}")
            try:
                yield self.db
            except BaseException:
                self.db.execute(f"ROLLBACK TO {name}")
                raise
            finally:
                self.db.execute(f"RELEASE {name}")
                self._savepoints -= 1
            return
        _retrying(lambda: self.db.execute("BEGIN IMMEDIATE"), self.patience)
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    @contextmanager
    def ingesting(self) -> Iterator[None]:
        """Pages read through SQLite's own cache, which is bounded, instead of the memory map: the pages an ingest
        reads through the map stay in its resident memory, which then grows with the database (1 GB at ~6,500 pages
        of bench/ingest.py's long corpus). Searches get the map back after; an ingest is as fast without it."""
        self.db.execute("PRAGMA mmap_size=0")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")

    def rank_vectors_by(self, model: str, prior: Callable[[], Prior]) -> None:
        """Nothing to do: the vector graph takes the prior when a search gives it (store/ann.py)."""

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several reads (WAL: writers go on meanwhile)."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    @contextmanager
    def deadline(self, seconds: float | None) -> Iterator[None]:
        """Reads inside give up after `seconds` with QueryTimeout, so a costly query cannot hold a worker. A timer
        interrupts the connection (a progress handler would take the GIL every few thousand steps of every query:
        slow with many threads)."""
        if not seconds:
            yield
            return
        done = threading.Event()

        def cut() -> None:  # an interrupt reaches running statements only: repeat it until the reads end
            while not done.wait(0.01):
                self.db.interrupt()

        timer = threading.Timer(seconds, cut)
        timer.daemon = True
        late = QueryTimeout(f"the query took longer than {seconds:g} s; narrow it down")
        start = time.monotonic()
        timer.start()
        try:
            yield
        except sqlite3.OperationalError as e:
            if "interrupted" in str(e):
                raise late from None
            raise
        finally:
            done.set()
            timer.cancel()
        if time.monotonic() - start > seconds:  # reads between statements escape the interrupt: late all the same
            raise late

    def matching(self, filters: CaseFilter | None, case_ids: Sequence[str], all: bool = False) -> set[str]:
        """Those of the cases that match the filters."""
        where, args = case_where(filters, all, few=True)
        return {r["id"] for r in self._in(f"SELECT c.id FROM cases c WHERE c.id IN ({{}}) AND {where}",
                                          list(case_ids), *args)}

    def close(self) -> None:
        self._word_index = None  # lets go of its files
        self.db.close()

    # --- documents -------------------------------------------------------------------------------
    def document_state(self, doc_id: str) -> tuple[str, str] | None:
        """(sha256, pipeline signature) of a stored document, to skip unchanged inputs."""
        row = self.db.execute("SELECT sha256, pipeline FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return (row["sha256"], row["pipeline"]) if row else None

    def case_of_items(self, item_ids: Sequence[str]) -> dict[str, str]:
        rows = self._in("SELECT item_id, case_id FROM case_items WHERE item_id IN ({})", item_ids)
        return {r["item_id"]: r["case_id"] for r in rows}

    def cases_by_content_key(self, keys: Sequence[str], exclude_document: str) -> dict[str, str]:
        """content key → case of an item with that exact content in another document."""
        rows = self._in(
            "SELECT i.content_key, c.case_id FROM items i JOIN case_items c ON c.item_id = i.id "
            "WHERE i.content_key IN ({}) AND i.document_id != ? ORDER BY i.rowid", keys, exclude_document)
        out: dict[str, str] = {}
        for r in rows:
            out.setdefault(r["content_key"], r["case_id"])
        return out

    def save(self, doc: Document, pipeline: str, items: Sequence[Item], cases: Mapping[str, Assignment],
             keys: Mapping[str, Sequence[str]] | None = None) -> SaveResult:
        """Store a document with its items and their case assignments, replacing what it had. `keys` are the
        resolver's lookup keys per item (LSH bands, anchors), kept so later items find their duplicates."""
        result = SaveResult()
        now = _now()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO documents (id, uri, content_type, encoding, sha256, pipeline, title, text, metadata, "
                "warnings, ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "content_type=excluded.content_type, encoding=excluded.encoding, sha256=excluded.sha256, "
                "pipeline=excluded.pipeline, title=excluded.title, text=excluded.text, metadata=excluded.metadata, "
                "warnings=excluded.warnings, updated_at=excluded.updated_at",
                (doc.id, doc.uri, doc.content_type, doc.encoding, doc.sha256, pipeline, doc.title, doc.text,
                 json.dumps(doc.metadata, ensure_ascii=False), json.dumps(doc.warnings, ensure_ascii=False), now, now),
            )
            rows = db.execute("SELECT id, record FROM items WHERE document_id = ?", (doc.id,))
            old = {r["id"]: r["record"] for r in rows}
            promoted = {r["item_id"] for r in self._in(
                "SELECT item_id FROM promotions WHERE item_id IN ({})", [item.id for item in items])}
            touched_cases: set[str] = set()
            for item in items:
                record = record_json(item)
                relevance, initiative = relevance_of(item, promoted)
                if item.id in old:
                    previous = old.pop(item.id)
                    if previous == record:
                        result.unchanged += 1
                        continue
                    moved = moved_only(previous, record)  # rewritten, but not reported as updated
                    result.unchanged += moved
                    result.updated += not moved
                    db.execute(
                        "UPDATE items SET position=?, title=?, text=?, caption=?, language=?, content_key=?, record=?, "
                        "vector_key=?, relevance=?, initiative=?, updated_at=? WHERE id=?",
                        (item.position, item.title, item.text, item.caption, item.language,
                         content_key(item.title, item.text), record, _vector_key(item), relevance, initiative, now,
                         item.id))
                    db.execute("DELETE FROM mentions WHERE item_id = ?", (item.id,))
                else:
                    result.new += 1
                    db.execute(
                        "INSERT INTO items (id, document_id, position, title, text, caption, language, content_key, "
                        "record, vector_key, relevance, initiative, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (item.id, doc.id, item.position, item.title, item.text, item.caption, item.language,
                         content_key(item.title, item.text), record, _vector_key(item), relevance, initiative, now))
                db.executemany(
                    'INSERT INTO mentions (item_id, type, field, start, "end", text, key, country, value, extractor, '
                    "confidence, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", mention_rows(item))
                if keys is not None and item.id in keys:
                    self._put_keys(db, item.id, keys[item.id])
                assignment = cases.get(item.id)
                if assignment is not None:
                    self._assign(db, item.id, assignment, now)
                touched_cases.update(r["case_id"] for r in db.execute(
                    "SELECT case_id FROM case_items WHERE item_id = ?", (item.id,)))
            for gone in old:  # items the page no longer has
                touched_cases.update(r["case_id"] for r in db.execute(
                    "SELECT case_id FROM case_items WHERE item_id = ?", (gone,)))
                db.execute("DELETE FROM items WHERE id = ?", (gone,))
                result.removed += 1
            for case_id in touched_cases:
                self._refresh_case(db, case_id, now)
        return result

    def reserve_cases(self, created: Mapping[str, str]) -> None:
        """Create cases (id -> created_at) before their items arrive, so that restoring an export keeps each
        case's creation time, and with it the order of the cases. A case that gets no items goes again."""
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO cases (id, title, summary, languages, created_at, updated_at) "
                           "VALUES (?, '', '', '[]', ?, ?)", [(c, t, t) for c, t in created.items()])

    def _put_keys(self, db: sqlite3.Connection, item_id: str, keys: Sequence[str]) -> None:
        db.execute("DELETE FROM resolve_keys WHERE item_id = ?", (item_id,))
        db.executemany("INSERT OR IGNORE INTO resolve_keys (key, item_id) VALUES (?,?)", [(k, item_id) for k in keys])

    def _assign(self, db: sqlite3.Connection, item_id: str, a: Assignment, now: str, actor: str = "auto") -> str | None:
        """Put an item in a case; returns the case it was in before. A change of case is written to the history."""
        previous = db.execute("SELECT case_id FROM case_items WHERE item_id = ?", (item_id,)).fetchone()
        previous = previous["case_id"] if previous else None
        evidence = json.dumps(a.evidence, ensure_ascii=False, sort_keys=True) if a.evidence else None
        db.execute("INSERT OR IGNORE INTO cases (id, title, summary, languages, created_at, updated_at) "
                   "VALUES (?,?,?,?,?,?)", (a.case_id, "", "", "[]", now, now))
        db.execute("INSERT INTO case_items (item_id, case_id, reason, score, matched, evidence) VALUES (?,?,?,?,?,?) "
                   "ON CONFLICT(item_id) DO UPDATE SET case_id=excluded.case_id, reason=excluded.reason, "
                   "score=excluded.score, matched=excluded.matched, evidence=excluded.evidence",
                   (item_id, a.case_id, a.reason, a.score, a.matched, evidence))
        if previous != a.case_id:
            db.execute("INSERT INTO case_history (item_id, case_id, previous_case, reason, score, matched, evidence, "
                       "actor, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                       (item_id, a.case_id, previous, a.reason, a.score, a.matched, evidence, actor, now))
        return previous

    def _refresh_case(self, db: sqlite3.Connection, case_id: str, now: str) -> None:
        """A case shows the best title and summary per language (the main one in the language of its first
        item) and the languages of its items, as people corrected them; a case without items goes."""
        records = [corrected(r["record"], r["corrected"]) for r in db.execute(
            f"SELECT i.record, {_CORRECTIONS} FROM case_items c JOIN items i ON i.id = c.item_id "
            "WHERE c.case_id = ? ORDER BY i.rowid", (case_id,))]
        if not records:
            db.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            return
        shown = heading(records)
        # "+i.initiative": through the case's items, never by scanning every initiative's item (items_initiative_
        # language would have it so: 100 ms a case at 46,000 cases, for every case an ingest touches)
        initiative = db.execute("SELECT EXISTS (SELECT 1 FROM case_items c JOIN items i ON i.id = c.item_id "
                                "WHERE c.case_id = ? AND +i.initiative = 1)", (case_id,)).fetchone()[0]
        db.execute("UPDATE cases SET title=?, summary=?, languages=?, titles=?, initiative=?, updated_at=? WHERE id=?",
                   (shown["title"], shown["summary"], json.dumps(shown["languages"]),
                    json.dumps(shown["titles"], ensure_ascii=False), initiative, now, case_id))
        db.execute("DELETE FROM case_facets WHERE case_id = ?", (case_id,))
        db.execute(_FILL_FACETS.format("ci.case_id = ?"), [case_id] * _FACET_PARTS)

    # --- reading ---------------------------------------------------------------------------------
    def get_item(self, item_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM items WHERE id = ?", (item_id,)).fetchone()
        return json.loads(row["record"]) if row else None

    def pipelines(self) -> list[str]:
        """The distinct enricher pipelines (name/version,…) the stored documents went through."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT pipeline FROM documents ORDER BY pipeline")]

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT id, uri, content_type, encoding, title, metadata, warnings, ingested_at, updated_at "
            "FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        doc = dict(row)
        doc["metadata"], doc["warnings"] = json.loads(doc["metadata"]), json.loads(doc["warnings"])
        doc["items"] = [r["id"] for r in self.db.execute(
            "SELECT id FROM items WHERE document_id = ? ORDER BY position", (doc_id,))]
        return doc

    def get_case(self, case_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
        return self._case(row) if row else None

    def iter_cases(self, filters: CaseFilter | None = None, batch: int = 256, all: bool = False
                   ) -> Iterator[dict[str, Any]]:
        """Cases in creation order, those matching `filters` only, read a batch at a time: memory stays
        constant however many there are. Only initiatives unless `all` (then also the cases set aside)."""
        where, args = case_where(filters, all)
        ids = self.db.execute(f"SELECT c.id FROM cases c WHERE {where} ORDER BY c.created_at, c.rowid", args)
        while chunk := [r[0] for r in ids.fetchmany(batch)]:
            yield from self._cases(chunk)

    def _cases(self, ids: list[str]) -> list[dict[str, Any]]:
        """The cases with these ids, in this order."""
        rows = {r["id"]: r for r in self._in("SELECT * FROM cases WHERE id IN ({})", ids)}
        items: dict[str, list[sqlite3.Row]] = {}
        for r in self._in(_CASE_ITEMS.format("c.case_id IN ({})"), ids):
            items.setdefault(r["case_id"], []).append(r)
        # another process may have emptied (and so removed) a case since the list was read
        return [self._case(rows[i], items[i]) for i in ids if i in rows and items.get(i)]

    def page_cases(self, filters: CaseFilter | None = None, after: str | None = None, limit: int = 20,
                   sort: str = "created", all: bool = False) -> tuple[list[dict[str, Any]], str | None]:
        """One page of the matching cases in `sort` order, and the cursor of the next page (None: the last).
        Keyset pagination: a page after a cursor costs the same however deep it is."""
        where, args = case_where(filters, all)
        after_cursor, order, more = keyset(sort, after, "?")
        column = SORTS[sort][0]
        rows = self.db.execute(f"SELECT c.id, c.{column} AS value FROM cases c WHERE {where} AND {after_cursor} "
                               f"ORDER BY {order} LIMIT ?", [*args, *more, limit + 1]).fetchall()
        following = cursor_of(sort, rows[limit - 1]["value"], rows[limit - 1]["id"]) if len(rows) > limit else None
        return self._cases([r["id"] for r in rows[:limit]]), following

    def successor(self, case_id: str) -> str | None:
        """Where the items of a case that is gone (merged away) are now: the case that got the latest of them."""
        row = self.db.execute("SELECT ci.case_id FROM case_history h JOIN case_items ci ON ci.item_id = h.item_id "
                              "WHERE h.previous_case = ? AND ci.case_id != ? ORDER BY h.id DESC LIMIT 1",
                              (case_id, case_id)).fetchone()
        return row["case_id"] if row else None

    def count_cases(self, filters: CaseFilter | None = None, all: bool = False) -> int:
        where, args = case_where(filters, all)
        return self.db.execute(f"SELECT COUNT(*) FROM cases c WHERE {where}", args).fetchone()[0]

    def facets(self, filters: CaseFilter | None, fields: Sequence[str], all: bool = False, limit: int = 50
               ) -> dict[str, list[dict[str, Any]]]:
        """For each field, its values among the matching cases with how many cases have each (a case counts once
        per value), most cases first; places also carry a label (their name). Read from the facet values the store
        keeps per case (case_facets), not from the items' records."""
        check_facets(fields)
        if not fields:
            return {}
        where, args = case_where(filters, all)
        # every field in one pass over its values in order (no sorting), each checked against the matching cases
        rows = self.db.execute(
            "SELECT f.field, f.value, MAX(f.label) AS label, COUNT(*) AS n FROM case_facets f WHERE f.field IN "
            f"({','.join('?' * len(fields))}) AND f.case_id IN (SELECT c.id FROM cases c WHERE {where}) "
            "GROUP BY f.field, f.value", [*fields, *args]).fetchall()
        return top_facets(fields, rows, limit)

    def data_version(self) -> int:
        """A number that changes with every committed change of a case (see store.base.ReadStore)."""
        return self.db.execute("SELECT n FROM data_version").fetchone()[0]

    def facet_rows(self) -> Iterator[tuple[str, int, str | None, str | None, str | None]]:
        """(case id, initiative, field, value, label) of every case's facet values, and once with field None for a
        case without any (store.facet_index)."""
        plain = self.db.cursor()
        plain.row_factory = None  # tuples as they come: a quarter faster than sqlite3.Row over millions of rows
        yield from plain.execute(
            "SELECT c.id, c.initiative, f.field, f.value, f.label FROM cases c LEFT JOIN case_facets f ON "
            "f.case_id = c.id")

    def _case(self, row: sqlite3.Row, items: list[sqlite3.Row] | None = None) -> dict[str, Any]:
        if items is None:
            items = self.db.execute(_CASE_ITEMS.format("c.case_id = ?"), (row["id"],)).fetchall()
        return case_view(row, items)

    def find_id(self, any_id: str) -> tuple[str, dict[str, Any]] | None:
        """Look an id up as a case, an item or a document (ids carry their kind as prefix)."""
        for kind, getter in (("case", self.get_case), ("item", self.get_item), ("document", self.get_document)):
            if (found := getter(any_id)) is not None:
                return kind, found
        return None

    def search_items(self, query: str, limit: int, snippets: bool = True) -> list[dict[str, Any]]:
        """Items whose title, text or caption has every word of the query, best first, with a snippet (without
        one when not `snippets`: `snippets()` makes them for the few a caller keeps). FTS5 ranks them below
        word_index.RANKED_ABOVE items, the word index (store/word_index.py) above."""
        index = self._words()
        rowids = index.search(query, limit) if index is not None else None  # None: FTS5 ranks them
        if rowids is None:
            return self.fts5_hits(query, limit, snippets)
        ids = {r[0]: r[1] for r in self.db.execute(
            "SELECT rowid, id FROM items WHERE rowid IN (SELECT value FROM json_each(?))", (json.dumps(rowids),))}
        hits = [{"item": ids[rowid]} for rowid in rowids if rowid in ids]  # an item removed since drops out
        if snippets:
            made = self._snippets(query, ids)
            hits = [{**h, "snippet": made.get(h["item"], "")} for h in hits]
        return hits

    def fts5_hits(self, query: str, limit: int, snippets: bool = True) -> list[dict[str, Any]]:
        """search_items as FTS5 ranks them, whatever the size (bench/search.py's baseline)."""
        snippet = f", {_SNIPPET} AS snippet" if snippets else ""
        rows = self.db.execute(
            f"SELECT i.id{snippet} FROM items_fts JOIN items i ON i.rowid = items_fts.rowid "
            "WHERE items_fts MATCH ? ORDER BY rank LIMIT ?", (_fts_query(query), limit)).fetchall()
        return [{"item": r["id"], "snippet": r["snippet"]} if snippets else {"item": r["id"]} for r in rows]

    def prepare_search(self, model: str | None, prior: Prior | None) -> None:
        """The word index and the model's vector graph built or caught up now (each only at the size it is used
        at), and written beside the database for the other connections and processes."""
        if (index := self._words()) is not None:
            index.catch_up()
        if model is not None:
            self._vector_index(model, prior).catch_up()

    def _words(self) -> word_index.WordIndex | None:
        """The word index, from word_index.RANKED_ABOVE items on (none for a database in memory)."""
        if self._word_index is None:
            last = self.db.execute("SELECT max(rowid) FROM items").fetchone()[0] or 0
            if self.path in ("", ":memory:") or last < word_index.RANKED_ABOVE:
                return None
            self._word_index = word_index.WordIndex(self.db, self.path)
        return self._word_index

    def snippets(self, query: str, item_ids: Sequence[str]) -> dict[str, str]:
        """{item id: the passage of its text with the query's words, marked [so]} for items that have them."""
        rows = self._in("SELECT rowid, id FROM items WHERE id IN ({})", list(set(item_ids)))
        return self._snippets(query, {r[0]: r[1] for r in rows})

    def _snippets(self, query: str, ids: Mapping[int, str]) -> dict[str, str]:
        """snippets() of the items with these rowids ({rowid: item id})."""
        # FTS5 looks each rowid up (20–70 µs at 100,000 items): a search asks for the few it returns
        made = self.db.execute(
            f"SELECT rowid, {_SNIPPET} FROM items_fts WHERE items_fts MATCH ? AND rowid IN (SELECT value FROM "
            "json_each(?))", (_fts_query(query), json.dumps(list(ids)))).fetchall()
        return {ids[r[0]]: r[1] for r in made}

    def text_starts(self, item_ids: Sequence[str], chars: int) -> dict[str, str]:
        rows = self._in("SELECT id, substr(text, 1, ?) AS text FROM items WHERE id IN ({})", list(set(item_ids)), chars,
                        first=True)
        return {r["id"]: r["text"] for r in rows}

    def item_cases(self, item_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The case of each item: {item id: {id, title, languages, initiative}}."""
        rows = self._in("SELECT ci.item_id, c.id, c.title, c.languages, c.initiative FROM case_items ci JOIN cases c "
                        "ON c.id = ci.case_id WHERE ci.item_id IN ({})", list(set(item_ids)))
        return {r["item_id"]: {"id": r["id"], "title": r["title"], "languages": list(_languages(r["languages"])),
                               "initiative": bool(r["initiative"])} for r in rows}

    def stats(self, all: bool = False) -> dict[str, Any]:
        """Counts of the initiatives (items, their cases, languages and mentions), or of everything with `all`;
        `set_aside` counts the items and cases that are not initiatives either way."""
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        items = "items" if all else "(SELECT * FROM items WHERE initiative = 1)"
        cases = "cases" if all else "(SELECT * FROM cases WHERE initiative = 1)"
        languages = {r[0] or "unknown": r[1] for r in self.db.execute(
            f"SELECT language, COUNT(*) FROM {items} GROUP BY language ORDER BY COUNT(*) DESC")}
        mentions = {r[0]: r[1] for r in self.db.execute(
            f"SELECT m.type, COUNT(*) FROM mentions m JOIN {items} i ON i.id = m.item_id GROUP BY m.type")}
        set_aside = {"items": one("SELECT COUNT(*) FROM items WHERE initiative = 0"),
                     "cases": one("SELECT COUNT(*) FROM cases WHERE initiative = 0")}
        return {"documents": one("SELECT COUNT(*) FROM documents"), "items": one(f"SELECT COUNT(*) FROM {items}"),
                "cases": one(f"SELECT COUNT(*) FROM {cases}"), "set_aside": set_aside, "languages": languages,
                "mentions": mentions, "schema_version": self.schema_version, "store": self.url}

    # --- resolution (see civicatlas.resolve) -------------------------------------------------------
    def items_sharing_keys(self, keys: Sequence[str], exclude_document: str, limit: int = 100) -> list[str]:
        """Stored items of other documents that share resolver keys with an item, most shared keys first."""
        if not keys:
            return []
        counts: dict[str, int] = {}
        for r in self._in("SELECT k.item_id FROM resolve_keys k JOIN items i ON i.id = k.item_id "
                          "WHERE k.key IN ({}) AND i.document_id != ?", list(set(keys)), exclude_document):
            counts[r["item_id"]] = counts.get(r["item_id"], 0) + 1
        return sorted(counts, key=lambda i: -counts[i])[:limit]

    def records_without_keys(self, after: int = 0, limit: int = 2000) -> list[dict[str, Any]]:
        """Records (with `order`) of items after rowid `after` that have no resolver keys (stored before
        resolution kept any)."""
        rows = self.db.execute("SELECT i.rowid, i.record FROM items i WHERE i.rowid > ? AND NOT EXISTS "
                               "(SELECT 1 FROM resolve_keys k WHERE k.item_id = i.id) ORDER BY i.rowid LIMIT ?",
                               (after, limit)).fetchall()
        return [{**json.loads(r["record"]), "order": r["rowid"]} for r in rows]

    def put_keys(self, keys: Mapping[str, Sequence[str]]) -> None:
        if not keys:
            return
        with self.transaction() as db:
            # the keys were computed from records read before this transaction: another process may have
            # removed some of those items since
            present = {r["id"] for r in self._in("SELECT id FROM items WHERE id IN ({})", list(keys))}
            for item_id in present:
                self._put_keys(db, item_id, keys[item_id])

    def records(self, item_ids: Sequence[str], known: Mapping[str, str] | None = None
                ) -> dict[str, dict[str, Any]]:
        """Item records with `case` (the case each belongs to), `order` (storage order) and `version` added;
        an item whose version is in `known` comes back as id, case, order and version only."""
        rows = self._in("SELECT i.id, i.rowid, i.record, c.case_id FROM items i LEFT JOIN case_items c ON "
                        "c.item_id = i.id WHERE i.id IN ({})", list(set(item_ids)))
        return {r["id"]: stored_record(r["record"], {"id": r["id"], "case": r["case_id"], "order": r["rowid"]}, known)
                for r in rows}

    def iter_records(self, batch: int = 2000) -> Iterator[dict[str, Any]]:
        """Every stored item record in storage order, with `case` and `order` (for re-resolution)."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT i.rowid, i.record, c.case_id FROM items i LEFT JOIN case_items c ON c.item_id = i.id "
                "WHERE i.rowid > ? ORDER BY i.rowid LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            for r in rows:
                record = json.loads(r["record"])
                record["case"], record["order"] = r["case_id"], r["rowid"]
                record["version"] = version(r["record"])
                yield record
            last = rows[-1]["rowid"]

    def item_texts(self, batch: int = 5000) -> Iterator[dict[str, Any]]:
        """{id, title, text, caption} of every stored item: what its vector was computed from."""
        last = 0
        while rows := self.db.execute("SELECT rowid, id, title, text, caption FROM items WHERE rowid > ? "
                                      "ORDER BY rowid LIMIT ?", (last, batch)).fetchall():
            yield from ({k: r[k] for k in ("id", "title", "text", "caption")} for r in rows)
            last = rows[-1]["rowid"]

    def case_members(self, case_ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self._in("SELECT c.case_id, c.item_id FROM case_items c JOIN items i ON i.id = c.item_id "
                          "WHERE c.case_id IN ({}) ORDER BY i.rowid", case_ids):
            out.setdefault(r["case_id"], []).append(r["item_id"])
        return out

    def memberships(self, item_ids: Sequence[str]) -> dict[str, tuple[str, float | None]]:
        """item → (reason, score) of its place in its case."""
        rows = self._in("SELECT item_id, reason, score FROM case_items WHERE item_id IN ({})", list(set(item_ids)))
        return {r["item_id"]: (r["reason"], r["score"]) for r in rows}

    def case_order(self) -> dict[str, int]:
        """case id → creation order (older cases win ties when clusters are named)."""
        return {r["id"]: r["rowid"] for r in self.db.execute("SELECT rowid, id FROM cases")}

    def decisions(self, item_ids: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
        """(kind, item_a, item_b) of human decisions, all or those touching the given items, oldest first."""
        # decisions are made by people one at a time: few enough to read whole
        rows = self.db.execute("SELECT kind, item_a, item_b FROM decisions ORDER BY id").fetchall()
        if item_ids is not None:
            wanted = set(item_ids)
            rows = [r for r in rows if r["item_a"] in wanted or r["item_b"] in wanted]
        return [(r["kind"], r["item_a"], r["item_b"]) for r in rows]

    def decide(self, kind: str, pairs: Sequence[tuple[str, str]], moves: Mapping[str, Assignment]) -> None:
        """Record human decisions (the opposite decision on the same pair is dropped: the latest one wins) and
        move items between cases, in one transaction."""
        now = _now()
        with self.transaction() as db:
            for a, b in pairs:
                db.execute("DELETE FROM decisions WHERE (item_a = ? AND item_b = ?) OR (item_a = ? AND item_b = ?)",
                           (a, b, b, a))
                db.execute("INSERT INTO decisions (kind, item_a, item_b, created_at) VALUES (?,?,?,?)",
                           (kind, a, b, now))
            self._move(db, moves, now, actor="human")

    def reassign(self, moves: Mapping[str, Assignment], keys: Mapping[str, Sequence[str]] | None = None) -> None:
        """Apply a re-resolution: new assignments (changes go to the history) and fresh resolver keys."""
        now = _now()
        with self.transaction() as db:
            for item_id, item_keys in (keys or {}).items():
                self._put_keys(db, item_id, item_keys)
            self._move(db, moves, now, actor="auto")

    def _move(self, db: sqlite3.Connection, moves: Mapping[str, Assignment], now: str, actor: str) -> None:
        touched: set[str] = set()
        for item_id, a in moves.items():
            previous = self._assign(db, item_id, a, now, actor=actor)
            touched.update(c for c in (previous, a.case_id) if c)
        for case_id in touched:
            self._refresh_case(db, case_id, now)

    def promote(self, item_id: str) -> str | None:
        """A person says the item is an initiative, whatever the relevance enricher said: the decision is kept
        (re-ingest keeps it), the item's case becomes an initiative, the history records it. Returns the case."""
        now = _now()
        with self.transaction() as db:
            row = db.execute("SELECT c.case_id FROM items i LEFT JOIN case_items c ON c.item_id = i.id WHERE i.id = ?",
                             (item_id,)).fetchone()
            if row is None:
                raise NotFound(f"{item_id}: no item with this id")
            case_id = row["case_id"]
            db.execute("INSERT OR IGNORE INTO promotions (item_id, created_at) VALUES (?,?)", (item_id, now))
            db.execute("UPDATE items SET initiative = 1 WHERE id = ?", (item_id,))
            if case_id is not None:
                db.execute("INSERT INTO case_history (item_id, case_id, previous_case, reason, score, actor, "
                           "created_at) VALUES (?,?,?,?,?,?,?)",
                           (item_id, case_id, case_id, "promoted", 1.0, "human", now))
                self._refresh_case(db, case_id, now)
        return case_id

    def history(self, any_id: str) -> list[dict[str, Any]]:
        """The merge history of an item or a case, oldest first."""
        rows = self.db.execute(
            "SELECT * FROM case_history WHERE item_id = ? OR case_id = ? OR previous_case = ? ORDER BY id",
            (any_id, any_id, any_id)).fetchall()
        return [{**dict(r), "evidence": json.loads(r["evidence"]) if r["evidence"] else None} for r in rows]

    # --- vector cache (see civicatlas.store.base.VectorCache) ---------------------------------------
    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        rows = self._in("SELECT key, vector FROM vectors WHERE model = ? AND key IN ({})", keys, model, first=True)
        return {r["key"]: np.frombuffer(r["vector"], dtype="<f4").copy() for r in rows}

    def put(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO vectors (key, model, dim, vector) VALUES (?,?,?,?)",
                           [(k, model, int(v.shape[-1]), np.asarray(v, dtype="<f4").tobytes())
                            for k, v in vectors.items()])

    def vector_model(self) -> str | None:
        """The encoder most stored vectors come from (vectors of different models are never compared). Counted
        again only once vectors were added since (rows are never changed in place: the highest rowid moves)."""
        last = self.db.execute("SELECT max(rowid) FROM vectors").fetchone()[0]
        if self._vector_model is None or self._vector_model[0] != last:
            row = self.db.execute("SELECT model FROM vectors GROUP BY model ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
            self._vector_model = (last, row["model"] if row else None)
        return self._vector_model[1]

    def nearest(self, model: str, vector: np.ndarray, limit: int, prior: Prior | None = None, widen: int = 1
                ) -> list[tuple[str, np.ndarray]]:
        """(item id, its vector) of the `limit` stored items closest to `vector` by cosine, or best by the prior's
        score, best first (ties in storage order). The vector index (store/ann.py) proposes vectors, exactly below
        20,000 of them and from an HNSW graph above, which keeps the prior with each vector and so ranks by its
        score itself (`widen`, for stores that rank the closest by cosine again, is not needed); only the rows
        wanted are read back here, with their items and float32 vectors (the order returned is by those), so stale
        proposals drop out, and more are asked for while too few items come of them."""
        index = self._vector_index(model, prior)
        query = np.asarray(vector, dtype=np.float32)
        count = nearest_counts(limit, 1)[0]
        while True:
            keys = index.candidates(query, count, prior)
            rows = self.db.execute(
                "SELECT i.id, i.rowid AS seq, v.vector FROM vectors v JOIN items i ON i.vector_key = v.key "
                "WHERE v.rowid IN (SELECT value FROM json_each(?)) AND v.model = ?",
                (json.dumps(keys.tolist()), model)).fetchall()
            if len(rows) >= limit or len(keys) < count or count >= index.size:
                break
            count *= 4
        if not rows:
            return []
        vectors = np.frombuffer(b"".join(r["vector"] for r in rows), dtype="<f4").reshape(len(rows), -1)
        score = prior.score(vectors, query) if prior is not None else vectors @ query
        best = np.lexsort(([r["seq"] for r in rows], -score))[:limit]
        return [(rows[n]["id"], vectors[n].copy()) for n in best]

    def _vector_index(self, model: str, prior: Prior | None) -> VectorIndex:
        if model not in self._vector_indexes:
            self._vector_indexes[model] = VectorIndex(self.db, self.path, model)
        index = self._vector_indexes[model]
        index.use(prior)
        return index

    # --- web sources and watch runs (see civicatlas.watch) ------------------------------------------
    def validators(self, url: str, pipeline: str) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) of a page stored by this pipeline (another must read it again), or of a source
        read to its end, for a conditional request."""
        row = self.db.execute("SELECT metadata, pipeline FROM documents WHERE uri = ?", (url,)).fetchone()
        if row is not None:
            if row["pipeline"] != pipeline:
                return None
            meta = json.loads(row["metadata"] or "{}")
            return (meta.get("etag"), meta.get("last_modified")) if meta.get("etag") or meta.get("last_modified") \
                else None
        row = self.db.execute("SELECT etag, last_modified FROM sources WHERE url = ?", (url,)).fetchone()
        return (row["etag"], row["last_modified"]) if row and (row["etag"] or row["last_modified"]) else None

    def checked_source(self, url: str, name: str | None, errors: Sequence[str], done: Any = None) -> None:
        """Record one check of a source: `done` (a read.web.SourceDone) when it was read to its end."""
        now = _now()
        with self.transaction() as db:
            db.execute("INSERT INTO sources (url, name) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET name = "
                       "excluded.name", (url, name))
            db.execute("UPDATE sources SET last_checked = ?, last_error = ?, errors = ? WHERE url = ?",
                       (now, errors[0] if errors else None, len(errors), url))
            if done is not None:
                db.execute("UPDATE sources SET kind = ?, etag = ?, last_modified = ?, pages = ?, last_success = ? "
                           "WHERE url = ?", (done.kind, done.etag, done.last_modified, done.pages, now, url))

    def sources(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM sources ORDER BY url")]

    def start_run(self) -> tuple[int, str | None]:
        """A new watch run: (its id, when the last run that finished did so, or None for the first)."""
        with self.transaction() as db:
            last = db.execute("SELECT MAX(finished_at) FROM watch_runs").fetchone()[0]
            run = db.execute("INSERT INTO watch_runs (started_at) VALUES (?)", (_now(),)).lastrowid
        return int(run), last

    def finish_run(self, run: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE watch_runs SET finished_at = ? WHERE id = ?", (_now(), run))

    def cases_changed_since(self, since: str | None) -> Iterator[dict[str, Any]]:
        """Initiatives (cases not set aside) created or changed after `since` (all when None), oldest change first."""
        rows = self.db.execute("SELECT * FROM cases WHERE initiative = 1 AND (? IS NULL OR updated_at > ?) "
                               "ORDER BY updated_at, rowid", (since, since)).fetchall()
        for row in rows:
            yield self._case(row)

    # --- curation over the web: tokens, audit, corrections, review (see store.base.CurationStore) -----------
    def create_token(self, name: str, role: str) -> str:
        """A new token; returns its secret, which is never stored (only its hash)."""
        check_token_args(name, role)
        secret = new_secret()
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM tokens WHERE name = ?", (name,)).fetchone():
                raise ConfigError(f"a token named {name!r} exists already (revoked tokens keep their name)")
            db.execute("INSERT INTO tokens (name, role, hash, created_at) VALUES (?,?,?,?)",
                       (name, role, token_hash(secret), _now()))
        return secret

    def check_token(self, secret: str) -> dict[str, Any] | None:
        return self.check_token_hash(token_hash(secret))

    def check_token_hash(self, digest: str) -> dict[str, Any] | None:
        """{name, role} of the live token with this hash, else None; notes its use (once a minute at most)."""
        row = self.db.execute("SELECT name, role, hash, last_used_at FROM tokens WHERE hash = ? AND revoked_at IS "
                              "NULL", (digest,)).fetchone()
        if row is None or not same_hash(row["hash"], digest):
            return None
        stamp = _now()
        if (row["last_used_at"] or "") < minute_before(stamp):  # not a write lock on every request
            with self.transaction() as db:
                db.execute("UPDATE tokens SET last_used_at = ? WHERE hash = ?", (stamp, digest))
        return {"name": row["name"], "role": row["role"]}

    def revoke_token(self, name: str) -> None:
        with self.transaction() as db:
            if not db.execute("UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?",
                              (_now(), name)).rowcount:
                raise NotFound(f"{name}: no token with this name")

    def list_tokens(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute(
            "SELECT name, role, created_at, revoked_at, last_used_at FROM tokens ORDER BY id")]

    def log(self, actor: str, action: str, target: str, payload: Mapping[str, Any] | None = None) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO audit (actor, action, target, payload, created_at) VALUES (?,?,?,?,?)",
                       (actor, action, target, json.dumps(payload, ensure_ascii=False) if payload else None, _now()))

    def audit(self, target: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Who did what and when, newest first; those about one target only if given."""
        rows = self.db.execute("SELECT * FROM audit WHERE ? IS NULL OR target = ? ORDER BY id DESC LIMIT ?",
                               (target, target, limit)).fetchall()
        return [{**dict(r), "payload": json.loads(r["payload"]) if r["payload"] else None} for r in rows]

    def correct(self, item_id: str, field: str, value: Any, actor: str) -> None:
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone():
                raise NotFound(f"{item_id}: no item with this id")
            db.execute("INSERT INTO corrections (item_id, field, value, actor, created_at) VALUES (?,?,?,?,?) "
                       "ON CONFLICT (item_id, field) DO UPDATE SET value=excluded.value, actor=excluded.actor, "
                       "created_at=excluded.created_at", (item_id, field, json.dumps(value, ensure_ascii=False),
                                                          actor, _now()))
            # a corrected value is a facet and filter value of the item's case (a corrected country)
            for r in db.execute("SELECT case_id FROM case_items WHERE item_id = ?", (item_id,)).fetchall():
                self._refresh_case(db, r["case_id"], _now())

    def corrections(self, item_ids: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """item → field → {value, by, at}: the human corrections of these items."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for r in self._in("SELECT * FROM corrections WHERE item_id IN ({}) ORDER BY created_at", list(item_ids)):
            out.setdefault(r["item_id"], {})[r["field"]] = {"value": json.loads(r["value"]), "by": r["actor"],
                                                            "at": r["created_at"]}
        return out

    def review_queue(self, low_confidence: float, limit: int) -> list[dict[str, Any]]:
        """Candidates for the review queue (civicatlas.review orders them), up to `limit` of each kind, none that a
        person decided already: automatic merges by score, places and amounts below `low_confidence`, and
        initiatives without a country."""
        merges = self.db.execute(
            "SELECT 'merge' AS kind, ci.item_id AS target, ci.case_id, ci.item_id, ci.reason, ci.score, ci.matched, "
            "ci.evidence, COALESCE(i.title, c.title) AS title FROM case_items ci JOIN items i ON i.id = ci.item_id "
            "JOIN cases c ON c.id = ci.case_id WHERE c.initiative = 1 AND ci.reason IN ('near', 'semantic', "
            "'crosslingual') AND NOT EXISTS "
            "(SELECT 1 FROM reviews r WHERE r.kind = 'merge' AND r.target = ci.item_id) AND NOT EXISTS (SELECT 1 "
            "FROM decisions d WHERE d.item_a = ci.item_id OR d.item_b = ci.item_id) ORDER BY ci.score LIMIT ?",
            (limit,)).fetchall()
        mentions = self.db.execute(
            "SELECT m.type AS kind, m.item_id || ':' || m.field || ':' || COALESCE(m.start, '') AS target, "
            'ci.case_id, m.item_id, m.field, m.start, m."end", m.text, m.key, m.confidence, m.data, '
            "COALESCE(i.title, c.title) AS title, "
            "i.text AS item_text, i.caption AS item_caption FROM mentions m JOIN items i ON i.id = m.item_id "
            "JOIN case_items ci ON ci.item_id = m.item_id JOIN cases c ON c.id = ci.case_id WHERE c.initiative = 1 "
            "AND m.type IN ('place', 'amount') AND m.confidence < ? AND NOT EXISTS (SELECT 1 FROM reviews r WHERE "
            "r.kind = m.type AND r.target = m.item_id || ':' || m.field || ':' || COALESCE(m.start, '')) "
            "ORDER BY m.confidence, m.id LIMIT ?", (low_confidence, limit * 2)).fetchall()
        countries = self.db.execute(
            "SELECT 'country' AS kind, c.id AS target, c.id AS case_id, c.title FROM cases c WHERE c.initiative = 1 "
            "AND NOT EXISTS (SELECT 1 FROM case_items ci JOIN items i ON i.id = ci.item_id WHERE ci.case_id = c.id "
            "AND (EXISTS (SELECT 1 FROM json_each(i.record, '$.countries')) OR json_extract(i.record, "
            "'$.curated.country') IS NOT NULL OR EXISTS (SELECT 1 FROM corrections k WHERE k.item_id = i.id AND "
            "k.field = 'country'))) AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.kind = 'country' AND "
            "r.target = c.id) ORDER BY c.created_at, c.rowid LIMIT ?", (limit,)).fetchall()
        return [{**dict(r), **({k: json.loads(r[k]) for k in ("evidence", "data") if k in r.keys() and r[k]})}
                for r in (*merges, *mentions, *countries)]

    def review_verdict(self, kind: str, target: str, verdict: str, actor: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO reviews (kind, target, verdict, actor, created_at) VALUES (?,?,?,?,?) ON CONFLICT "
                       "(kind, target) DO UPDATE SET verdict=excluded.verdict, actor=excluded.actor, "
                       "created_at=excluded.created_at", (kind, target, verdict, actor, _now()))

    # --- helpers ---------------------------------------------------------------------------------
    def _in(self, sql: str, values: Sequence[str], *params: Any, first: bool = False) -> list[sqlite3.Row]:
        """Run a query with an IN (...) list, in chunks below SQLite's variable limit."""
        out: list[sqlite3.Row] = []
        values = list(values)
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            marks = ",".join("?" * len(chunk))
            args = (*params, *chunk) if first else (*chunk, *params)
            out.extend(self.db.execute(sql.format(marks), args).fetchall())
        return out


# item `i`'s corrections, {field: value} (rows.corrected joins them to its record)
_CORRECTIONS = ("(SELECT json_group_object(k.field, json(k.value)) FROM corrections k WHERE k.item_id = i.id) "
                "AS corrected")
_CASE_ITEMS = (
    "SELECT c.case_id, i.record, c.reason, c.score, c.matched, c.evidence, d.id AS doc_id, d.uri, "
    f"d.title AS doc_title, {_CORRECTIONS} FROM case_items c JOIN items i ON i.id = c.item_id "
    "JOIN documents d ON d.id = i.document_id WHERE {} ORDER BY i.rowid")
# an item's curated country: a person's correction (the corrections table), else an imported record's value
_CURATED_COUNTRY = ("COALESCE((SELECT json_extract(k.value, '$') FROM corrections k WHERE k.item_id = i.id AND "
                    "k.field = 'country'), json_extract(i.record, '$.curated.country'))")
# a person's correction of an item's year or language, which takes the place of what was found
_CORRECTED = "(SELECT json_extract(k.value, '$') FROM corrections k WHERE k.item_id = i.id AND k.field = '{}')"


@lru_cache(maxsize=1024)
def _languages(stored: str) -> tuple[str, ...]:
    """A case's languages as stored (JSON): a search reads hundreds of cases, whose lists repeat."""
    return tuple(json.loads(stored))


def _vector_key(item: Item) -> str:
    """The key of the item's vector in the vector cache (the text it was computed from)."""
    return text_key(record_passage(item.to_record()))


def _vocabulary(vocab: str) -> list[tuple[str, str, str, str]]:
    """A theme vocabulary's keys, from the themes enricher's mentions and from curated values."""
    return [("JOIN mentions m ON m.item_id = i.id", f"substr(m.key, {len(vocab) + 2})", "NULL",
             f"+m.type = 'theme' AND substr(m.key, 1, {len(vocab) + 1}) = '{vocab}:'"),
            (f", json_each(i.record, '$.curated.{vocab}') j", "j.value", "NULL", "1")]


def _mentions(kind: str) -> list[tuple[str, str, str, str]]:
    label = "json_extract(m.data, '$.name')" if kind == "place" else "NULL"
    return [("JOIN mentions m ON m.item_id = i.id", "m.key", label, f"+m.type = '{kind}'")]


# facet field -> (joins, value, label, condition) per source of values, each over an item `i` of a case `c`
_FACETS: dict[str, list[tuple[str, str, str, str]]] = {
    "country": [(", json_each(i.record, '$.countries') j", "j.value", "NULL", "1"),
                ("", _CURATED_COUNTRY, "NULL", "1")],
    "language": [("", f"COALESCE({_CORRECTED.format('language')}, i.language)", "NULL", "1")],
    "year": [(", json_each(i.record, '$.years') j", "j.value", "NULL", f"{_CORRECTED.format('year')} IS NULL"),
             ("", _CORRECTED.format("year"), "NULL", "1")],
    "general_issue": _vocabulary("general_issues"),
    "method_type": _vocabulary("method_types"),
    "approach": _vocabulary("approaches"),
    "targeted_participant": _vocabulary("targeted_participants"),
    "source": [("JOIN documents d ON d.id = i.document_id", "source_of(d.uri)", "NULL", "1")],
    "place": _mentions("place"),
    "theme": _mentions("theme"),
    "actor": _mentions("actor"),
}


# Every field's values of the cases `ci.case_id` meeting a condition, as case_facets rows. "+m.type": mentions
# are reached through the case's items (mentions_item), never by scanning every mention of a type in the store
_FACET_SOURCES = [f"SELECT '{name}' AS field, CAST({value} AS TEXT) AS value, ci.case_id, {label} AS label FROM "
                  f"case_items ci JOIN items i ON i.id = ci.item_id {joins} WHERE ({{0}}) AND {condition}"
                  for name, sources in _FACETS.items() for joins, value, label, condition in sources]
_FACET_PARTS = len(_FACET_SOURCES)
_FILL_FACETS = ("INSERT INTO case_facets (field, value, case_id, label) SELECT field, value, case_id, MAX(label) FROM ("
                + " UNION ALL ".join(_FACET_SOURCES)
                + ") WHERE value IS NOT NULL AND value != '' GROUP BY field, value, case_id")
FACETS_KEPT = 6  # the schema version from which the store keeps case_facets


def _facet(field: str, condition: str, few: bool = False) -> str:
    """SQL: case `c` has a value of this facet field that meets the condition (on `cf.value`). The cases with such
    values are listed once (IN), not looked for case by case (EXISTS): several times faster on many cases; for
    `few` cases (a search's hits) the other way round: looking up 100 cases beats listing 300,000."""
    if few:
        return (f"EXISTS (SELECT 1 FROM case_facets cf WHERE cf.case_id = c.id AND cf.field = '{field}' "
                f"AND ({condition}))")
    return f"c.id IN (SELECT cf.case_id FROM case_facets cf WHERE cf.field = '{field}' AND ({condition}))"


def _any_item(condition: str, joins: str = "") -> str:
    """SQL: some item of case `c` meets the condition (`i` is the item, `ci` its case_items row)."""
    return (f"EXISTS (SELECT 1 FROM case_items ci JOIN items i ON i.id = ci.item_id {joins} "
            f"WHERE ci.case_id = c.id AND ({condition}))")


def case_where(f: CaseFilter | None, all: bool = False, few: bool = False) -> tuple[str, list[Any]]:
    """A CaseFilter as an SQL condition on `cases c` and its arguments: only initiatives unless `all`; `few` when
    `c` is a few cases given by id (see _facet). Human-entered (curated) values of imported items, and a curator's
    correction of a country over them, count beside what the enrichers found."""
    parts: list[str] = [] if all else ["c.initiative = 1"]
    args: list[Any] = []
    if not f:
        return " AND ".join(parts) or "1", args

    def marks(values: Sequence[Any]) -> str:
        args.extend(values)
        return ",".join("?" * len(values))

    # the values facets count (case_facets): countries, languages, years, themes and places of any item of a case
    if f.country:
        parts.append(_facet("country", f"cf.value IN ({marks(f.country)})", few))
    if f.language:
        parts.append(_facet("language", f"cf.value IN ({marks(f.language)})", few))
    if f.year_from is not None or f.year_to is not None:
        args.extend([f.year_from if f.year_from is not None else -9999, f.year_to if f.year_to is not None else 9999])
        parts.append(_facet("year", "CAST(cf.value AS INTEGER) BETWEEN ? AND ?", few))
    for name in VOCABULARY:
        if keys := getattr(f, name):
            parts.append(_facet(name, f"cf.value IN ({marks(keys)})", few))
    if f.has_coordinates is not None:
        located = _any_item("EXISTS (SELECT 1 FROM mentions m WHERE m.item_id = i.id AND m.type = 'place' "
                            "AND json_extract(m.data, '$.lat') IS NOT NULL)")
        parts.append(located if f.has_coordinates else f"NOT {located}")
    if f.source:
        ids = marks(f.source)
        uri = " OR ".join("instr(lower(d.uri), lower(?)) > 0" for _ in f.source)
        args.extend(f.source)
        parts.append(_any_item(f"d.id IN ({ids}) OR {uri}", "JOIN documents d ON d.id = i.document_id"))
    place = "EXISTS (SELECT 1 FROM mentions m WHERE m.item_id = i.id AND m.type = 'place' AND {})"
    lat, lon = "json_extract(m.data, '$.lat')", "json_extract(m.data, '$.lon')"
    if f.city:
        parts.append(_facet("place", f"cf.value IN ({marks(f.city)})", few))
    if f.bbox:
        west, south, east, north = f.bbox
        args.extend([south, north, west, east])
        parts.append(_any_item(place.format(f"{lat} BETWEEN ? AND ? AND {lon} BETWEEN ? AND ?")))
    if f.near:
        geonameid, km = f.near
        # the place's own coordinates as stored; a band of latitude first, then the great-circle distance
        args.extend([geonameid, km / KM_PER_DEGREE, km / KM_PER_DEGREE, km])
        parts.append(_any_item(
            "EXISTS (SELECT 1 FROM mentions m, (SELECT json_extract(data, '$.lat') AS lat, "
            "json_extract(data, '$.lon') AS lon FROM mentions WHERE type = 'place' AND key = ? "
            "AND json_extract(data, '$.lat') IS NOT NULL LIMIT 1) p "
            f"WHERE m.item_id = i.id AND m.type = 'place' AND {lat} BETWEEN p.lat - ? AND p.lat + ? AND "
            f"{HAVERSINE.format(lat1='p.lat', lon1='p.lon', lat2=lat, lon2=lon)} <= ?)"))
    if f.amount_min is not None or f.amount_max is not None or f.currency:
        condition = "m.item_id = i.id AND m.type = 'amount' AND m.value BETWEEN ? AND ?"
        args.extend([f.amount_min if f.amount_min is not None else -1e308,
                     f.amount_max if f.amount_max is not None else 1e308])
        if f.currency:
            condition += f" AND m.key IN ({marks(f.currency)})"
        parts.append(_any_item(f"EXISTS (SELECT 1 FROM mentions m WHERE {condition})"))
    if f.exclude:
        excluded, excluded_args = case_where(f.exclude, all=True, few=few)
        parts.append(f"NOT ({excluded})")
        args.extend(excluded_args)
    return " AND ".join(f"({p})" for p in parts), args


_SNIPPET = "snippet(items_fts, 1, '[', ']', '…', 12)"  # of the text column: the query's words marked, ~12 tokens


def _fts_query(query: str) -> str:
    """User words → an FTS5 query that cannot be a syntax error: each word quoted, all required."""
    words = [w.replace('"', "") for w in query.split() if w.replace('"', "")]
    return " ".join(f'"{w}"' for w in words) or '""'


def _statements(script: str) -> list[str]:
    """Split a migration into statements (triggers contain ';' inside BEGIN … END)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
