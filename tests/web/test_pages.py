"""The explorer's pages through the app: each renders, the URL holds the state, unknown cases get a 404 page,
and what came from an ingested page is shown as text only."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from civicatlas import Atlas
from civicatlas.web.app import Settings, create_app
from civicatlas.web.pages.render import marked, safe_url
from tests.web.payloads import RUN, copy_db, payload_cases, payload_db  # noqa: F401 (a fixture)

PAGES = ("/", "/?q=citizens+assembly", "/map", "/overview")


def case_ids(html: str) -> list[str]:
    return re.findall(r'href="/cases/([^"?#]+)"', html)


def inline_code(html: str) -> list[str]:
    """Script elements with code in them and event-handler or style attributes: what the CSP would block."""
    scripts = [s for s in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
               if s[1].strip() and 'type="application/json"' not in s[0]]
    return [*map(str, scripts), *re.findall(r"<[^>]+\s(?:on\w+|style)=", html)]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_landmarks_and_no_inline_code(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    for landmark in ("<header", "<nav", '<main id="main"', "<footer", 'class="skip" href="#main"'):
        assert landmark in html
    assert inline_code(html) == []
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_pages_are_not_in_the_api_schema(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not {"/", "/map", "/overview", "/cases/{case_id}"} & set(paths)


def test_search_marks_hits_and_says_how_they_matched(client: TestClient) -> None:
    html = client.get("/?q=budget&by=words").text
    assert "<mark>" in html and "matched by words" in html
    assert len(case_ids(html)) >= 1


def test_filters_live_in_the_url_and_narrow_the_results(client: TestClient) -> None:
    everything = client.get("/").text
    total = int(re.search(r'id="results-heading">(\d+) case', everything).group(1))
    swedish = client.get("/?country=SE").text
    narrowed = int(re.search(r'id="results-heading">(\d+) case', swedish).group(1))
    assert 0 < narrowed < total
    assert 'aria-current="true" class="chosen"' in swedish  # the chosen facet value shows as chosen
    assert 'href="/?"' not in swedish and "Clear all filters" in swedish
    # the map follows the same state
    assert "/map?country=SE" in swedish
    map_page = client.get("/map?country=SE").text
    assert set(case_ids(map_page)) <= set(case_ids(client.get("/?country=SE").text + swedish))


def test_a_bad_filter_is_said_on_the_page(client: TestClient) -> None:
    response = client.get("/?country=Sweden")
    assert response.status_code == 200 and "ISO 3166-1" in response.text


def test_result_pages_follow_the_store_cursor(client: TestClient) -> None:
    first = client.get("/").text
    following = re.search(r'rel="next" href="(/\?after=[^"]+)"', first).group(1)
    second = client.get(following.replace("&amp;", "&")).text
    assert set(case_ids(first)).isdisjoint(case_ids(second)) and case_ids(second)
    assert 'rel="prev" href="/"' in second
    assert "not a cursor" in client.get("/?after=nonsense").text  # said on the page, not a traceback


def test_case_page_links_every_field_to_its_words(client: TestClient) -> None:
    case_id = case_ids(client.get("/?country=DE").text)[0]
    html = client.get(f"/cases/{case_id}").text
    links = set(re.findall(r'href="#(ev-[^"]+)"', html))
    targets = set(re.findall(r'<(?:mark|span) id="(ev-[^"]+)"', html))
    assert links and links <= targets  # every quoted word leads to its marked words in a source
    for heading in ("Places", "Actors", "Money", "Dates", "Themes", "Sources", "Similar cases", "Merge history"):
        assert f">{heading}</h2>" in html


def test_unknown_case_is_a_404_page(client: TestClient) -> None:
    response = client.get("/cases/c0000000000000000")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "c0000000000000000" in response.text and "<main" in response.text


def test_a_merged_away_case_leads_to_the_case_that_holds_it_now(examples_db: str, tmp_path) -> None:
    db = str(tmp_path / "atlas.db")
    copy_db(examples_db, db)
    with Atlas(db) as atlas:
        first, second = [c["id"] for c in atlas.cases()][:2]
        kept = atlas.merge(first, second)
    gone = second if kept == first else first
    response = TestClient(create_app(Settings(db))).get(f"/cases/{gone}", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == f"/cases/{kept}"


def test_overview_bars_link_to_the_filtered_search(client: TestClient) -> None:
    html = client.get("/overview").text
    assert html.count("<rect") >= 4
    assert re.search(r'<a role="listitem" href="/\?country=[A-Z]{2}"', html)
    assert re.search(r'href="/\?year_from=\d{4}&amp;year_to=\d{4}"', html)


def test_only_http_addresses_become_links() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", None, 3):
        assert safe_url(bad) is None


def test_hits_are_marked_after_escaping() -> None:
    assert marked("a [vote] <script>x</script> [<b>]") == \
        "a <mark>vote</mark> &lt;script&gt;x&lt;/script&gt; <mark>&lt;b&gt;</mark>"


def test_payloads_show_as_text_on_every_page(payload_db: str) -> None:  # noqa: F811 (the fixture)
    client = TestClient(create_app(Settings(payload_db)))
    cases = payload_cases(payload_db)
    assert len(cases) == 2
    for path in ("/?country=SE", "/?q=Lund", "/?q=pwned&by=words", "/map?country=SE", "/overview",
                 *(f"/cases/{c}" for c in cases)):
        html = client.get(path).text
        assert "__pwned" in html or path == "/overview"  # the payload is there, as text…
        assert inline_code(html) == []  # …and never as code
        assert "<img src=x" not in html and "<svg onload" not in html and 'href="javascript:' not in html
        json_data = re.findall(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
        assert all("<" not in data for data in json_data)  # </script> cannot end the JSON early
    assert RUN in client.get(f"/cases/{cases[0]}").text.replace("&#34;", '"')
