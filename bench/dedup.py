"""Duplicate detection benchmark: pairwise precision/recall/F1 and clustering quality of the resolver.

    python bench/dedup.py [--out docs/eval/dedup.json] [--split dev|test|both] [--tune] [--repeats 3]

The set has two parts, each split in a dev half (tuning) and a test half (measuring only):
- bench/data/dedup/written.jsonl: items we wrote: the same invented initiative in real places told in
  several languages (translations) and in other words (paraphrases), next to hard negatives (same city,
  other initiative; same kind of initiative, other city; similar sums).
- derived at run time from the `dev` rows of ../shared/eval/participedia/cases.jsonl (skipped when absent;
  no Participedia text is stored in the project): truncated copies, copies wrapped in site boilerplate,
  lightly edited copies, and other dev cases as distractors, chosen to share a city or a method type.

Items are enriched by the real pipeline (language, places, money, counts, dates, actors, embed); enriched
records and vectors are cached in the temp folder so re-runs and --tune only re-resolve. Timings are
medians over --repeats runs of the resolution alone.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from civicatlas.ids import normalise  # noqa: E402
from civicatlas.model import Item  # noqa: E402
from civicatlas.resolve import near, semantic  # noqa: E402
from civicatlas.resolve.cluster import cluster  # noqa: E402
from civicatlas.resolve.links import Link, candidate_pairs, score_pair  # noqa: E402
from civicatlas.resolve.profile import Profile, profile_of  # noqa: E402
from civicatlas.resolve.resolver import resolve_profiles  # noqa: E402

WRITTEN = ROOT / "bench" / "data" / "dedup" / "written.jsonl"
PARTICIPEDIA = ROOT.parent / "shared" / "eval" / "participedia" / "cases.jsonl"
PIPELINE = ["language", "places", "money", "counts", "dates", "actors", "embed"]
BASES, DISTRACTORS = 160, 400

PREFIXES = ["Home › Case studies › {title}\nShare: Facebook · X · Email\n", "Skip to main content\nMenu\n{title}\n",
            "Cases / Europe / {title}\nPrint this page\n"]
SUFFIXES = ["\nRead more about this case on our website. Last updated 12 March 2023.",
            "\nShare this case · Report an error · Subscribe to our newsletter",
            "\nPhoto: archive. All rights reserved. Cookies help us deliver our services."]


def _split_of(key: str) -> str:
    return "dev" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0 else "test"


def _truncate(text: str, rng: random.Random) -> str:
    words = text.split()
    return " ".join(words[: max(12, int(len(words) * rng.uniform(0.5, 0.75)))])


def _edit(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 40)):  # drop a word here and there, as a re-publisher's edit would
        if len(words) > 20:
            del words[rng.randrange(len(words))]
    out = " ".join(words).replace(" - ", " – ").replace('"', "“", 1)
    return out[0].upper() + out[1:] if out else out


def participedia_items(rng: random.Random) -> list[dict[str, Any]]:
    """Variants of dev cases and distractors; `group` is the case id, `kind` what was done to the text."""
    rows = [json.loads(line) for line in PARTICIPEDIA.read_text(encoding="utf-8").splitlines()]
    dev = [r for r in rows if r["split"] == "dev" and r.get("description_original_case")
           and len(r.get("description") or "") >= 200]
    # Participedia has duplicates of its own (one initiative entered twice with the same description):
    # such cases are one group in the gold, whatever their case ids say.
    first: dict[str, int] = {}
    for r in sorted(dev, key=lambda r: r["id"]):
        r["group"] = first.setdefault(normalise(r["description"]), r["id"])
    rng.shuffle(dev)
    bases, rest = dev[:BASES], dev[BASES:]
    cities = Counter(r["city"] for r in dev if r.get("city"))
    methods = Counter(m for r in bases for m in r.get("method_types") or [])
    # hard negatives first: sister cases in a city with other cases, then cases of the commonest method types
    rest.sort(key=lambda r: (cities[r.get("city")] < 2, -sum(methods[m] for m in r.get("method_types") or [])))
    out = []

    def add(r: dict[str, Any], kind: str, title: str | None, text: str, n: int = 0) -> None:
        out.append({"id": f"p{r['id']}-{kind}{n}", "group": f"p{r['group']}", "split": _split_of(str(r["group"])),
                    "language": None, "title": title, "text": text, "kind": kind})

    for r in bases:
        title = (r.get("title_lowercased") or "").capitalize() or None
        text = r["description"]
        add(r, "original", title, text)
        for n, kind in enumerate(rng.sample(["truncation", "boilerplate", "edit"], 2)):
            if kind == "truncation":
                add(r, kind, title if rng.random() < 0.5 else None, _truncate(text, rng), n)
            elif kind == "boilerplate":
                add(r, kind, None, rng.choice(PREFIXES).format(title=title or "") + text + rng.choice(SUFFIXES), n)
            else:
                add(r, kind, title, _edit(text, rng), n)
    for r in rest[:DISTRACTORS]:
        add(r, "distractor", (r.get("title_lowercased") or "").capitalize() or None, r["description"])
    return out


def written_items() -> list[dict[str, Any]]:
    out = []
    for line in WRITTEN.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append({**row, "kind": "written"})
    return out


def enrich(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], np.ndarray | None]]:
    """(record, vector) per row from the real pipeline, cached by content and pipeline signature."""
    from civicatlas.atlas import make_pipeline
    from civicatlas.encode.cache import FileVectorCache

    cache_dir = Path(tempfile.gettempdir()) / "civicatlas-bench-dedup"
    vectors = FileVectorCache(cache_dir / "vectors.npz")
    pipeline = make_pipeline(PIPELINE, cache=vectors)
    digest = hashlib.sha256((pipeline.signature + json.dumps(rows, sort_keys=True)).encode()).hexdigest()[:16]
    cached = cache_dir / f"records-{digest}.pkl"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    items = [Item(id=r["id"], document_id=f"d-{r['id']}", position=0, text=r["text"], title=r.get("title"),
                  language=r.get("language")) for r in rows]
    for start in range(0, len(items), 64):
        pipeline(items[start : start + 64])
    vectors.save()
    out = [(item.to_record(), item.vector) for item in items]
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(out))
    return out


# --- scoring -------------------------------------------------------------------------------------
def pairs_of(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def prf(predicted: set, gold: set) -> dict[str, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "pairs_gold": len(gold), "pairs_predicted": len(predicted), "true_positives": tp}


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i, c in pred.items():
        by_pred[c].add(i)
    for i, c in gold.items():
        by_gold[c].add(i)
    ps, rs = [], []
    for i in gold:
        same = by_pred[pred[i]] & by_gold[gold[i]]
        ps.append(len(same) / len(by_pred[pred[i]]))
        rs.append(len(same) / len(by_gold[gold[i]]))
    p, r = statistics.fmean(ps), statistics.fmean(rs)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def evaluate(rows: list[dict[str, Any]], profiles: list[Profile], assignment: dict[str, str]) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    gold = {r["id"]: r["group"] for r in rows}
    language = {p.id: p.language for p in profiles}
    kind = {r["id"]: r["kind"] for r in rows}
    gold_groups, pred_groups = defaultdict(list), defaultdict(list)
    for i, g in gold.items():
        gold_groups[g].append(i)
        pred_groups[assignment[i]].append(i)
    gp, pp = pairs_of(gold_groups), pairs_of(pred_groups)

    def cross(pairs: set) -> set:
        return {p for p in pairs if len({language[i] for i in p}) > 1}

    by_kind = {}
    for k in sorted(set(kind.values()) - {"original", "distractor"}):
        gk = {p for p in gp if any(kind[i] == k for i in p)}
        by_kind[k] = {"recall": prf(pp & gk, gk)["recall"], "pairs_gold": len(gk)}
    ids = sorted(gold)
    return {
        "items": len(rows), "gold_clusters": len(gold_groups), "predicted_clusters": len(pred_groups),
        "pairwise": prf(pp, gp), "crosslingual": prf(cross(pp), cross(gp)),
        "same_language": prf(pp - cross(pp), gp - cross(gp)), "recall_by_variant": by_kind,
        "bcubed": bcubed(assignment, gold),
        "adjusted_rand": round(adjusted_rand_score([gold[i] for i in ids], [assignment[i] for i in ids]), 4),
        "false_merges": sorted([sorted(p) for p in pp - gp])[:20],
        "missed_pairs": sorted([sorted(p) for p in gp - pp])[:20],
    }


def run(rows, enriched, repeats: int) -> tuple[dict[str, Any], list[float]]:
    profiles = [profile_of(rec, vec, order=n) for n, (rec, vec) in enumerate(enriched)]
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = resolve_profiles(profiles)
        times.append(time.perf_counter() - t0)
    assignment = {i: a.case_id for i, a in result.assignments.items()}
    return evaluate(rows, profiles, assignment), times


# --- tuning on the dev half ----------------------------------------------------------------------
GRID = {"MIN_COSINE": [0.82, 0.84, 0.86], "STRONG_COSINE": [0.88, 0.90, 0.92],
        "MIN_EVIDENCE": [2.5, 3.0, 3.5], "MIN_EVIDENCE_STRONG": [2.0, 2.5, 3.0], "PENALTY": [1.0, 1.5, 2.0],
        "WEAK_COSINE": [0.72, 0.75, 0.78, 0.81], "MIN_EVIDENCE_WEAK": [4.0, 5.0, 6.0, 99.0],
        "CONTAINMENT": [0.7, 0.8, 0.9]}


def tune(rows, enriched) -> dict[str, Any]:
    profiles = [profile_of(rec, vec, order=n) for n, (rec, vec) in enumerate(enriched)]
    gold = {r["id"]: r["group"] for r in rows}
    semantic.MIN_COSINE, semantic.WEAK_COSINE = min(GRID["MIN_COSINE"]), min(GRID["WEAK_COSINE"])
    near.CONTAINMENT = min(GRID["CONTAINMENT"])
    candidates = list(candidate_pairs(profiles))
    results = []
    for values in itertools.product(*GRID.values()):
        params = dict(zip(GRID, values, strict=True))
        for name, value in params.items():
            setattr(near if name == "CONTAINMENT" else semantic, name, value)
        links: list[Link] = [lk for i, j, cos in candidates if (lk := score_pair(profiles[i], profiles[j], cos))]
        links.sort(key=Link.sort_key)
        groups = cluster(profiles, links).groups()
        assignment = {m: str(n) for n, g in enumerate(groups) for m in g}
        pred = defaultdict(list)
        for i, c in assignment.items():
            pred[c].append(i)
        gg = defaultdict(list)
        for i, g in gold.items():
            gg[g].append(i)
        score = prf(pairs_of(pred), pairs_of(gg))
        results.append((score["precision"] >= 0.98, score["f1"], score["precision"], params, score))
    results.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    # Many settings tie at the top on a small dev set: choose the one nearest the middle of the tied region
    # (each value's rank within its grid, averaged), so the thresholds are not on the edge of what works.
    top = [r for r in results if (r[0], r[1]) == (results[0][0], results[0][1])]
    middle = {k: statistics.median(GRID[k].index(r[3][k]) for r in top) for k in GRID}
    chosen = min(top, key=lambda r: sum(abs(GRID[k].index(r[3][k]) - middle[k]) for k in GRID))
    spread = {k: sorted({r[3][k] for r in top}) for k in GRID}
    return {"chosen": chosen[3], "score": chosen[4], "tied_settings": len(top), "of": len(results),
            "values_in_tied_settings": spread}


# --- scale: synthetic items with precomputed vectors ---------------------------------------------
def synthetic(n: int, seed: int = 6, dim: int = 384) -> tuple[list[dict[str, Any]], np.ndarray]:
    """n items from templates over 2,000 places and 12 topics; one in ten is a copy (truncated or wrapped)
    or a translation of an earlier item. Vectors are e5-like: items of a topic sit at cosine ~0.8 of each
    other (a hard case for blocking), translations at ~0.93 of their original."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(12, dim)).astype(np.float32)
    records, vectors = [], np.empty((n, dim), dtype=np.float32)
    # a vocabulary of 20,000 made-up words with Zipf-like frequencies, as in real text (a tiny vocabulary would
    # make every pair of texts share shingles, which no real corpus does)
    syllables = ["ka", "lo", "mi", "ra", "tu", "ne", "vi", "so", "de", "pa", "ri", "gu", "ha", "be", "fo", "li"]
    words = ["".join(rng.choice(syllables, size=int(rng.integers(2, 5)))) for _ in range(20_000)]
    weights = 1.0 / np.arange(1, len(words) + 1)
    weights /= weights.sum()
    drawn = iter(rng.choice(len(words), size=n * 80, p=weights).tolist())  # drawn at once: choice(p=) is slow
    for i in range(n):
        if i >= 10 and rng.random() < 0.1:  # a duplicate of an earlier item
            j = int(rng.integers(0, i))
            base = records[j]
            kind = rng.integers(0, 3)
            if kind == 0:  # truncated copy
                text, language = base["text"][: len(base["text"]) * 2 // 3], base["language"]
            elif kind == 1:  # copy in site boilerplate
                text, language = "Home › News\n" + base["text"] + "\nShare · Read more", base["language"]
            else:  # a "translation": other words, same anchors, a close vector
                text, language = "Übersetzung: " + " ".join(reversed(base["text"].split())), "de"
            rec = {**base, "id": f"s{i}", "document": f"d{i}", "text": text, "language": language}
            v = vectors[j] + rng.normal(scale=0.015, size=dim).astype(np.float32)
        else:
            city = int(rng.integers(0, 2000))
            topic = int(rng.integers(0, 12))
            figures = [int(x) for x in rng.integers(10, 5000, size=3)]
            body = " ".join(words[next(drawn)] for _ in range(int(rng.integers(30, 80))))
            text = (f"The city {city} runs a {words[topic]} initiative with {figures[0]} people and {figures[1]} "
                    f"ideas. {body}")
            rec = {"id": f"s{i}", "document": f"d{i}", "title": None, "text": text, "language": "en",
                   "places": [{"name": f"City {city}", "geonameid": 1_000_000 + city, "kind": "city"}],
                   "amounts": [{"value": float(figures[2] * 1000), "currency": "EUR"}], "years": [2020 + i % 5],
                   "counts": [], "dates": [], "actors": [], "countries": []}
            v = topics[topic] + rng.normal(scale=0.055, size=dim).astype(np.float32)
        vectors[i] = v / np.linalg.norm(v)
        records.append(rec)
    return records, vectors


def scale(n: int, repeats: int) -> dict[str, Any]:
    records, vectors = synthetic(n)
    times = {"profiles": [], "resolve": [], "total": []}
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        profiles = [profile_of(r, vectors[k], order=k) for k, r in enumerate(records)]
        t1 = time.perf_counter()
        result = resolve_profiles(profiles)
        t2 = time.perf_counter()
        times["profiles"].append(t1 - t0)
        times["resolve"].append(t2 - t1)
        times["total"].append(t2 - t0)
    clusters = result.cases()
    return {"command": "python bench/dedup.py " + " ".join(sys.argv[1:]), "items": n, "repeats": repeats,
            "median_seconds": {k: round(statistics.median(v), 1) for k, v in times.items()},
            "items_per_second": round(n / statistics.median(times["total"])),
            "links": result.links, "cases": len(clusters)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, help="write the JSON results here as well as to stdout")
    ap.add_argument("--tune", action="store_true", help="grid-search thresholds on the dev half and print the best")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both",
                    help="score one half only (work on dev; look at test once, at the end)")
    ap.add_argument("--scale", type=int, metavar="N", help="time resolving N synthetic items instead")
    args = ap.parse_args()
    if args.scale:
        result = scale(args.scale, args.repeats)
        print(json.dumps(result, indent=2))
        _write(args.out, {"scale": result})
        return
    rng = random.Random(6)
    rows = written_items() + (participedia_items(rng) if PARTICIPEDIA.exists() else [])
    t0 = time.perf_counter()
    enriched = dict(zip((r["id"] for r in rows), enrich(rows), strict=True))
    enrich_s = time.perf_counter() - t0
    halves = {s: [r for r in rows if r["split"] == s] for s in ("dev", "test") if args.split in (s, "both")}
    if args.tune:
        dev = [r for r in rows if r["split"] == "dev"]
        print(json.dumps(tune(dev, [enriched[r["id"]] for r in dev]), indent=2))
        return
    report: dict[str, Any] = {"command": "python bench/dedup.py " + " ".join(sys.argv[1:]),
                              "participedia_derived": PARTICIPEDIA.exists(), "enrich_seconds": round(enrich_s, 1),
                              "thresholds": {"near.CONTAINMENT": near.CONTAINMENT,
                                             **{f"semantic.{k}": getattr(semantic, k)
                                                for k in GRID if k != "CONTAINMENT"}},
                              "enrichers": PIPELINE}
    for split, part in halves.items():
        for source in ("written", "participedia", "all"):
            sel = [r for r in part if source == "all" or (r["kind"] == "written") == (source == "written")]
            if not sel:
                continue
            scores, times = run(sel, [enriched[r["id"]] for r in sel], args.repeats)
            scores["resolve_seconds_median"] = round(statistics.median(times), 3)
            report[f"{split}/{source}"] = scores
    print(json.dumps(report, indent=2, ensure_ascii=False))
    _write(args.out, report)


def _write(out: Path | None, results: dict[str, Any]) -> None:
    """Quality and scale results share one file; each run replaces only its own part."""
    if out is None:
        return
    old = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    kept = {"scale": old["scale"]} if "scale" in old and "scale" not in results else {}
    if "scale" in results:
        kept = {k: v for k, v in old.items() if k != "scale"}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**kept, **results}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
