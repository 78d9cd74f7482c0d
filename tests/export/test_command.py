"""`civicatlas export` in a real subprocess: filters as options, metadata beside the file, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "civicatlas", *args], capture_output=True, text=True, timeout=300)


def test_export_with_filters_to_a_file(example_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "se.csv"
    done = run("export", "--db", str(example_db), "--format", "csv", "--country", "SE", "--year-from", "2023",
               "--has-coordinates", "--bom", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"1 cases written to {out}"
    meta = json.loads(Path(f"{out}.meta.json").read_text(encoding="utf-8"))
    assert meta["filters"] == {"country": ["SE"], "year_from": 2023, "has_coordinates": True}
    assert meta["records"] == 1 and out.read_text(encoding="utf-8-sig").count("\n") == 2


def test_a_bad_filter_or_format_is_one_error_line(example_db: Path, tmp_path: Path) -> None:
    bad = run("export", "--db", str(example_db), "--method-type", "poll")
    assert bad.returncode == 2 and bad.stdout == ""
    (line,) = bad.stderr.strip().splitlines()
    assert line.startswith("error: method_type: 'poll' is not a Participedia method_types key")
    unknown = run("export", "--db", str(example_db), "--format", "xlsx", "-o", str(tmp_path / "x"))
    assert unknown.returncode == 2 and "unknown export format 'xlsx'" in unknown.stderr
    folder = run("export", "--db", str(example_db), "--format", "csv", "--tables")
    assert folder.returncode == 2 and "give a folder" in folder.stderr
    unwritable = run("export", "--db", str(example_db), "-o", str(tmp_path / "missing" / "x.jsonl"))
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr
