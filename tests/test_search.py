"""Search by words and by meaning over the bundled examples, against judged queries (tests/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.errors import ConfigError
from civicatlas.evaluate.search import evaluate, load, wanted_cases
from civicatlas.search import SNIPPET_CHARS, _fuse, _texts
from tests.conftest import EXAMPLES, ROOT
from tests.test_cli import run

QUERIES = load(ROOT / "tests" / "data" / "search_queries.json")


@pytest.fixture(scope="module")
def atlas(tmp_path_factory: pytest.TempPathFactory):
    with Atlas(tmp_path_factory.mktemp("search") / "examples.db") as a:
        a.ingest([str(EXAMPLES)])
        yield a


def test_meaning_finds_what_words_miss(atlas: Atlas) -> None:
    words = evaluate(atlas.store, QUERIES, "words")
    both = evaluate(atlas.store, QUERIES, "both")
    assert words["recall@10"] < 0.2  # a concept is rarely written in the user's words, in the user's language
    assert both["recall@10"] >= 0.7 and both["ndcg@10"] >= 0.7 and both["mrr"] >= 0.9


def test_an_english_query_finds_initiatives_in_other_languages(atlas: Atlas) -> None:
    wanted = wanted_cases(atlas.store, QUERIES[0]["relevant"])  # "citizens' assembly"
    found = [r for r in atlas.search("citizens' assembly", 10) if r["id"] in wanted]
    assert len([r for r in found if "en" not in r["languages"]]) >= 2  # e.g. "tirés au sort", "convention citoyenne"
    assert all(r["matched"] == ["meaning"] for r in found)


def test_an_unrelated_query_finds_nothing(atlas: Atlas) -> None:
    assert atlas.search("recipe for apple pie") == []
    assert atlas.search("football world cup") == []


def test_words_only_and_bad_requests(atlas: Atlas) -> None:
    hits = atlas.search("Eberswalde", by="words")
    assert [h["matched"] for h in hits] == [["words"]] and "[Eberswalde]" in hits[0]["snippet"]
    both = atlas.search("Eberswalde")
    assert both[0]["id"] == hits[0]["id"] and both[0]["matched"] == ["words", "meaning"]
    with pytest.raises(ConfigError, match="words, meaning or both"):
        atlas.search("Eberswalde", by="vectors")
    assert atlas.search("   ") == []


def test_a_database_without_vectors_searches_by_words(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    with Atlas(db, enrichers=["language"]) as plain:
        plain.ingest([str(EXAMPLES / "de_preistraeger_2024.txt")])
        assert plain.search("Eberswalde")[0]["matched"] == ["words"]
        with pytest.raises(ConfigError, match="no vectors"):
            plain.search("Eberswalde", by="meaning")
    result = run("search", "Eberswalde", "--db", str(db))
    assert result.returncode == 0 and "warning: searching by words only" in result.stderr
    assert "Eberswalde" in result.stdout
    result = run("search", "Eberswalde", "--db", str(db), "--by", "meaning")
    assert result.returncode == 2 and "error: cannot search by meaning" in result.stderr


def test_fusing_for_a_few_cases_gives_the_first_cases_of_fusing_for_all(atlas: Atlas) -> None:
    # the cases of the fused items are looked up a few at a time, only as far as the cases asked for need
    store = atlas.store
    members = store.case_members([case["id"] for case in atlas.cases(all=True)])
    shared = [items for items in members.values() if len(items) > 1]
    single = [items[0] for items in members.values() if len(items) == 1]
    assert len(shared) >= 2
    # the cases of several items matched by words through one of them and by meaning through another, further down
    words = single[::2] + [items[0] for items in shared]
    meaning = [(item, 0.8) for item in single[1::2] + [items[1] for items in shared]]
    every = _fuse(store, "participatory budget", words, meaning, all=True)
    assert len(every) == len(members)
    assert all(case["matched"] == ["words", "meaning"] for case in every if len(members[case["id"]]) > 1)
    for limit in (1, 2, 5, len(every) - 1, len(every)):
        assert _fuse(store, "participatory budget", words, meaning, all=True, limit=limit) == every[:limit]


def test_the_snippet_of_a_meaning_hit_is_the_start_of_its_text_or_its_title(tmp_path: Path) -> None:
    # read from the start of the text alone, the whole record only where the start cannot tell
    from civicatlas.ids import make_id
    from civicatlas.model import Document, Item
    from civicatlas.store import Assignment, open_store

    store = open_store(str(tmp_path / "t.db"))
    doc = Document(id=make_id("d", "t"), uri="t", content="", content_type="text", sha256="t")
    texts = {"long": "Ein Bürgerhaushalt für Görlitz. " * 30, "spaces": " " * 600 + "A text that starts late.",
             "late": " " * 400 + "After four hundred spaces, a text long enough for a snippet. " * 3,
             "empty": "", "short": "A  short\n text", "exact": "x" * SNIPPET_CHARS, "over": "y" * (SNIPPET_CHARS + 1)}
    items = [Item(id=make_id("i", key), document_id=doc.id, position=n, title=f"The title of {key}", text=text)
             for n, (key, text) in enumerate(texts.items())]
    store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
    ids = {key: make_id("i", key) for key in texts}
    got = {key: text for key, text in zip(ids, map(_texts(store, list(ids.values())).get, ids.values()), strict=True)}
    assert got["long"] == ("Ein Bürgerhaushalt für Görlitz. " * 4)[: SNIPPET_CHARS - 1].rstrip() + "…"
    assert got["spaces"] == "A text that starts late."
    late = "After four hundred spaces, a text long enough for a snippet. " * 2
    assert got["late"] == late[: SNIPPET_CHARS - 1].rstrip() + "…"
    assert got["empty"] == "The title of empty"
    assert got["short"] == "A short text"
    assert got["exact"] == "x" * SNIPPET_CHARS and got["over"] == "y" * (SNIPPET_CHARS - 1) + "…"
    store.close()


def test_searches_run_blas_on_one_thread_and_the_last_one_out_restores_it() -> None:
    from threadpoolctl import threadpool_info

    from civicatlas.search import _one_blas_thread

    def threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    before = threads()
    if not before:
        pytest.skip("numpy has no BLAS that threadpoolctl knows")
    _one_blas_thread.__enter__()  # search A
    _one_blas_thread.__enter__()  # search B, on another thread, meanwhile
    assert threads() == {1}
    _one_blas_thread.__exit__(None, None, None)  # A ends first: B keeps its one thread
    assert threads() == {1}
    _one_blas_thread.__exit__(None, None, None)
    assert threads() == before
