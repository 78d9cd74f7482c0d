"""API under load: `civicatlas serve` on loopback, driven by locust (headless) with many concurrent visitors
mixing search, facets, pages and case pages, for a bounded time. Reports throughput, p50/p95/p99 and errors.

    .venv/bin/python bench/api.py [--db atlas.db] [--users 100] [--run-time 60] [--out bench/results/api.json]

Without --db the bundled examples are ingested into a temporary database first.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _report import emit

from civicatlas import Atlas

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["budget", "citizens assembly", "youth council", "participatory", "climate", "Bürgerhaushalt",
           "démocratie", "medborgarbudget", "women", "housing"]


def plan(db: str) -> dict:
    """What the visitors ask for: real case ids and facet values of this database."""
    with Atlas(db) as atlas:
        facets = atlas.store.facets(None, ["country", "language"], limit=20)
        cases = [c["id"] for c, _ in zip(atlas.cases(), range(2000), strict=False)]
    return {"cases": cases, "queries": QUERIES, **{k: [v["value"] for v in values] for k, values in facets.items()}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def run(db: str, users: int, spawn_rate: int, run_time: int, port: int, tmp: Path) -> dict:
    (tmp / "plan.json").write_text(json.dumps(plan(db)), encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "civicatlas", "serve", "--db", db, "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v1/health")
        command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "api_locust.py"), "--headless",
                   "-u", str(users), "-r", str(spawn_rate), "--run-time", f"{run_time}s",
                   "--host", f"http://127.0.0.1:{port}", "--csv", str(tmp / "load"), "--only-summary",
                   "--loglevel", "WARNING", "--stop-timeout", "5"]
        subprocess.run(command, env={**os.environ, "CIVICATLAS_BENCH_PLAN": str(tmp / "plan.json")},
                       stdout=subprocess.DEVNULL, timeout=run_time + 120)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # uvicorn waits for open connections; the load is over
            server.kill()
            server.wait()
    with open(tmp / "load_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    def figures(row: dict) -> dict:
        return {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                "per_s": round(float(row["Requests/s"]), 1), "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
                "max_ms": round(float(row["Max Response Time"]))}

    total = next(r for r in rows if r["Name"] == "Aggregated")
    return {**figures(total), "endpoints": {r["Name"]: figures(r) for r in rows if r["Name"] != "Aggregated"}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="a database file or PostgreSQL URL (default: the examples, ingested)")
    ap.add_argument("--users", type=int, default=100, help="concurrent visitors")
    ap.add_argument("--spawn-rate", type=int, default=20, help="visitors started per second")
    ap.add_argument("--run-time", type=int, default=60, help="seconds of load")
    ap.add_argument("--port", type=int, help="default: a free one")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = args.db
        if db is None:
            db = str(tmp / "examples.db")
            with Atlas(db) as atlas:
                atlas.ingest([str(ROOT / "examples")])
        with Atlas(db) as atlas:
            cases = atlas.stats()["cases"]
        load = run(db, args.users, args.spawn_rate, args.run_time, args.port or free_port(), tmp)
    emit({"bench": "api", "db": args.db or "examples", "cases": cases, "users": args.users,
          "run_time_s": args.run_time, "cpus": os.cpu_count(), **load}, args.out)


if __name__ == "__main__":
    main()
