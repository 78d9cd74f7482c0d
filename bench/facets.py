"""Facet counts at scale: the in-memory facet index (store/facet_index.py) that every server process builds when it
starts, against the store's own counts, on a generated collection.

    .venv/bin/python bench/facets.py --db /tmp/s1m.db [--repeats 5] [--out bench/results/facets-1m.json]

The database comes from bench/search.py --cases N (bench/export.py's generator). Reports the time to build the
index and the anonymous memory it adds, then for a set of filters (none, the commonest country, language and issue, a
year range, and combinations) the p50/p95 of the explorer's facet counts and of the total, by the index and by
the store in the same run, interleaved, with their ratio; and whether both gave the same counts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _report import emit, percentiles

from civicatlas.filters import CaseFilter
from civicatlas.store import open_store
from civicatlas.store.facet_index import FacetIndex

FIELDS = ("country", "language", "year", "general_issue", "method_type", "approach", "targeted_participant")


def _anon_mb() -> float:
    """This process's anonymous memory: the index's arrays (the database's mapped pages it read are file memory)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("RssAnon:")) / 1024


def _top(index: FacetIndex, field: str) -> str:
    return index.facets(None, [field], limit=1)[field][0]["value"]


def filters_of(index: FacetIndex) -> dict[str, CaseFilter | None]:
    country, language, issue = _top(index, "country"), _top(index, "language"), _top(index, "general_issue")
    return {
        "none": None,
        "country": CaseFilter.of(country=country),
        "language": CaseFilter.of(language=language),
        "issue": CaseFilter.of(general_issue=issue),
        "years": CaseFilter(year_from=2015, year_to=2020),
        "country+issue": CaseFilter.of(country=country, general_issue=issue),
        "language+years": CaseFilter.of(language=language, year_from=2015, year_to=2020),
    }


def _timed(call):  # noqa: ANN001, ANN202
    start = time.perf_counter()
    out = call()
    return time.perf_counter() - start, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    store = open_store(args.db)
    before = _anon_mb()
    build, index = _timed(lambda: FacetIndex.of(store))
    report = {"benchmark": "facets", "db": str(args.db), "cases": index.size, "repeats": args.repeats,
              "build_s": round(build, 2), "index_anon_mb": round(_anon_mb() - before, 1),
              "bitmap_fields": sorted(index.bitmaps), "filters": {}}
    for name, filters in filters_of(index).items():
        times: dict[str, list[float]] = {"index_facets": [], "store_facets": [], "index_count": [], "store_count": []}
        same = True
        for _ in range(args.repeats):  # interleaved, so that the machine's load falls on both alike
            t, mine = _timed(lambda f=filters: index.facets(f, FIELDS))
            times["index_facets"].append(t)
            t, theirs = _timed(lambda f=filters: store.facets(f, FIELDS))
            times["store_facets"].append(t)
            t, n = _timed(lambda f=filters: index.count(f))
            times["index_count"].append(t)
            t, m = _timed(lambda f=filters: store.count_cases(f))
            times["store_count"].append(t)
            same = same and mine == theirs and n == m
        row = {kind: percentiles(seconds) for kind, seconds in times.items()}
        row["cases"] = n
        row["same_counts"] = same
        row["facets_p95_store_over_index"] = round(row["store_facets"]["p95_ms"] / row["index_facets"]["p95_ms"], 1)
        report["filters"][name] = row
    emit(report, args.out)


if __name__ == "__main__":
    main()
