"""Benchmark of the geoparser: gazetteer load time, memory, and short items per second on one core.

    python bench/places.py [--items 2000] [--repeats 5] [--out docs/eval/places-bench.json]

Items are Participedia case descriptions (../shared, dev split) when present, else generated sentences
about places; each is recognised and resolved as its own document. Reports medians over the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from _report import emit

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _items(n: int) -> tuple[str, list[str]]:
    cases = SHARED / "eval" / "participedia" / "cases.jsonl"
    if cases.exists():
        rows = [json.loads(line) for line in cases.open(encoding="utf-8")]
        texts = [r["description"] for r in rows if r.get("split") == "dev" and r.get("description")]
        return "participedia-dev descriptions", (texts * (n // max(len(texts), 1) + 1))[:n]
    rnd = random.Random(0)
    towns = ["Leipzig", "Umeå", "Bristol", "Katowice", "Lund", "Porto Alegre", "Bratislava", "Kalix", "Lyon"]
    frames = ["The City of {} launched a participatory budget with {} residents.",
              "Residents of {} and {} met to discuss the new plan for the region.",
              "A citizens' assembly in {} advised the council on climate policy."]
    out = []
    for _ in range(n):
        f = rnd.choice(frames)
        out.append(f.format(*(rnd.choice(towns) for _ in range(f.count("{}")))))
    return "generated sentences", out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from civicatlas.places import Geoparser
    from civicatlas.places.gazetteer import load

    g = load()
    load_s = time.perf_counter() - t0
    gp = Geoparser(g)
    source, texts = _items(args.items)
    for t in texts[:200]:  # warm the word-frequency caches
        gp.parse(t, "en")
    # CPU time of this process as well as wall time: on a shared machine the CPU rate is the one-core figure.
    rates, cpu_rates, places = [], [], 0
    for _ in range(args.repeats):
        t, c = time.perf_counter(), time.process_time()
        places = sum(len(gp.parse(text, "en")) for text in texts)
        rates.append(len(texts) / (time.perf_counter() - t))
        cpu_rates.append(len(texts) / (time.process_time() - c))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "benchmark": "places",
        "items": len(texts),
        "source": source,
        "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
        "places_found": places,
        "repeats": args.repeats,
        "items_per_s_median": round(statistics.median(rates), 1),
        "items_per_s_all": [round(r, 1) for r in rates],
        "items_per_cpu_s_median": round(statistics.median(cpu_rates), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "gazetteer_load_s": round(load_s, 2),
        "max_rss_mb": round(rss_mb, 1),
        "python": sys.version.split()[0],
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
