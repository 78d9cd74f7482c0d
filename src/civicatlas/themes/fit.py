"""Fitting the theme heads: logistic regression per label, regularisation and thresholds from dev only.

Everything is chosen by 5-fold cross-validation inside the given (dev) cases with fixed seeds, so
`civicatlas train themes` is reproducible: C from a small grid by out-of-fold micro-F1, then the weight
of the nearest-cases vote (heads.neighbour_vote) blended into the regression's probabilities, then one
global threshold, then per-label thresholds by coordinate ascent on out-of-fold micro-F1 (a label keeps
the global threshold unless moving it helps the whole vocabulary, which stops rare labels from flooding).
The blend and thresholds are chosen on the out-of-fold predictions of REPEATS different fold splits
together: with one split, thresholds follow the accidents of that split (a few cases move F1 by points).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civicatlas.themes.heads import Head, neighbour_vote

C_GRID = (2.0, 8.0, 32.0)
THRESHOLDS = np.round(np.arange(0.1, 0.91, 0.05), 2)
BLENDS = (0.0, 0.25, 0.5, 0.75)
FOLDS = 5
REPEATS = 3
SEED = 0


def micro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((y & pred).sum())
    denom = float(y.sum() + pred.sum())
    return 2 * tp / denom if denom else 0.0


def decide(proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Labels over threshold, and always the best one relative to its threshold (labelled cases have one)."""
    pred = proba >= thresholds
    pred[np.arange(len(proba)), np.argmax(proba / thresholds, axis=1)] = True
    return pred


def _fit_matrix(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    w = np.zeros((y.shape[1], x.shape[1]), dtype=np.float32)
    b = np.full(y.shape[1], -10.0, dtype=np.float32)  # a label never seen stays off
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            model = LogisticRegression(C=c, max_iter=3000).fit(x, y[:, j])
            w[j], b[j] = model.coef_[0], model.intercept_[0]
    return w, b


def _folds(n: int, repeat: int = 0) -> np.ndarray:
    return np.random.default_rng(SEED + repeat).permutation(n) % FOLDS


def out_of_fold(x: np.ndarray, y: np.ndarray, c: float, repeat: int = 0) -> np.ndarray:
    folds = _folds(len(x), repeat)
    proba = np.zeros(y.shape, dtype=np.float32)
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        w, b = _fit_matrix(x[tr], y[tr], c)
        proba[te] = 1 / (1 + np.exp(-(x[te] @ w.T + b)))
    return proba


def neighbours_out_of_fold(x: np.ndarray, y: np.ndarray, repeat: int = 0) -> np.ndarray:
    folds = _folds(len(x), repeat)
    votes = np.zeros(y.shape, dtype=np.float32)
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        votes[te] = neighbour_vote(x[te], x[tr], y[tr])
    return votes


def _best_global(y: np.ndarray, proba: np.ndarray) -> float:
    return max(micro_f1(y, decide(proba, np.full(y.shape[1], t))) for t in THRESHOLDS)


def tune_thresholds(y: np.ndarray, proba: np.ndarray) -> np.ndarray:
    best_t = max(THRESHOLDS, key=lambda t: micro_f1(y, decide(proba, np.full(y.shape[1], t))))
    th = np.full(y.shape[1], best_t, dtype=np.float32)
    for _ in range(2):
        for j in range(y.shape[1]):

            def score(t: float, j: int = j) -> float:
                trial = th.copy()
                trial[j] = t
                return micro_f1(y, decide(proba, trial))

            th[j] = max(THRESHOLDS, key=lambda t: (score(t), -abs(t - best_t)))
    return th


def fit_head(vocabulary: str, keys: Sequence[str], x: np.ndarray, y: np.ndarray) -> tuple[Head, dict]:
    """A trained head and a report of the cross-validated choices (for the record in the .npz)."""
    oof = {c: out_of_fold(x, y, c) for c in C_GRID}
    scores = {c: micro_f1(y, decide(p, np.full(y.shape[1], 0.3))) for c, p in oof.items()}
    c = max(scores, key=lambda k: scores[k])
    regression = [oof[c]] + [out_of_fold(x, y, c, r) for r in range(1, REPEATS)]
    votes = [neighbours_out_of_fold(x, y, r) for r in range(REPEATS)]
    ys = np.vstack([y] * REPEATS)  # each split's predictions are rows of their own
    blended = {a: np.vstack([(1 - a) * p + a * v for p, v in zip(regression, votes, strict=True)]) for a in BLENDS}
    by_blend = {a: _best_global(ys, p) for a, p in blended.items()}
    blend = max(BLENDS, key=lambda a: (round(by_blend[a], 4), -a))  # ties: the plainer model
    th = tune_thresholds(ys, blended[blend])
    w, b = _fit_matrix(x, y, c)
    report = {
        "C": c,
        "cv_micro_f1_by_C": {str(k): round(v, 4) for k, v in scores.items()},
        "neighbour_blend": blend,
        "cv_micro_f1_by_blend": {str(k): round(v, 4) for k, v in by_blend.items()},
        "cv_micro_f1_tuned": round(micro_f1(ys, decide(blended[blend], th)), 4),
        "thresholds": {k: round(float(t), 2) for k, t in zip(keys, th, strict=True)},
        "n": int(len(x)),
    }
    memory = np.asarray(x, dtype=np.float32) if blend else None
    return Head(vocabulary, list(keys), w, b, th, memory, y.astype(bool) if blend else None, blend), report
