"""What only the PostgreSQL store has: the HNSW index behind nearest neighbours, URLs, clear errors."""

from __future__ import annotations

import time

import numpy as np
import pytest

from civicatlas.errors import QueryTimeout, StoreError
from civicatlas.store import open_store


def test_nearest_neighbours_come_from_the_hnsw_index_of_the_lifted_vectors(pg_url: str, monkeypatch) -> None:
    from civicatlas.store import postgres
    from civicatlas.store.base import Prior

    monkeypatch.setattr(postgres, "LIFT_AT", 100)
    store, other = open_store(pg_url), open_store(pg_url)  # `other` as another process: it has never searched
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(3000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    def lifts() -> dict[str, float | None]:
        return {r["key"]: r["lift"] for r in store.db.execute("SELECT key, lift FROM vectors").fetchall()}

    other.put("m@1", {f"k{n}": v for n, v in enumerate(vectors[:2990])})
    assert set(lifts().values()) == {None}  # no prior known yet: in no index, searched exactly
    first = Prior("first", 2.0, lambda v: -v[:, 0])
    store.nearest("m@1", vectors[0], 10, prior=first)  # 2,990 not lifted, LIFT_AT or more: lifted now
    assert np.allclose([lifts()[f"k{n}"] for n in range(2990)], -vectors[:2990, 0] / 2)
    store.put("m@1", {"k2990": vectors[2990]})  # lifted as stored, by the store that knows the prior
    other.put("m@1", {f"k{n}": vectors[n] for n in range(2991, 3000)})  # not lifted: fewer than LIFT_AT
    store.nearest("m@1", vectors[0], 10, prior=first)
    got = lifts()
    assert got["k2990"] == pytest.approx(-vectors[2990, 0] / 2) and {got[f"k{n}"] for n in range(2991, 3000)} == {None}
    store.db.execute("ANALYZE vectors")
    for weight in (1.0, 0.0):  # by the prior's score, and by cosine
        plan = store.db.execute("EXPLAIN " + postgres._nearest_sql(16, lifted=True),
                                ("m@1", np.append(vectors[0], np.float32(weight)), 10)).fetchall()
        assert "vectors_lifted_16" in " ".join(r["QUERY PLAN"] for r in plan)
    second = Prior("second", 2.0, lambda v: -v[:, 1])  # another prior (the codebook changed): all lifted again
    store.prepare_search("m@1", second)
    got = lifts()
    assert np.allclose([got[f"k{n}"] for n in range(3000)], -vectors[:, 1] / 2)
    store.close()
    other.close()


def test_an_ingest_lifts_its_vectors_as_it_stores_them(pg_url: str, tmp_path) -> None:
    from civicatlas import Atlas
    from civicatlas.encode import get_encoder
    from civicatlas.search import hub_prior

    page = tmp_path / "three.txt"
    page.write_text("Kalmar's young people decide how to spend part of the municipal budget.\n"
                    "A citizens' assembly of sixty randomly selected residents met on climate policy.\n"
                    "The city publishes every contract and invoice on an open transparency portal.\n", encoding="utf-8")
    with Atlas(pg_url, enrichers=["language", "embed"]) as atlas:
        assert atlas.ingest([str(page)]).errors == []
        lifts = [r["lift"] for r in atlas.store.db.execute("SELECT lift FROM vectors").fetchall()]
        priors = atlas.store.db.execute("SELECT prior FROM vector_priors").fetchall()
        assert len(lifts) == 3 and None not in lifts
        assert [r["prior"] for r in priors] == [hub_prior(get_encoder()).name]


def test_the_password_never_shows_and_a_bad_server_is_one_clear_error(pg_url: str) -> None:
    one_line = r"^postgresql://me:\*\*\*@127\.0\.0\.1:1/x\?connect_timeout=2: cannot connect \(.*refused[^\n]*\)$"
    with pytest.raises(StoreError, match=one_line):
        open_store("postgresql://me:secret@127.0.0.1:1/x?connect_timeout=2")
    store = open_store(pg_url)
    assert store.stats()["store"] == store.url and "secret" not in store.url
    store.close()


def test_a_statement_past_the_deadline_is_cancelled_by_the_server(pg_url: str) -> None:
    store = open_store(pg_url)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="took longer than 0.2 s"), store.deadline(0.2):
        store.db.execute("SELECT pg_sleep(5)")  # a read that would hold the worker for 5 s
    assert time.monotonic() - started < 3
    store.db.execute("SELECT pg_sleep(0.3)")  # afterwards no deadline is left on the connection
    assert store.count_cases() == 0
    store.close()


def test_the_planner_s_statistics_are_refreshed_as_an_ingest_fills_the_tables(pg_url: str, monkeypatch) -> None:
    from civicatlas.ids import make_id
    from civicatlas.model import Document, Item
    from civicatlas.store import Assignment, postgres

    monkeypatch.setattr(postgres, "ANALYZE_AFTER", 5)
    store = open_store(pg_url)

    def save(uri: str, n: int) -> None:
        doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri, title=uri)
        items = [Item(id=make_id("i", uri, str(k)), document_id=doc.id, position=k, text=f"Item {k} of {uri}: Lund "
                      "opens a citizens' office.", language="en", countries=["SE"]) for k in range(n)]
        store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})

    def analysed() -> dict[str, float]:  # reltuples is -1 until a table is first analysed (or vacuumed)
        return {r["relname"]: r["reltuples"] for r in store.db.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('items', 'case_facets')").fetchall()}

    save("a", 3)
    assert analysed() == {"items": -1, "case_facets": -1}
    save("b", 3)  # 6 items written: statistics now, as autovacuum would have them only at its next round
    facets = store.db.execute("SELECT count(*) AS n FROM case_facets").fetchone()["n"]
    assert analysed() == {"items": 6, "case_facets": facets} and facets >= 12  # a country and a language a case
    save("c", 3)  # then again only after another tenth of the items, at least ANALYZE_AFTER
    assert analysed()["items"] == 6
    store.close()


def test_the_model_most_vectors_are_from_is_counted_as_they_come_and_go(pg_url: str) -> None:
    store = open_store(pg_url)
    unit = np.eye(4, dtype=np.float32)
    assert store.vector_model() is None
    store.put("b@1", {f"k{n}": unit[n] for n in range(2)})
    store.put("a@1", {f"k{n}": unit[n] for n in range(3)})
    assert store.vector_model() == "a@1"
    store.put("b@1", {f"k{n}": unit[3 - n] for n in range(2)})  # the same keys again: replaced, not counted twice
    assert store.vector_model() == "a@1"
    store.db.execute("DELETE FROM vectors WHERE model = 'a@1' AND key <> 'k0'")
    assert store.vector_model() == "b@1"
    # a database from before the counts (schema 3) gets them counted once, when it is opened; and from before the
    # lifts (schema 5), its index by cosine goes
    store.db.execute("DROP TABLE vector_models; DROP FUNCTION civicatlas_count_vectors CASCADE; "
                     "DROP TABLE vector_priors; ALTER TABLE vectors DROP COLUMN lift; "
                     "CREATE INDEX vectors_hnsw_4 ON vectors USING hnsw ((embedding::vector(4)) vector_cosine_ops) "
                     "WHERE dim = 4; UPDATE civicatlas_schema SET version = 3")
    store.close()
    store = open_store(pg_url)
    assert store.schema_version == 5
    assert store.db.execute("SELECT model, n FROM vector_models ORDER BY model").fetchall() == [
        {"model": "a@1", "n": 1}, {"model": "b@1", "n": 2}]
    indexes = {r["indexname"] for r in store.db.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'vectors'")}
    assert "vectors_hnsw_4" not in indexes and "vectors_unlifted" in indexes
    store.close()
