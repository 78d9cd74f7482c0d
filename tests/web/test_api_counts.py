"""/api/v1/places, themes, actors, stats and export: counts and downloads for the same filters as the cases."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from civicatlas import Atlas
from tests.web.writable import Writable


def test_places_themes_actors_count_cases(client: TestClient) -> None:
    places = client.get("/api/v1/places", params={"country": "SE"}).json()["results"]
    assert {"value": "2702261", "label": "Kalmar", "count": 2} in places
    for place in places[:3]:
        cases = client.get("/api/v1/cases", params={"city": place["value"], "country": "SE"}).json()
        assert cases["meta"]["count"] == place["count"]
    themes = client.get("/api/v1/themes", params={"limit": 5}).json()["results"]
    assert len(themes) == 5 and all(":" in t["value"] for t in themes)
    assert [t["count"] for t in themes] == sorted((t["count"] for t in themes), reverse=True)
    actors = client.get("/api/v1/actors", params={"language": "sv"}).json()["results"]
    assert {"value": "Kalmar kommun", "label": None, "count": 2} in actors


def test_stats_add_up(client: TestClient) -> None:
    stats = client.get("/api/v1/stats").json()
    assert stats["cases"] == client.get("/api/v1/health").json()["cases"]
    assert sum(v["count"] for v in stats["by_language"]) >= stats["cases"]
    years = [v["value"] for v in stats["by_year"]]
    assert years == sorted(years)
    swedish = client.get("/api/v1/stats", params={"filter": "country:SE"}).json()
    first = swedish["by_country"][0]
    assert (first["value"], first["count"]) == ("SE", swedish["cases"]) and swedish["cases"] < stats["cases"]


def test_export_streams_the_filtered_cases(client: TestClient) -> None:
    count = client.get("/api/v1/cases", params={"country": "DE"}).json()["meta"]["count"]
    jsonl = client.get("/api/v1/export", params={"format": "jsonl", "country": "DE"})
    assert jsonl.status_code == 200 and jsonl.headers["content-type"].startswith("application/x-ndjson")
    lines = jsonl.text.splitlines()
    assert json.loads(lines[0])["metadata"]["filters"] == {"country": ["DE"]} and len(lines) == count + 1
    table = client.get("/api/v1/export", params={"format": "csv", "filter": "country:DE"})
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert len(rows) == count and {r["id"] for r in rows} == {json.loads(line)["id"] for line in lines[1:]}
    assert client.get("/api/v1/export", params={"format": "parquet"}).status_code == 400


def test_kept_counts_and_hits_are_counted_again_after_a_change(writable: Writable, tmp_path: Path) -> None:
    client = writable.client()

    def seen() -> tuple[int, int, int, int]:
        listing = client.get("/api/v1/cases", params={"group_by": "language"}).json()
        swedish = {v["value"]: v["count"] for v in listing["group_by"]["language"]}.get("sv", 0)
        found = client.get("/api/v1/cases", params={"q": "Quokkaby"}).json()["meta"]["count"]
        return listing["meta"]["count"], swedish, found, client.get("/api/v1/stats").json()["cases"]

    before = seen()
    assert seen() == before and before[2] == 0
    page = tmp_path / "new.txt"
    page.write_text("Quokkaby kommun inför en medborgarbudget där invånarna själva röstar om hur pengarna används.\n",
                    encoding="utf-8")
    with Atlas(writable.db, enrichers=["language"]) as atlas:  # another connection, as another process would
        assert atlas.ingest([str(page)]).new == 1
    assert seen() == (before[0] + 1, before[1] + 1, 1, before[3] + 1)


def test_facet_counts_come_from_the_server_index_and_follow_changes(writable: Writable, tmp_path: Path,
                                                                    monkeypatch) -> None:
    from civicatlas.store.sqlite import SQLiteStore
    from civicatlas.web.app import Settings, create_app

    app = create_app(Settings(writable.db))
    index = app.state.facet_counts
    with Atlas(writable.db) as atlas:
        version = atlas.store.data_version()
    with TestClient(app) as client:  # starting the application builds the index, before any request
        assert index.index is not None and index.index.version == version
        before = client.get("/api/v1/stats").json()
        monkeypatch.setattr(SQLiteStore, "facets", lambda *a, **k: pytest.fail("the store counted"))
        monkeypatch.setattr(SQLiteStore, "count_cases", lambda *a, **k: pytest.fail("the store counted"))
        swedish = client.get("/api/v1/cases", params={"group_by": "country,year", "language": "sv"}).json()
        languages = {v["value"]: v["count"] for v in before["by_language"]}
        assert swedish["group_by"]["country"] and swedish["meta"]["count"] == languages["sv"] > 0
        assert client.get("/overview").status_code == 200
        monkeypatch.undo()
        page = tmp_path / "new.txt"
        page.write_text("Quokkaby kommun inför en medborgarbudget där invånarna själva röstar om hur pengarna "
                        "används.\n", encoding="utf-8")
        with Atlas(writable.db, enrichers=["language"]) as atlas:  # another connection, as another process would
            assert atlas.ingest([str(page)]).new == 1
            version = atlas.store.data_version()
        after = client.get("/api/v1/stats").json()  # counted by the store, while the index is built again
        assert {v["value"]: v["count"] for v in after["by_language"]}["sv"] == languages["sv"] + 1
        deadline = time.monotonic() + 30
        while index.index.version != version:
            assert time.monotonic() < deadline, "the facet index was not built again"
            time.sleep(0.05)
        with Atlas(writable.db) as atlas:
            fields = ["country", "language", "year", "general_issue", "place"]
            assert index.index.facets(None, fields) == atlas.store.facets(None, fields)


def test_the_server_prepares_the_search_indexes_before_the_first_request(writable: Writable, monkeypatch) -> None:
    # thresholds as at scale, for the examples' 38 items: the word index and the vector graph are built at start
    from civicatlas.store import ann, word_index
    from civicatlas.web.app import Settings, create_app

    monkeypatch.setattr(word_index, "RANKED_ABOVE", 1)
    monkeypatch.setattr(ann, "EXACT_BELOW", 10)
    monkeypatch.setattr(ann, "FOLD_AT", 10)
    db = Path(writable.db)
    assert not list(db.parent.glob(f"{db.name}-ann-*")) and not list(db.parent.glob(f"{db.name}-words-*"))
    with TestClient(create_app(Settings(writable.db))) as client:
        graph, = db.parent.glob(f"{db.name}-ann-*.usearch")
        words, = db.parent.glob(f"{db.name}-words-*")
        built = graph.stat().st_mtime_ns, (words / "meta.json").stat().st_mtime_ns
        hits = client.get("/api/v1/cases", params={"q": "budget participatif", "by": "both"}).json()["results"]
        assert hits and any("words" in h["matched"] for h in hits)
        assert (graph.stat().st_mtime_ns, (words / "meta.json").stat().st_mtime_ns) == built  # used, not built again
