"""The write endpoints: ingest a document, merge, split, promote, correct; each audited with who and when, and
kept across re-ingest and re-resolution; every error a problem detail."""

from __future__ import annotations

import pytest

from civicatlas import Atlas
from civicatlas.web.api.documents import MAX_BYTES
from tests.web.writable import Writable, bearer

PROBLEM = "application/problem+json"
PAGE = {"url": "https://example.org/news/lund-office",
        "title": "Lund opens a citizens' office",
        "text": "The municipality of Lund in Sweden opens a citizens' office in every district in 2024. "
                "Residents can propose projects for a participatory budget of 2 million kronor.",
        "language": "en"}


def _single_cases(db: str, n: int = 2) -> list[dict]:
    with Atlas(db) as atlas:
        return [c for c in atlas.cases() if len(c["items"]) == 1][:n]


def test_post_a_document_as_json_then_again_unchanged(writable: Writable) -> None:
    client = writable.client()
    r = client.post("/api/v1/documents", json=PAGE, headers=bearer(writable.curator))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["stored"] and body["report"]["documents"] == 1 and body["cases"] and body["by"] == "ana"
    case = client.app.state.atlases.get().show(body["cases"][0])
    assert case["items"][0]["title"] == PAGE["title"] and case["items"][0]["language"] == "en"
    again = client.post("/api/v1/documents", json=PAGE, headers=bearer(writable.curator))
    assert again.status_code == 200 and not again.json()["stored"] and again.json()["report"]["skipped"] == 1
    with Atlas(writable.db) as atlas:
        logged = atlas.audit(body["document"])
    assert [(e["actor"], e["action"]) for e in logged] == [("ana", "ingest")]


def test_post_a_document_as_html(writable: Writable) -> None:
    html = (f"<html><head><title>{PAGE['title']}</title></head><body><h1>{PAGE['title']}</h1>"
            f"<p>{PAGE['text']}</p></body></html>")
    r = writable.client().post("/api/v1/documents?url=https://example.org/a.html", content=html.encode(),
                               headers={**bearer(writable.curator), "Content-Type": "text/html; charset=utf-8"})
    assert r.status_code == 201, r.text
    assert r.json()["cases"]


@pytest.mark.parametrize(("body", "kind", "status"), [
    (b"{not json", "application/json", 400),
    (b'{"title": "no text"}', "application/json", 400),
    (b'{"text": ""}', "application/json", 400),
    (b'{"text": "x", "url": "javascript:alert(1)"}', "application/json", 400),
    (b'{"text": "x", "language": "English"}', "application/json", 400),
    (b"[1, 2]", "application/json", 400),
    (b"\xff\xfe", "application/json", 400),
    (b"   ", "text/html", 400),
    (b"plain words", "text/plain", 415),
    (b"x" * (MAX_BYTES + 1), "text/html", 413),
])
def test_a_bad_document_is_a_problem(writable: Writable, body: bytes, kind: str, status: int) -> None:
    r = writable.client().post("/api/v1/documents", content=body,
                               headers={**bearer(writable.curator), "Content-Type": kind})
    assert r.status_code == status and r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == status and r.json()["title"]


def test_merge_and_split_are_audited_and_survive_reresolution(writable: Writable) -> None:
    a, b = _single_cases(writable.db)
    item_b = b["items"][0]["id"]
    client = writable.client()
    r = client.post(f"/api/v1/cases/{a['id']}/merge", json={"other": b["id"]}, headers=bearer(writable.curator))
    assert r.status_code == 200 and r.json() == {"case": a["id"], "items": 2, "by": "ana"}
    with Atlas(writable.db) as atlas:
        atlas.resolve()
        assert atlas.store.case_of_items([item_b])[item_b] == a["id"]
    r = client.post(f"/api/v1/cases/{a['id']}/split", json={"item": item_b}, headers=bearer(writable.admin))
    assert r.status_code == 200 and r.json()["new_case"] != a["id"] and r.json()["by"] == "root"
    with Atlas(writable.db) as atlas:
        atlas.resolve()
        assert atlas.store.case_of_items([item_b])[item_b] == r.json()["new_case"]
    audit = client.get(f"/api/v1/cases/{a['id']}/audit").json()["audit"]
    assert [(e["actor"], e["action"]) for e in audit] == [("root", "split"), ("ana", "merge")]
    assert all(e["created_at"] for e in audit)


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/cases/c_missing/merge", {"other": "c_missing2"}),
    ("/api/v1/cases/c_missing/split", {"item": "i_missing"}),
    ("/api/v1/items/i_missing/promote", None),
    ("/api/v1/items/i_missing/corrections", {"field": "country", "value": "FR"}),
    ("/api/v1/review/merge/i_missing/accept", None),
    ("/api/v1/review/country/c_missing/reject", None),
])
def test_unknown_ids_are_404(writable: Writable, path: str, body: dict | None) -> None:
    r = writable.client().post(path, json=body, headers=bearer(writable.curator))
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM and "missing" in r.json()["detail"]


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/cases/{case}/merge", {}),
    ("/api/v1/cases/{case}/merge", {"other": 3}),
    ("/api/v1/cases/{case}/split", {"item": "a\x00b"}),
    ("/api/v1/items/{item}/corrections", {"field": "country"}),
    ("/api/v1/items/{item}/corrections", {"field": "colour", "value": "red"}),
    ("/api/v1/items/{item}/corrections", {"field": "country", "value": "France"}),
    ("/api/v1/items/{item}/corrections", {"field": "year", "value": "1999"}),
    ("/api/v1/items/{item}/corrections", {"field": "title", "value": ["a"]}),
    ("/api/v1/review/colour/{item}/accept", None),
    ("/api/v1/review/merge/{item}/maybe", None),
])
def test_bad_bodies_and_paths_are_400(writable: Writable, path: str, body: dict | None) -> None:
    (case,) = _single_cases(writable.db, 1)
    url = path.format(case=case["id"], item=case["items"][0]["id"])
    r = writable.client().post(url, json=body, headers=bearer(writable.curator))
    assert r.status_code in (400, 422) and r.headers["content-type"] == PROBLEM and r.json()["detail"]


def test_a_correction_shows_as_curated_and_survives_reingest_and_reresolution(writable: Writable) -> None:
    client = writable.client()
    posted = client.post("/api/v1/documents", json=PAGE, headers=bearer(writable.curator)).json()
    case_id = posted["cases"][0]
    item = client.app.state.atlases.get().show(case_id)["items"][0]["id"]
    r = client.post(f"/api/v1/items/{item}/corrections", json={"field": "country", "value": "dk"},
                    headers=bearer(writable.curator))
    assert r.status_code == 201 and r.json() == {"item": item, "field": "country", "value": "DK", "by": "ana"}
    edited = {**PAGE, "text": PAGE["text"] + " The first office opens in Norra Fäladen."}
    assert client.post("/api/v1/documents", json=edited, headers=bearer(writable.admin)).json()["stored"]
    with Atlas(writable.db) as atlas:
        atlas.resolve()
        case_id = atlas.store.case_of_items([item])[item]
        shown = atlas.show(case_id)["curated"]
    assert shown["country"]["value"] == "DK" and shown["country"]["by"] == "ana" and shown["country"]["item"] == item
    assert client.get(f"/api/v1/cases/{case_id}/curated").json()["curated"]["country"]["value"] == "DK"
    assert client.get("/api/v1/cases/c_missing/curated").status_code == 404


def test_promote_is_audited(writable: Writable) -> None:
    (case,) = _single_cases(writable.db, 1)
    item = case["items"][0]["id"]
    r = writable.client().post(f"/api/v1/items/{item}/promote", headers=bearer(writable.curator))
    assert r.status_code == 200 and r.json() == {"item": item, "case": case["id"], "by": "ana"}
    with Atlas(writable.db) as atlas:
        assert [(e["actor"], e["action"], e["target"]) for e in atlas.audit()] == [("ana", "promote", item)]
