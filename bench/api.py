"""API under load: `civicatlas serve` on loopback, driven by locust (headless) with many concurrent visitors
mixing search, facets, pages and case pages, for a bounded time. Reports throughput, p50/p95/p99, errors and
the load average during the run.

    .venv/bin/python bench/api.py [--db atlas.db] [--users 100] [--run-time 60] [--workers 1] [--single 30]
                                  [--warm-up 0] [--baseline-src ../main/src] [--out bench/results/api.json]

Without --db the bundled examples are ingested into a temporary database first. Before the load, one client
asks for each kind of request `--single` times in turn (the same choices as the visitors make): the median
time and the server's CPU time per request of each kind, what decides how many requests two cores can serve
(absolute latencies on a shared machine are noisy, CPU time much less). With --baseline-src (the src folder
of another checkout, e.g. main's) the same single-client pass runs first against a server of that code, on a
copy of the database taken before this code opened it (a SQLite file), so both figures come from one run.
The load runs on a fresh server (nothing kept from the single client); --warm-up S runs the same load for S
seconds first, uncounted, to measure a server that has computed what it keeps.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _report import emit

from civicatlas import Atlas

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["budget", "citizens assembly", "youth council", "participatory", "climate", "Bürgerhaushalt",
           "démocratie", "medborgarbudget", "women", "housing"]


KINDS = ["search", "facets", "first page", "next page", "case", "stats"]


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


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def start(db: str, port: int, workers: int, src: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": src} if src else None
    extra = ["--workers", str(workers)] if workers > 1 else []
    server = subprocess.Popen([sys.executable, "-m", "civicatlas", "serve", "--db", db, "--port", str(port), *extra],
                              stderr=subprocess.DEVNULL, env=env)
    wait_for(f"http://127.0.0.1:{port}/api/v1/health")
    return server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:  # uvicorn waits for open connections; the load is over
        server.kill()
        server.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children that ended (uvicorn's workers: see below)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def server_cpu(server: subprocess.Popen) -> float:
    """CPU seconds of the server: its process and, with --workers, the worker processes it started."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    return sum(cpu_seconds(p) for p in pids if Path(f"/proc/{p}").exists())


def one_request(base: str, kind: str, chosen: dict, rng: random.Random) -> str:
    """The URL a visitor of api_locust.py asks for, for one kind of request."""
    def a_filter() -> dict:
        name = rng.choice(["country", "language"])
        out = {name: rng.choice(chosen[name])}
        if rng.random() < 0.3:
            out["year"] = "2020-2025"
        return out

    query = {"search": lambda: {"q": rng.choice(chosen["queries"]), "limit": 20},
             "facets": lambda: {**a_filter(), "group_by": "country,language,year,general_issue", "limit": 20},
             "first page": lambda: {"limit": 20, "sort": "-updated"},
             "next page": lambda: {"limit": 20, "sort": "-updated", "cursor": chosen["cursor"]},
             "stats": dict}
    if kind == "case":
        return f"{base}/api/v1/cases/{rng.choice(chosen['cases'])}"
    return f"{base}/api/v1/{'stats' if kind == 'stats' else 'cases'}?{urllib.parse.urlencode(query[kind]())}"


def single(server: subprocess.Popen, port: int, chosen: dict, repeats: int) -> dict:
    """One client, `repeats` requests of each kind in turn: median wall ms, server CPU ms per request, errors."""
    base = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{base}/api/v1/cases?limit=20&sort=-updated", timeout=60) as r:
        chosen = {**chosen, "cursor": json.load(r)["meta"]["next_cursor"]}
    rng = random.Random(1)
    out = {}
    for kind in KINDS:
        times, errors = [], 0
        cpu = server_cpu(server)
        for _ in range(repeats):
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(one_request(base, kind, chosen, rng), timeout=120) as r:
                    r.read()
            except urllib.error.HTTPError:
                errors += 1
            times.append(time.perf_counter() - t0)
        out[kind] = {"median_ms": round(statistics.median(times) * 1000, 1),
                     "server_cpu_ms": round((server_cpu(server) - cpu) / repeats * 1000, 1), "errors": errors}
    return out


def sample_load(stop_event: threading.Event, seen: list[float]) -> None:
    while not stop_event.wait(5):
        seen.append(os.getloadavg()[0])


def run(db: str, chosen: dict, users: int, spawn_rate: int, run_time: int, port: int, tmp: Path, workers: int = 1,
        repeats: int = 0, warm_up: int = 0) -> dict:
    (tmp / "plan.json").write_text(json.dumps(chosen), encoding="utf-8")
    result: dict = {}
    if repeats:
        server = start(db, port, workers)
        try:
            result["single_client"] = single(server, port, chosen, repeats)
        finally:
            stop(server)
    server = start(db, port, workers)  # a fresh one for the load: nothing kept from the single client
    try:
        loads: list[float] = []
        stop_event = threading.Event()
        sampler = threading.Thread(target=sample_load, args=(stop_event, loads), daemon=True)
        sampler.start()
        def load(seconds: int, csv_prefix: str) -> None:
            command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "api_locust.py"), "--headless",
                       "-u", str(users), "-r", str(spawn_rate), "--run-time", f"{seconds}s",
                       "--host", f"http://127.0.0.1:{port}", "--csv", str(tmp / csv_prefix), "--only-summary",
                       "--loglevel", "WARNING", "--stop-timeout", "5"]
            subprocess.run(command, env={**os.environ, "CIVICATLAS_BENCH_PLAN": str(tmp / "plan.json")},
                           stdout=subprocess.DEVNULL, timeout=seconds + 120)

        if warm_up:  # the same load, not counted: what the server keeps is computed by then
            load(warm_up, "warm-up")
            loads.clear()
        cpu = server_cpu(server)
        load(run_time, "load")
        result["server_cpu_s"] = round(server_cpu(server) - cpu, 1)
        stop_event.set()
        result["load_average_1m"] = {"mean": round(statistics.mean(loads), 2), "max": round(max(loads), 2)} \
            if loads else None
    finally:
        stop(server)
    with open(tmp / "load_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    def figures(row: dict) -> dict:
        return {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                "per_s": round(float(row["Requests/s"]), 1), "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
                "max_ms": round(float(row["Max Response Time"]))}

    total = next(r for r in rows if r["Name"] == "Aggregated")
    return {**figures(total), **result,
            "endpoints": {r["Name"]: figures(r) for r in rows if r["Name"] != "Aggregated"}}


def baseline(db: str, src: str, port: int, repeats: int, tmp: Path) -> tuple[dict, dict]:
    """The plan, read by another checkout's code, and the single-client pass against a server of that code, on a
    copy of the database as it is now (before this code migrates it)."""
    copy = db
    if "://" not in db:
        copy = str(tmp / "baseline.db")
        shutil.copy(db, copy)
    read = f"import json, sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); from api import plan; " \
           f"print(json.dumps(plan({copy!r})))"
    chosen = json.loads(subprocess.run([sys.executable, "-c", read], env={**os.environ, "PYTHONPATH": src},
                                       capture_output=True, text=True, check=True).stdout)
    server = start(copy, port, 1, src)
    try:
        return chosen, single(server, port, chosen, repeats)
    finally:
        stop(server)
        if copy != db:
            Path(copy).unlink()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="a database file or PostgreSQL URL (default: the examples, ingested)")
    ap.add_argument("--users", type=int, default=100, help="concurrent visitors")
    ap.add_argument("--spawn-rate", type=int, default=20, help="visitors started per second")
    ap.add_argument("--run-time", type=int, default=60, help="seconds of load")
    ap.add_argument("--port", type=int, help="default: a free one")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes of the server")
    ap.add_argument("--single", type=int, default=0, help="single-client requests of each kind before the load")
    ap.add_argument("--warm-up", type=int, default=0, help="seconds of the same load first, not counted")
    ap.add_argument("--baseline-src", help="another checkout's src folder: its single-client figures too")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = args.db
        if db is None:
            db = str(tmp / "examples.db")
            with Atlas(db) as atlas:
                atlas.ingest([str(ROOT / "examples")])
        port = args.port or free_port()
        before = None
        if args.baseline_src:  # the same choices for both: the data is the same
            chosen, before = baseline(db, args.baseline_src, port, args.single or 10, tmp)
        else:
            chosen = plan(db)
        with Atlas(db) as atlas:
            cases = atlas.stats()["cases"]
        load = run(db, chosen, args.users, args.spawn_rate, args.run_time, port, tmp, args.workers, args.single,
                   args.warm_up)
    if before:
        load["single_client_baseline"] = {"src": args.baseline_src, **before}
    emit({"bench": "api", "db": args.db or "examples", "cases": cases, "users": args.users,
          "run_time_s": args.run_time, "warm_up_s": args.warm_up, "workers": args.workers, "cpus": os.cpu_count(),
          **load}, args.out)


if __name__ == "__main__":
    main()
