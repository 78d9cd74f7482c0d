"""/api/v1/cases on the examples: filters, pages, facets, a case whole, ETags, merged-away ids, similar cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from civicatlas import Atlas
from civicatlas.filters import CaseFilter
from civicatlas.web.app import Settings, create_app


def _problem(response, status: int, words: str) -> None:
    assert response.status_code == status and response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status and words in response.json()["detail"]


def test_pages_walk_every_case_exactly_once(client: TestClient, examples_db: str) -> None:
    with Atlas(examples_db) as atlas:
        everything = {c["id"] for c in atlas.cases()}
    for sort in ("created", "-updated"):
        seen: list[str] = []
        url = f"/api/v1/cases?limit=7&sort={sort}"
        while url:
            page = client.get(url)
            assert page.status_code == 200
            body = page.json()
            seen += [c["id"] for c in body["results"]]
            assert body["meta"]["count"] == len(everything)
            link = page.headers.get("link")
            assert (link is None) == (body["meta"]["next_cursor"] is None)
            url = link.split(">")[0].lstrip("<") if link else None
        assert len(seen) == len(set(seen)) and set(seen) == everything


def test_filters_in_both_syntaxes_agree_with_the_store(client: TestClient, examples_db: str) -> None:
    with Atlas(examples_db) as atlas:
        expected = atlas.store.count_cases(CaseFilter.of(country=["SE", "DE"], year_from=2020, year_to=2025,
                                                         exclude={"general_issue": ["housing"]}))
    assert 0 < expected
    one = client.get("/api/v1/cases", params={"filter": "country:SE|DE,year:2020-2025,general_issue:!housing"})
    other = client.get("/api/v1/cases", params={"country": "SE|DE", "year": "2020-2025", "general_issue": "!housing"})
    assert one.json()["meta"]["count"] == other.json()["meta"]["count"] == expected
    assert one.json()["meta"]["filters"]["exclude"] == {"general_issue": ["housing"]}
    near = client.get("/api/v1/cases", params={"filter": "bbox:10,50,20,60,near:2702261:100"}).json()
    assert near["meta"]["count"] >= 1 and all("SE" in c["countries"] for c in near["results"])


def test_group_by_counts_equal_filtered_counts(client: TestClient) -> None:
    body = client.get("/api/v1/cases", params={"group_by": "country,language,year", "limit": 1}).json()
    for field, values in body["group_by"].items():
        assert values
        for v in values[:3]:
            name, value = ("year", f"{v['value']}") if field == "year" else (field, v["value"])
            counted = client.get("/api/v1/cases", params={name: value, "limit": 1}).json()["meta"]["count"]
            assert counted == v["count"], (field, v)


def test_search_by_words_with_filters(client: TestClient) -> None:
    hits = client.get("/api/v1/cases", params={"q": "budget", "limit": 50}).json()["results"]
    assert hits and all(h["matched"] == ["words"] and h["snippet"] for h in hits)
    french = client.get("/api/v1/cases", params={"q": "budget", "language": "fr", "limit": 50}).json()["results"]
    assert 0 < len(french) < len(hits) and all("fr" in h["languages"] for h in french)


def test_every_bad_request_is_a_problem(client: TestClient) -> None:
    _problem(client.get("/api/v1/cases?filter=colour:red"), 400, "colour")
    _problem(client.get("/api/v1/cases?country=Sweden"), 400, "ISO 3166-1")
    _problem(client.get("/api/v1/cases?year=twenty"), 400, "year")
    _problem(client.get("/api/v1/cases?year=!2020"), 400, "cannot be negated")
    _problem(client.get("/api/v1/cases?country=SE&filter=country:DK"), 400, "given twice")
    _problem(client.get("/api/v1/cases?bbox=1,2,3"), 400, "bbox")
    _problem(client.get("/api/v1/cases?near=Kalmar:10"), 400, "near")
    _problem(client.get("/api/v1/cases?cursor=not-a-cursor"), 400, "cursor")
    _problem(client.get("/api/v1/cases?limit=1000"), 400, "limit")
    _problem(client.get("/api/v1/cases?group_by=colour"), 400, "colour")
    _problem(client.get("/api/v1/cases?sort=title"), 400, "sort")
    _problem(client.get("/api/v1/cases", params={"q": "x" * 1000}), 400, "q")
    _problem(client.get("/api/v1/cases/no-such-case"), 404, "no-such-case")
    _problem(client.get("/api/v1/cases/no-such-case/similar"), 404, "no-such-case")
    cursor = client.get("/api/v1/cases?limit=1").json()["meta"]["next_cursor"]
    _problem(client.get(f"/api/v1/cases?limit=1&sort=-updated&cursor={cursor}"), 400, "cursor")


def test_a_case_whole_with_evidence_and_an_etag(client: TestClient) -> None:
    listed = client.get("/api/v1/cases", params={"has_coordinates": "true", "limit": 1}).json()["results"][0]
    response = client.get(listed["url"])
    case = response.json()
    assert case["id"] == listed["id"] and case["items"] and case["sources"]
    place = case["mentions"]["places"][0]
    span = place["evidence"][0]
    item = next(i for i in case["items"] if i["id"] == span["item"])
    assert (item.get(span["field"]) or "")[span["start"]:span["end"]] == span["text"]
    etag = response.headers["etag"]
    again = client.get(listed["url"], headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and not again.content


def test_similar_cases_leave_the_case_out(client: TestClient) -> None:
    case = client.get("/api/v1/cases", params={"method_type": "deliberative", "limit": 1}).json()["results"][0]
    similar = client.get(f"/api/v1/cases/{case['id']}/similar", params={"limit": 5}).json()
    assert 0 < len(similar["similar"]) <= 5 and case["id"] not in {c["id"] for c in similar["similar"]}
    scores = [c["score"] for c in similar["similar"]]
    assert scores == sorted(scores, reverse=True)
    elsewhere = similar["same_kind_elsewhere"]
    assert elsewhere and not set(case["countries"]) & {c for e in elsewhere for c in e["countries"]}


@pytest.fixture
def merged(examples_db: str, tmp_path: Path) -> tuple[TestClient, str, str]:
    """A copy of the examples where one case was merged into another: (client, gone, kept)."""
    db = tmp_path / "merged.db"
    with Atlas(examples_db) as atlas:
        atlas.stats()  # the write-ahead log is checkpointed when the last connection closes
    shutil.copy(examples_db, db)
    with Atlas(str(db)) as atlas:
        kept, gone = [c["id"] for c in atlas.cases()][:2]
        assert atlas.merge(kept, gone) == kept
    return TestClient(create_app(Settings(str(db)))), gone, kept


def test_a_merged_away_case_redirects_to_the_case_holding_it(merged: tuple[TestClient, str, str]) -> None:
    client, gone, kept = merged
    response = client.get(f"/api/v1/cases/{gone}", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"].endswith(f"/api/v1/cases/{kept}")
    similar = client.get(f"/api/v1/cases/{gone}/similar", follow_redirects=False)
    assert similar.status_code == 308 and similar.headers["location"].endswith(f"/cases/{kept}/similar")
    assert client.get(f"/api/v1/cases/{gone}").json()["id"] == kept
    assert any(h["previous_case"] == gone for h in client.get(f"/api/v1/cases/{kept}").json()["history"])
