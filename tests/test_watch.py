"""`watch`: sources checked again with conditional requests, a digest of what is new, and a killed run resumed."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.errors import InputError
from civicatlas.read.fetch import Fetcher
from civicatlas.watch import load_sources
from tests.conftest import EXAMPLES
from tests.read.server import Site
from tests.read.test_web import rss

PAGES = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".html", ".txt", ".md"))


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    for name in PAGES:
        s.page(f"/news/{name}", (EXAMPLES / name).read_bytes(), "text/html" if name.endswith(".html") else "text/plain")
    yield s
    s.close()


def fetcher() -> Fetcher:
    return Fetcher(allow_private=["127.0.0.1/32"], delay=0.0, robots=False)


def test_a_second_run_over_unchanged_sources_only_asks_and_adds_nothing(site: Site, tmp_path: Path) -> None:
    site.page("/feed.xml", rss(site, PAGES[:3]), "application/rss+xml")
    config = tmp_path / "sources.toml"
    config.write_text(f'[[source]]\nurl = "{site.url}/feed.xml"\nname = "News"\n', encoding="utf-8")
    atlas = Atlas(tmp_path / "a.db", enrichers=["language"])
    with fetcher() as f:
        first = atlas.watch(config, tmp_path / "digest", f)
    assert first["documents"] == 3 and not first["errors"] and first["since"] is None
    digest = json.loads((tmp_path / "digest" / "digest.json").read_text(encoding="utf-8"))
    assert len(digest["cases"]) == len(first["cases"]) > 0 and {c["status"] for c in digest["cases"]} == {"new"}
    (source,) = atlas.sources()
    assert (source["kind"], source["pages"], source["errors"], source["name"]) == ("feed", 3, 0, "News")

    site.log.clear()
    with fetcher() as f:
        second = atlas.watch(config, tmp_path / "digest", f)
    assert (second["documents"], second["new"], second["cases"]) == (0, 0, [])
    assert [p for p, _ in site.log] == ["/feed.xml"] and "if-none-match" in site.log[0][1]  # one small request

    site.page("/feed.xml", rss(site, PAGES[:4]), "application/rss+xml")  # one more entry
    site.log.clear()
    with fetcher() as f:
        third = atlas.watch(config, tmp_path / "digest", f)
    assert third["documents"] == 1 and third["unchanged"] == 3
    assert all("if-none-match" in h for p, h in site.log if p != f"/news/{PAGES[3]}")
    digest = json.loads((tmp_path / "digest" / "digest.json").read_text(encoding="utf-8"))
    assert digest["since"] is not None and {c["status"] for c in digest["cases"]} == {"new"}
    assert all(u.endswith(PAGES[3]) for c in digest["cases"] for u in c["sources"])
    assert (tmp_path / "digest" / "new.atom").read_bytes().startswith(b"<?xml")


def test_a_failing_source_is_recorded_and_the_others_go_on(site: Site, tmp_path: Path) -> None:
    site.page("/feed.xml", rss(site, PAGES[:1]), "application/rss+xml")
    config = tmp_path / "sources.toml"
    config.write_text(f'[[source]]\nurl = "{site.url}/gone.xml"\n\n[[source]]\nurl = "{site.url}/feed.xml"\n',
                      encoding="utf-8")
    atlas = Atlas(tmp_path / "a.db", enrichers=["language"])
    with fetcher() as f:
        summary = atlas.watch(config, None, f)
    assert summary["documents"] == 1 and summary["errors"] == [f"{site.url}/gone.xml: HTTP 404"]
    by_url = {s["url"]: s for s in atlas.sources()}
    assert by_url[f"{site.url}/gone.xml"]["last_error"] == f"{site.url}/gone.xml: HTTP 404"
    assert by_url[f"{site.url}/gone.xml"]["last_success"] is None
    assert by_url[f"{site.url}/feed.xml"]["last_success"] is not None


@pytest.mark.parametrize(("text", "reason"), [
    ("url = 'x'", "no sources"), ("[[source]]\nurl = 'ftp://x'\n", r"must be an http\(s\) URL"),
    ("[[", "not valid TOML"),
])
def test_bad_source_files_are_named_with_the_problem(tmp_path: Path, text: str, reason: str) -> None:
    config = tmp_path / "s.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        load_sources(config)


def test_a_killed_run_resumes_without_duplicates_or_gaps(tmp_path: Path) -> None:
    site = Site()
    try:
        names = [f"p{n:03}.html" for n in range(60)]
        for n, name in enumerate(names):
            site.page(f"/news/{name}", f"<html><body><h1>Medborgarråd nummer {n}</h1><p>Kommun {n} lottar {n} "
                                       f"invånare till ett råd om klimatet.</p></body></html>")
        site.page("/feed.xml", rss(site, names), "application/rss+xml")
        config = tmp_path / "sources.toml"
        config.write_text(f'[[source]]\nurl = "{site.url}/feed.xml"\n', encoding="utf-8")
        db = tmp_path / "a.db"
        args = [sys.executable, "-m", "civicatlas", "watch", str(config), "--db", str(db), "--once",
                "--enrichers", "language", "--allow-private", "--delay", "0.05", "--digest", str(tmp_path / "d")]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline:  # kill it once some pages are stored
            time.sleep(0.1)
            try:
                with sqlite3.connect(db) as con:
                    if con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 5:
                        break
            except sqlite3.Error:
                continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        result = subprocess.run(args, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT COUNT(*), COUNT(DISTINCT uri) FROM documents").fetchone() == (60, 60)
            assert con.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 60
        digest = json.loads((tmp_path / "d" / "digest.json").read_text(encoding="utf-8"))
        assert len(digest["cases"]) == 60  # the killed run never finished: its pages are in this digest too
    finally:
        site.close()
