from __future__ import annotations

from pathlib import Path

import numpy as np

from civicatlas.model import Item
from civicatlas.relevance import fit
from civicatlas.relevance.data import Example


def example(n: int, label: bool, source: str, group: str | None = None, kind: str = "full") -> Example:
    item = Item(id=f"i{n}", document_id="d", position=0, text="x")
    return Example(item, label, group or f"{source}:{n}", source, kind)


def test_folds_keep_a_group_together_and_do_not_change_between_runs() -> None:
    groups = [f"g{n // 3}" for n in range(300)]
    folds = fit.folds_of(groups)
    assert all(len({folds[n] for n in range(k, k + 3)}) == 1 for k in range(0, 300, 3))
    assert set(folds) == set(range(fit.FOLDS))
    assert (folds == fit.folds_of(groups)).all()


def test_classes_weigh_the_same_and_written_texts_more_than_one_case() -> None:
    rows = [example(n, True, "participedia") for n in range(90)] + [example(90, True, "seeds")]
    rows += [example(100 + n, False, "webpages") for n in range(20)] + [example(200, False, "written")]
    w = fit.weights_of(rows)
    y = np.array([r.label for r in rows])
    assert np.isclose(w[y].sum(), w[~y].sum())
    assert w[90] == 5 * w[0] and w[-1] == 3 * w[100]


def test_threshold_is_the_highest_that_keeps_the_recall_then_lowered_for_every_seed() -> None:
    rows = [example(n, True, "participedia") for n in range(100)]
    scores = np.linspace(0.3, 0.99, 100)  # 2% of the cases score under 0.32
    t = fit.choose_threshold(rows, scores)
    assert fit.measure(rows, scores, t).participedia_recall >= fit.RECALL
    assert fit.measure(rows, scores, t + 0.01).participedia_recall < fit.RECALL
    seeds = [*rows, example(100, True, "seeds"), example(101, True, "examples", kind="lead1")]
    assert fit.keeping_every_seed(seeds, np.append(scores, [0.5, 0.01]), t) == t  # a lead is no item: not kept
    lowered = fit.keeping_every_seed(seeds, np.append(scores, [0.255, 0.9]), t)
    assert lowered == 0.25 and fit.measure(seeds, np.append(scores, [0.255, 0.9]), lowered).seeds_examples_kept == 1


def test_measure_counts_a_page_once_whatever_its_number_of_items() -> None:
    rows = [example(n, False, "webpages", group="webpages:a") for n in range(3)]
    rows += [example(3, False, "webpages", group="webpages:b"), example(4, False, "webpages", "webpages:b", "lead1")]
    m = fit.measure(rows, np.array([0.9, 0.1, 0.1, 0.1, 0.95]), 0.5)
    assert m.webpage_pages_with_case == 0.5  # page a has one item over; b's lead is no item of the page
    assert m.webpage_items_kept == 0.25


def test_fitted_head_separates_what_it_learnt_from() -> None:
    rng = np.random.default_rng(0)
    centre = rng.normal(size=16)
    pos = centre + rng.normal(scale=0.8, size=(60, 16))
    neg = -centre + rng.normal(scale=0.8, size=(60, 16))
    vectors = np.vstack([pos, neg]).astype(np.float32)
    cues = np.zeros((120, 2), dtype=np.float32)
    rows = [example(n, True, "participedia") for n in range(60)]
    rows += [example(60 + n, False, "webpages") for n in range(60)]
    head, report = fit.fit_head("m@1", vectors, cues, rows)
    scores = head.score(vectors, cues)
    assert (scores[:60] >= head.threshold).mean() >= fit.RECALL
    assert (scores[60:] < head.threshold).mean() > 0.9
    assert report["C"] in fit.C_GRID and report["n"] == {"positives": 60, "negatives": 60}


def test_train_command_fits_and_writes_a_head(tiny_shared: tuple[Path, Path], tmp_path: Path) -> None:
    import json

    import typer
    from typer.testing import CliRunner

    from civicatlas import train
    from civicatlas.relevance import head

    shared, examples = tiny_shared
    app = typer.Typer()
    train.register(app)
    out = tmp_path / "head.npz"
    result = CliRunner().invoke(app, ["relevance", "--shared", str(shared), "--examples", str(examples),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    trained = head.load(out)
    assert trained is not None and trained.model == report["model"] and trained.threshold == report["threshold"]
    assert report["fitted_at_threshold"]["seeds_examples_kept"] == 1.0
    missing = CliRunner().invoke(app, ["relevance", "--shared", str(tmp_path / "nowhere"), "--out", str(out)])
    assert missing.exit_code == 2 and "not found" in missing.output
