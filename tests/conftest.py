from __future__ import annotations

import json
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
