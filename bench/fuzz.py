"""Long fuzz run: every target of tests/fuzz/targets.py with many Hypothesis inputs, and long single lines and
deep HTML timed at two sizes to show the cost grows linearly.

    python bench/fuzz.py [--inputs 100000] [--budget-s S] [--only money,dates] [--jobs 2] [--scale-mb 10]
                         [--lines soup,deep] [--out bench/results/fuzz.json]

Per component: inputs tried (calls of the check, shrinking included), failures (distinct errors Hypothesis
reports, with their minimal examples; must be 0) and seconds. Scaling: seconds for a line of `--scale-mb` MB and
of a tenth of it, and their ratio (about 10 when linear, 100 when quadratic); a ratio over 25 is a failure when
the long input takes a second or more.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from _report import emit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from tests.fuzz import targets  # noqa: E402

CHUNK = 1000  # examples per Hypothesis run
SUPERLINEAR = 25.0  # time ratio of a 10× longer input above which a component is called non-linear
NOTICEABLE = 1.0  # seconds: faster than this for the long input, the ratio is timer noise


def fuzz(name: str, inputs: int, budget_s: float) -> dict[str, Any]:
    """Run one target for `inputs` generated examples (in rounds of CHUNK, so that a time budget can stop it
    between rounds); collect the distinct failures Hypothesis reports, each shrunk to a minimal example."""
    target = targets.TARGETS[name]
    calls = 0
    failures: list[dict[str, str]] = []

    def check(args: tuple) -> None:
        nonlocal calls
        calls += 1
        target.check(*args)

    t0 = time.perf_counter()
    while calls < inputs and not failures and time.perf_counter() - t0 < budget_s:
        run = settings(max_examples=min(CHUNK, inputs - calls), deadline=None, database=None, report_multiple_bugs=True,
                       phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))(
            given(target.strategy)(check))
        try:
            run()
        except Exception as group:  # one failure, or an ExceptionGroup of distinct ones
            for e in getattr(group, "exceptions", [group]):
                where = traceback.extract_tb(e.__traceback__)[-1]
                failures.append({"error": f"{type(e).__name__}: {str(e)[:300]}",
                                 "where": f"{where.filename.split('/src/')[-1]}:{where.lineno}",
                                 "minimal_example": "\n".join(getattr(e, "__notes__", []))[:2000]})
    seconds = time.perf_counter() - t0
    print(f"{name:12} {calls} inputs, {len(failures)} failures, {seconds:.0f} s", file=sys.stderr, flush=True)
    for f in failures:
        print(f"  {f['error']} at {f['where']}\n  {f['minimal_example']}", file=sys.stderr, flush=True)
    return {"component": name, "inputs": calls, "failures": len(failures), "seconds": round(seconds, 1),
            "inputs_per_second": round(calls / seconds, 1), "minimal_failures": failures}


def _line(size: int, pieces: list[str], seed: int = 0) -> str:
    """One line of about `size` characters drawn from `pieces` (no line breaks)."""
    rnd = random.Random(seed)
    out, n = [], 0
    while n < size:
        p = rnd.choice(pieces)
        out.append(p)
        n += len(p)
    return "".join(out)[:size]


_FLAT = [p for p in targets._PIECES if "\n" not in p and "\r" not in p and "\u2028" not in p and "\x85" not in p]
# Lines that each stress one habit of the components: a mixed soup, one numeral of millions of digits, many
# amounts, years, counts, capitalised names, Markdown emphasis that never closes, stray "<".
LINES: dict[str, Any] = {
    "soup": lambda n: _line(n, _FLAT + [" "] * 20),
    "one numeral": lambda n: "1" + ".000" * (n // 4),
    "amounts": lambda n: _line(n, ["$5 ", "€ 10,50 ", "10 000 kr ", "2,5 Mio. Euro ", "between $5 and $10 million "]),
    "years and dates": lambda n: _line(n, ["2019 ", "30 June 2020 ", "2020-06-30 ", "12.03.2019 ", "März 2019 "]),
    "counts": lambda n: _line(n, ["5 people ", "12 municipalities ", "zwölf Gemeinden ", "300 residents and "]),
    "names": lambda n: _line(n, ["Lund ", "The City of Paris ", "ICLD ", "Swedish ", "Ministry of Finance ",
                                 "Mr Smith said ", "(SKR) ", "funded by UNDP "]),
    "markdown": lambda n: _line(n, ["*a ", "**b ", "_c ", "[x](", "![y](", "`z "]),
    "angles": lambda n: "<" * n,
}
TEXT_COMPONENTS = ["numbers", "money", "counts", "dates", "recognize", "geoparse", "actors"]


def _time(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def scaling(name: str, size: int, kinds: list[str] | None = None) -> list[dict[str, Any]]:
    """Seconds for inputs of size/10 and size, per kind of line (and per depth of nesting for the parser)."""
    rows = []
    if name in TEXT_COMPONENTS:
        check = targets.TARGETS[name].check
        cases = {kind: (lambda n, make=make: check(make(n), "en")) for kind, make in LINES.items()}
    elif name == "parse":
        cases = {f"{kind} ({ct})": (lambda n, make=make, ct=ct: targets.check_parse(make(n), ct))
                 for kind, make in LINES.items() for ct in ("text", "markdown")}
        cases["deep html"] = lambda n: targets.check_parse("<div>" * (n // 5) + "x", "html")
        cases["deep html, closed"] = lambda n: targets.check_parse("<p><b>" * (n // 12) + "x" + "</b></p>" * (n // 12),
                                                                  "html")
        cases["soup (html)"] = lambda n: targets.check_parse("<p>" + LINES["soup"](n) + "</p>", "html")
    elif name == "decode":
        cases = {"random bytes": lambda n: targets.check_decode(random.Random(0).randbytes(n), "file:///a.txt"),
                 "latin-1 text": lambda n: targets.check_decode(LINES["soup"](n).encode("cp1252", "replace"),
                                                                "file:///a.txt")}
    else:
        return rows
    for kind, run in cases.items():
        if kinds and not kind.startswith(tuple(kinds)):
            continue
        run(1000)  # load what the component loads on first use
        small, big = _time(run, size // 10), _time(run, size)
        ratio = big / max(small, 1e-4)
        rows.append({"component": name, "input": kind, "mb": size / 1e6, "seconds": round(big, 2),
                     "seconds_tenth": round(small, 3), "ratio": round(ratio, 1),
                     "linear": ratio <= SUPERLINEAR or big < NOTICEABLE})
        print(f"{name:10} {kind:24} {small:8.3f} s {big:8.3f} s ×{ratio:.1f}", file=sys.stderr, flush=True)
    return rows


def _job(args: tuple[str, int, float, int, list[str] | None]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    name, inputs, budget_s, size, kinds = args
    found = fuzz(name, inputs, budget_s) if inputs else {"component": name, "inputs": 0, "failures": 0, "seconds": 0}
    return found, (scaling(name, size, kinds) if size else [])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=100_000, help="Hypothesis examples per component")
    ap.add_argument("--budget-s", type=float, default=float("inf"),
                    help="stop a component's fuzzing after the round that passes this many seconds")
    ap.add_argument("--only", help="comma-separated components (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="components run in this many processes")
    ap.add_argument("--scale-mb", type=float, default=10.0, help="size of the long lines timed (0: none)")
    ap.add_argument("--lines", help="comma-separated kinds of long input to time (default: all), e.g. soup,deep")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    names = args.only.split(",") if args.only else list(targets.TARGETS)
    kinds = args.lines.split(",") if args.lines else None
    jobs = [(n, args.inputs, args.budget_s, int(args.scale_mb * 1e6), kinds) for n in names]
    t0 = time.perf_counter()
    if args.jobs > 1:
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = pool.map(_job, jobs, chunksize=1)
    else:
        results = [_job(j) for j in jobs]
    components = [r[0] for r in results]
    scale = [row for r in results for row in r[1]]
    emit({
        "benchmark": "fuzz",
        "inputs_per_component": args.inputs,
        "budget_s_per_component": args.budget_s,
        "scale_mb": args.scale_mb,
        "jobs": args.jobs,
        "seconds": round(time.perf_counter() - t0, 1),
        "failures": sum(c["failures"] for c in components) + sum(not r["linear"] for r in scale),
        "components": components,
        "scaling": scale,
    }, args.out)


if __name__ == "__main__":
    main()
