"""The scale-out store: PostgreSQL with pgvector, for teams that outgrow one file.

The same contract and the same behaviour as the SQLite store (one transaction per document, idempotent
re-saves, history, decisions), so every stage and every contract test runs on both. Differences are
PostgreSQL's strengths:
- several ingest processes at once: every write transaction takes one advisory lock first, so resolution
  and saving of a document see everything stored before them (as SQLite's write lock does), while readers
  never wait and enrichment, the slow part, runs in parallel in each process;
- full text: a tsvector per item, with the stemming of the item's language and the exact words, accents
  folded in Python (the `unaccent` extension is not in every build, the pgserver wheel's included), so
  "Umea" finds "Umeå" and "budgets" finds "budget" in English;
- vectors in a pgvector column with an HNSW index per dimension: nearest neighbours without reading every
  vector. As the SQLite store's graph (store/ann.py), it ranks by search's CSLS itself: each vector keeps its
  lift under the prior searches rank by (base.Prior.lift), and the index is on the vector with its lift after
  it, by inner product, so that a query with a 1 after it gets the prior's order and with a 0 the cosine's.
  A vector is lifted as it is stored once the store knows the prior (an ingest tells it, rank_vectors_by; a
  search gives it); those stored without (by an older CivicAtlas, or a program that never told it) are searched
  exactly beside the index until there are LIFT_AT of them, when a search by the prior lifts them.

Install with `pip install 'civicatlas[postgres]'`; point --db at postgresql://user:password@host/dbname.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from civicatlas.encode.passage import record_passage, text_key
from civicatlas.errors import ConfigError, NotFound, QueryTimeout, StoreError
from civicatlas.filters import VOCABULARY, CaseFilter
from civicatlas.model import Document, Item
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
    now,
    same_hash,
    token_hash,
    top_facets,
)
from civicatlas.store.pg_schema import MIGRATIONS
from civicatlas.store.rows import (
    SOURCE_SQL,
    case_view,
    corrected,
    heading,
    mention_rows,
    moved_only,
    record_json,
    relevance_of,
    stored_record,
    version,
)
from civicatlas.words import lower_unaccented

WRITE_LOCK = 0x43495649  # the advisory lock every write transaction holds: one writer at a time
MAX_EF_SEARCH = 1000  # pgvector's ceiling for hnsw.ef_search (candidates kept while searching the graph)
LIFT_AT = 1_000  # vectors without their lift searched exactly beside the index before a search lifts them
ANALYZE_AFTER = 1_000  # items written before the planner's statistics are refreshed (or a tenth of those there)
_WRITTEN = ("documents", "items", "mentions", "resolve_keys", "cases", "case_items", "case_facets", "case_history",
            "vectors")  # the tables an ingest fills

# Item language → PostgreSQL text search configuration (stemming, stop words); others get "simple".
TS_CONFIGS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german", "el": "greek",
    "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}
_CONFIGS = sorted(set(TS_CONFIGS.values()))
_WORD = re.compile(r"\w+")


def _connect(url: str) -> Any:
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError:
        raise StoreError(f"{_safe(url)}: PostgreSQL needs psycopg: pip install 'civicatlas[postgres]'") from None
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row)
    except psycopg.Error as e:
        raise StoreError(f"{_safe(url)}: cannot connect ({' '.join(str(e).split())})") from None


def _safe(url: str) -> str:
    """The URL without its password, for messages and stats."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


class PostgresStore:
    def __init__(self, url: str):
        self.url = _safe(url)
        self.db = _connect(url)
        self._savepoints = 0
        self._indexed_dims: set[int] = set()
        self._priors: dict[str, Prior] = {}  # model -> the prior its vectors are lifted by, once this store knows it
        self._written = 0  # items written, or moved to another case, since the statistics were last refreshed
        self._analysed = 0  # the items there were then
        try:
            self._migrate()
            from pgvector.psycopg import register_vector

            register_vector(self.db)
        except Exception:
            self.db.close()
            raise

    # --- lifecycle -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        if self._check_version() == len(MIGRATIONS):
            return
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS civicatlas_schema (version INTEGER NOT NULL)")
            for n in range(self._check_version(), len(MIGRATIONS)):  # again, under the lock
                self.db.execute(MIGRATIONS[n])
                if n + 1 == FACETS_KEPT:  # the facet values of the cases stored before
                    self.db.execute(_FILL_FACETS.replace(_WHICH, "TRUE"))
                self.db.execute("DELETE FROM civicatlas_schema")
                self.db.execute("INSERT INTO civicatlas_schema VALUES (%s)", (n + 1,))

    def _check_version(self) -> int:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.url}: database schema v{version} is newer than this CivicAtlas (v{len(MIGRATIONS)})")
        return version

    @property
    def schema_version(self) -> int:
        if self._one("SELECT to_regclass('civicatlas_schema') AS t")["t"] is None:
            return 0
        return self._one("SELECT max(version) AS v FROM civicatlas_schema")["v"] or 0

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A write transaction: all of it or nothing, one writer at a time; inside another, a savepoint."""
        with self.db.transaction():
            if self._savepoints == 0:
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            self._savepoints += 1
            try:
                yield self.db
            finally:
                self._savepoints -= 1

    @contextmanager
    def ingesting(self) -> Iterator[None]:
        """Nothing to change: the server holds the pages, not this process."""
        yield

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """One consistent snapshot for several reads (writers go on meanwhile)."""
        if self.db.info.transaction_status != 0:  # inside a transaction already: its snapshot
            yield self.db
            return
        with self.db.transaction():
            self.db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield self.db

    @contextmanager
    def deadline(self, seconds: float | None) -> Iterator[None]:
        """Statements inside give up after `seconds` with QueryTimeout (PostgreSQL's statement_timeout)."""
        if not seconds:
            yield
            return
        import psycopg

        self.db.execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")
        try:
            yield
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(f"the query took longer than {seconds:g} s; narrow it down") from None
        finally:
            self.db.execute("SET statement_timeout = 0")

    def matching(self, filters: CaseFilter | None, case_ids: Sequence[str], all: bool = False) -> set[str]:
        where, args = case_where(filters, all)
        return {r["id"] for r in self._rows(f"SELECT c.id FROM cases c WHERE c.id = ANY(%s) AND {where}",
                                            list(case_ids), *args)}

    def close(self) -> None:
        self.db.close()

    def _rows(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        return self.db.execute(sql, args or None).fetchall()

    def _one(self, sql: str, *args: Any) -> dict[str, Any] | None:
        return self.db.execute(sql, args or None).fetchone()

    # --- documents -------------------------------------------------------------------------------
    def document_state(self, doc_id: str) -> tuple[str, str] | None:
        row = self._one("SELECT sha256, pipeline FROM documents WHERE id = %s", doc_id)
        return (row["sha256"], row["pipeline"]) if row else None

    def case_of_items(self, item_ids: Sequence[str]) -> dict[str, str]:
        rows = self._rows("SELECT item_id, case_id FROM case_items WHERE item_id = ANY(%s)", list(item_ids))
        return {r["item_id"]: r["case_id"] for r in rows}

    def cases_by_content_key(self, keys: Sequence[str], exclude_document: str) -> dict[str, str]:
        rows = self._rows("SELECT i.content_key, c.case_id FROM items i JOIN case_items c ON c.item_id = i.id "
                          "WHERE i.content_key = ANY(%s) AND i.document_id != %s ORDER BY i.seq",
                          list(keys), exclude_document)
        out: dict[str, str] = {}
        for r in rows:
            out.setdefault(r["content_key"], r["case_id"])
        return out

    def save(self, doc: Document, pipeline: str, items: Sequence[Item], cases: Mapping[str, Assignment],
             keys: Mapping[str, Sequence[str]] | None = None) -> SaveResult:
        result = SaveResult()
        stamp = now()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO documents (id, uri, content_type, encoding, sha256, pipeline, title, text, metadata, "
                "warnings, ingested_at, updated_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                "ON CONFLICT (id) DO UPDATE SET content_type=excluded.content_type, encoding=excluded.encoding, "
                "sha256=excluded.sha256, pipeline=excluded.pipeline, title=excluded.title, text=excluded.text, "
                "metadata=excluded.metadata, warnings=excluded.warnings, updated_at=excluded.updated_at",
                (doc.id, _text(doc.uri), doc.content_type, doc.encoding, doc.sha256, pipeline, _text(doc.title),
                 _text(doc.text), _jsonb(doc.metadata), _jsonb(doc.warnings), stamp, stamp))
            old = {r["id"]: r["record"] for r in self._rows(
                "SELECT id, record FROM items WHERE document_id = %s", doc.id)}
            promoted = {r["item_id"] for r in self._rows(
                "SELECT item_id FROM promotions WHERE item_id = ANY(%s)", [item.id for item in items])}
            touched: set[str] = set()
            for item in items:
                record = _json_text(record_json(item))
                relevance, initiative = relevance_of(item, promoted)
                values = tuple(_text(v) if isinstance(v, str) else v for v in (
                    item.position, item.title, item.text, item.caption, item.language,
                    content_key(item.title, item.text), record, _vector_key(item), relevance, initiative,
                    _ts_config(item.language), *_searchable(item), stamp))
                if item.id in old:
                    previous = old.pop(item.id)
                    if previous == record:
                        result.unchanged += 1
                        continue
                    moved = moved_only(previous, record)
                    result.unchanged += moved
                    result.updated += not moved
                    db.execute(
                        "UPDATE items SET position=%s, title=%s, text=%s, caption=%s, language=%s, content_key=%s, "
                        "record=%s, vector_key=%s, relevance=%s, initiative=%s, fts=" + _FTS + ", updated_at=%s "
                        "WHERE id=%s", (*values, item.id))
                    db.execute("DELETE FROM mentions WHERE item_id = %s", (item.id,))
                else:
                    result.new += 1
                    db.execute(
                        "INSERT INTO items (position, title, text, caption, language, content_key, record, vector_key, "
                        "relevance, initiative, fts, updated_at, id, document_id) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,"
                        "%s," + _FTS + ",%s,%s,%s)", (*values, item.id, doc.id))
                rows = [tuple(_text(v) if isinstance(v, str) else v for v in row) for row in mention_rows(item)]
                with db.cursor() as cur:
                    cur.executemany(
                        'INSERT INTO mentions (item_id, type, field, start, "end", text, key, country, value, '
                        "extractor, confidence, data) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", rows)
                if keys is not None and item.id in keys:
                    self._put_keys(item.id, keys[item.id])
                if (assignment := cases.get(item.id)) is not None:
                    self._assign(item.id, assignment, stamp)
                touched.update(self.case_of_items([item.id]).values())
            if old:
                touched.update(self.case_of_items(list(old)).values())
                db.execute("DELETE FROM items WHERE id = ANY(%s)", (list(old),))
                result.removed += len(old)
            for case_id in sorted(touched):
                self._refresh_case(case_id, stamp)
        self._wrote(result.new + result.updated + result.removed)
        return result

    def _wrote(self, items: int) -> None:
        """Refresh the planner's statistics once the items written through this store since it last did are a
        tenth of those there were then (ANALYZE_AFTER at least), as autovacuum does at its next round, minutes
        later. Right after a large ingest, tables never analysed made the planner read every case of a country for
        each of the 100 cases a faceted search filters (95 ms at 10,000 cases; 4 ms analysed)."""
        self._written += items
        if self._savepoints or self._written < max(ANALYZE_AFTER, self._analysed // 10):
            return
        import psycopg

        self._written = 0
        try:
            self.db.execute(f"ANALYZE {', '.join(_WRITTEN)}")
        except psycopg.Error:  # what was written is committed; autovacuum will get there too
            return
        self._analysed = int(self._one("SELECT reltuples AS n FROM pg_class WHERE oid = 'items'::regclass")["n"])

    def reserve_cases(self, created: Mapping[str, str]) -> None:
        with self.transaction() as db, db.cursor() as cur:
            cur.executemany("INSERT INTO cases (id, title, summary, languages, created_at, updated_at) VALUES "
                            "(%s, '', '', '[]', %s, %s) ON CONFLICT DO NOTHING",
                            [(c, t, t) for c, t in created.items()])

    def _put_keys(self, item_id: str, keys: Sequence[str]) -> None:
        self.db.execute("DELETE FROM resolve_keys WHERE item_id = %s", (item_id,))
        with self.db.cursor() as cur:
            cur.executemany("INSERT INTO resolve_keys (key, item_id) VALUES (%s,%s) ON CONFLICT DO NOTHING",
                            [(k, item_id) for k in dict.fromkeys(keys)])

    def _assign(self, item_id: str, a: Assignment, stamp: str, actor: str = "auto") -> str | None:
        """Put an item in a case; returns the case it was in before. A change of case goes to the history."""
        previous = self.case_of_items([item_id]).get(item_id)
        evidence = _jsonb(a.evidence) if a.evidence else None
        self.db.execute("INSERT INTO cases (id, title, summary, languages, created_at, updated_at) VALUES "
                        "(%s, '', '', '[]', %s, %s) ON CONFLICT DO NOTHING", (a.case_id, stamp, stamp))
        self.db.execute(
            "INSERT INTO case_items (item_id, case_id, reason, score, matched, evidence) VALUES (%s,%s,%s,%s,%s,%s) "
            "ON CONFLICT (item_id) DO UPDATE SET case_id=excluded.case_id, reason=excluded.reason, "
            "score=excluded.score, matched=excluded.matched, evidence=excluded.evidence",
            (item_id, a.case_id, a.reason, a.score, a.matched, evidence))
        if previous != a.case_id:
            self.db.execute(
                "INSERT INTO case_history (item_id, case_id, previous_case, reason, score, matched, evidence, actor, "
                "created_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                (item_id, a.case_id, previous, a.reason, a.score, a.matched, evidence, actor, stamp))
        return previous

    def _refresh_case(self, case_id: str, stamp: str) -> None:
        """Title, summary, languages and initiative of a case from its items, as people corrected them; a case
        without items goes."""
        members = self._rows(f"SELECT i.record, i.initiative, {_CORRECTIONS} FROM case_items c JOIN items i ON "
                             "i.id = c.item_id WHERE c.case_id = %s ORDER BY i.seq", case_id)
        if not members:
            self.db.execute("DELETE FROM cases WHERE id = %s", (case_id,))
            return
        shown = heading([corrected(r["record"], r["corrected"]) for r in members])
        self.db.execute("UPDATE cases SET title=%s, summary=%s, languages=%s, titles=%s, initiative=%s, updated_at=%s "
                        "WHERE id=%s", (shown["title"], shown["summary"], _jsonb(shown["languages"]),
                                        _jsonb(shown["titles"]), int(any(r["initiative"] for r in members)), stamp,
                                        case_id))
        self.db.execute("DELETE FROM case_facets WHERE case_id = %s", (case_id,))
        self.db.execute(_FILL_FACETS.replace(_WHICH, "ci.case_id = %s"), [case_id] * len(_FACET_SOURCES))

    # --- reading ---------------------------------------------------------------------------------
    def get_item(self, item_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT record FROM items WHERE id = %s", item_id)
        return json.loads(row["record"]) if row else None

    def pipelines(self) -> list[str]:
        return [r["pipeline"] for r in self._rows("SELECT DISTINCT pipeline FROM documents ORDER BY pipeline")]

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT id, uri, content_type, encoding, title, metadata, warnings, ingested_at, updated_at "
                        "FROM documents WHERE id = %s", doc_id)
        if row is None:
            return None
        row["items"] = [r["id"] for r in self._rows(
            "SELECT id FROM items WHERE document_id = %s ORDER BY position", doc_id)]
        return row

    def get_case(self, case_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM cases WHERE id = %s", case_id)
        return self._case(row) if row else None

    def iter_cases(self, filters: CaseFilter | None = None, batch: int = 256, all: bool = False
                   ) -> Iterator[dict[str, Any]]:
        """Cases in creation order, a batch at a time (keyset pagination: memory stays constant)."""
        where, args = case_where(filters, all)
        after: tuple[str, int] = ("", 0)
        while chunk := self._rows(
                f"SELECT c.* FROM cases c WHERE {where} AND (c.created_at, c.seq) > (%s, %s) "
                f"ORDER BY c.created_at, c.seq LIMIT %s", *args, *after, batch):
            after = (chunk[-1]["created_at"], chunk[-1]["seq"])
            members: dict[str, list[dict[str, Any]]] = {}
            for r in self._rows(_CASE_ITEMS.format("c.case_id = ANY(%s)"), [c["id"] for c in chunk]):
                members.setdefault(r["case_id"], []).append(r)
            for case in chunk:
                if members.get(case["id"]):  # another process may have emptied it since
                    yield case_view(case, members[case["id"]])

    def page_cases(self, filters: CaseFilter | None = None, after: str | None = None, limit: int = 20,
                   sort: str = "created", all: bool = False) -> tuple[list[dict[str, Any]], str | None]:
        """One page of the matching cases in `sort` order and the next page's cursor (keyset pagination)."""
        where, args = case_where(filters, all)
        after_cursor, order, more = keyset(sort, after, "%s")
        column = SORTS[sort][0]
        rows = self._rows(f"SELECT c.* FROM cases c WHERE {where} AND {after_cursor} ORDER BY {order} LIMIT %s",
                          *args, *more, limit + 1)
        following = cursor_of(sort, rows[limit - 1][column], rows[limit - 1]["id"]) if len(rows) > limit else None
        members: dict[str, list[dict[str, Any]]] = {}
        for r in self._rows(_CASE_ITEMS.format("c.case_id = ANY(%s)"), [c["id"] for c in rows[:limit]]):
            members.setdefault(r["case_id"], []).append(r)
        return [case_view(c, members[c["id"]]) for c in rows[:limit] if members.get(c["id"])], following

    def successor(self, case_id: str) -> str | None:
        row = self._one("SELECT ci.case_id FROM case_history h JOIN case_items ci ON ci.item_id = h.item_id "
                        "WHERE h.previous_case = %s AND ci.case_id != %s ORDER BY h.id DESC LIMIT 1", case_id, case_id)
        return row["case_id"] if row else None

    def count_cases(self, filters: CaseFilter | None = None, all: bool = False) -> int:
        where, args = case_where(filters, all)
        return self._one(f"SELECT COUNT(*) AS n FROM cases c WHERE {where}", *args)["n"]

    def facets(self, filters: CaseFilter | None, fields: Sequence[str], all: bool = False, limit: int = 50
               ) -> dict[str, list[dict[str, Any]]]:
        """Values of each field among the matching cases with their case counts (the SQLite store's facets, from
        the facet values kept per case)."""
        check_facets(fields)
        if not fields:
            return {}
        where, args = case_where(filters, all)
        rows = self._rows("SELECT f.field, f.value, MAX(f.label) AS label, COUNT(*) AS n FROM cases c JOIN case_facets "
                          f"f ON f.case_id = c.id AND f.field = ANY(%s) WHERE {where} GROUP BY f.field, f.value",
                          list(fields), *args)
        return top_facets(fields, rows, limit)

    def data_version(self) -> int:
        """A number that changes with every committed change of a case (see store.base.ReadStore)."""
        return self._one("SELECT n FROM data_version")["n"]

    def facet_rows(self) -> Iterator[tuple[str, int, str | None, str | None, str | None]]:
        """(case id, initiative, field, value, label) of every case's facet values, and once with field None for a
        case without any (store.facet_index)."""
        for r in self.db.execute("SELECT c.id, c.initiative, f.field, f.value, f.label FROM cases c "
                                 "LEFT JOIN case_facets f ON f.case_id = c.id"):
            yield r["id"], r["initiative"], r["field"], r["value"], r["label"]

    def _case(self, row: dict[str, Any]) -> dict[str, Any]:
        return case_view(row, self._rows(_CASE_ITEMS.format("c.case_id = %s"), row["id"]))

    def find_id(self, any_id: str) -> tuple[str, dict[str, Any]] | None:
        for kind, getter in (("case", self.get_case), ("item", self.get_item), ("document", self.get_document)):
            if (found := getter(any_id)) is not None:
                return kind, found
        return None

    def search_items(self, query: str, limit: int, snippets: bool = True) -> list[dict[str, Any]]:
        """Items with every word of the query (exactly, or by the stemming of a language), best first, with a
        snippet (without one when not `snippets`: `snippets()` makes them for the few a caller keeps)."""
        words = _WORD.findall(lower_unaccented(query))
        if not words:
            return []
        # the words as each language stems them, each stemming once (most of the 31 agree), given to the query as a
        # constant: matching and ranking against all 31 from a CTE took 15.9 / 19.7 ms (p50 / p95) at 10,000 items,
        # 2.6 / 6.4 ms so, with the same 200 best for every judged query
        stemmed = [r["q"] for r in self._rows(
            "SELECT DISTINCT plainto_tsquery(c::regconfig, %s)::text AS q FROM unnest(%s::text[]) AS c ORDER BY 1",
            " ".join(words), ["simple", *_CONFIGS]) if r["q"]]
        if not stemmed:
            return []
        tsquery = " | ".join(f"({q})" for q in stemmed)
        rows = self._rows("SELECT id, ts_rank(fts, %s::tsquery) AS rank FROM items WHERE fts @@ %s::tsquery "
                          "ORDER BY rank DESC, seq LIMIT %s", tsquery, tsquery, limit)
        if not snippets:
            return [{"item": r["id"]} for r in rows]
        made = self.snippets(query, [r["id"] for r in rows])
        return [{"item": r["id"], "snippet": made.get(r["id"], "")} for r in rows]

    def snippets(self, query: str, item_ids: Sequence[str]) -> dict[str, str]:
        """{item id: the passage of its text with the query's words, marked [so]}."""
        words = _WORD.findall(lower_unaccented(query))
        if not words or not item_ids:
            return {}
        # with the exact words only: ts_headline with the query of every language took over 20 s for 200 items of
        # 10,000 (bench/search.py --cases 10000 --postgres)
        rows = self._rows(
            "SELECT id, ts_headline('simple', text, plainto_tsquery('simple', %s), 'StartSel=[, StopSel=], "
            "MaxWords=14, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…') AS snippet FROM items "
            "WHERE id = ANY(%s)", " ".join(words), list(set(item_ids)))
        return {r["id"]: r["snippet"] for r in rows}

    def text_starts(self, item_ids: Sequence[str], chars: int) -> dict[str, str]:
        rows = self._rows("SELECT id, left(text, %s) AS text FROM items WHERE id = ANY(%s)", chars, list(set(item_ids)))
        return {r["id"]: r["text"] for r in rows}

    def item_cases(self, item_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        rows = self._rows("SELECT ci.item_id, c.id, c.title, c.languages, c.initiative FROM case_items ci JOIN cases c "
                          "ON c.id = ci.case_id WHERE ci.item_id = ANY(%s)", list(set(item_ids)))
        return {r["item_id"]: {"id": r["id"], "title": r["title"], "languages": r["languages"],
                               "initiative": bool(r["initiative"])} for r in rows}

    def stats(self, all: bool = False) -> dict[str, Any]:
        only = "" if all else " WHERE initiative = 1"
        count = lambda sql: self._one(sql)["n"]  # noqa: E731
        languages = {r["language"] or "unknown": r["n"] for r in self._rows(
            f"SELECT language, COUNT(*) AS n FROM items{only} GROUP BY language ORDER BY COUNT(*) DESC, language")}
        mentions = {r["type"]: r["n"] for r in self._rows(
            f"SELECT m.type, COUNT(*) AS n FROM mentions m JOIN items i ON i.id = m.item_id"
            f"{only.replace('initiative', 'i.initiative')} GROUP BY m.type")}
        return {"documents": count("SELECT COUNT(*) AS n FROM documents"),
                "items": count(f"SELECT COUNT(*) AS n FROM items{only}"),
                "cases": count(f"SELECT COUNT(*) AS n FROM cases{only}"),
                "set_aside": {"items": count("SELECT COUNT(*) AS n FROM items WHERE initiative = 0"),
                              "cases": count("SELECT COUNT(*) AS n FROM cases WHERE initiative = 0")},
                "languages": languages, "mentions": mentions, "schema_version": self.schema_version,
                "store": self.url}

    # --- resolution ------------------------------------------------------------------------------
    def items_sharing_keys(self, keys: Sequence[str], exclude_document: str, limit: int = 100) -> list[str]:
        if not keys:
            return []
        rows = self._rows("SELECT k.item_id, COUNT(*) AS n FROM resolve_keys k JOIN items i ON i.id = k.item_id "
                          "WHERE k.key = ANY(%s) AND i.document_id != %s GROUP BY k.item_id, i.seq "
                          "ORDER BY n DESC, i.seq LIMIT %s", list(set(keys)), exclude_document, limit)
        return [r["item_id"] for r in rows]

    def records_without_keys(self, after: int = 0, limit: int = 2000) -> list[dict[str, Any]]:
        rows = self._rows("SELECT i.seq, i.record FROM items i WHERE i.seq > %s AND NOT EXISTS "
                          "(SELECT 1 FROM resolve_keys k WHERE k.item_id = i.id) ORDER BY i.seq LIMIT %s", after, limit)
        return [{**json.loads(r["record"]), "order": r["seq"]} for r in rows]

    def put_keys(self, keys: Mapping[str, Sequence[str]]) -> None:
        if not keys:
            return
        with self.transaction():
            present = {r["id"] for r in self._rows("SELECT id FROM items WHERE id = ANY(%s)", list(keys))}
            for item_id in present:
                self._put_keys(item_id, keys[item_id])

    def records(self, item_ids: Sequence[str], known: Mapping[str, str] | None = None
                ) -> dict[str, dict[str, Any]]:
        rows = self._rows("SELECT i.id, i.seq, i.record, c.case_id FROM items i LEFT JOIN case_items c ON "
                          "c.item_id = i.id WHERE i.id = ANY(%s)", list(set(item_ids)))
        return {r["id"]: stored_record(r["record"], {"id": r["id"], "case": r["case_id"], "order": r["seq"]}, known)
                for r in rows}

    def iter_records(self, batch: int = 2000) -> Iterator[dict[str, Any]]:
        last = 0
        while rows := self._rows("SELECT i.seq, i.record, c.case_id FROM items i LEFT JOIN case_items c ON "
                                 "c.item_id = i.id WHERE i.seq > %s ORDER BY i.seq LIMIT %s", last, batch):
            yield from (_record(r) for r in rows)
            last = rows[-1]["seq"]

    def case_members(self, case_ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self._rows("SELECT c.case_id, c.item_id FROM case_items c JOIN items i ON i.id = c.item_id "
                            "WHERE c.case_id = ANY(%s) ORDER BY i.seq", list(case_ids)):
            out.setdefault(r["case_id"], []).append(r["item_id"])
        return out

    def memberships(self, item_ids: Sequence[str]) -> dict[str, tuple[str, float | None]]:
        rows = self._rows("SELECT item_id, reason, score FROM case_items WHERE item_id = ANY(%s)", list(set(item_ids)))
        return {r["item_id"]: (r["reason"], r["score"]) for r in rows}

    def case_order(self) -> dict[str, int]:
        return {r["id"]: r["seq"] for r in self._rows("SELECT seq, id FROM cases")}

    def decisions(self, item_ids: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
        if item_ids is None:
            rows = self._rows("SELECT kind, item_a, item_b FROM decisions ORDER BY id")
        else:
            rows = self._rows("SELECT kind, item_a, item_b FROM decisions WHERE item_a = ANY(%s) OR item_b = ANY(%s) "
                              "ORDER BY id", list(item_ids), list(item_ids))
        return [(r["kind"], r["item_a"], r["item_b"]) for r in rows]

    def decide(self, kind: str, pairs: Sequence[tuple[str, str]], moves: Mapping[str, Assignment]) -> None:
        stamp = now()
        with self.transaction() as db:
            for a, b in pairs:
                db.execute("DELETE FROM decisions WHERE (item_a = %s AND item_b = %s) OR (item_a = %s AND item_b = %s)",
                           (a, b, b, a))
                db.execute("INSERT INTO decisions (kind, item_a, item_b, created_at) VALUES (%s,%s,%s,%s)",
                           (kind, a, b, stamp))
            self._move(moves, stamp, actor="human")

    def reassign(self, moves: Mapping[str, Assignment], keys: Mapping[str, Sequence[str]] | None = None) -> None:
        stamp = now()
        with self.transaction():
            for item_id, item_keys in (keys or {}).items():
                self._put_keys(item_id, item_keys)
            self._move(moves, stamp, actor="auto")
        self._wrote(len(moves))

    def _move(self, moves: Mapping[str, Assignment], stamp: str, actor: str) -> None:
        touched: set[str] = set()
        for item_id, a in moves.items():
            previous = self._assign(item_id, a, stamp, actor=actor)
            touched.update(c for c in (previous, a.case_id) if c)
        for case_id in sorted(touched):
            self._refresh_case(case_id, stamp)

    def promote(self, item_id: str) -> str | None:
        stamp = now()
        with self.transaction() as db:
            row = self._one("SELECT c.case_id FROM items i LEFT JOIN case_items c ON c.item_id = i.id WHERE i.id = %s",
                            item_id)
            if row is None:
                raise NotFound(f"{item_id}: no item with this id")
            case_id = row["case_id"]
            db.execute("INSERT INTO promotions (item_id, created_at) VALUES (%s,%s) ON CONFLICT DO NOTHING",
                       (item_id, stamp))
            db.execute("UPDATE items SET initiative = 1 WHERE id = %s", (item_id,))
            if case_id is not None:
                db.execute("INSERT INTO case_history (item_id, case_id, previous_case, reason, score, actor, "
                           "created_at) VALUES (%s,%s,%s,%s,%s,%s,%s)",
                           (item_id, case_id, case_id, "promoted", 1.0, "human", stamp))
                self._refresh_case(case_id, stamp)
        return case_id

    def history(self, any_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM case_history WHERE item_id = %s OR case_id = %s OR previous_case = %s "
                          "ORDER BY id", any_id, any_id, any_id)

    # --- vectors ---------------------------------------------------------------------------------
    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        rows = self._rows("SELECT key, embedding FROM vectors WHERE model = %s AND key = ANY(%s)", model, list(keys))
        return {r["key"]: _array(r["embedding"]) for r in rows}

    def put(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        if not vectors:
            return
        arrays = {k: np.asarray(v, dtype=np.float32) for k, v in vectors.items()}
        dims = {int(v.shape[-1]) for v in arrays.values()}
        prior = self._priors.get(model)
        lifts = (dict(zip(arrays, prior.lift(np.vstack(list(arrays.values()))).tolist(), strict=True))
                 if prior is not None and len(dims) == 1 else {})
        with self.transaction() as db:
            for dim in dims:
                self._index(dim)
            with db.cursor() as cur:
                cur.executemany(
                    "INSERT INTO vectors (key, model, dim, embedding, lift) VALUES (%s,%s,%s,%s,%s) "
                    "ON CONFLICT (key, model) DO UPDATE SET dim = excluded.dim, embedding = excluded.embedding, "
                    "lift = excluded.lift",
                    [(k, model, int(v.shape[-1]), v, lifts.get(k)) for k, v in arrays.items()])

    def _index(self, dim: int) -> None:
        """The HNSW index for the vectors of one dimension (pgvector indexes fixed dimensions only): each with its
        lift after it, by inner product (see the module's docstring); vectors not lifted yet are not in it."""
        if dim not in self._indexed_dims:
            self.db.execute(f"CREATE INDEX IF NOT EXISTS vectors_lifted_{dim} ON vectors USING hnsw "
                            f"({_LIFTED.format(dim=dim + 1)} vector_ip_ops) WHERE dim = {dim} AND lift IS NOT NULL")
            self._indexed_dims.add(dim)

    def rank_vectors_by(self, model: str, prior: Callable[[], Prior]) -> None:
        """Vectors of the model lifted by this prior as they are stored (and those stored without, if LIFT_AT)."""
        self._lift(model, prior(), LIFT_AT)

    def _lift(self, model: str, prior: Prior, at: int) -> int:
        """The model's vectors lifted by `prior` from now on: all of them again if they were lifted by another
        (another name: the codebook's labels changed); those not lifted yet, once there are `at` of them.
        Returns how many are left without (fewer than `at`)."""
        if (known := self._priors.get(model)) is None or known.name != prior.name:
            with self.transaction() as db:
                row = self._one("SELECT prior FROM vector_priors WHERE model = %s", model)
                if row is None or row["prior"] != prior.name:
                    db.execute("INSERT INTO vector_priors (model, prior) VALUES (%s, %s) ON CONFLICT (model) "
                               "DO UPDATE SET prior = excluded.prior", (model, prior.name))
                    db.execute("UPDATE vectors SET lift = NULL WHERE model = %s AND lift IS NOT NULL", (model,))
            self._priors[model] = prior
        if (left := self._unlifted(model, at)) < at:
            return left
        with self.transaction() as db:
            while rows := db.execute("SELECT key, embedding FROM vectors WHERE model = %s AND lift IS NULL LIMIT 10000",
                                     (model,), binary=True).fetchall():
                lifts = prior.lift(np.vstack([_array(r["embedding"]) for r in rows]))
                db.execute("UPDATE vectors v SET lift = u.lift FROM unnest(%s::text[], %s::real[]) AS u(key, lift) "
                           "WHERE v.model = %s AND v.key = u.key", ([r["key"] for r in rows], lifts.tolist(), model))
        return 0

    def _unlifted(self, model: str, at: int) -> int:
        """How many of the model's vectors are not lifted yet, counted up to `at`."""
        return self._one("SELECT count(*) AS n FROM (SELECT 1 FROM vectors WHERE model = %s AND lift IS NULL "
                         "LIMIT %s) s", model, at)["n"]

    def vector_model(self) -> str | None:
        row = self._one("SELECT model FROM vector_models WHERE n > 0 ORDER BY n DESC, model LIMIT 1")
        return row["model"] if row else None

    def prepare_search(self, model: str | None, prior: Prior | None) -> None:
        """The model's vectors lifted by the prior now (PostgreSQL keeps its indexes, GIN and HNSW, itself)."""
        if model is not None and prior is not None:
            self._lift(model, prior, 1)

    def nearest(self, model: str, vector: np.ndarray, limit: int, prior: Prior | None = None, widen: int = 1
                ) -> list[tuple[str, np.ndarray]]:
        """(item id, its vector) of the `limit` stored items closest by cosine, or best by the `prior`'s score,
        through the HNSW index, which ranks the lifted vectors by either; those not lifted yet are searched exactly
        beside it (with a prior, the `limit × widen` closest of them by cosine ranked by its score). Some cached
        vectors have no item (any more), some have several: more vectors are asked for while too few items come."""
        query = np.asarray(vector, dtype=np.float32)
        dim = int(query.shape[-1])
        fresh = self._lift(model, prior, LIFT_AT) if prior is not None else self._unlifted(model, 1)
        lifted = np.append(query, np.float32(1.0 if prior is not None else 0.0))
        # the index ranks by the prior itself: it proposes only as many as are read back
        take, proposed = nearest_counts(limit, widen)
        while True:
            with self.db.transaction():
                # the graph search keeps ef_search candidates; iterative scans go on when the model filter drops some
                self.db.execute(f"SET LOCAL hnsw.ef_search = {min(max(40, take), MAX_EF_SEARCH)}")
                self.db.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
                # binary results: pgvector's text form took 1 s to parse for 4,000 vectors (bench/search.py)
                near = self.db.execute(_nearest_sql(dim, lifted=True), (model, lifted, take), binary=True).fetchall()
                others = self.db.execute(_nearest_sql(dim, lifted=False), (model, query, proposed),
                                         binary=True).fetchall() if fresh else []
            exhausted = len(near) < take and len(others) < proposed
            near += others
            vectors = np.vstack([_array(r["embedding"]) for r in near]) if near else np.zeros((0, dim), np.float32)
            scores = prior.score(vectors, query) if prior is not None else vectors @ query
            order = np.argsort(-scores, kind="stable")[:take]
            rank = {near[n]["key"]: (position, n) for position, n in enumerate(order)}
            items = self._rows("SELECT id, vector_key, seq FROM items WHERE vector_key = ANY(%s)", list(rank))
            if len(items) >= limit or exhausted:
                break
            take, proposed = take * 4, proposed * 4
        items.sort(key=lambda r: (rank[r["vector_key"]][0], r["seq"]))
        return [(r["id"], vectors[rank[r["vector_key"]][1]]) for r in items[:limit]]

    # --- web sources and watch runs --------------------------------------------------------------
    def validators(self, url: str, pipeline: str) -> tuple[str | None, str | None] | None:
        row = self._one("SELECT metadata, pipeline FROM documents WHERE uri = %s", url)
        if row is not None:
            if row["pipeline"] != pipeline:
                return None
            meta = row["metadata"] or {}
            return (meta.get("etag"), meta.get("last_modified")) if meta.get("etag") or meta.get("last_modified") \
                else None
        row = self._one("SELECT etag, last_modified FROM sources WHERE url = %s", url)
        return (row["etag"], row["last_modified"]) if row and (row["etag"] or row["last_modified"]) else None

    def checked_source(self, url: str, name: str | None, errors: Sequence[str], done: Any = None) -> None:
        stamp = now()
        with self.transaction() as db:
            db.execute("INSERT INTO sources (url, name) VALUES (%s, %s) ON CONFLICT (url) DO UPDATE SET name = "
                       "excluded.name", (url, name))
            db.execute("UPDATE sources SET last_checked = %s, last_error = %s, errors = %s WHERE url = %s",
                       (stamp, errors[0] if errors else None, len(errors), url))
            if done is not None:
                db.execute("UPDATE sources SET kind = %s, etag = %s, last_modified = %s, pages = %s, last_success = %s "
                           "WHERE url = %s", (done.kind, done.etag, done.last_modified, done.pages, stamp, url))

    def sources(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM sources ORDER BY url")

    def start_run(self) -> tuple[int, str | None]:
        with self.transaction():
            last = self._one("SELECT MAX(finished_at) AS t FROM watch_runs")["t"]
            run = self._one("INSERT INTO watch_runs (started_at) VALUES (%s) RETURNING id", now())["id"]
        return int(run), last

    def finish_run(self, run: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE watch_runs SET finished_at = %s WHERE id = %s", (now(), run))

    def cases_changed_since(self, since: str | None) -> Iterator[dict[str, Any]]:
        rows = self._rows("SELECT * FROM cases WHERE initiative = 1 AND (%s::text IS NULL OR updated_at > %s) "
                          "ORDER BY updated_at, seq", since, since)
        for row in rows:
            yield self._case(row)

    # --- curation over the web: tokens, audit, corrections, review (see store.base.CurationStore) -----------
    def create_token(self, name: str, role: str) -> str:
        check_token_args(name, role)
        secret = new_secret()
        with self.transaction() as db:
            if self._one("SELECT 1 AS x FROM tokens WHERE name = %s", name):
                raise ConfigError(f"a token named {name!r} exists already (revoked tokens keep their name)")
            db.execute("INSERT INTO tokens (name, role, hash, created_at) VALUES (%s,%s,%s,%s)",
                       (name, role, token_hash(secret), now()))
        return secret

    def check_token(self, secret: str) -> dict[str, Any] | None:
        return self.check_token_hash(token_hash(secret))

    def check_token_hash(self, digest: str) -> dict[str, Any] | None:
        row = self._one("SELECT name, role, hash, last_used_at FROM tokens WHERE hash = %s AND revoked_at IS NULL",
                        digest)
        if row is None or not same_hash(row["hash"], digest):
            return None
        stamp = now()
        if (row["last_used_at"] or "") < minute_before(stamp):  # not a write lock on every request
            with self.transaction() as db:
                db.execute("UPDATE tokens SET last_used_at = %s WHERE hash = %s", (stamp, digest))
        return {"name": row["name"], "role": row["role"]}

    def revoke_token(self, name: str) -> None:
        with self.transaction() as db:
            if not db.execute("UPDATE tokens SET revoked_at = COALESCE(revoked_at, %s) WHERE name = %s",
                              (now(), name)).rowcount:
                raise NotFound(f"{name}: no token with this name")

    def list_tokens(self) -> list[dict[str, Any]]:
        return self._rows("SELECT name, role, created_at, revoked_at, last_used_at FROM tokens ORDER BY id")

    def log(self, actor: str, action: str, target: str, payload: Mapping[str, Any] | None = None) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO audit (actor, action, target, payload, created_at) VALUES (%s,%s,%s,%s,%s)",
                       (actor, action, target, _jsonb(payload) if payload else None, now()))

    def audit(self, target: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM audit WHERE %s::text IS NULL OR target = %s ORDER BY id DESC LIMIT %s",
                          target, target, limit)

    def correct(self, item_id: str, field: str, value: Any, actor: str) -> None:
        with self.transaction() as db:
            if not self._one("SELECT 1 AS x FROM items WHERE id = %s", item_id):
                raise NotFound(f"{item_id}: no item with this id")
            db.execute("INSERT INTO corrections (item_id, field, value, actor, created_at) VALUES (%s,%s,%s,%s,%s) "
                       "ON CONFLICT (item_id, field) DO UPDATE SET value=excluded.value, actor=excluded.actor, "
                       "created_at=excluded.created_at", (item_id, field, _jsonb(value), actor, now()))
            # a corrected value is a facet and filter value of the item's case (a corrected country)
            for r in self._rows("SELECT case_id FROM case_items WHERE item_id = %s", item_id):
                self._refresh_case(r["case_id"], now())

    def corrections(self, item_ids: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for r in self._rows("SELECT * FROM corrections WHERE item_id = ANY(%s) ORDER BY created_at", list(item_ids)):
            out.setdefault(r["item_id"], {})[r["field"]] = {"value": r["value"], "by": r["actor"],
                                                            "at": r["created_at"]}
        return out

    def review_queue(self, low_confidence: float, limit: int) -> list[dict[str, Any]]:
        merges = self._rows(
            "SELECT 'merge' AS kind, ci.item_id AS target, ci.case_id, ci.item_id, ci.reason, ci.score, ci.matched, "
            "ci.evidence, COALESCE(i.title, c.title) AS title FROM case_items ci JOIN items i ON i.id = ci.item_id "
            "JOIN cases c ON c.id = ci.case_id WHERE c.initiative = 1 AND ci.reason IN ('near', 'semantic', "
            "'crosslingual') AND NOT EXISTS "
            "(SELECT 1 FROM reviews r WHERE r.kind = 'merge' AND r.target = ci.item_id) AND NOT EXISTS (SELECT 1 "
            "FROM decisions d WHERE d.item_a = ci.item_id OR d.item_b = ci.item_id) ORDER BY ci.score, i.seq "
            "LIMIT %s", limit)
        target = "m.item_id || ':' || m.field || ':' || COALESCE(m.start::text, '')"
        mentions = self._rows(
            f"SELECT m.type AS kind, {target} AS target, ci.case_id, m.item_id, m.field, m.start, m.\"end\", m.text, "
            "m.key, m.confidence, m.data, COALESCE(i.title, c.title) AS title, i.text AS item_text, "
            "i.caption AS item_caption FROM mentions m "
            "JOIN items i ON i.id = m.item_id JOIN case_items ci ON ci.item_id = m.item_id JOIN cases c ON c.id = "
            "ci.case_id WHERE c.initiative = 1 AND m.type IN ('place', 'amount') AND m.confidence < %s AND NOT "
            f"EXISTS (SELECT 1 FROM reviews r WHERE r.kind = m.type AND r.target = {target}) "
            "ORDER BY m.confidence, m.id LIMIT %s", low_confidence, limit * 2)
        countries = self._rows(
            "SELECT 'country' AS kind, c.id AS target, c.id AS case_id, c.title FROM cases c WHERE c.initiative = 1 "
            "AND NOT EXISTS (SELECT 1 FROM case_items ci JOIN items i ON i.id = ci.item_id WHERE ci.case_id = c.id "
            "AND (jsonb_path_exists(i.doc, '$.countries[*]') OR i.doc->'curated'->>'country' IS NOT NULL OR EXISTS "
            "(SELECT 1 FROM corrections k WHERE k.item_id = i.id AND k.field = 'country'))) AND NOT EXISTS (SELECT 1 "
            "FROM reviews r WHERE r.kind = 'country' AND r.target = c.id) ORDER BY c.created_at, c.seq LIMIT %s",
            limit)
        return [*merges, *mentions, *countries]

    def review_verdict(self, kind: str, target: str, verdict: str, actor: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO reviews (kind, target, verdict, actor, created_at) VALUES (%s,%s,%s,%s,%s) ON "
                       "CONFLICT (kind, target) DO UPDATE SET verdict=excluded.verdict, actor=excluded.actor, "
                       "created_at=excluded.created_at", (kind, target, verdict, actor, now()))


# item `i`'s corrections, {field: value} (rows.corrected joins them to its record)
_CORRECTIONS = "(SELECT jsonb_object_agg(k.field, k.value) FROM corrections k WHERE k.item_id = i.id) AS corrected"
_CASE_ITEMS = (
    "SELECT c.case_id, i.record, c.reason, c.score, c.matched, c.evidence, d.id AS doc_id, d.uri, "
    f"d.title AS doc_title, {_CORRECTIONS} FROM case_items c JOIN items i ON i.id = c.item_id "
    "JOIN documents d ON d.id = i.document_id WHERE {} ORDER BY i.seq")
# an item's curated country: a person's correction (the corrections table), else an imported record's value
_CURATED_COUNTRY = ("COALESCE((SELECT k.value #>> '{}' FROM corrections k WHERE k.item_id = i.id AND "
                    "k.field = 'country'), i.doc #>> '{curated,country}')")
# a person's correction of an item's year or language, which takes the place of what was found
_CORRECTED = "(SELECT k.value #>> '{{}}' FROM corrections k WHERE k.item_id = i.id AND k.field = '{}')"

# The item's words with its language's stemming, plus every word as written (accents folded)
_FTS = "(to_tsvector(%s::regconfig, %s) || to_tsvector('simple', %s))"


def _ts_config(language: str | None) -> str:
    return TS_CONFIGS.get((language or "").split("-")[0], "simple")


def _searchable(item: Item) -> tuple[str, str]:
    return (text := lower_unaccented(" ".join(t for t in (item.title, item.text, item.caption) if t))), text


def _record(row: Mapping[str, Any]) -> dict[str, Any]:
    record = json.loads(row["record"])
    record["case"], record["order"], record["version"] = row["case_id"], row["seq"], version(row["record"])
    return record


# a vector with its lift after it, as the HNSW index holds it (the same expression in the index and the query)
_LIFTED = "((embedding || ARRAY[lift]::vector)::vector({dim}))"


def _nearest_sql(dim: int, lifted: bool) -> str:
    """The model's (%s) vectors of `dim` dimensions nearest a query (%s), LIMIT %s: the lifted through the HNSW
    index (by the prior's score or cosine, as the query's last value says), the others exactly, by cosine."""
    ranked = (f"lift IS NOT NULL AND model = %s ORDER BY {_LIFTED.format(dim=dim + 1)} <#> %s::vector({dim + 1})"
              if lifted else f"lift IS NULL AND model = %s ORDER BY embedding::vector({dim}) <=> %s::vector({dim})")
    return f"SELECT key, embedding FROM vectors WHERE dim = {dim} AND {ranked} LIMIT %s"


def _array(vector: Any) -> np.ndarray:
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, dtype=np.float32)


def _vector_key(item: Item) -> str:
    return text_key(record_passage(item.to_record()))


def _text(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL characters (SQLite can): they become U+FFFD."""
    return value.replace("\x00", "\ufffd") if value and "\x00" in value else value


_JSON_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def _json_text(text: str) -> str:
    """JSON that jsonb accepts: NUL (escaped as \\u0000 by json.dumps) becomes U+FFFD, as in text columns."""
    return _JSON_NUL.sub(r"\1\\ufffd", text) if "\\u0000" in text else text


def _jsonb(value: Any) -> Any:
    from psycopg.types.json import Jsonb

    return Jsonb(value, dumps=lambda v: _json_text(json.dumps(v, ensure_ascii=False)))


def _vocabulary(vocab: str) -> list[tuple[str, str, str, str]]:
    return [("JOIN mentions m ON m.item_id = i.id", f"substr(m.key, {len(vocab) + 2})", "NULL",
             f"m.type = 'theme' AND left(m.key, {len(vocab) + 1}) = '{vocab}:'"),
            (f"CROSS JOIN jsonb_array_elements_text(i.doc -> 'curated' -> '{vocab}') j(value)", "j.value", "NULL",
             "TRUE")]


def _mentions(kind: str) -> list[tuple[str, str, str, str]]:
    label = "m.data ->> 'name'" if kind == "place" else "NULL"
    return [("JOIN mentions m ON m.item_id = i.id", "m.key", label, f"m.type = '{kind}'")]


# the SQLite store's facet fields, in PostgreSQL's JSON terms
_FACETS: dict[str, list[tuple[str, str, str, str]]] = {
    "country": [("CROSS JOIN jsonb_array_elements_text(i.doc -> 'countries') j(value)", "j.value", "NULL", "TRUE"),
                ("", _CURATED_COUNTRY, "NULL", "TRUE")],
    "language": [("", f"COALESCE({_CORRECTED.format('language')}, i.language)", "NULL", "TRUE")],
    "year": [("CROSS JOIN jsonb_array_elements_text(i.doc -> 'years') j(value)", "j.value", "NULL",
              f"{_CORRECTED.format('year')} IS NULL"),
             ("", _CORRECTED.format("year"), "NULL", "TRUE")],
    "general_issue": _vocabulary("general_issues"),
    "method_type": _vocabulary("method_types"),
    "approach": _vocabulary("approaches"),
    "targeted_participant": _vocabulary("targeted_participants"),
    "source": [("JOIN documents d ON d.id = i.document_id", SOURCE_SQL.format(uri="d.uri"), "NULL", "TRUE")],
    "place": _mentions("place"),
    "theme": _mentions("theme"),
    "actor": _mentions("actor"),
}


# Every field's values of the cases `ci.case_id` meeting a condition (in place of _WHICH), as case_facets rows
_WHICH = "<which cases>"
_FACET_SOURCES = [f"SELECT '{name}' AS field, ({value})::text AS value, ci.case_id, {label} AS label FROM case_items "
                  f"ci JOIN items i ON i.id = ci.item_id {joins} WHERE ({_WHICH}) AND {condition}"
                  for name, sources in _FACETS.items() for joins, value, label, condition in sources]
_FILL_FACETS = ("INSERT INTO case_facets (field, value, case_id, label) SELECT field, value, case_id, MAX(label) FROM ("
                + " UNION ALL ".join(_FACET_SOURCES)
                + ") v WHERE value IS NOT NULL AND value != '' GROUP BY field, value, case_id")
FACETS_KEPT = 3  # the schema version from which the store keeps case_facets


def _facet(field: str, condition: str) -> str:
    """SQL: case `c` has a value of this facet field that meets the condition (on `cf.value`)."""
    return f"EXISTS (SELECT 1 FROM case_facets cf WHERE cf.field = '{field}' AND cf.case_id = c.id AND ({condition}))"


def _any_item(condition: str, joins: str = "") -> str:
    return (f"EXISTS (SELECT 1 FROM case_items ci JOIN items i ON i.id = ci.item_id {joins} "
            f"WHERE ci.case_id = c.id AND ({condition}))")


def case_where(f: CaseFilter | None, all: bool = False) -> tuple[str, list[Any]]:
    """A CaseFilter as a condition on `cases c` (the SQLite store's case_where, in PostgreSQL's JSON terms)."""
    parts: list[str] = [] if all else ["c.initiative = 1"]
    args: list[Any] = []
    if f:
        # the values facets count (case_facets): countries, languages, years, themes and places of any item
        for name in ("country", "language", *VOCABULARY):
            if values := getattr(f, name):
                parts.append(_facet(name, "cf.value = ANY(%s)"))
                args.append(list(values))
        if f.year_from is not None or f.year_to is not None:
            # CASE: the cast only ever sees a year, whatever order PostgreSQL checks the conditions in
            parts.append(_facet("year", "CASE WHEN cf.field = 'year' THEN cf.value::int END BETWEEN %s AND %s"))
            args += [f.year_from if f.year_from is not None else -9999, f.year_to if f.year_to is not None else 9999]
        if f.has_coordinates is not None:
            located = _any_item("EXISTS (SELECT 1 FROM mentions m WHERE m.item_id = i.id AND m.type = 'place' "
                                "AND m.data ->> 'lat' IS NOT NULL)")
            parts.append(located if f.has_coordinates else f"NOT {located}")
        if f.source:
            parts.append(_any_item("d.id = ANY(%s) OR EXISTS (SELECT 1 FROM unnest(%s::text[]) s "
                                   "WHERE strpos(lower(d.uri), lower(s)) > 0)",
                                   "JOIN documents d ON d.id = i.document_id"))
            args += [list(f.source), list(f.source)]
        place = "EXISTS (SELECT 1 FROM mentions m WHERE m.item_id = i.id AND m.type = 'place' AND {})"
        lat, lon = "(m.data ->> 'lat')::float8", "(m.data ->> 'lon')::float8"
        if f.city:
            parts.append(_facet("place", "cf.value = ANY(%s)"))
            args.append(list(f.city))
        if f.bbox:
            west, south, east, north = f.bbox
            parts.append(_any_item(place.format(f"{lat} BETWEEN %s AND %s AND {lon} BETWEEN %s AND %s")))
            args += [south, north, west, east]
        if f.near:
            geonameid, km = f.near
            parts.append(_any_item(
                "EXISTS (SELECT 1 FROM mentions m, (SELECT (data ->> 'lat')::float8 AS lat, (data ->> 'lon')::float8 "
                "AS lon FROM mentions WHERE type = 'place' AND key = %s AND data ->> 'lat' IS NOT NULL LIMIT 1) p "
                f"WHERE m.item_id = i.id AND m.type = 'place' AND {lat} BETWEEN p.lat - %s AND p.lat + %s AND "
                f"{HAVERSINE.format(lat1='p.lat', lon1='p.lon', lat2=lat, lon2=lon)} <= %s)"))
            args += [geonameid, km / KM_PER_DEGREE, km / KM_PER_DEGREE, km]
        if f.amount_min is not None or f.amount_max is not None or f.currency:
            condition = "m.item_id = i.id AND m.type = 'amount' AND m.value BETWEEN %s AND %s"
            args += [f.amount_min if f.amount_min is not None else -1e308,
                     f.amount_max if f.amount_max is not None else 1e308]
            if f.currency:
                condition += " AND m.key = ANY(%s)"
                args.append(list(f.currency))
            parts.append(_any_item(f"EXISTS (SELECT 1 FROM mentions m WHERE {condition})"))
        if f.exclude:
            excluded, excluded_args = case_where(f.exclude, all=True)
            parts.append(f"NOT ({excluded})")
            args += excluded_args
    return " AND ".join(f"({p})" for p in parts) or "TRUE", args
