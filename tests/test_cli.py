"""The `civicatlas` command end to end, in a real subprocess: exit codes, summaries, the extract contract."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CONTRACT = ["id", "document", "title", "text", "language", "places", "countries", "amounts", "counts", "years",
            "actors", "themes"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "civicatlas", *args], input=stdin, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "COLUMNS": "60"})  # narrow: errors must stay one line


def test_ingest_reports_each_bad_input_and_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "de_preistraeger_2024.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    data = gzip.compress(b"<html><body>" + b"<p>Ein Satz.</p>" * 500 + b"</body></html>")
    (inputs / "cut.html.gz").write_bytes(data[: len(data) // 2])
    db = tmp_path / "a.db"
    result = run("ingest", str(inputs), str(tmp_path / "missing.html"), "--db", str(db), "--enrichers", "language")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("photo.jpg: binary file: JPEG image" in e for e in errors)
    assert any("cut.html.gz: truncated gzip stream" in e for e in errors)
    assert any("missing.html: no such file or directory" in e for e in errors)
    assert "documents: 1, items: 10, new: 10, updated: 0, removed: 0, skipped: 0, errors: 4" in result.stderr
    again = run("ingest", str(inputs / "de_preistraeger_2024.txt"), "--db", str(db), "--enrichers", "language")
    assert again.returncode == 0
    assert "documents: 0, items: 0, new: 0, updated: 0, removed: 0, skipped: 1, errors: 0" in again.stderr


def test_missing_encoder_backend_is_one_clear_error() -> None:
    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("sentence-transformers is installed here")
    result = run("extract", "-", "--input-format", "jsonl", "--encoder", "st:intfloat/multilingual-e5-small",
                 stdin='{"id": "1", "text": "Umeå inför medborgarbudget."}\n')
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line == ("error: cannot set up the enrichers: the st: encoder needs `pip install civicatlas[st]` "
                    "(sentence-transformers)")


def test_export_show_stats(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    page = str(EXAMPLES / "sv_en_nyheter_demokrati.html")
    assert run("ingest", page, "--db", str(db), "--enrichers", "language").returncode == 0
    header, *cases = [json.loads(line) for line in run("export", "--db", str(db)).stdout.splitlines()]
    assert header["metadata"]["records"] == len(cases) == 5
    assert {c["languages"][0] for c in cases} == {"sv", "en"}
    first = cases[0]
    assert first["sources"][0]["uri"].endswith("sv_en_nyheter_demokrati.html")
    assert first["items"][0]["credits"] == [{"text": "Foto: Anna Berg", "name": "Anna Berg"}]
    shown = json.loads(run("show", first["id"], "--db", str(db)).stdout)
    assert shown["kind"] == "case" and shown["id"] == first["id"]
    item = json.loads(run("show", first["items"][0]["id"], "--db", str(db)).stdout)
    assert item["kind"] == "item" and item["title"] == first["title"]
    stats = json.loads(run("stats", "--db", str(db)).stdout)
    assert (stats["documents"], stats["items"], stats["cases"]) == (1, 5, 5)
    csv_out = run("export", "--db", str(db), "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,title,summary") and len(csv_out) >= 6
    missing = run("show", "c0000", "--db", str(db))
    assert missing.returncode == 1 and "c0000: no case, item or document" in missing.stderr
    assert run("stats", "--db", str(tmp_path / "nope.db")).returncode == 2


def test_errors_are_one_line_with_their_exit_code(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert run("ingest", str(EXAMPLES / "de_preistraeger_2024.txt"), "--db", str(db), "--enrichers", "language"
               ).returncode == 0
    unknown = run("merge", "c0000", "c0001", "--db", str(db))  # NotFound
    assert unknown.returncode == 1 and unknown.stderr == "error: c0000: no case or item with this id\n"
    target = tmp_path / "missing" / "metadata.json"  # OutputError
    unwritable = run("datasette-metadata", "--db", str(db), "-o", str(target))
    assert unwritable.returncode == 2 and unwritable.stderr.startswith(f"error: {target}: cannot write: ")
    every = run("watch", "sources.toml", "--db", str(db), "--every", "soon")  # ConfigError
    assert every.returncode == 2 and every.stderr.startswith("error: --every 'soon': write a number and a unit")
    for result in (unknown, unwritable, every):
        assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


def test_extract_writes_the_contract_without_a_database(tmp_path: Path) -> None:
    result = run("extract", str(EXAMPLES / "de_preistraeger_2024.txt"), "--enrichers", "language")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 10
    for r in records:
        assert list(r)[:4] == CONTRACT[:4] and set(CONTRACT) <= set(r)
        assert r["document"] == "de_preistraeger_2024.txt" and r["language"] == "de"
    assert not list(tmp_path.iterdir())


def test_extract_jsonl_keeps_ids_and_text_exactly() -> None:
    lines = [
        {"id": "a-1", "text": "  Umeå kommun inför medborgarbudget.\n"},
        {"id": 7, "text": "Leipzig startet einen Bürgerrat.", "language": "de"},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n{\"id\": 3}\n"
    result = run("extract", "-", "--input-format", "jsonl", "--enrichers", "language", stdin=stdin)
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["a-1", "7"]
    assert out[0]["text"] == lines[0]["text"] and out[0]["language"] == "sv"
    assert out[1]["language"] == "de"
    assert "<stdin>:3: invalid record" in result.stderr and "<stdin>:4: invalid record" in result.stderr


# An enricher with a bug that only one record triggers, registered before the real CLI runs
FRAGILE = """
import sys
from civicatlas.enrich import register

class Fragile:
    name, version = "fragile", "1"

    def __call__(self, items):
        for item in items:
            if "1.623,427.54" in item.text:
                raise ValueError("could not convert string to float: '1.623427.54'")
            item.title = item.title or "read"

register("fragile")(Fragile)
from civicatlas.cli import main
sys.argv[0] = "civicatlas"
main()
"""


def run_fragile(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", FRAGILE, *args], input=stdin, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "COLUMNS": "60"})


def test_an_enricher_failing_on_one_record_loses_nothing_else() -> None:
    lines = [json.dumps({"id": f"a{n}", "text": f"Umeå gives {n} million kronor to youth councils."}) for n in range(5)]
    lines.insert(2, json.dumps({"id": "typo", "text": "Umeå paid $1.623,427.54 for the youth council."}))
    result = run_fragile("extract", "-", "--input-format", "jsonl", "--enrichers", "language,fragile,places",
                         stdin="\n".join(lines) + "\n")
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a0", "a1", "typo", "a2", "a3", "a4"]  # every record, in order
    assert all(r["places"] and r["language"] == "en" for r in records)  # the others' work is kept, for all
    assert [r["title"] for r in records] == ["read", "read", None, "read", "read", "read"]
    assert result.stderr.splitlines() == [
        "error: <stdin>:3 (id typo): enricher fragile: ValueError: could not convert string to float: '1.623427.54'"]


def test_ingest_goes_on_past_an_enricher_failure(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Umeå inför ett ungdomsråd.\nVäxjö startar ett medborgarråd.\n", encoding="utf-8")
    (inputs / "b.txt").write_text("Umeå paid $1.623,427.54 for a youth council in 2024.\n", encoding="utf-8")
    db = str(tmp_path / "a.db")
    result = run_fragile("ingest", str(inputs), "--db", db, "--enrichers", "language,fragile")
    assert result.returncode == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error.startswith(f"error: {inputs / 'b.txt'} (item i") and error.endswith("enricher fragile: ValueError: "
                                                                                    "could not convert string to "
                                                                                    "float: '1.623427.54'")
    assert "documents: 2, items: 2" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(run("stats", "--db", db).stdout)["items"] == 2


def test_extract_jsonl_bad_lines_are_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Ume\\u00e5 a\\ud800b"}\n'  # a lone surrogate, escaped as JSON allows
                     b'{"id": "b", "text": "ok", "title": 5}\n'
                     b'{"id": "c", "text": "caf\xe9"}\n'  # Latin-1 in a UTF-8 stream
                     b'not json\n'
                     b'{"id": "d", "text": "Ume\xc3\xa5 startar ett ungdomsr\xc3\xa5d."}\n')
    result = run("extract", str(path), "--input-format", "jsonl", "--enrichers", "language")
    assert result.returncode == 1
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["Umeå a\ufffdb",
                                                                                  "Umeå startar ett ungdomsråd."]
    lines = result.stderr.splitlines()
    assert lines[0] == f'warning: {path}:1: lone surrogates in "text" replaced by U+FFFD'
    assert lines[1] == f'error: {path}:2: invalid record: "title" must be a string or null'
    assert lines[2].startswith(f"error: {path}:3: invalid record: 'utf-8' codec can't decode byte 0xe9")
    assert lines[3].startswith(f"error: {path}:4: invalid record: Expecting value") and len(lines) == 4


def test_only_civicatlas_speaks_on_stderr() -> None:
    # Norwegian makes wordfreq log its nearest-language fallback; the user sees none of the libraries' chatter
    record = {"id": "n1", "text": "Kommunen i Bergen gir 2 millioner kroner til et ungdomsråd der ungdommer "
                                  "bestemmer over budsjettet."}
    result = run("extract", "-", "--input-format", "jsonl", stdin=json.dumps(record) + "\n")
    assert result.returncode == 0 and json.loads(result.stdout)["language"] == "no"
    assert result.stderr == ""


def test_kill_mid_ingest_leaves_a_consistent_store(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(300):
        (corpus / f"p{n:03}.html").write_text(
            f"<html><body><h1>Medborgarråd nummer {n}</h1><p>Kommun {n} lottar {n} invånare till ett råd om "
            f"klimatet och budgeten.</p><p>Rådet möts {n % 7 + 1} gånger.</p></body></html>", encoding="utf-8")
    db = tmp_path / "a.db"
    proc = subprocess.Popen([sys.executable, "-m", "civicatlas", "ingest", str(corpus), "--db", str(db),
                             "--enrichers", "language"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:  # wait until some documents are in, then kill without warning
        time.sleep(0.2)
        try:
            with sqlite3.connect(db) as con:
                if con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 20:
                    break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs, items = con.execute("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM items)").fetchone()
        assert 20 <= docs < 300 and items == docs  # every stored document has its item: none half-written
    result = run("ingest", str(corpus), "--db", str(db), "--enrichers", "language")
    assert result.returncode == 0 and f"skipped: {docs}" in result.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 300


def test_set_aside_items_need_all_and_promote_brings_one_back(tmp_path: Path) -> None:
    from tests.test_atlas import PAGE

    db, page = str(tmp_path / "a.db"), tmp_path / "news.md"
    page.write_text(PAGE.format(minutes=55), encoding="utf-8")
    assert run("ingest", str(page), "--db", db, "--enrichers", "language,embed,relevance").returncode == 0
    assert json.loads(run("stats", "--db", db).stdout)["cases"] == 1
    assert json.loads(run("stats", "--db", db, "--all").stdout)["cases"] == 3
    _, *cases = [json.loads(line) for line in run("export", "--db", db, "--all").stdout.splitlines()]  # metadata first
    aside = [c for c in cases if not c["initiative"]]
    assert len(cases) == 3 and len(aside) == 2
    assert len(run("export", "--db", db).stdout.splitlines()) == 2
    listed, every = run("cases", "--db", db).stdout, run("cases", "--db", db, "--all").stdout  # ids get cut: titles
    assert "Banana" not in listed and "Derby" not in listed and "Banana" in every and "Derby" in every
    assert "0 cases" in run("search", "bananas", "--db", db, "--by", "words").stdout
    assert "Banana" in run("search", "bananas", "--db", db, "--by", "words", "--all").stdout
    item = aside[0]["items"][0]["id"]
    promoted = run("promote", item, "--db", db)
    assert promoted.returncode == 0 and json.loads(promoted.stdout) == {"item": item, "case": aside[0]["id"]}
    assert json.loads(run("stats", "--db", db).stdout)["cases"] == 2
    unknown = run("promote", "i0000", "--db", db)
    assert unknown.returncode == 1 and "i0000: no item with this id" in unknown.stderr


def test_token_create_prints_the_secret_once_list_never_and_revoke_refuses_it(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    created = run("token", "create", "ana", "--role", "admin", "--db", db)
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert secret.startswith("ca_") and "cannot be shown again" in created.stderr
    listed = run("token", "list", "--db", db)
    assert listed.returncode == 0 and "ana" in listed.stdout and "admin" in listed.stdout
    assert secret not in listed.stdout
    assert run("token", "revoke", "ana", "--db", db).returncode == 0
    missing = run("token", "revoke", "bo", "--db", db)
    assert missing.returncode == 1 and missing.stderr.startswith("error: bo: no token")
    bad = run("token", "create", "bo", "--role", "owner", "--db", db)
    assert bad.returncode == 2 and "unknown role" in bad.stderr
