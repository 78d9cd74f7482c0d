"""The explorer's curation pages: sign-in and sign-out, private servers sending browsers to sign in (never to
another site), the review queue page with its one-click verdicts, and the case page's correct / split / merge
forms; every form needs the session's CSRF token, and a bad value is a message on the page."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from civicatlas import Atlas
from civicatlas.web.auth import SESSION_COOKIE, local_path
from tests.web.writable import Writable

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a browser asks for


def signed_in(writable: Writable, secret: str | None = None, private: bool = False) -> tuple[TestClient, str]:
    """A client signed in through the sign-in form, and its CSRF token as the pages give it."""
    client = writable.client(private=private)
    r = client.post("/signin", data={"token": secret or writable.curator, "next": "/review"}, headers=HTML)
    assert r.status_code == 200 and r.url.path == "/review"
    return client, csrf_of(r.text)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', html).group(1)


def a_case(db: str, items: int = 2) -> dict:
    with Atlas(db) as atlas:
        return next(c for c in atlas.cases() if len(c["items"]) >= items)


def test_the_sign_in_page_is_a_labelled_form_that_goes_back_where_it_was(writable: Writable) -> None:
    client = writable.client()
    page = client.get("/sign-in?next=/review%3Fx%3D1", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<label for="token">' in page.text and 'type="password"' in page.text
    assert '<input type="hidden" name="next" value="/review?x=1">' in page.text
    r = client.post("/signin", data={"token": writable.curator + "\n", "next": "/review?x=1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review?x=1" and SESSION_COOKIE in r.headers["set-cookie"]
    signed = client.get("/", headers=HTML)
    assert "ana" in signed.text and 'action="/signout"' in signed.text and csrf_of(signed.text)
    assert signed.headers["cache-control"] == "private, no-store"  # it holds the CSRF token


def test_a_bad_token_at_the_form_is_a_message_on_the_page(writable: Writable) -> None:
    client = writable.client()
    for token, status, message in ((writable.revoked, 401, "unknown or revoked"), ("", 400, "Paste your token")):
        r = client.post("/signin", data={"token": token, "next": "/review"})
        assert r.status_code == status and r.headers["content-type"].startswith("text/html")
        assert message in r.text and 'value="/review"' in r.text and "set-cookie" not in r.headers
        assert (status == 401) == ("www-authenticate" in r.headers)
    api = client.post("/signin", json={"token": writable.revoked})
    assert api.status_code == 401 and api.headers["content-type"] == "application/problem+json"


def test_another_site_cannot_sign_a_browser_in(writable: Writable) -> None:
    r = writable.client().post("/signin", data={"token": writable.curator}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and "set-cookie" not in r.headers


def test_the_header_signs_out_with_a_form(writable: Writable) -> None:
    client, csrf = signed_in(writable)
    r = client.post("/signout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    page = client.get("/", headers=HTML).text
    assert 'action="/signout"' not in page and 'href="/sign-in?next=%2F"' in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example",
                                    "/\n/evil.example", "javascript:alert(1)", "evil.example", "", None, 7])
def test_next_is_never_another_site(writable: Writable, target: object) -> None:
    assert local_path(target) is None
    client = writable.client()
    if isinstance(target, str):
        page = client.get("/sign-in", params={"next": target}, headers=HTML).text
        assert '<input type="hidden" name="next" value="/">' in page
        r = client.post("/signin", data={"token": writable.curator, "next": target}, follow_redirects=False)
        assert r.headers["location"] == "/"


def test_a_private_server_sends_a_browser_to_sign_in_and_the_api_gets_401(writable: Writable) -> None:
    client = writable.client(private=True)
    r = client.get("/?country=DE&q=budget", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sign-in?next=%2F%3Fcountry%3DDE%26q%3Dbudget"
    for path in ("/review", "/map", "/overview", f"/cases/{a_case(writable.db)['id']}"):
        assert client.get(path, headers=HTML, follow_redirects=False).headers["location"].startswith("/sign-in?")
    assert client.get("/sign-in", headers=HTML).status_code == 200
    for path in ("/api/v1/review", "/api/v1/cases"):  # the API answers problems, whatever the client accepts
        r = client.get(path, headers=HTML)
        assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    assert client.get("/feeds/new.atom").status_code == 401  # a feed reader is no browser
    r = client.post("/signin", data={"token": writable.curator, "next": "/?country=DE&q=budget"}, headers=HTML)
    assert r.status_code == 200 and r.url.path == "/" and r.url.query == b"country=DE&q=budget"


def test_anyone_reads_the_queue_only_a_curator_gets_the_buttons(writable: Writable) -> None:
    page = writable.client().get("/review", headers=HTML)
    assert page.status_code == 200 and 'class="entry"' in page.text
    assert 'name="verdict"' not in page.text and 'href="/sign-in?next=%2Freview"' in page.text
    assert '<a href="/review" aria-current="page">Review</a>' in page.text
    for secret in (writable.curator, writable.admin):
        client, _ = signed_in(writable, secret)
        html = client.get("/review").text
        assert html.count('value="accept"') == html.count('class="entry"') > 0


def test_the_queue_shows_each_entry_with_its_evidence(writable: Writable) -> None:
    with Atlas(writable.db) as atlas:
        entries = atlas.review(50)
    html = writable.client().get("/review").text
    place = next(e for e in entries if e["kind"] == "place")
    assert f"<mark>{place['evidence']['text']}</mark>" in html  # the words, marked within their context
    merge = next(e for e in entries if e["kind"] == "merge")
    assert merge["evidence"]["matched"] in html and merge["evidence"]["reason"] in html
    country = next(e for e in entries if e["kind"] == "country")
    assert f'href="/cases/{country["case"]}"' in html and "names a country" in html


def test_a_verdict_from_the_page_goes_back_to_the_queue(writable: Writable) -> None:
    client, csrf = signed_in(writable)
    with Atlas(writable.db) as atlas:
        place = next(e for e in atlas.review(50) if e["kind"] == "place")
    form = {"kind": "place", "id": place["id"], "verdict": "accept"}
    refused = client.post("/review", data=form)
    assert refused.status_code == 403 and "CSRF" in refused.json()["title"]
    assert client.post("/review", data={**form, "csrf_token": "0" * 64}).status_code == 403
    r = client.post("/review", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/review?done=accept")
    after = client.get(r.headers["location"]).text
    assert 'role="status">Accepted: place' in after and f'value="{place["id"]}"' not in after
    with Atlas(writable.db) as atlas:
        assert atlas.audit(place["id"])[0]["actor"] == "ana"
    bad = client.post("/review", data={**form, "kind": "colour", "csrf_token": csrf})
    assert bad.status_code == 400 and "unknown review kind" in bad.text and bad.headers["content-type"].startswith(
        "text/html")
    anonymous = writable.client().post("/review", data=form, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/sign-in?next=%2Freview"


def test_the_case_page_has_forms_for_curators_only(writable: Writable) -> None:
    case = a_case(writable.db)
    assert 'action="/cases/' not in writable.client().get(f"/cases/{case['id']}").text
    client, _ = signed_in(writable)
    html = client.get(f"/cases/{case['id']}").text
    for form in ("correct", "split", "merge"):
        assert f'action="/cases/{case["id"]}/{form}"' in html
    for field in ("country", "language", "year", "title", "summary"):
        assert f"<option>{field}</option>" in html


def test_correct_a_field_from_the_case_page(writable: Writable) -> None:
    case = a_case(writable.db)
    item = case["items"][0]["id"]
    client, csrf = signed_in(writable)
    url = f"/cases/{case['id']}/correct"
    assert client.post(url, data={"item": item, "field": "year", "value": "2021"}).status_code == 403  # no CSRF
    r = client.post(url, data={"item": item, "field": "year", "value": "2021", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{case['id']}?done=correct"
    page = client.get(r.headers["location"]).text
    assert 'role="status">Corrected.' in page and "<td>year</td><td>2021</td><td>ana</td>" in page
    with Atlas(writable.db) as atlas:
        assert atlas.curated(case["id"])["year"]["value"] == 2021  # a number, as the API stores it
    for field, value, message in (("country", "Frankreich", "country must be an ISO 3166 alpha-2 code"),
                                  ("year", "next year", "year must be a whole number"),
                                  ("colour", "red", "cannot correct &#39;colour&#39;")):
        bad = client.post(url, data={"item": item, "field": field, "value": value, "csrf_token": csrf})
        assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")
        assert message in bad.text and 'role="alert"' in bad.text and "Traceback" not in bad.text
    with Atlas(writable.db) as atlas:
        other = next(c for c in atlas.cases() if c["id"] != case["id"])["items"][0]["id"]
    wrong = client.post(url, data={"item": other, "field": "year", "value": "2021", "csrf_token": csrf})
    assert wrong.status_code == 404 and "not an item of case" in wrong.text


def test_split_and_merge_from_the_case_page(writable: Writable) -> None:
    case = a_case(writable.db)
    item = case["items"][-1]["id"]
    client, csrf = signed_in(writable)
    r = client.post(f"/cases/{case['id']}/split", data={"item": item, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/cases/{case['id']}?done=split&new_case=")
    new_case = r.headers["location"].rsplit("=", 1)[1]
    assert f'href="/cases/{new_case}">Its new case</a>' in client.get(r.headers["location"]).text
    r = client.post(f"/cases/{case['id']}/merge", data={"other": new_case, "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{case['id']}?done=merge"
    assert client.get(f"/cases/{new_case}", follow_redirects=False).status_code == 308  # merged away
    missing = client.post(f"/cases/{case['id']}/merge", data={"other": "c-nothing", "csrf_token": csrf})
    assert missing.status_code == 404 and "no case or item" in missing.text
    anonymous = writable.client().post(f"/cases/{case['id']}/merge", data={"other": new_case},
                                       follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/sign-in?next=%2Fcases%2F")


def test_a_corrected_country_is_what_search_facets_and_export_see(writable: Writable) -> None:
    case = a_case(writable.db)
    client, csrf = signed_in(writable)
    client.post(f"/cases/{case['id']}/correct", data={"item": case["items"][0]["id"], "field": "country",
                                                       "value": "NZ", "csrf_token": csrf})
    assert client.get(f"/api/v1/cases/{case['id']}/curated").json()["curated"]["country"]["value"] == "NZ"
    page = client.get("/?country=NZ").text
    assert f'href="/cases/{case["id"]}"' in page  # the filter
    assert re.search(r'class="chosen">\s*<span class="value">NZ</span> <span class="count">1</span>', page)  # facet
    exported = [json.loads(line) for line in client.get("/api/v1/export?country=NZ").text.splitlines()]
    assert [c["id"] for c in exported if c.get("id")] == [case["id"]]
    assert exported[1]["items"][0]["curated"] == {"country": "NZ"}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/export?country=NZ&format=csv").text)))
    assert [r["id"] for r in rows] == [case["id"]] and rows[0]["countries"].startswith("NZ")  # curated first
