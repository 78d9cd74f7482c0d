"""The fetcher against a real HTTP server on loopback: robots.txt, retries, conditional GET, redirects, limits."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from civicatlas.errors import InputError
from civicatlas.read.fetch import Fetcher, parse_retry_after
from tests.read.server import Site, endless, silent, trickle

LOOPBACK = ["127.0.0.1/32"]  # the test server's address, and no other private one


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


def fetcher(**kw) -> Fetcher:
    return Fetcher(**{"allow_private": LOOPBACK, "delay": 0.0, "backoff": 0.05, **kw})


def test_a_page_with_its_headers_and_a_descriptive_user_agent(site: Site) -> None:
    site.page("/p", "<h1>Hej</h1>", "text/html; charset=ISO-8859-1", ETag='"v1"')
    with fetcher(contact="mailto:curator@example.org") as f:
        r = f.get(site.url + "/p")
    assert (r.status, r.body, r.content_type, r.charset, r.etag) == (200, b"<h1>Hej</h1>", "text/html",
                                                                      "ISO-8859-1", '"v1"')
    ua = site.requests("/p")[0]["user-agent"]
    assert ua.startswith("CivicAtlas/") and "curator@example.org" in ua


def test_robots_txt_is_respected(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.page("/private/x", "secret")
    site.page("/public", "ok")
    with fetcher() as f:
        assert f.get(site.url + "/public").body == b"ok"
        with pytest.raises(InputError, match="disallowed by robots.txt"):
            f.get(site.url + "/private/x")
    assert site.requests("/private/x") == [] and len(site.requests("/robots.txt")) == 1  # read once per host


def test_robots_txt_that_fails_with_a_server_error_forbids_the_host(site: Site) -> None:
    site.routes["/robots.txt"] = (500, {}, b"")
    site.page("/p", "ok")
    with fetcher(retries=0) as f, pytest.raises(InputError, match="disallowed by robots.txt"):
        f.get(site.url + "/p")


def test_retry_after_is_honoured_then_the_page_comes(site: Site) -> None:
    calls = []

    def busy_then_fine(h) -> None:
        calls.append(time.monotonic())
        status, body = (503, b"busy") if len(calls) == 1 else (200, b"ok")
        h.send_response(status)
        h.send_header("Retry-After", "1")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    site.routes["/p"] = busy_then_fine
    with fetcher() as f:
        assert f.get(site.url + "/p").body == b"ok"
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.9


def test_a_server_asking_for_too_long_a_wait_is_an_error_at_once(site: Site) -> None:
    site.routes["/p"] = (429, {"Retry-After": "3600"}, b"")
    with fetcher() as f, pytest.raises(InputError, match=r"HTTP 429 \(asked to retry after 3600 s\)"):
        f.get(site.url + "/p")
    assert len(site.requests("/p")) == 1


def test_server_errors_are_retried_with_backoff_then_reported(site: Site) -> None:
    site.routes["/p"] = (500, {}, b"")
    with fetcher(retries=2) as f, pytest.raises(InputError, match="HTTP 500"):
        f.get(site.url + "/p")
    assert len(site.requests("/p")) == 3


@pytest.mark.parametrize("status", [404, 410, 403])
def test_client_errors_are_not_retried(site: Site, status: int) -> None:
    site.routes["/p"] = (status, {}, b"")
    with fetcher() as f, pytest.raises(InputError, match=f"HTTP {status}"):
        f.get(site.url + "/p")
    assert len(site.requests("/p")) == 1


def test_conditional_get_costs_one_small_request(site: Site) -> None:
    def conditional(h) -> None:
        unchanged = h.headers.get("If-None-Match") == '"v1"'
        h.send_response(304 if unchanged else 200)
        h.send_header("ETag", '"v1"')
        h.send_header("Content-Length", "0" if unchanged else "4")
        h.end_headers()
        if not unchanged:
            h.wfile.write(b"page")

    site.routes["/p"] = conditional
    with fetcher() as f:
        first = f.get(site.url + "/p")
        again = f.get(site.url + "/p", etag=first.etag, last_modified="Tue, 01 Dec 2026 10:00:00 GMT")
    assert (first.status, first.body) == (200, b"page")
    assert again.not_modified and again.body == b""
    assert site.requests("/p")[1]["if-modified-since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_redirects_are_followed_bounded_and_loops_stopped(site: Site) -> None:
    site.routes["/a"] = (301, {"Location": "/b"}, b"")
    site.routes["/b"] = (302, {"Location": site.url + "/c"}, b"")
    site.page("/c", "landed")
    site.routes["/loop1"] = (302, {"Location": "/loop2"}, b"")
    site.routes["/loop2"] = (302, {"Location": "/loop1"}, b"")
    for n in range(8):
        site.routes[f"/chain{n}"] = (307, {"Location": f"/chain{n + 1}"}, b"")
    with fetcher() as f:
        r = f.get(site.url + "/a")
        assert (r.url, r.body) == (site.url + "/c", b"landed")
        with pytest.raises(InputError, match="redirect loop"):
            f.get(site.url + "/loop1")
        with pytest.raises(InputError, match="more than 5 redirects"):
            f.get(site.url + "/chain0")


@pytest.mark.parametrize("target", ["http://127.0.0.2/", "http://169.254.169.254/latest/meta-data/",
                                    "http://[::1]/", "http://2130706434/", "file:///etc/passwd"])
def test_a_redirect_to_a_refused_address_is_refused(site: Site, target: str) -> None:
    site.routes["/go"] = (302, {"Location": target}, b"")
    with fetcher() as f, pytest.raises(InputError, match="refused|only http and https"):
        f.get(site.url + "/go")


def test_oversized_responses_are_cut_off(site: Site) -> None:
    site.routes["/huge"] = endless  # chunked, about 2 GB

    def declared(h) -> None:  # announces 3 GB; refused before a byte of it is read
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "3000000000")
        h.end_headers()

    site.routes["/declared"] = declared
    with fetcher(max_bytes=1_000_000) as f:
        with pytest.raises(InputError, match="response too large: over the 1 MB limit"):
            f.get(site.url + "/huge")
        with pytest.raises(InputError, match="response too large: 3000.0 MB declared"):
            f.get(site.url + "/declared")


def test_a_slow_trickle_and_a_silent_server_are_cut_off(site: Site) -> None:
    site.routes["/trickle"] = trickle(0.2)
    site.routes["/silent"] = silent
    with fetcher(timeout=1.5, retries=0) as f:
        start = time.monotonic()
        with pytest.raises(InputError, match="too slow: not complete after 2 s"):
            f.get(site.url + "/trickle")
        with pytest.raises(InputError, match="timed out"):
            f.get(site.url + "/silent")
    assert time.monotonic() - start < 10


def test_non_pages_are_refused_by_content_type(site: Site) -> None:
    site.page("/photo", b"\x89PNG\r\n", "image/png")
    with fetcher() as f, pytest.raises(InputError, match="not a page: Content-Type image/png"):
        f.get(site.url + "/photo")


def test_unreachable_and_unresolvable_hosts_are_one_error_each() -> None:
    with fetcher(retries=1) as f:
        with pytest.raises(InputError, match="cannot fetch"):
            f.get("http://127.0.0.1:9/")  # the discard port: nothing listens
        with pytest.raises(InputError, match="cannot resolve host"):
            f.get("http://no-such-host.invalid/")


def test_requests_to_one_host_are_spaced_by_the_delay(site: Site) -> None:
    for n in range(3):
        site.page(f"/p{n}", "ok")
    with fetcher(delay=0.3, robots=False) as f:
        results = list(f.get_many(site.url + f"/p{n}" for n in range(3)))
    assert [r.body for r in results] == [b"ok"] * 3
    assert all(b - a >= 0.25 for a, b in zip(site.stamps, site.stamps[1:], strict=False))  # even with 8 workers


def test_retry_after_as_seconds_or_a_date() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: no wait
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
