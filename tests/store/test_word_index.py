"""The word index beside a large SQLite database (store/word_index.py): the items FTS5 finds, kept in step with
every change, and FTS5 answering whenever the index cannot."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.ids import make_id
from civicatlas.model import Document, Item
from civicatlas.store import Assignment, word_index
from civicatlas.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_index, "RANKED_ABOVE", 1)  # the index ranks from the first item on


def _by_fts5(store: SQLiteStore, query: str, limit: int) -> list[str]:
    return [h["item"] for h in store.fts5_hits(query, limit, snippets=False)]


def _by_index(store: SQLiteStore, query: str, limit: int) -> list[str]:
    hits = [h["item"] for h in store.search_items(query, limit, snippets=False)]
    assert store._word_index is not None and store._word_index.searcher is not None
    return hits


def _save(store: SQLiteStore, uri: str, texts: list[str]) -> list[Item]:
    doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=str(texts), title=uri)
    items = [Item(id=make_id("i", uri, str(n)), document_id=doc.id, position=n, text=text, language="en")
             for n, text in enumerate(texts)]
    store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
    return items


def test_the_index_finds_the_items_fts5_finds_and_ranks_them_alike(tmp_path: Path, indexed: None) -> None:
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(ROOT / "examples")])
    store = SQLiteStore(tmp_path / "a.db")
    records = list(store.iter_records())
    seen = [{w.lower() for w in re.findall(r"\w+", f"{r.get('title') or ''} {r['text']}")} for r in records]
    words = sorted(set().union(*seen))
    common = [w for w in words if sum(w in s for s in seen) >= 5]  # ranking a few items among many
    rng = random.Random(5)
    judged = [q["query"] for q in json.loads((ROOT / "tests" / "data" / "search_queries.json").read_text())["queries"]]
    pairs = [f"{a} {b}" for some in (words, common) for a, b in zip(*(rng.sample(some, 40) for _ in "ab"), strict=True)]
    queries = judged + rng.sample(words, 150) + common + pairs
    queries += [" ".join(rng.sample(re.findall(r"\S+", r["text"]), 2)) for r in rng.sample(records, 30)]  # as written
    queries += ["UMEÅ", "umea", "anti-corruption", "citizens'", '"Bürgerrat"', "—", ""]
    top = []
    for query in queries:
        fts5, index = _by_fts5(store, query, 1000), _by_index(store, query, 1000)
        assert sorted(index) == sorted(fts5), query
        if len(fts5) > 3:
            top.append(len(set(index[:3]) & set(fts5[:3])) / 3)
    assert len(top) > 50 and sum(top) / len(top) > 0.9  # same BM25, but tantivy's idf and rounded lengths
    store.close()


def test_the_index_follows_new_changed_and_removed_items_and_a_reopened_store(tmp_path: Path, indexed: None) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    first = _save(store, "page1", ["Lund opens a citizens' office", "Umeå youth council meets", "Växjö budget"])
    assert _by_index(store, "youth council", 10) == [first[1].id]
    _save(store, "page1", ["Lund opens a citizens' office", "Umeå youth parliament meets"])  # one changed, one gone
    assert _by_index(store, "youth council", 10) == []
    assert _by_index(store, "youth parliament", 10) == [first[1].id]
    assert _by_index(store, "budget", 10) == []
    second = _save(store, "page2", ["A youth parliament in Lund", "Nothing here"])
    assert _by_index(store, "parliament", 10) == _by_fts5(store, "parliament", 10)
    assert set(_by_index(store, "parliament", 10)) == {first[1].id, second[0].id}
    store.close()
    store = SQLiteStore(tmp_path / "a.db")  # the index read back from its folder, and caught up
    _save(store, "page3", ["Malmö budget for the youth parliament"])
    assert len(_by_index(store, "youth parliament", 10)) == 3
    assert store._word_index.state["covered"] == store.db.execute("SELECT max(rowid) FROM items").fetchone()[0]
    store.close()


def test_another_database_at_the_same_path_gets_an_index_of_its_own(tmp_path: Path, indexed: None) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    _save(store, "page1", [f"Participatory budget number {n}" for n in range(10)])
    assert len(_by_index(store, "budget", 20)) == 10
    store.close()
    for path in tmp_path.glob("a.db*"):
        if path.is_file():
            path.unlink()
    store = SQLiteStore(tmp_path / "a.db")  # the old folder stays beside the new file
    items = _save(store, "other", ["A citizens' budget in Lund", "A youth council in Umeå"])
    assert _by_index(store, "budget", 20) == [items[0].id]
    store.close()


def test_fts5_answers_while_another_writer_holds_the_index(tmp_path: Path, indexed: None) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    _save(store, "page1", ["Lund opens a citizens' office"])
    assert len(_by_index(store, "Lund", 10)) == 1
    later = _save(store, "page2", ["Lund starts a youth council"])
    writer = store._word_index.index.writer(heap_size=15_000_000, num_threads=1)  # as another process's would
    try:
        hits = store.search_items("Lund", 10, snippets=False)  # the index is behind and cannot catch up: FTS5's
        assert later[0].id in [h["item"] for h in hits] and store._word_index.state["covered"] == 1
    finally:
        writer.wait_merging_threads()
    assert len(_by_index(store, "Lund", 10)) == 2 and store._word_index.state["covered"] == 2
    store.close()


def test_fts5_answers_where_no_index_can_be_kept_and_a_broken_one_is_made_again(tmp_path: Path, indexed: None
                                                                                ) -> None:
    store = SQLiteStore(tmp_path / "a.db")
    items = _save(store, "page1", ["Lund opens a citizens' office", "Umeå youth council"])
    folder = Path(f"{tmp_path / 'a.db'}-words-v{word_index.VERSION}")
    folder.write_text("a file where the folder would be")
    assert [h["item"] for h in store.search_items("council", 10, snippets=False)] == [items[1].id]
    assert store._word_index.broken
    store.close()
    folder.unlink()
    folder.mkdir()
    (folder / "meta.json").write_text("{not json")
    store = SQLiteStore(tmp_path / "a.db")
    assert _by_index(store, "council", 10) == [items[1].id]
    store.close()


_WORKER = """
import random, sys
from civicatlas.ids import make_id
from civicatlas.model import Document, Item
from civicatlas.store import Assignment, word_index
from civicatlas.store.sqlite import SQLiteStore
word_index.RANKED_ABOVE = 1
db, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
store, rng = SQLiteStore(db), random.Random(name)
words = ["budget", "youth", "council", "assembly", "lund", "umea", "panel", "citizens"]
for k in range(rounds):
    if name.startswith("writer"):  # new, changed and removed items: each page again with other texts
        uri = f"{name}/{k % 7}"
        doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=str(k), title=uri)
        items = [Item(id=make_id("i", uri, str(j)), document_id=doc.id, position=j, language="en",
                      text=" ".join(rng.sample(words, 3))) for j in range(rng.randint(1, 4))]
        store.save(doc, "test", items, {i.id: Assignment(make_id("c", i.id), "new") for i in items})
    store.search_items(" ".join(rng.sample(words, 2)), 20)
store.close()
"""


def test_processes_writing_and_searching_at_once_leave_an_index_that_agrees_with_fts5(tmp_path: Path,
                                                                                        indexed: None) -> None:
    import subprocess
    import sys

    db = str(tmp_path / "a.db")
    SQLiteStore(db).close()
    workers = [subprocess.Popen([sys.executable, "-c", _WORKER, db, name, "60"], stderr=subprocess.PIPE, text=True)
               for name in ("writer1", "writer2", "reader")]
    for worker in workers:
        assert worker.wait(timeout=300) == 0, worker.stderr.read()[-2000:]
    store = SQLiteStore(db)
    for query in ("budget youth", "council", "lund panel", "citizens assembly", "umea"):
        assert sorted(_by_index(store, query, 1000)) == sorted(_by_fts5(store, query, 1000)), query
    assert store._word_index.state["covered"] == store.db.execute("SELECT max(rowid) FROM items").fetchone()[0]
    store.close()
