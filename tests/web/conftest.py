from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from civicatlas import Atlas
from civicatlas.web.app import Settings, create_app
from tests.conftest import EXAMPLES
from tests.web.writable import Writable, writable_copy


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


@pytest.fixture
def writable(examples_db: str, tmp_path: Path) -> Writable:
    """A copy of the examples database for a test that writes, with tokens: curator ana, admin root, revoked old."""
    return writable_copy(examples_db, tmp_path)
