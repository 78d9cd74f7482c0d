from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from civicatlas.evaluate.themes import evaluate, markdown, prf
from civicatlas.themes import cases


def test_prf_micro_macro_and_support() -> None:
    y = np.array([[1, 0], [1, 1], [0, 1]], dtype=bool)
    pred = np.array([[1, 1], [1, 0], [0, 1]], dtype=bool)
    r = prf(y, pred, ["a", "b"])
    assert r["per_label"]["a"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    assert r["per_label"]["b"]["precision"] == 0.5 and r["per_label"]["b"]["recall"] == 0.5
    assert r["micro_f1"] == 0.75 and r["macro_f1"] == 0.75


def test_evaluate_on_cases_written_here(tmp_path: Path) -> None:
    rows = [
        {
            "id": 1,
            "title_lowercased": "citizens' jury on health",
            "split": "test",
            "method_types": ["deliberative"],
            "description": "A citizens' jury of randomly selected residents deliberated on hospital services.",
        },
        {
            "id": 2,
            "title_lowercased": "participatory budget",
            "split": "test",
            "method_types": ["public"],
            "description": "Residents voted on how to spend part of the city budget.",
            "approaches": ["direct"],
        },
        {"id": 3, "title_lowercased": "x", "split": "dev", "method_types": ["protest"], "description": "A march."},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert [c.id for c in cases.load(path, "test", "approaches")] == [2]
    result = evaluate(path, "test")
    assert result["method_types"]["cases"] == 2 and result["approaches"]["cases"] == 1
    for system in ("trained", "zero_shot"):
        assert 0.0 <= result["method_types"][system]["micro_f1"] <= 1.0
    assert result["method_types"]["trained"]["per_label"]["deliberative"]["recall"] == 1.0
    assert "| method_types | 2 | trained |" in markdown(result)


def test_shared_cases_have_both_splits(shared: Path) -> None:
    path = shared / "eval" / "participedia" / "cases.jsonl"
    if not path.exists():
        pytest.skip("participedia cases absent")
    dev = cases.load(path, "dev", "method_types")
    assert len(dev) > 500 and all(c.split == "dev" for c in dev)
