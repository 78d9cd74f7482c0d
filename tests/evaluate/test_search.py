from __future__ import annotations

import math

import pytest

from civicatlas.evaluate.search import score, wanted_cases
from civicatlas.store.sqlite import SQLiteStore


def test_score_at_k() -> None:
    got = score(["a", "b", "c"], {"b", "x"}, k=2)
    assert got["recall"] == 0.5 and got["reciprocal_rank"] == 0.5
    assert got["ndcg"] == pytest.approx((1 / math.log2(3)) / (1 + 1 / math.log2(3)))
    assert score(["a"], {"x"}, k=10) == {"recall": 0.0, "ndcg": 0.0, "reciprocal_rank": 0.0}


def test_a_judged_phrase_must_name_one_item(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "empty.db")
    with pytest.raises(ValueError, match="names 0 items"):
        wanted_cases(store, ["Eberswalde"])
