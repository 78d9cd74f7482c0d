"""Export throughput and peak memory: every format over a generated database of many cases.

    python bench/export.py [--cases 100000] [--repeats 1] [--db cases.db] [--out bench/results/export.json]

The database is made by recombining the real items of the bundled examples (ingested once, with every
enricher): each generated case is one stored item, a copy of an example item with a numbered title, with all
its mentions and themes. Each measurement runs in a fresh subprocess, so its peak RSS is its own:
- read:  iterate every case from the store (decoded, with items, sources and merged mentions) and write
         nothing: the floor every format stands on, and the baseline of the ratios;
- each format (jsonl, csv, csv --tables, geojson, parquet, jsonld, participedia) written to a file.
Reports the median wall and CPU seconds over the repeats (CPU time says more on a loaded machine), cases/s,
peak RSS (the process's high-water mark, Python and libraries included) and the ratio to the read baseline.
The machine is shared and noisy: compare ratios, not absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import emit

from civicatlas import Atlas
from civicatlas.ids import make_id
from civicatlas.model import Document, Item
from civicatlas.store import Assignment

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ["jsonl", "csv", "csv-tables", "geojson", "parquet", "jsonld", "participedia"]
PER_DOCUMENT = 500  # generated items per stored document: one transaction each

RUN = """
import resource, sys, time
from civicatlas import Atlas
db, fmt, out = sys.argv[1:4]
t0 = time.perf_counter()
with Atlas(db) as atlas:
    if fmt == "read":
        n = sum(1 for _ in atlas.store.iter_cases())
    else:
        n = atlas.export(out, fmt.removesuffix("-tables"), tables=fmt.endswith("-tables"))
usage = resource.getrusage(resource.RUSAGE_SELF)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(n, time.perf_counter() - t0, usage.ru_utime + usage.ru_stime, peak_kb)
"""


def generate(db: Path, cases: int) -> float:
    """A database of `cases` one-item cases recombined from the examples' items; returns seconds taken. The
    documents already in `db` are passed over, so a smaller collection grows into a larger one."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        with Atlas(Path(tmp) / "examples.db") as examples:
            examples.ingest([str(ROOT / "examples")])
            records = list(examples.store.iter_records())
    with Atlas(db) as atlas:
        atlas.store.db.execute("PRAGMA synchronous=OFF")  # generated data: a crash just means generating again
        # the indexes' pages that each save touches stay in memory (2 MB by default; saves slowed as the file grew)
        atlas.store.db.execute("PRAGMA cache_size=-262144")
        for first in range(0, cases, PER_DOCUMENT):
            uri = f"bench:generated/{first}"
            doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri,
                           title=f"Generated {first}")
            if atlas.store.document_state(doc.id) is not None:
                continue
            items, moves = [], {}
            for n in range(first, min(cases, first + PER_DOCUMENT)):
                record = {**records[n % len(records)], "document": doc.id}
                record["id"] = make_id("i", uri, str(n))
                record["title"] = f"{record.get('title') or record['text'][:60]} ({n})"
                item = Item.from_record(record, position=n - first)
                items.append(item)
                moves[item.id] = Assignment(make_id("c", str(n)), "new")
            atlas.store.save(doc, "generated", items, moves)
    return time.perf_counter() - t0


def measure(db: Path, fmt: str, out: Path) -> dict:
    # peak RSS is read by the child itself (VmHWM): a forked child's ru_maxrss starts at its parent's
    done = subprocess.run([sys.executable, "-c", RUN, str(db), fmt, str(out)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{fmt}: exit {done.returncode}: {done.stderr[-2000:]}")
    n, seconds, cpu, peak_kb = done.stdout.split()
    return {"cases": int(n), "seconds": float(seconds), "cpu_seconds": float(cpu),
            "peak_rss_mb": round(int(peak_kb) / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--db", type=Path, help="reuse (or create) this generated database")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "cases.db"
        generated = None
        if not db.exists():
            generated = round(generate(db, args.cases), 1)
        with Atlas(db) as atlas:
            cases = atlas.stats()["cases"]
        result: dict = {"benchmark": "export", "cases": cases, "generate_seconds": generated,
                        "db_mb": round(db.stat().st_size / 1e6, 1)}
        runs: dict[str, dict] = {}
        for fmt in ["read", *FORMATS]:
            out = Path(tmp) / f"out-{fmt}"
            tries = [measure(db, fmt, out) for _ in range(args.repeats)]
            assert all(t["cases"] == cases for t in tries), f"{fmt}: not every case was written"
            seconds = statistics.median(t["seconds"] for t in tries)
            size = sum(p.stat().st_size for p in out.rglob("*")) if out.is_dir() else out.stat().st_size if \
                out.exists() else 0
            runs[fmt] = {"median_seconds": round(seconds, 2), "cases_per_second": round(cases / seconds),
                         "median_cpu_seconds": round(statistics.median(t["cpu_seconds"] for t in tries), 2),
                         "peak_rss_mb": max(t["peak_rss_mb"] for t in tries), "output_mb": round(size / 1e6, 1)}
        base = runs["read"]["median_seconds"]
        for fmt in FORMATS:
            runs[fmt]["ratio_to_read"] = round(runs[fmt]["median_seconds"] / base, 2)
        result["runs"] = runs
    result |= {"repeats": args.repeats, "cpu_count": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2),
               "max_rss_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    emit(result, args.out)


if __name__ == "__main__":
    main()
