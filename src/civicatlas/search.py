"""Search the cases by words and by meaning.

Words: the full-text index (every word required, diacritics ignored). Meaning: the query's vector (e5's
"query:" side) against the stored item vectors of the same model, so a query finds initiatives written in
other words and other languages ("citizens' assembly" finds panels "tirés au sort"). The two rankings are
fused by reciprocal rank, which needs no common scale between a full-text rank and a cosine; a case ranks by
its best item.

Raw cosines favour "hub" items, close to every query (long, general, English ones), so the meaning score is
CSLS (Conneau et al., 2018): 2·cos(query, item) − the item's mean cosine to its 10 nearest reference queries,
the Participedia label descriptions (query side). On the judged queries over the examples
(tests/data/search_queries.json, bench/search.py) it lifts case recall@10 from 0.71 to 0.74 and nDCG@10 from
0.73 to 0.79 over plain cosines. The store ranks by CSLS (its Prior, hub_prior): SQLite's vector index (exact
below 20,000 vectors, an HNSW graph in a file beside the database above, store/ann.py) keeps each vector's hubness
beside it and ranks by CSLS itself, as PostgreSQL's HNSW index (pgvector) does; PostgreSQL's vectors not in its
index yet are searched by cosine, NEAREST times as many as asked for, and ranked by CSLS. Either reads back only
the best. The query is encoded while the full-text query runs.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any, Literal

import numpy as np
from threadpoolctl import ThreadpoolController

from civicatlas.encode import Encoder, get_encoder
from civicatlas.encode.passage import model_id
from civicatlas.errors import ConfigError
from civicatlas.store import ReadStore
from civicatlas.store.base import Prior

By = Literal["words", "meaning", "both"]
FUSION_K = 60  # reciprocal-rank constant: a hit's weight is 1 / (FUSION_K + rank)
HUB_NEIGHBOURS = 10  # reference queries an item's hubness is measured on
MIN_SCORE = 0.74  # CSLS below this is no hit: judged queries lose nothing, unrelated ones ("apple pie") get none
CANDIDATES = 10  # items looked at per result asked for: several items often share a case
NEAREST = 4  # items ranked by CSLS per item wanted, where a store takes them from its nearest by plain cosine
SNIPPET_CHARS = 120


def meaning_unavailable(store: ReadStore, encoder: Encoder | None = None) -> str | None:
    """Why this database cannot be searched by meaning with this encoder (default: the configured one),
    or None when it can. The encoder is loaded only when the database has vectors."""
    stored = store.vector_model()
    if stored is None:
        return "the database has no vectors (ingest with the embed enricher)"
    model = model_id(encoder or get_encoder())
    if stored != model:
        return f"the database's vectors are from {stored}, not {model}: pick that model with --encoder"
    return None


def nearest_items(
    store: ReadStore, query: str | np.ndarray, encoder: Encoder, limit: int, hubs: bool = True
) -> list[tuple[str, float]]:
    """(item id, CSLS score) of the stored items nearest the query (its text, or its vector already encoded),
    best first, at least MIN_SCORE; with hubs=False, plain cosines and no floor (the baseline in bench/search.py)."""
    query_vector = encoder.encode([query], kind="query")[0] if isinstance(query, str) else query
    with _one_blas_thread:
        return _nearest(store, query_vector, encoder, limit, hubs)


def _nearest(store: ReadStore, query_vector: np.ndarray, encoder: Encoder, limit: int, hubs: bool
             ) -> list[tuple[str, float]]:
    if not hubs:
        near = store.nearest(model_id(encoder), query_vector, limit)
        return [(item, float(vector @ query_vector)) for item, vector in near]
    csls = hub_prior(encoder)
    # the store ranks by CSLS (an index that keeps each vector's hubness; vectors not in it yet, on PostgreSQL: the
    # NEAREST × limit nearest by cosine ranked again) and reads back only the best
    near = store.nearest(model_id(encoder), query_vector, limit, prior=csls, widen=NEAREST)
    if not near:
        return []
    score = csls.score(np.vstack([vector for _, vector in near]), query_vector)
    return [(item, float(s)) for (item, _), s in zip(near, score, strict=True) if s >= MIN_SCORE]


def hubness(vectors: np.ndarray, references: np.ndarray) -> np.ndarray:
    """Each vector's mean cosine to its HUB_NEIGHBOURS nearest reference queries (hub_references)."""
    return np.sort(vectors @ references.T, axis=1)[:, -HUB_NEIGHBOURS:].mean(axis=1)


_priors: dict[str, Prior] = {}


def hub_prior(encoder: Encoder) -> Prior:
    """CSLS as the store's prior: 2 · cosine − hubness, named for the references it is measured on (new label
    descriptions, or another model, make another prior)."""
    model = model_id(encoder)
    if model not in _priors:
        references = np.ascontiguousarray(hub_references(encoder), dtype=np.float32)
        name = f"csls{HUB_NEIGHBOURS}-{hashlib.sha1(references.tobytes()).hexdigest()[:12]}"
        _priors[model] = Prior(name, 2.0, lambda vectors: -hubness(vectors, references))
    return _priors[model]


def prepare(store: ReadStore, encoder: Encoder | None = None) -> None:
    """Build or catch up the indexes search uses now (SQLite at scale: the BM25 index of words and the vector graph
    on CSLS; 15 s and 3.5 min to build at a million cases), so that no search waits for them."""
    model = prior = None
    if meaning_unavailable(store, encoder) is None:
        encoder = encoder or get_encoder()
        model, prior = model_id(encoder), hub_prior(encoder)
    store.prepare_search(model, prior)


def hub_references(encoder: Encoder) -> np.ndarray:
    """The reference queries hubness is measured on: every Participedia label description's prototype."""
    from civicatlas.themes.labels import DESCRIPTIONS
    from civicatlas.themes.zeroshot import ZeroShot

    zeroshot = ZeroShot(encoder)
    return np.vstack([zeroshot.prototypes(vocabulary)[1] for vocabulary in DESCRIPTIONS])


def search(
    store: ReadStore, query: str, limit: int = 20, by: By = "both", encoder: Encoder | None = None,
    all: bool = False,
) -> list[dict[str, Any]]:
    """Cases for a query, best first: {id, title, languages, initiative, snippet, score, matched: ["words",
    "meaning"]}. Only cases that are initiatives, unless `all` (then also those set aside).

    With by="both", meaning is left out when the database cannot be searched by it (meaning_unavailable);
    by="meaning" raises ConfigError then.
    """
    if by not in ("words", "meaning", "both"):
        raise ConfigError(f"search by {by!r}: use words, meaning or both")
    if not query.strip():
        return []
    pool = limit * CANDIDATES
    encoding: Future[np.ndarray] | None = None
    if by != "words":
        reason = meaning_unavailable(store, encoder)
        if reason is None:
            encoder = encoder or get_encoder()
            encoding = _encodings().submit(encoder.encode, [query], kind="query")  # while the full-text query runs
        elif by == "meaning":
            raise ConfigError(f"cannot search by meaning: {reason}")
    words = store.search_items(query, pool, snippets=False) if by != "meaning" else []
    meaning = nearest_items(store, encoding.result()[0], encoder, pool) if encoding and encoder else []
    return _fuse(store, query, [h["item"] for h in words], meaning, all, limit)


class _OneBlasThread:
    """Products of a few hundred vectors by the 77 references took 0.4 ms on one thread and up to 10 ms on
    OpenBLAS's two when the other core was busy (threads waiting on each other): one thread while any search
    runs. The limit is the process's: the first search in sets it, the last one out restores it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._limiter: Any = None
        self._controller: ThreadpoolController | None = None

    def __enter__(self) -> None:
        with self._lock:
            if self._controller is None:  # finding the BLAS libraries reads the process's memory map: ~2 ms, once
                self._controller = ThreadpoolController()
            if not self._inside:
                self._limiter = self._controller.limit(limits=1, user_api="blas")
            self._inside += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._inside -= 1
            if not self._inside:
                self._limiter.restore_original_limits()


_one_blas_thread = _OneBlasThread()


@cache
def _encodings() -> ThreadPoolExecutor:
    """Threads that encode queries beside the full-text query (onnxruntime and SQLite both let go of the GIL)."""
    return ThreadPoolExecutor(os.cpu_count() or 2, thread_name_prefix="query-encoding")


def _fuse(
    store: ReadStore, query: str, words: list[str], meaning: list[tuple[str, float]], all: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    score: dict[str, float] = {}
    matched: dict[str, list[str]] = {}
    for kind, hits in (("words", words), ("meaning", [i for i, _ in meaning])):
        for rank, item in enumerate(hits):
            score[item] = score.get(item, 0.0) + 1 / (FUSION_K + rank + 1)
            matched.setdefault(item, []).append(kind)
    ranked = sorted(score, key=lambda i: -score[i])
    cases: dict[str, dict[str, Any]] = {}
    out: dict[str, dict[str, Any]] = {}
    best: dict[str, str] = {}  # case -> the item it stands at
    looked = 0  # the items, best first, whose cases are in `cases`
    for n, item in enumerate(ranked):
        if limit is not None and len(out) == limit:
            break
        if n == looked:
            # the cases of the next items, somewhat more than the cases still wanted (several items may share a
            # case): a search for 100 cases fuses ~2,000 items, and looking all of them up took a quarter of its time
            more = ranked[n:] if limit is None else ranked[n : n + 2 * (limit - len(out)) + 20]
            cases.update(store.item_cases(more))
            looked += len(more)
        case = cases.get(item)
        if case is None or not (all or case["initiative"]):
            continue
        if case["id"] in out:  # the case stands at its best item already
            continue
        best[case["id"]] = item
        out[case["id"]] = {**case, "snippet": None, "score": round(score[item], 5), "matched": list(matched[item])}
    if out:  # each case returned with every way it matched, by its other items too
        for case_id, members in store.case_members(list(out)).items():
            seen = out[case_id]["matched"]
            for kind in (k for item in members for k in matched.get(item, ())):
                if kind not in seen:
                    seen.append(kind)
    # snippets only for the hits returned: the passage with the query's words where one was found by them (FTS5 made
    # them for all 200 of a search's word hits, up to a third of its time at 100,000 items), else the text's start
    found = [i for i in best.values() if "words" in matched[i]]
    snippets = store.snippets(query, found) if found else {}
    texts = _texts(store, [i for i in best.values() if not snippets.get(i)])
    for case_id, item in best.items():
        out[case_id]["snippet"] = snippets.get(item) or texts.get(item, "")
    return list(out.values())


def _texts(store: ReadStore, item_ids: Iterable[str]) -> dict[str, str]:
    """The start of each item's text (or title), where the full-text index gave no snippet."""
    ids = list(item_ids)
    read = 4 * SNIPPET_CHARS  # the start of the text only: decoding the whole records took a tenth of a search
    texts = store.text_starts(ids, read)
    # no text (its title, as corrected, stands in), or a start so full of spaces that it may not be enough: the record
    whole = [i for i, t in texts.items()
             if not t.strip() or (len(t) == read and len(" ".join(t.split())) <= SNIPPET_CHARS)]
    for item, record in (store.records(whole) if whole else {}).items():  # (PostgreSQL would ask for none)
        texts[item] = record.get("text") or record.get("title") or ""
    out = {}
    for item, text in texts.items():
        text = " ".join(text.split())
        out[item] = text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1].rstrip() + "…"
    return out


def similar_cases(store: ReadStore, case: dict[str, Any], limit: int = 10) -> list[dict[str, Any]]:
    """Cases nearest by meaning to this one (the mean of its items' vectors against every stored item vector,
    its own items left out), closest first: {id, title, languages, initiative, score}. None without vectors."""
    from civicatlas.encode.passage import record_passage, text_key

    model = store.vector_model()
    own = {item["id"] for item in case["items"]}
    found = store.get(model, list({text_key(record_passage(item)) for item in case["items"]})) if model else {}
    if not found:
        return []
    query = np.mean(np.vstack(list(found.values())), axis=0)
    query /= np.linalg.norm(query) or 1.0
    near = [(item, float(vector @ query)) for item, vector in store.nearest(model, query, (limit + 1) * CANDIDATES)
            if item not in own]
    cases = store.item_cases([item for item, _ in near])
    out: dict[str, dict[str, Any]] = {}
    for item, score in near:
        other = cases.get(item)
        if other and other["initiative"] and other["id"] != case["id"] and other["id"] not in out:
            out[other["id"]] = {**other, "score": round(score, 5)}
    return list(out.values())[:limit]


def same_kind_elsewhere(store: ReadStore, case: dict[str, Any], limit: int = 10) -> list[dict[str, Any]]:
    """Cases of the same method type in other countries than this one's (none when it has no method type)."""
    from civicatlas.filters import CaseFilter

    methods = sorted({t["key"] for item in case["items"] for t in item.get("themes", {}).get("method_types", [])}
                     | {k for item in case["items"] for k in item.get("curated", {}).get("method_types", [])})
    if not methods:
        return []
    countries = case["mentions"]["countries"]
    chosen = CaseFilter.of(method_type=methods, exclude={"country": countries} if countries else None)
    return [c for c in store.page_cases(chosen, limit=limit + 1, sort="-updated")[0] if c["id"] != case["id"]][:limit]
