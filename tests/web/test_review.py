"""The review queue's API: what a curator should look at first, with evidence, and one-click verdicts stored as
human decisions."""

from __future__ import annotations

from civicatlas import Atlas
from civicatlas.web.auth import CSRF_HEADER
from tests.web.writable import Writable, bearer


def _queue(writable: Writable) -> list[dict]:
    r = writable.client().get("/api/v1/review", params={"limit": 100})
    assert r.status_code == 200
    return r.json()["entries"]


def test_the_queue_has_each_kind_with_its_evidence(writable: Writable) -> None:
    entries = _queue(writable)
    kinds = [e["kind"] for e in entries]
    assert {"merge", "place", "country"} <= set(kinds)
    assert kinds == sorted(kinds, key=["merge", "place", "amount", "country"].index)  # uncertain merges first
    merge = next(e for e in entries if e["kind"] == "merge")
    assert merge["score"] < 0.95 and merge["evidence"]["reason"] in ("near", "semantic", "crosslingual")
    assert merge["evidence"]["matched"] and merge["title"]
    place = next(e for e in entries if e["kind"] == "place")
    evidence = place["evidence"]
    assert place["score"] < 0.6 and evidence["text"] in evidence["context"]
    assert place["id"] == f"{place['item']}:{evidence['field']}:{evidence['start']}"
    country = next(e for e in entries if e["kind"] == "country")
    assert country["id"] == country["case"] and country["evidence"] == {"countries": []}
    assert len(writable.client().get("/api/v1/review?limit=1").json()["entries"]) == 1


def test_verdicts_take_entries_out_of_the_queue_and_are_audited(writable: Writable) -> None:
    entries = _queue(writable)
    client = writable.client()
    merge = next(e for e in entries if e["kind"] == "merge")
    place = next(e for e in entries if e["kind"] == "place")
    country = next(e for e in entries if e["kind"] == "country")
    rejected = client.post(f"/api/v1/review/merge/{merge['id']}/reject", headers=bearer(writable.curator))
    assert rejected.status_code == 200 and rejected.json()["new_case"] != merge["case"]
    accepted = client.post(f"/api/v1/review/place/{place['id']}/accept", headers=bearer(writable.curator))
    assert accepted.status_code == 200
    assert client.post(f"/api/v1/review/country/{country['id']}/accept",
                       headers=bearer(writable.admin)).status_code == 200
    left = {(e["kind"], e["id"]) for e in _queue(writable)}
    assert not left & {("merge", merge["id"]), ("place", place["id"]), ("country", country["id"])}
    with Atlas(writable.db) as atlas:
        atlas.resolve()
        assert atlas.store.case_of_items([merge["item"]])[merge["item"]] == rejected.json()["new_case"]
        log = [(e["actor"], e["action"], e["target"]) for e in atlas.audit()]
    assert log[:2] == [("root", "review", country["id"]), ("ana", "review", place["id"])]
    assert ("ana", "split", merge["case"]) in log


def test_accepting_a_merge_keeps_it_for_good(writable: Writable) -> None:
    merge = next(e for e in _queue(writable) if e["kind"] == "merge")
    r = writable.client().post(f"/api/v1/review/merge/{merge['id']}/accept", headers=bearer(writable.curator))
    assert r.status_code == 200 and r.json()["case"] == merge["case"]
    with Atlas(writable.db) as atlas:
        assert any(kind == "merge" and merge["item"] in (a, b) for kind, a, b in atlas.store.decisions())


def test_verdicts_need_a_curator_and_with_a_cookie_the_csrf_token(writable: Writable) -> None:
    country = next(e for e in _queue(writable) if e["kind"] == "country")
    url = f"/api/v1/review/country/{country['id']}/reject"
    client = writable.client()
    assert client.post(url).status_code == 401
    assert client.post(url, headers=bearer(writable.revoked)).status_code == 401
    csrf = client.post("/signin", json={"token": writable.curator}).json()["csrf_token"]
    assert client.post(url).status_code == 403
    assert client.post(url, data={"csrf_token": csrf}).status_code == 200  # the explorer's one-click form
    assert client.post(url, headers={CSRF_HEADER: csrf}).status_code == 200  # deciding again changes the verdict


def test_a_bad_limit_is_400(writable: Writable) -> None:
    for limit in ("0", "501", "many"):
        r = writable.client().get(f"/api/v1/review?limit={limit}")
        assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
