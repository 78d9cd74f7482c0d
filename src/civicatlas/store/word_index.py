"""The best items for a word search in the SQLite store at scale: a BM25 index (tantivy) in a folder beside the
database, used from RANKED_ABOVE items on; below that FTS5 ranks them itself.

FTS5 ranks every item that has the query's words before it keeps the best, and its bm25 reads each match's size
from a table: about a microsecond a match. The judged queries (each with hits matches 3–5% of the generated
collections) took 3.8 / 7.3 ms (p50 / p95) at 100,000 items and 29 / 63 ms at a million; a whole search by words
ranked here takes 1.7 / 2.7 and 2.7 / 4.9 ms (bench/search.py, docs/BENCHMARKS.md). It scores as FTS5's bm25 does
(k1 1.2, b 0.75; the title, text and caption as one text) and reads words alike (letters and digits, lower case,
accents off; its folding also makes ł, ø, ß into l, o, ss, which FTS5 keeps): every word of the query required, a
word of several parts ("anti-corruption") as a phrase.

The index only proposes rowids: the store reads their items back, and FTS5 makes the snippets of the few a search
returns. It covers the items up to a rowid and the changes up to a number in item_changes (items changed or
removed, logged by triggers); before a search the rows after the one and the changes after the other are taken in
under the folder's writer lock, held by one process at a time (a search that cannot take it at once is answered
by FTS5). What it covers is itself a document of the index, committed with the rows it speaks of, so a crash
leaves the index as it was. An index whose first and last rows are not the database's (another file at the same
path) is built again.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import tantivy

RANKED_ABOVE = 20_000  # items (by highest rowid): from here on the index ranks them
VERSION = 1  # of the folder's layout; another version is another folder
BATCH = 5_000  # rows read at a time while catching up
CHECKED = 4  # rows at each end of the covered range, compared with the database when the index is opened
HEAP = 64_000_000  # bytes the writer buffers before it writes a segment
STATE = 0  # the rowid of the document that says what the index covers (items' rowids start at 1)


class WordIndex:
    """Rowids of the items best for a query by BM25. Thread-safe: catching up takes a lock, searches do not."""

    def __init__(self, db: Any, db_path: str):
        self.db = db
        self.folder = Path(f"{db_path}-words-v{VERSION}")
        self.lock = threading.Lock()
        schema = tantivy.SchemaBuilder()
        schema.add_integer_field("rid", stored=True, indexed=True, fast=True)
        schema.add_text_field("body", stored=False, tokenizer_name="fold", index_option="position")
        schema.add_bytes_field("state", stored=True, indexed=False)
        self.schema = schema.build()
        self.analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                         .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
        self.index: Any = None
        self.searcher: Any = None
        self.state: dict[str, Any] = {}  # what the searcher's index covers: {covered, changes, ends}
        self.broken = False  # the folder cannot be made or opened: FTS5 answers

    # --- search ------------------------------------------------------------------------------------
    def search(self, query: str, limit: int) -> list[int] | None:
        """Rowids of the best `limit` items with every word of `query`, best first; None when the index cannot
        answer now (another process is writing it, or its folder cannot be written)."""
        if not self.catch_up():
            return None
        words = []
        for word in query.split():
            tokens = self.analyzer.analyze(word.replace('"', ""))
            if len(tokens) == 1:
                words.append(tantivy.Query.term_query(self.schema, "body", tokens[0]))
            elif tokens:
                words.append(tantivy.Query.phrase_query(self.schema, "body", tokens))
        if not words:
            return []
        searcher = self.searcher
        try:
            found = searcher.search(tantivy.Query.boolean_query([(tantivy.Occur.Must, w) for w in words]), limit)
            return [searcher.doc(address)["rid"][0] for _, address in found.hits]
        except ValueError:  # its files gone or unreadable (tantivy's errors): FTS5 answers
            return None

    # --- keeping up with the database ----------------------------------------------------------------
    def catch_up(self) -> bool:
        """Take in the items stored, changed or removed since the index's last look; False when it cannot be
        brought up to date now."""
        last, changed = self._ends()
        if self.searcher is not None and (last, changed) == (self.state["covered"], self.state["changes"]):
            return True
        with self.lock:
            if self.broken or (self.index is None and not self._open()):
                return False
            try:
                return self._bring_up_to_date(last, changed)
            except (OSError, ValueError):  # tantivy's errors (a full disk, files gone): nothing is committed
                return False

    def _bring_up_to_date(self, last: int, changed: int) -> bool:
        self._read_state()  # another process may have taken them in already
        if (last, changed) == (self.state["covered"], self.state["changes"]):
            return True
        try:
            writer = self.index.writer(heap_size=HEAP, num_threads=1)
        except ValueError:  # another process is writing it
            return False
        try:
            if not self._matches(changed):
                writer.delete_all_documents()
                self.state = {"covered": 0, "changes": 0}
            self._take_in(writer, last, changed)
            writer.commit()
        finally:
            writer.wait_merging_threads()  # merges the small segments and lets go of the lock
        self._read_state()
        return (last, changed) == (self.state["covered"], self.state["changes"])

    def _ends(self) -> tuple[int, int]:
        """The highest item rowid and the highest change number now."""
        row = self.db.execute("SELECT (SELECT max(rowid) FROM items), (SELECT max(seq) FROM item_changes)").fetchone()
        return row[0] or 0, row[1] or 0

    def _take_in(self, writer: Any, last: int, changed: int) -> None:
        """The changes after the state's and the rows after its rowid, up to `last` and `changed`, and the new
        state: all in the writer's next commit."""
        covered, since = self.state["covered"], self.state["changes"]
        while rows := self.db.execute(
                "SELECT seq, item_rowid FROM item_changes WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                (since, changed, BATCH)).fetchall():
            since = rows[-1][0]
            again = sorted({r[1] for r in rows if r[1] <= covered})  # rows after `covered` are read below anyway
            for rowid in again:
                writer.delete_documents_by_term("rid", rowid)
            self._add(writer, self.db.execute(
                "SELECT rowid, title, text, caption FROM items WHERE rowid IN (SELECT value FROM json_each(?))",
                (json.dumps(again),)).fetchall())
        while rows := self.db.execute(
                "SELECT rowid, title, text, caption FROM items WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?",
                (covered, last, BATCH)).fetchall():
            covered = rows[-1][0]
            self._add(writer, rows)
        ends = [tuple(r) for order in ("ASC", "DESC") for r in self.db.execute(
            f"SELECT rowid, id, content_key FROM items WHERE rowid <= ? ORDER BY rowid {order} LIMIT ?",
            (last, CHECKED))]
        writer.delete_documents_by_term("rid", STATE)
        state = {"covered": last, "changes": changed, "ends": ends}
        writer.add_document(tantivy.Document(rid=STATE, state=json.dumps(state).encode()))

    @staticmethod
    def _add(writer: Any, rows: list) -> None:
        for rowid, title, text, caption in rows:
            body = "\n".join(part for part in (title, text, caption) if part)
            writer.add_document(tantivy.Document(rid=rowid, body=body))

    def _open(self) -> bool:
        """Open the folder's index, or make one (in a folder of its own, renamed into place, so that another process
        never opens half of one); an unreadable one is put aside and made again. False when neither can be done."""
        for attempt in range(2):
            try:
                if not self.folder.is_dir():
                    fresh = Path(f"{self.folder}.{os.getpid()}.tmp")
                    shutil.rmtree(fresh, ignore_errors=True)
                    fresh.mkdir()
                    tantivy.Index(self.schema, path=str(fresh))
                    try:
                        fresh.rename(self.folder)
                    except OSError:  # another process put its own there first
                        shutil.rmtree(fresh, ignore_errors=True)
                self.index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)
                self.index.register_tokenizer("fold", self.analyzer)
                return True
            except (OSError, ValueError):
                if attempt or not self.folder.is_dir():
                    break
                aside = Path(f"{self.folder}.{os.getpid()}.broken")
                with contextlib.suppress(OSError):
                    self.folder.rename(aside)
                shutil.rmtree(aside, ignore_errors=True)
        self.broken = True
        return False

    def _read_state(self) -> None:
        self.index.reload()
        searcher = self.index.searcher()
        found = searcher.search(tantivy.Query.term_query(self.schema, "rid", STATE), 1).hits
        self.state = json.loads(searcher.doc(found[0][1])["state"][0]) if found else {"covered": 0, "changes": 0}
        self.searcher = searcher

    def _matches(self, changed: int) -> bool:
        """The rows at both ends of the covered range are the database's as the index saw them (or changed since
        and about to be taken in again), and its log of changes (now up to `changed`) reaches as far as the index's:
        otherwise this is another database's index."""
        ends = self.state.get("ends")
        if ends is None:
            return not self.state["covered"]
        changes = self.state["changes"]
        if changed < changes:
            return False
        for rowid, item_id, key in ends:
            row = self.db.execute("SELECT id, content_key FROM items WHERE rowid = ?", (rowid,)).fetchone()
            if (row is None or (row[0], row[1]) != (item_id, key)) and not self.db.execute(
                    "SELECT 1 FROM item_changes WHERE seq > ? AND item_rowid = ?", (changes, rowid)).fetchone():
                return False
        return True
