"""Judged queries: how well `search` finds the cases a user wants, by words, by meaning or both.

A judgement file is {"queries": [{"query", "relevant": [phrase, ...]}]}: each phrase stands in the title or
text of exactly one wanted item (phrases, not ids, so the judgements survive a change of id scheme). A
query's wanted cases are the cases of those items; results are scored at the case level: recall@k,
nDCG@k (binary gains) and the reciprocal rank of the first wanted case.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from civicatlas.encode import Encoder
from civicatlas.search import By, search
from civicatlas.store import ReadStore


def load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def wanted_cases(store: ReadStore, phrases: list[str]) -> set[str]:
    """The cases of the items the phrases name; a phrase that names no item, or several, is an error."""
    rows = list(store.item_texts())
    items = []
    for phrase in phrases:
        found = [r["id"] for r in rows if phrase in (r["title"] or "") or phrase in r["text"]]
        if len(found) != 1:
            raise ValueError(f"judged phrase {phrase!r} names {len(found)} items, not one")
        items.append(found[0])
    return {case["id"] for case in store.item_cases(items).values()}


def score(ranked: list[str], wanted: set[str], k: int) -> dict[str, float]:
    top = ranked[:k]
    dcg = sum(1 / math.log2(n + 2) for n, case in enumerate(top) if case in wanted)
    ideal = sum(1 / math.log2(n + 2) for n in range(min(k, len(wanted))))
    first = next((n for n, case in enumerate(ranked) if case in wanted), None)
    return {
        "recall": len(wanted.intersection(top)) / len(wanted),
        "ndcg": dcg / ideal,
        "reciprocal_rank": 0.0 if first is None else 1 / (first + 1),
    }


def means(figures: list[dict[str, float]], k: int) -> dict[str, float]:
    """recall@k, ndcg@k and mrr: the means of score()'s figures over queries, rounded."""
    names = {"recall": f"recall@{k}", "ndcg": f"ndcg@{k}", "reciprocal_rank": "mrr"}
    return {name: round(sum(f[m] for f in figures) / len(figures), 3) for m, name in names.items()}


def evaluate(
    store: ReadStore, queries: list[dict[str, Any]], by: By, k: int = 10, encoder: Encoder | None = None
) -> dict[str, Any]:
    """Mean recall@k, nDCG@k and MRR over the queries, and each query's figures."""
    per_query = {}
    for q in queries:
        ranked = [r["id"] for r in search(store, q["query"], k, by, encoder)]
        per_query[q["query"]] = score(ranked, wanted_cases(store, q["relevant"]), k)
    return {
        "by": by,
        "queries": len(per_query),
        **means(list(per_query.values()), k),
        "per_query": {q: {m: round(v, 3) for m, v in f.items()} for q, f in per_query.items()},
    }
