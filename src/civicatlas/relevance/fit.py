"""Fitting the relevance head: logistic regression, regularisation and threshold by grouped cross-validation.

Folds keep every passage of one text (a Participedia case, a web page, a written text) together, so a lead
never predicts its own full text. C comes from a small grid by out-of-fold log-loss; the threshold is the
highest that keeps RECALL of the Participedia `dev` descriptions out of fold (missing an initiative costs more
than setting a page aside, which a curator can promote), lowered if needed so that the fitted head keeps every
item of the seeds and the examples (what the project promises to find). Reproducible: fixed folds,
deterministic solver.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from civicatlas.relevance.data import Example
from civicatlas.relevance.head import Head

C_GRID = (2.0, 8.0, 32.0, 128.0)
FOLDS = 5
RECALL = 0.98  # of Participedia `dev` descriptions, out of fold: the test target is 0.95, this leaves room
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)
# Seeds, examples and written texts are few but are what the tool reads: they weigh more than one case.
SOURCE_WEIGHT = {"seeds": 5.0, "examples": 5.0, "written": 3.0}


def folds_of(groups: Sequence[str]) -> np.ndarray:
    """Fold of each example from a hash of its group: stable across runs and machines."""
    return np.array([int(hashlib.sha1(g.encode()).hexdigest(), 16) % FOLDS for g in groups])


def weights_of(examples: Sequence[Example]) -> np.ndarray:
    """Source weights, then each class rescaled to the same total weight."""
    w = np.array([SOURCE_WEIGHT.get(e.source, 1.0) for e in examples])
    y = np.array([e.label for e in examples])
    for label in (True, False):
        w[y == label] *= len(y) / (2 * w[y == label].sum())
    return w


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=w)
    return model.coef_[0], float(model.intercept_[0])


def out_of_fold(x: np.ndarray, y: np.ndarray, w: np.ndarray, folds: np.ndarray, c: float) -> np.ndarray:
    scores = np.zeros(len(y))
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        coef, bias = _fit(x[tr], y[tr], w[tr], c)
        scores[te] = 1 / (1 + np.exp(-(x[te] @ coef + bias)))
    return scores


def log_loss(y: np.ndarray, p: np.ndarray, w: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-(w * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum() / w.sum())


@dataclass
class Measures:
    """What a threshold does out of fold: the share of initiatives kept and of web pages making a case."""

    participedia_recall: float
    seeds_examples_kept: float
    written_accuracy: float
    webpage_items_kept: float  # share of the parsed items of the web pages that would be cases
    webpage_pages_with_case: float  # share of web pages with at least one such item

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in self.__dict__.items()}


def measure(examples: Sequence[Example], scores: np.ndarray, threshold: float) -> Measures:
    full = [(e, s) for e, s in zip(examples, scores, strict=True) if e.kind == "full"]

    def share(rows: list[tuple[Example, float]], keep: bool = True) -> float:
        return float(np.mean([(s >= threshold) == keep for _, s in rows])) if rows else 0.0

    pages: dict[str, bool] = {}
    for e, s in full:
        if e.source == "webpages":
            pages[e.group] = pages.get(e.group, False) or s >= threshold
    written = [(e, s) for e, s in full if e.source == "written"]
    return Measures(
        participedia_recall=share([r for r in full if r[0].source == "participedia"]),
        seeds_examples_kept=share([r for r in full if r[0].source in ("seeds", "examples")]),
        written_accuracy=float(np.mean([(s >= threshold) == e.label for e, s in written])) if written else 0.0,
        webpage_items_kept=share([r for r in full if r[0].source == "webpages"]),
        webpage_pages_with_case=float(np.mean(list(pages.values()))) if pages else 0.0,
    )


def choose_threshold(examples: Sequence[Example], scores: np.ndarray) -> float:
    """The highest threshold keeping RECALL of Participedia's dev descriptions."""
    ok = [t for t in THRESHOLDS if measure(examples, scores, float(t)).participedia_recall >= RECALL]
    return float(max(ok)) if ok else float(THRESHOLDS[0])


def keeping_every_seed(examples: Sequence[Example], scores: np.ndarray, threshold: float) -> float:
    """`threshold`, or the highest grid step under the lowest score of a seed or example item if that is lower."""
    must = [s for e, s in zip(examples, scores, strict=True) if e.source in ("seeds", "examples") and e.kind == "full"]
    lowest = min(must, default=1.0)
    return threshold if lowest >= threshold else float(max((t for t in THRESHOLDS if t <= lowest),
                                                            default=THRESHOLDS[0]))


def fit_head(model: str, vectors: np.ndarray, cues: np.ndarray, examples: Sequence[Example]) -> tuple[Head, dict]:
    x = np.hstack([vectors, cues]).astype(np.float64)
    y = np.array([e.label for e in examples], dtype=float)
    w = weights_of(examples)
    folds = folds_of([e.group for e in examples])
    oof = {c: out_of_fold(x, y, w, folds, c) for c in C_GRID}
    losses = {c: log_loss(y, p, w) for c, p in oof.items()}
    c = min(losses, key=lambda k: losses[k])
    cv_threshold = choose_threshold(examples, oof[c])
    coef, bias = _fit(x, y, w, c)
    fitted = 1 / (1 + np.exp(-(x @ coef + bias)))
    threshold = keeping_every_seed(examples, fitted, cv_threshold)
    dim = vectors.shape[1]
    report: dict[str, Any] = {
        "C": c,
        "cv_log_loss_by_C": {str(k): round(v, 4) for k, v in losses.items()},
        "recall_target": RECALL,
        "cv_threshold": cv_threshold,
        "threshold": threshold,
        "cv_at_threshold": measure(examples, oof[c], threshold).as_dict(),
        "cv_by_threshold": {str(t): measure(examples, oof[c], t).as_dict() for t in (0.3, 0.5, 0.7, 0.9)},
        "fitted_at_threshold": measure(examples, fitted, threshold).as_dict(),
        "n": {"positives": int(y.sum()), "negatives": int(len(y) - y.sum())},
    }
    return Head(model, coef[:dim].astype(np.float32), coef[dim:].astype(np.float32), bias, threshold), report
