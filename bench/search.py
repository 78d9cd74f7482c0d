"""Search: quality on the judged queries over the bundled examples, and time per query; with --cases, search at
scale.

Ingests examples/ into a fresh database (or uses --db), then scores each way of searching on
tests/data/search_queries.json (recall@10, nDCG@10, MRR at the case level; civicatlas.evaluate.search),
beside plain cosine similarity as the baseline for meaning. Time per query is the median over every
judged query, warm (encoder loaded), for each way.

    .venv/bin/python bench/search.py [--db atlas.db] [--out bench/results/search.json]

At scale (--cases N, in a file at --db, generated unless it is there: bench/export.py's recombined examples,
one item per case, each with a vector made from a real one, its source item's plus half another's plus noise,
so no million encodings are needed): the time to build the nearest-neighbour index and its size on disk, the
time to open it again, p50/p95/p99 per kind of query over the judged queries (--repeats rounds, the kinds
interleaved so that the machine's load falls on all alike), each as a ratio to the plain FTS5 query
(ranked, with snippets; on PostgreSQL store.search_items) on the same file in the same run, the time to build the
word index that ranks word hits on SQLite at scale (store/word_index.py) and its size, recall@10 of nearest()
against exact search (and recall of the 800 search takes for CSLS), recall@10 and @200 of search's CSLS ranking
against exact CSLS over every vector, and the peak memory of a process that only searches. With
--postgres URL the same collection is copied into that (empty) PostgreSQL database and measured there too.

    .venv/bin/python bench/search.py --cases 100000 --db /tmp/s100k.db [--postgres URL | --latency-only]
        [--out bench/results/search-scale.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _report import emit, percentiles

from civicatlas import Atlas
from civicatlas.encode import get_encoder
from civicatlas.encode.passage import model_id, record_passage, text_key
from civicatlas.evaluate.search import evaluate, load, means, score, wanted_cases
from civicatlas.filters import CaseFilter
from civicatlas.search import MIN_SCORE, hub_prior, hub_references, hubness, nearest_items, search
from civicatlas.store import open_store, word_index
from civicatlas.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "search_queries.json"
K = 10
KINDS = ("fts", "words", "meaning", "hybrid", "faceted")
LIMIT = 20  # results asked for, as the explorer does; faceted asks for 100 like the API, then filters them


def cosine_baseline(atlas: Atlas, queries: list[dict]) -> dict:
    """Plain cosine ranking of items, their cases in order of first appearance."""
    encoder, figures = get_encoder(), []
    for q in queries:
        items = [i for i, _ in nearest_items(atlas.store, q["query"], encoder, K * 10, hubs=False)]
        cases = atlas.store.item_cases(items)
        ranked = list(dict.fromkeys(cases[i]["id"] for i in items if i in cases))
        figures.append(score(ranked, wanted_cases(atlas.store, q["relevant"]), K))
    return means(figures, K)


def with_vectors(db: Path, cases: int) -> float:
    """Generate the collection (bench/export.py) unless it is there, and give every item a vector; seconds taken."""
    from export import generate

    t0 = time.perf_counter()
    if not db.exists():
        generate(db, cases)
    store = open_store(db)
    if store.vector_model() is None:
        with tempfile.TemporaryDirectory() as tmp, Atlas(Path(tmp) / "examples.db") as examples:
            examples.ingest([str(ROOT / "examples")])
            model = examples.store.vector_model()
            records = list(examples.store.iter_records())
            found = examples.store.get(model, [text_key(record_passage(r)) for r in records])
            real = {r["text"]: found[text_key(record_passage(r))] for r in records}
        sources = np.vstack(list(real.values()))
        rng = np.random.default_rng(0)
        batch: dict[str, np.ndarray] = {}
        for record in store.iter_records():
            noise = rng.normal(size=sources.shape[1]).astype(np.float32)
            other = sources[rng.integers(len(sources))]
            vector = real[record["text"]] + 0.5 * other + 0.3 * noise / np.linalg.norm(noise)
            batch[text_key(record_passage(record))] = vector / np.linalg.norm(vector)
            if len(batch) == 10_000:
                store.put(model, batch)
                batch = {}
        store.put(model, batch)
    store.close()
    return time.perf_counter() - t0


def copy_to(url: str, db: Path) -> float:
    """The SQLite collection (items, their cases and vectors) into an empty PostgreSQL database, through the
    store contract, 1000 items a document; seconds taken."""
    from civicatlas.ids import make_id
    from civicatlas.model import Document, Item
    from civicatlas.store import Assignment

    t0 = time.perf_counter()
    source, target = open_store(db), open_store(url)
    model = source.vector_model()
    records = list(source.iter_records())
    for first in range(0, len(records), 1000):
        uri = f"bench:copy/{first}"
        doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri, title=uri)
        batch = records[first:first + 1000]
        items = [Item.from_record({**r, "document": doc.id}, position=n) for n, r in enumerate(batch)]
        target.put(model, source.get(model, [text_key(record_passage(r)) for r in batch]))
        target.save(doc, "generated", items, {r["id"]: Assignment(r["case"], "new") for r in batch})
    # as autovacuum leaves the tables a minute later (GIN pending lists merged, pages marked visible), so that it
    # does not do so in the middle of the measurements: searches right after a bulk copy took twice as long
    target.db.execute("VACUUM (ANALYZE)")
    source.close()
    target.close()
    return time.perf_counter() - t0


def plain_full_text(store, query: str, limit: int) -> list:
    """The baseline: the store's own full-text query, ranked, with snippets (on SQLite FTS5's at every size)."""
    return store.fts5_hits(query, limit) if isinstance(store, SQLiteStore) else store.search_items(query, limit)


def latencies(store, encoder, queries: list[str], repeats: int) -> dict:
    """p50/p95/p99 per kind of query, warm, each kind's ratio to the plain FTS5 query's."""
    country = next(iter(store.facets(None, ["country"], limit=1)["country"]), {}).get("value")
    chosen = CaseFilter.of(country=[country]) if country else CaseFilter.of(language=["en"])
    run = {
        "fts": lambda q: plain_full_text(store, q, LIMIT * 10),
        "words": lambda q: search(store, q, LIMIT, "words"),
        "meaning": lambda q: search(store, q, LIMIT, "meaning", encoder),
        "hybrid": lambda q: search(store, q, LIMIT, "both", encoder),
        "faceted": lambda q: store.matching(chosen, [h["id"] for h in search(store, q, 100, "both", encoder)]),
    }
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for q in queries:  # warm: the encoder, CSLS references, the index file's pages
        for kind in KINDS:
            run[kind](q)
    for _ in range(repeats):
        for q in queries:
            for kind in KINDS:
                t0 = time.perf_counter()
                run[kind](q)
                seconds[kind].append(time.perf_counter() - t0)
    out = {kind: percentiles(s) for kind, s in seconds.items()}
    for kind in KINDS[1:]:
        out[kind] |= {f"p{q}_vs_fts": round(out[kind][f"p{q}_ms"] / max(out["fts"][f"p{q}_ms"], 1e-3), 2)
                      for q in (50, 95)}
    t0 = time.perf_counter()
    store.facets(chosen, ["country", "language"])
    out["facet_counts_ms"] = round(1000 * (time.perf_counter() - t0), 1)  # the filtered collection's counts, once
    out["facet_filter"] = chosen.given()
    out["samples_per_kind"] = len(queries) * repeats
    return out


def recall(store, encoder, queries: list[str], probes: int = 100) -> dict:
    """nearest() against exact search over every item's vector: the judged queries and `probes` vectors near
    random items (each moved by a fifth of its length), recall of the 10 asked for and of the 800 search asks for."""
    model = model_id(encoder)
    ids, keys = [], []
    for record in store.iter_records():
        ids.append(record["id"])
        keys.append(text_key(record_passage(record)))
    found: dict[str, np.ndarray] = {}
    for n in range(0, len(keys), 20_000):
        found |= store.get(model, keys[n:n + 20_000])
    matrix = np.vstack([found[k] for k in keys])
    del found
    rng = np.random.default_rng(1)
    noise = rng.normal(size=(probes, matrix.shape[1]))
    picked = matrix[rng.choice(len(matrix), probes, replace=False)]
    probe = picked + 0.2 * noise / np.linalg.norm(noise, axis=1)[:, None]
    vectors = np.vstack([encoder.encode(queries, kind="query"), probe]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    out, exact_s = {}, []
    for k in (10, LIMIT * 10 * 4):
        hits = []
        for v in vectors:
            t0 = time.perf_counter()
            best = np.argpartition(-(matrix @ v), k)[:k]
            exact_s.append(time.perf_counter() - t0)
            got = {i for i, _ in store.nearest(model, v, k)}
            hits.append(len(got & {ids[n] for n in best}) / k)
        out[f"recall@{k}"] = round(float(np.mean(hits)), 4)
        out[f"min_recall@{k}"] = round(float(np.min(hits)), 4)
    out["exact_numpy_ms_p50"] = round(1000 * statistics.median(exact_s), 2)  # all vectors in memory: a floor
    # what search ranks by: CSLS over every vector against the items nearest_items() finds (the judged queries)
    hubs = hubness(matrix, hub_references(encoder))
    hits = []
    for v in vectors[:len(queries)]:
        csls = 2 * (matrix @ v) - hubs
        exact = [ids[n] for n in np.argsort(-csls)[:LIMIT * 10] if csls[n] >= MIN_SCORE]
        got = [i for i, _ in nearest_items(store, v, encoder, LIMIT * 10)]
        hits.append([len(set(got[:k]) & set(exact[:k])) / len(exact[:k]) for k in (10, LIMIT * 10)] if exact else [])
    for n, k in enumerate((10, LIMIT * 10)):
        out[f"csls_recall@{k}"] = round(float(np.mean([h[n] for h in hits if h])), 4)
    out["queries"] = len(vectors)
    return out


MEMORY = """
import json, sys, time
from civicatlas.encode import get_encoder
from civicatlas.search import search
from civicatlas.store import open_store
store, encoder = open_store(sys.argv[1]), get_encoder()
for q in json.loads(sys.argv[2]):
    for by in ("words", "meaning", "both"):
        search(store, q, 20, by, encoder)
kb = {line.split(":")[0]: line.split()[1] for line in open("/proc/self/status") if line.split()[-1:] == ["kB"]}
print(kb["VmHWM"], kb["RssAnon"], kb["RssFile"])
"""


def measure(url: str, encoder, queries: list[str], repeats: int) -> dict:
    """Everything for one store: the index built (SQLite: its file made from scratch) and opened again,
    latencies, recall, the memory of a process that searches."""
    result: dict = {}
    store = open_store(url)
    sidecars = list(Path(f"{url}").parent.glob(f"{Path(url).name}-ann-*")) if "://" not in url else []
    for old in sidecars:
        old.unlink()
    if "://" not in url:  # the word index too (store/word_index.py)
        words = Path(f"{url}-words-v{word_index.VERSION}")
        shutil.rmtree(words, ignore_errors=True)
        t0 = time.perf_counter()
        store.prepare_search(None, None)
        if words.is_dir():  # none below word_index.RANKED_ABOVE items
            result["word_index_build_seconds"] = round(time.perf_counter() - t0, 2)
            result["word_index_mb"] = round(sum(f.stat().st_size for f in words.rglob("*") if f.is_file()) / 1e6, 1)
    model = model_id(encoder)
    t0 = time.perf_counter()  # the index as search uses it (SQLite: the graph keeps each vector's hubness)
    store.nearest(model, encoder.encode(["warm"], kind="query")[0], 10, prior=hub_prior(encoder))
    result["index_build_seconds"] = round(time.perf_counter() - t0, 2)
    store.close()
    if "://" not in url:
        files = list(Path(url).parent.glob(f"{Path(url).name}-ann-*"))
        result["index_mb"] = round(sum(f.stat().st_size for f in files) / 1e6, 1)
        result["db_mb"] = round(Path(url).stat().st_size / 1e6, 1)
    store = open_store(url)
    t0 = time.perf_counter()
    store.nearest(model, encoder.encode(["warm"], kind="query")[0], 10, prior=hub_prior(encoder))
    result["index_open_seconds"] = round(time.perf_counter() - t0, 3)
    result["latency"] = latencies(store, encoder, queries, repeats)
    result["ann_vs_exact"] = recall(store, encoder, queries)
    store.close()
    done = subprocess.run([sys.executable, "-c", MEMORY, url, json.dumps(queries)], capture_output=True, text=True,
                          check=True)
    peak, anon, mapped = (round(int(kb) / 1024, 1) for kb in done.stdout.split()[-3:])
    # resident file pages (the memory-mapped database, the graph's file) are page cache the kernel can take back
    result |= {"search_process_peak_rss_mb": peak, "search_process_anon_mb": anon, "search_process_file_mb": mapped}
    return result


def scale(args: argparse.Namespace) -> dict:
    db = args.db or Path(tempfile.mkdtemp()) / f"search-{args.cases}.db"
    result: dict = {"benchmark": "search-scale", "cases_asked": args.cases}
    result["generate_seconds"] = round(with_vectors(db, args.cases), 1)
    store = open_store(db)
    result |= {"cases": store.stats()["cases"], "repeats": args.repeats}
    store.close()
    queries = [q["query"] for q in load(QUERIES)]
    encoder = get_encoder()
    if args.latency_only:  # the index as it is on disk, no recall or memory runs
        result["sqlite"] = {"latency": latencies(open_store(db), encoder, queries, args.repeats)}
        return result
    result["sqlite"] = measure(str(db), encoder, queries, args.repeats)
    if args.postgres:
        target = open_store(args.postgres)
        copied = target.stats()["cases"] == result["cases"]  # copied by an earlier run
        target.close()
        result["postgres_copy_seconds"] = None if copied else round(copy_to(args.postgres, db), 1)
        result["postgres"] = measure(args.postgres, encoder, queries, args.repeats)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, help="an ingested examples database (default: ingest into a temporary one); "
                    "with --cases, the generated collection (made there unless it exists)")
    ap.add_argument("--cases", type=int, help="search at scale over this many generated cases")
    ap.add_argument("--repeats", type=int, default=5, help="rounds of the judged queries, at scale")
    ap.add_argument("--postgres", help="at scale: also copy the collection into this empty PostgreSQL database")
    ap.add_argument("--latency-only", action="store_true", help="at scale: the latencies alone, on SQLite, with the "
                    "nearest-neighbour index as it is (not built again), no recall or memory runs")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.cases:
        result = scale(args)
        result |= {"cpu_count": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)}
        emit(result, args.out)
        return

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "examples.db"
        atlas = Atlas(db)
        if not args.db:
            atlas.ingest([str(ROOT / "examples")])
        queries = load(QUERIES)
        result: dict = {"benchmark": "search", "queries": len(queries), "items": atlas.stats()["items"]}
        result["cosine_baseline"] = cosine_baseline(atlas, queries)
        for by in ("words", "meaning", "both"):
            quality = evaluate(atlas.store, queries, by, K)
            seconds = []
            for q in queries:
                t0 = time.perf_counter()
                atlas.search(q["query"], K, by)
                seconds.append(time.perf_counter() - t0)
            result[by] = {**quality, "median_ms_per_query": round(1000 * statistics.median(seconds), 1)}
        atlas.close()
    result |= {"cpu_count": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)}
    emit(result, args.out)


if __name__ == "__main__":
    main()
