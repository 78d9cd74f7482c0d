"""Who may do what: bearer tokens, roles, private reads, the session cookie and its CSRF token."""

from __future__ import annotations

import time

import pytest

from civicatlas import Atlas
from civicatlas.store.base import token_hash
from civicatlas.web.auth import CSRF_HEADER, SESSION_COOKIE, session_value
from tests.web.writable import Writable, bearer

PROBLEM = "application/problem+json"


def _case_and_item(db: str) -> tuple[str, str]:
    with Atlas(db) as atlas:
        case = next(c for c in atlas.cases() if len(c["items"]) == 1)
    return case["id"], case["items"][0]["id"]


def test_a_write_without_a_token_is_401_with_a_challenge(writable: Writable) -> None:
    _, item = _case_and_item(writable.db)
    r = writable.client().post(f"/api/v1/items/{item}/promote")
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["status"] == 401 and "token" in r.json()["title"]


@pytest.mark.parametrize("header", ["Bearer", "Basic YW5hOnB3", "Bearer ", "token abc"])
def test_a_malformed_authorization_header_is_401(writable: Writable, header: str) -> None:
    _, item = _case_and_item(writable.db)
    r = writable.client().post(f"/api/v1/items/{item}/promote", headers={"Authorization": header})
    assert r.status_code == 401 and 'error="invalid_token"' in r.headers["www-authenticate"]


def test_unknown_and_revoked_tokens_are_401(writable: Writable) -> None:
    _, item = _case_and_item(writable.db)
    client = writable.client()
    for secret in (writable.revoked, writable.curator + "x", token_hash(writable.curator)):
        r = client.post(f"/api/v1/items/{item}/promote", headers=bearer(secret))
        assert r.status_code == 401 and r.json()["title"] == "unknown or revoked token"


def test_a_curator_writes_but_does_not_manage_tokens(writable: Writable) -> None:
    _, item = _case_and_item(writable.db)
    client = writable.client()
    assert client.post(f"/api/v1/items/{item}/promote", headers=bearer(writable.curator)).status_code == 200
    r = client.get("/api/v1/tokens", headers=bearer(writable.curator))
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
    assert client.post("/api/v1/tokens", json={"name": "x"}, headers=bearer(writable.curator)).status_code == 403


def test_an_admin_manages_tokens_and_a_revoked_token_stops_at_once(writable: Writable) -> None:
    client = writable.client()
    made = client.post("/api/v1/tokens", json={"name": "eva", "role": "curator"}, headers=bearer(writable.admin))
    assert made.status_code == 201 and made.json()["secret"].startswith("ca_")
    secret = made.json()["secret"]
    listed = client.get("/api/v1/tokens", headers=bearer(writable.admin)).json()["tokens"]
    assert [t["name"] for t in listed] == ["ana", "root", "old", "eva"] and secret not in str(listed)
    assert client.get("/signin", headers=bearer(secret)).json()["name"] == "eva"
    assert client.post("/api/v1/tokens/eva/revoke", headers=bearer(writable.admin)).status_code == 200
    assert client.get("/signin", headers=bearer(secret)).status_code == 401
    assert client.post("/api/v1/tokens/nobody/revoke", headers=bearer(writable.admin)).status_code == 404
    bad = client.post("/api/v1/tokens", json={"name": "eva2", "role": "owner"}, headers=bearer(writable.admin))
    assert bad.status_code == 400 and bad.headers["content-type"] == PROBLEM
    assert client.post("/api/v1/tokens", json={"name": "eva"}, headers=bearer(writable.admin)).status_code == 400


def test_reads_are_public_unless_private(writable: Writable) -> None:
    assert writable.client().get("/api/v1/review").status_code == 200
    private = writable.client(private=True)
    r = private.get("/api/v1/review")
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM and "WWW-Authenticate" in r.headers
    assert private.get("/api/v1/review", headers=bearer(writable.revoked)).status_code == 401
    assert private.get("/api/v1/review", headers=bearer(writable.curator)).status_code == 200
    assert private.get("/api/v1/health").status_code == 200  # a load balancer's check needs no token


def _signed_in(writable: Writable, base_url: str = "http://testserver"):  # noqa: ANN202
    client = writable.client(base_url=base_url)
    r = client.post("/signin", json={"token": writable.curator})
    assert r.status_code == 200
    return client, r


def test_signin_sets_a_strict_httponly_session_cookie_without_the_secret(writable: Writable) -> None:
    client, r = _signed_in(writable)
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(SESSION_COOKIE + "=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain http (a local server): a Secure cookie would never come back
    assert writable.curator not in cookie
    assert r.json()["name"] == "ana" and r.json()["role"] == "curator" and len(r.json()["csrf_token"]) == 64
    assert client.get("/signin").json() == {"signed_in": True, "name": "ana", "role": "curator", "via": "cookie",
                                            "csrf_token": r.json()["csrf_token"]}
    _, https = _signed_in(writable, "https://testserver")
    assert "Secure" in https.headers["set-cookie"]


def test_signin_refuses_bad_tokens(writable: Writable) -> None:
    client = writable.client()
    assert client.post("/signin", json={"token": writable.revoked}).status_code == 401
    assert client.post("/signin", json={"token": "nope"}).status_code == 401
    assert client.post("/signin", content=b'{"token": "\\ud800"}').status_code == 401  # a lone surrogate
    assert client.post("/signin", content=b"{").status_code == 400
    assert client.post("/signin", json={"secret": writable.curator}).status_code == 400
    assert client.get("/signin").json() == {"signed_in": False}


def test_a_cookie_write_needs_the_csrf_token_a_bearer_write_does_not(writable: Writable) -> None:
    _, item = _case_and_item(writable.db)
    client, r = _signed_in(writable)
    csrf = r.json()["csrf_token"]
    refused = client.post(f"/api/v1/items/{item}/promote")
    assert refused.status_code == 403 and "CSRF" in refused.json()["title"]
    assert client.post(f"/api/v1/items/{item}/promote", headers={CSRF_HEADER: "0" * 64}).status_code == 403
    assert client.post(f"/api/v1/items/{item}/promote", headers={CSRF_HEADER: "é".encode("latin-1")}).status_code == 403
    assert client.post(f"/api/v1/items/{item}/promote", headers={CSRF_HEADER: csrf}).status_code == 200
    form = client.post(f"/api/v1/items/{item}/promote", data={"csrf_token": csrf})
    assert form.status_code == 200
    assert client.post(f"/api/v1/items/{item}/promote", data={"csrf_token": "x"}).status_code == 403
    other, _ = _signed_in(writable)  # another session's token is not this one's
    assert other.post(f"/api/v1/items/{item}/promote", headers={CSRF_HEADER: csrf}).status_code == 403
    fresh = writable.client()  # no cookie: the bearer token alone, no CSRF token
    assert fresh.post(f"/api/v1/items/{item}/promote", headers=bearer(writable.curator)).status_code == 200


def test_a_forged_expired_or_revoked_session_is_no_session(writable: Writable) -> None:
    _, item = _case_and_item(writable.db)
    client, r = _signed_in(writable)
    cookie = client.cookies[SESSION_COOKIE]
    digest, expires, signature = cookie.split(".")
    for value in (f"{token_hash(writable.admin)}.{expires}.{signature}", f"{digest}.{expires}.é", "", "..."):
        cookie = f"{SESSION_COOKIE}={value}".encode("latin-1")
        assert writable.client().get("/signin", headers={"Cookie": cookie}).json() == {"signed_in": False}
    expired = writable.client()
    expired.cookies.set(SESSION_COOKIE, session_value(client.app, digest, now=time.time() - 13 * 3600))
    assert expired.get("/signin").json() == {"signed_in": False}
    with Atlas(writable.db) as atlas:
        atlas.token_revoke("ana")
    assert client.get("/signin").json() == {"signed_in": False}
    r = client.post(f"/api/v1/items/{item}/promote", headers={CSRF_HEADER: r.json()["csrf_token"]})
    assert r.status_code == 401


def test_signout_clears_the_cookie(writable: Writable) -> None:
    client, _ = _signed_in(writable)
    assert client.post("/signout").status_code == 204
    assert client.get("/signin").json() == {"signed_in": False}


def test_a_form_signin_goes_on_to_a_page_of_this_site_only(writable: Writable) -> None:
    client = writable.client()
    r = client.post("/signin", data={"token": writable.curator, "next": "/review"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review"
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        r = client.post("/signin", data={"token": writable.curator, "next": elsewhere}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
