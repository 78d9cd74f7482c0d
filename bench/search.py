"""Search: quality on the judged queries over the bundled examples, and time per query.

Ingests examples/ into a fresh database (or uses --db), then scores each way of searching on
tests/data/search_queries.json (recall@10, nDCG@10, MRR at the case level; civicatlas.evaluate.search),
beside plain cosine similarity as the baseline for meaning. Time per query is the median over every
judged query, warm (encoder loaded), for each way.

    .venv/bin/python bench/search.py [--db atlas.db] [--out bench/results/search.json]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from _report import emit

from civicatlas import Atlas
from civicatlas.encode import get_encoder
from civicatlas.evaluate.search import evaluate, load, means, score, wanted_cases
from civicatlas.search import nearest_items

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "search_queries.json"
K = 10


def cosine_baseline(atlas: Atlas, queries: list[dict]) -> dict:
    """Plain cosine ranking of items, their cases in order of first appearance."""
    encoder, figures = get_encoder(), []
    for q in queries:
        items = [i for i, _ in nearest_items(atlas.store, q["query"], encoder, K * 10, hubs=False)]
        cases = atlas.store.item_cases(items)
        ranked = list(dict.fromkeys(cases[i]["id"] for i in items if i in cases))
        figures.append(score(ranked, wanted_cases(atlas.store, q["relevant"]), K))
    return means(figures, K)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, help="an ingested examples database (default: ingest into a temporary one)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

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
