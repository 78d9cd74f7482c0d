"""Parse time per HTML page: this checkout against a baseline revision, on the same pages in one run.

The baseline's `src/` is exported with `git archive` into a temporary folder; each side runs in its own
process (one core) over the same pages, the sides alternating every `--chunk` pages so that a change of
load on a shared machine falls on both; `--repeats` times. Per page, each side keeps its fastest time (read
untimed, `parse_document` timed); the result gives each side's median and total and their ratios (this
checkout / baseline). One untimed warm-up page per process pays the lazy imports.

    .venv/bin/python bench/parse.py [--pages ../shared/eval/webpages/pages] [--baseline main] [--limit 0]
                                    [--chunk 50] [--repeats 2] [--out bench/results/parse.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from _report import emit

ROOT = Path(__file__).resolve().parents[1]


def worker(files: list[str]) -> None:
    """Runs inside a side's process: prints where civicatlas came from and the seconds per page."""
    import civicatlas
    from civicatlas.parse import parse_document
    from civicatlas.read import read_path

    parse_document(read_path(files[0]))  # warm-up: lazy imports, tables
    seconds = []
    for f in files:
        doc = read_path(f)
        start = time.perf_counter()
        parse_document(doc)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"module": civicatlas.__file__, "seconds": seconds}))


def export(revision: str, into: Path) -> Path:
    data = subprocess.run(["git", "archive", revision, "src/civicatlas"], cwd=ROOT, check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def run_side(src: Path, files: list[str]) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, __file__, "--worker"], input="\n".join(files), env=env, check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    if not Path(result["module"]).resolve().is_relative_to(src.resolve()):
        raise SystemExit(f"the side meant to run {src} imported {result['module']}")
    return result["seconds"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "eval" / "webpages" / "pages")
    ap.add_argument("--baseline", default="main", help="git revision to compare with")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    ap.add_argument("--chunk", type=int, default=50, help="pages per process before the other side runs")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(sys.stdin.read().split("\n"))
        return
    files = sorted(str(p) for p in args.pages.glob("*.htm*"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        raise SystemExit(f"no HTML pages in {args.pages}")
    with tempfile.TemporaryDirectory() as tmp:
        sides = {"baseline": export(args.baseline, Path(tmp)), "current": ROOT / "src"}
        best: dict[str, list[float]] = {name: [float("inf")] * len(files) for name in sides}
        for _ in range(args.repeats):
            for at in range(0, len(files), args.chunk):
                for name, src in sides.items():
                    seconds = run_side(src, files[at : at + args.chunk])
                    best[name][at : at + len(seconds)] = map(min, best[name][at : at + len(seconds)], seconds)
    medians = {k: statistics.median(v) for k, v in best.items()}
    totals = {k: sum(v) for k, v in best.items()}
    emit({
        "benchmark": "parse",
        "pages": len(files),
        "source": str(args.pages),
        "baseline_revision": args.baseline,
        "repeats": args.repeats,
        "chunk": args.chunk,
        "median_ms_per_page": {k: round(1000 * v, 2) for k, v in medians.items()},
        "total_s": {k: round(v, 2) for k, v in totals.items()},
        "ratio_median": round(medians["current"] / medians["baseline"], 3),
        "ratio_total": round(totals["current"] / totals["baseline"], 3),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }, args.out)


if __name__ == "__main__":
    main()
