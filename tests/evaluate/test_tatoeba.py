from __future__ import annotations

from pathlib import Path

import numpy as np

from civicatlas.evaluate.tatoeba import evaluate, markdown, pairs, retrieval_accuracy


def test_retrieval_accuracy() -> None:
    a = np.eye(3, dtype=np.float32)
    assert retrieval_accuracy(a, a) == 1.0
    assert retrieval_accuracy(a, a[[1, 0, 2]]) == 1 / 3


def test_evaluate_small_pair_written_here(tmp_path: Path) -> None:
    (tmp_path / "swe-eng.swe").write_text(
        "Katten sover.\nVi åker tåg till Malmö.\nJag gillar kaffe.\n", encoding="utf-8"
    )
    (tmp_path / "swe-eng.eng").write_text(
        "The cat is sleeping.\nWe take the train to Malmö.\nI like coffee.\n", encoding="utf-8"
    )
    (tmp_path / "deu-eng.eng").write_text("orphan\n", encoding="utf-8")  # no deu side: not a pair
    assert pairs(tmp_path) == ["swe"]
    result = evaluate(tmp_path)
    row = result["pairs"]["swe"]
    assert row["n"] == 3 and row["to_en"] == 1.0 and row["published_to_en"] == 0.9
    assert "| swe-eng | 3 | 1.000 |" in markdown(result)
