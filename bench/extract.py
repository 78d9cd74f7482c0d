"""Throughput of the money, counts, dates and actors enrichers together on short items (one core).

Items are short teaser-like texts written here from templates in eight languages (no gold data is
read). Caches (CLDR tables, lexicons) are warmed first; then the four enrichers run over all items in
batches of 20 (one "document" each), `--repeats` times. Prints JSON with the median items/second.

    .venv/bin/python bench/extract.py [--items 2000] [--repeats 5] [--out bench/results/extract.json]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from pathlib import Path

from _report import emit

from civicatlas.enrich import create
from civicatlas.model import Item

TEMPLATES = {
    "sv": [
        "{org}, {acr}, beviljar över {n} miljoner kronor till {k} svenska kommuner under {y}.",
        "Sex kommuner delar på {n} miljoner för demokratiprojekt. Det är {acr} som fördelar pengarna.",
        "Anna Berg, ordförande i Region Gotland, presenterade {k} projekt den 12 mars {y}.",
    ],
    "en": [
        "The City of Leipzig promotes {k} projects with more than €{n} million from the {org} ({acr}).",
        "A community of {k},000 people, including {k} randomly selected residents, met in {y}.",
        "In {y}, {acr} granted a research project worth about $ {n}.5 million on June 3, {y}.",
    ],
    "de": ["Die Stadt Leipzig fördert {k} Projekte mit über {n} Millionen Euro seit dem 3. März {y}."],
    "fr": ["La Ville de Lyon consacre plus de {n} millions d'euros à {k} projets citoyens en {y}."],
    "es": ["El Ayuntamiento de Madrid destina más de {n} millones de euros a {k} proyectos en {y}."],
    "it": ["Il Comune di Bologna investe {n},5 milioni di euro in {k} progetti nel {y}."],
    "pt": ["A Prefeitura de Recife investiu cerca de {n} milhões de reais em {k} projetos em {y}."],
    "nl": ["De Gemeente Utrecht geeft ruim {n} miljoen euro aan {k} projecten in {y}."],
}
ORGS = [
    ("Internationellt Centrum för Lokal Demokrati", "ICLD"),
    ("Open Society Foundations", "OSF"),
    ("European Committee of the Regions", "ECR"),
]


def make_items(n: int, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    langs = sorted(TEMPLATES)
    items = []
    for i in range(n):
        lang = langs[i % len(langs)]
        org, acr = rng.choice(ORGS)
        text = rng.choice(TEMPLATES[lang]).format(
            org=org, acr=acr, n=rng.randint(2, 90), k=rng.randint(3, 40), y=rng.randint(1995, 2024)
        )
        items.append(Item(id=f"b{i}", document_id=f"doc{i // 20}", position=i % 20, text=text, language=lang))
    return items


def run(items: list[Item], enrichers: list, clock=time.perf_counter) -> float:
    t0 = clock()
    for start in range(0, len(items), 20):
        batch = items[start : start + 20]
        for enricher in enrichers:
            enricher(batch)
    return clock() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    enrichers = [create(name) for name in ("money", "counts", "dates", "actors")]
    t0 = time.perf_counter()
    run(make_items(len(TEMPLATES) * 4), enrichers)  # warm caches for every language
    warmup = time.perf_counter() - t0
    items = make_items(args.items)
    chars = sum(len(it.text) for it in items)
    times = [run(items, enrichers) for _ in range(args.repeats)]
    # CPU time of this process: what one core delivers when other jobs share the machine
    cpu_times = [run(items, enrichers, time.process_time) for _ in range(args.repeats)]
    per_enricher = {}
    for e in enrichers:
        cpu = statistics.median(run(items, [e], time.process_time) for _ in range(args.repeats))
        per_enricher[e.name] = round(args.items / cpu, 1)
    result = {
        "benchmark": "extract",
        "enrichers": [f"{e.name}/{e.version}" for e in enrichers],
        "items": args.items,
        "mean_chars_per_item": round(chars / len(items), 1),
        "repeats": args.repeats,
        "warmup_s": round(warmup, 3),
        "median_s": round(statistics.median(times), 4),
        "items_per_s_median": round(args.items / statistics.median(times), 1),
        "cpu_s_median": round(statistics.median(cpu_times), 4),
        "items_per_cpu_s_median": round(args.items / statistics.median(cpu_times), 1),
        "items_per_cpu_s_by_enricher_median": per_enricher,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    emit(result, args.out)


if __name__ == "__main__":
    main()
