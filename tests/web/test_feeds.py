"""/feeds/new.atom: the explorer's live digest."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_lists_recent_initiatives_newest_first_with_links_to_their_pages(client: TestClient) -> None:
    response = client.get("/feeds/new.atom")
    assert response.status_code == 200 and response.headers["content-type"] == "application/atom+xml"
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == client.get("/api/v1/health").json()["cases"]
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    first = entries[0]
    case_id = first.find(f"{ATOM}id").text.rsplit(":", 1)[1]
    assert first.find(f"{ATOM}link[@rel='alternate']").get("href") == f"http://testserver/cases/{case_id}"


def test_a_window_in_the_future_is_empty_and_a_bad_time_is_a_problem(client: TestClient) -> None:
    later = ET.fromstring(client.get("/feeds/new.atom", params={"since": "2999-01-01T00:00:00+00:00"}).content)
    assert later.findall(f"{ATOM}entry") == []
    bad = client.get("/feeds/new.atom", params={"since": "yesterday"})
    assert bad.status_code == 400 and "since='yesterday'" in bad.json()["detail"]
