"""Ingest throughput and peak memory on a generated corpus of HTML pages.

    python bench/ingest.py [--pages 2000] [--repeats 3] [--out bench/results/ingest.json]

Each measurement runs in a fresh subprocess (so peak RSS is its own) into a fresh database:
- parse:    read + parse + segment only (the baseline the others are compared with)
- language: full ingest (store, FTS, exact duplicates) with the language enricher only
- default:  full ingest with the default enricher pipeline
Reports the median pages/s and items/s over the repeats, peak RSS, and ratios to the parse baseline.
The machine is shared and noisy: compare ratios, not absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import emit

CITIES = ["Umeå", "Växjö", "Leipzig", "Görlitz", "Lyon", "Besançon", "Lublin", "Kaunas", "Bologna", "Tartu",
          "Bristol", "Katowice", "Klaipėda", "Falun", "Graz", "Brno"]
TOPICS = {
    "sv": ("Medborgarråd om {t} i {c}", "{c} kommun lottar {n} invånare till ett råd om {t}. Rådet ska lämna förslag "
                                          "till kommunfullmäktige före sommaren och får {m} miljoner kronor.",
           ["klimatet", "skolan", "trafiken", "äldreomsorgen"]),
    "en": ("{c} launches a citizens' assembly on {t}",
           "The city of {c} invites {n} randomly selected residents to recommend how to improve {t}, with a budget "
           "of EUR {m} million.",
           ["climate", "housing", "public transport", "youth services"]),
    "de": ("Bürgerrat zu {t} in {c}", "Die Stadt {c} lost {n} Einwohnerinnen und Einwohner aus, die Empfehlungen zu "
                                      "{t} erarbeiten. Dafür stehen {m} Mio. Euro bereit.",
           ["Klimaschutz", "Wohnen", "Verkehr", "Jugendarbeit"]),
    "fr": ("Une convention citoyenne sur {t} à {c}", "La ville de {c} tire au sort {n} habitants pour proposer des "
                                                      "mesures sur {t}, avec un budget de {m} millions d'euros.",
           ["le climat", "le logement", "les transports", "la jeunesse"]),
}
MENU = "".join(f"<li><a href='/{i}'>Menu {i}</a></li>" for i in range(8))
CHROME = (f'<a href="#main">Skip to content</a><nav><ul>{MENU}</ul></nav>'
          '<div class="cookie-banner">We use cookies.</div>')


def _teaser(rng: random.Random, lang: str) -> tuple[str, str]:
    title, body, topics = TOPICS[lang]
    fields = {"c": rng.choice(CITIES), "t": rng.choice(topics), "n": rng.randint(20, 200), "m": rng.randint(1, 9)}
    return title.format(**fields), body.format(**fields)


def make_corpus(folder: Path, pages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for n in range(pages):
        lang = rng.choice(list(TOPICS))
        if n % 3 == 0:  # a listing of teasers with captions and credits
            entries = "".join(
                f"<li><article><figure><img src='{k}.jpg'><figcaption>Bild {k}. Foto: Fotograf {k}</figcaption>"
                f"</figure>"
                f"<h2>{t}</h2><p>{b}</p></article></li>"
                for k, (t, b) in enumerate(_teaser(rng, lang) for _ in range(rng.randint(3, 8))))
            main = f"<main id='main'><h1>News {n}</h1><ul class='news'>{entries}</ul></main>"
        else:  # an article
            title, body = _teaser(rng, lang)
            paras = "".join(f"<p>{_teaser(rng, lang)[1]}</p>" for _ in range(rng.randint(2, 6)))
            main = (f"<main id='main'><article><h1>{title}</h1><p>{body}</p><figure><img src='a.jpg'><figcaption>"
                    f"Foto {n}. Photo: Someone</figcaption></figure>{paras}</article></main>")
        page = (f"<!doctype html><html lang='{lang}'><head><title>Page {n}</title></head><body>{CHROME}{main}"
                f"<footer><p>Contact · Privacy · Accessibility</p></footer></body></html>")
        (folder / f"page{n:05}.html").write_text(page, encoding="utf-8")


def worker(mode: str, corpus: Path, db: Path) -> dict:
    from civicatlas import Atlas
    from civicatlas.parse import parse_document
    from civicatlas.read import iter_inputs, read_path

    paths = [p for p in iter_inputs([str(corpus)]) if isinstance(p, str)]
    start = time.perf_counter()
    if mode == "parse":
        items = sum(len(parse_document(read_path(p))) for p in paths)
    else:
        atlas = Atlas(db, enrichers=["language"] if mode == "language" else None)
        _ = atlas.pipeline  # build the pipeline (load models) before the clock
        start = time.perf_counter()
        report = atlas.ingest([str(corpus)])
        assert not report.errors, report.errors[:3]
        items = report.items
    seconds = time.perf_counter() - start
    return {"pages": len(paths), "items": items, "seconds": seconds,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--modes", default="parse,language,default")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--worker", nargs=3, metavar=("MODE", "CORPUS", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        mode, corpus, db = args.worker
        print(json.dumps(worker(mode, Path(corpus), Path(db))))
        return
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, args.pages)
        for mode in args.modes.split(","):
            runs = []
            for r in range(args.repeats):
                out = subprocess.run([sys.executable, __file__, "--worker", mode, str(corpus), f"{tmp}/{mode}{r}.db"],
                                     capture_output=True, text=True, check=True)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            secs = statistics.median(x["seconds"] for x in runs)
            results[mode] = {"pages": runs[0]["pages"], "items": runs[0]["items"], "median_seconds": round(secs, 3),
                             "pages_per_s": round(runs[0]["pages"] / secs, 1),
                             "items_per_s": round(runs[0]["items"] / secs, 1),
                             "peak_rss_mb": round(max(x["peak_rss_mb"] for x in runs), 1),
                             "runs_seconds": [round(x["seconds"], 3) for x in runs]}
    if "parse" in results:
        base = results["parse"]["median_seconds"]
        for r in results.values():
            r["time_vs_parse"] = round(r["median_seconds"] / base, 2)
    report = {"benchmark": "ingest", "pages": args.pages, "repeats": args.repeats, "python": sys.version.split()[0],
              "results": results}
    emit(report, args.out)


if __name__ == "__main__":
    main()
