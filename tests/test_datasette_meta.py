"""The metadata works in a real Datasette, served on 127.0.0.1 and queried over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.export.conftest import build_example_db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> dict | list:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_datasette_serves_the_cases_with_the_metadata(tmp_path: Path) -> None:
    pytest.importorskip("datasette")
    db = build_example_db(tmp_path)
    meta = tmp_path / "metadata.json"
    made = subprocess.run([sys.executable, "-m", "civicatlas", "datasette-metadata", "--db", str(db), "-o", str(meta)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta), "--host",
                               "127.0.0.1", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                get(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"datasette exited: {server.stdout.read().decode()}")
                time.sleep(0.1)
        served = get(f"{base}/-/metadata.json")
        assert served["databases"]["atlas"]["tables"]["items"]["fts_table"] == "items_fts"
        cases = get(f"{base}/atlas/cases.json?_shape=array")
        assert {c["title"] for c in cases} >= {"Umeå kommun inför medborgarbudget", "Lund climate assembly"}
        found = get(f"{base}/atlas/items.json?_shape=array&_search=" + urllib.parse.quote("Bürgerrat"))
        assert [i["title"] for i in found] == ["Leipzig startet einen Bürgerrat"]
        faceted = get(f"{base}/atlas/mentions.json?_facet=type&_size=0")
        assert {f["value"] for f in faceted["facet_results"]["type"]["results"]} >= {"place", "amount"}
        table = get(f"{base}/atlas/cases.json?_size=0&_extra=facet_results")
        assert "languages" in json.dumps(table["facet_results"])  # the array facet from the metadata
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_metadata_needs_a_civicatlas_database(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "civicatlas", "datasette-metadata", "--db", str(tmp_path / "no.db")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "no such database" in result.stderr
