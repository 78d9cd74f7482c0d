from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from civicatlas import Atlas
from civicatlas.web.app import Settings, create_app
from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled examples, ingested once with the default pipeline (places, themes, vectors…)."""
    db = str(tmp_path_factory.mktemp("web") / "atlas.db")
    with Atlas(db) as atlas:
        assert atlas.ingest([str(EXAMPLES)]).errors == []
    return db


@pytest.fixture
def client(examples_db: str) -> TestClient:
    return TestClient(create_app(Settings(examples_db)))
