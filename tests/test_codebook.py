"""The codebook in docs/ is what the code writes today: regenerate it with `python -m civicatlas.codebook`."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas import codebook
from civicatlas.export.participedia import columns as participedia_columns
from civicatlas.export.tables import LONG, case_columns

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_codebook_is_up_to_date(tmp_path: Path) -> None:
    codebook.write(tmp_path)
    for name in ("CODEBOOK.md", "codebook.json"):
        assert (DOCS / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(encoding="utf-8"), (
            f"docs/{name} is out of date: run `python -m civicatlas.codebook`")


def test_every_column_of_every_export_is_described() -> None:
    book = codebook.build()
    assert [r["name"] for r in book["csv"]["cases.csv"]] == case_columns()
    for name, cols in LONG.items():
        assert [r["name"] for r in book["csv"][f"{name}.csv"]] == cols
    assert [r["name"] for r in book["participedia"]] == participedia_columns()
    assert all(r["meaning"] and r["type"] for rows in book["csv"].values() for r in rows)
    assert next(r for r in book["csv"]["cases.csv"] if r["name"] == "method_types_2")["vocabulary"] == (
        "Participedia method_types")


def test_a_column_without_a_meaning_is_an_error() -> None:
    with pytest.raises(KeyError, match="no meaning for 'mood'"):
        codebook.describe("mood", "text")
