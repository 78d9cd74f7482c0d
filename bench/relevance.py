"""Cost of the relevance enricher per item, next to the encoder it follows (the baseline, same run).

Items are the bundled examples' items (parsed as on ingest) repeated to --items and made distinct by a
suffix, so the encoder never serves a text from a cache. Each repeat times, on fresh items: encoding
(the embed enricher, cold), then relevance on the vectors just computed (cue words, the head, the rules).
Medians over --repeat runs; the ratio says how much relevance adds to embedding.

    .venv/bin/python bench/relevance.py --items 128 --repeat 5 [--out bench/results/relevance.json]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from _report import emit

from civicatlas.encode.passage import model_id
from civicatlas.enrich.embed import EmbedEnricher
from civicatlas.enrich.relevance import RelevanceEnricher
from civicatlas.model import Item
from civicatlas.parse import parse_document
from civicatlas.read import read_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def base_items() -> list[Item]:
    return [it for p in sorted(EXAMPLES.iterdir()) for it in parse_document(read_path(str(p)))]


def make_items(base: list[Item], n: int, run: int) -> list[Item]:
    return [Item(id=f"{run}-{i}", document_id="bench", position=i, title=base[i % len(base)].title,
                 text=f"{base[i % len(base)].text} ({run}.{i})") for i in range(n)]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=128)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    embed = EmbedEnricher()
    relevance = RelevanceEnricher(embed.encoder)
    if relevance.head is None:
        raise SystemExit(f"no relevance head for {model_id(embed.encoder)}")
    base = base_items()
    warm = make_items(base, 8, -1)  # loads the model and compiles the cue patterns outside the timings
    embed(warm)
    relevance(warm)
    encode_s, relevance_s = [], []
    for run in range(args.repeat):
        items = make_items(base, args.items, run)
        encode_s.append(timed(lambda items=items: embed(items)))
        relevance_s.append(timed(lambda items=items: relevance(items)))
    enc, rel = statistics.median(encode_s), statistics.median(relevance_s)
    emit({
        "bench": "relevance",
        "command": f"python bench/relevance.py --items {args.items} --repeat {args.repeat}",
        "encoder": model_id(embed.encoder),
        "items": args.items,
        "repeat": args.repeat,
        "encode_ms_per_item": round(1000 * enc / args.items, 3),
        "relevance_ms_per_item": round(1000 * rel / args.items, 3),
        "relevance_over_encode": round(rel / enc, 4),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }, args.out)


if __name__ == "__main__":
    main()
