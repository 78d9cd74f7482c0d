"""The explorer in headless Chromium (Debian's chromium, driven by Playwright; skipped without it): search,
filter by a facet, open a case, see its map and an evidence mark; sign in, accept a review entry and correct a
case; screenshots into docs/screenshots/; axe-core finds no serious or critical accessibility problem (none at
all on the curation pages); script payloads from ingested pages never run."""

from __future__ import annotations

import html
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from civicatlas import Atlas
from civicatlas.web.app import Settings, create_app
from tests.conftest import EXAMPLES
from tests.web.payloads import PAYLOADS, RUN, SCRIPT, payload_cases, payload_db  # noqa: F401 (a fixture)
from tests.web.writable import Writable, writable_copy

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (Debian: apt-get install chromium)")
playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = ("/", "/?country=DE", "/map", "/overview")


def serve(db: str) -> Iterator[str]:
    """The app on a free loopback port, in a thread, for as long as the fixture lives."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db)), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def site(examples_db: str) -> Iterator[str]:
    yield from serve(examples_db)


@pytest.fixture(scope="module")
def payload_site(payload_db: str) -> Iterator[str]:  # noqa: F811 (the fixture)
    yield from serve(payload_db)


@pytest.fixture(scope="module")
def curated(examples_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Writable]]:
    """A site on a copy of the examples that curators may change, with its tokens."""
    copy = writable_copy(examples_db, tmp_path_factory.mktemp("curated"))
    for url in serve(copy.db):
        yield url, copy


@pytest.fixture(scope="module")
def curated_payloads(payload_db: str, tmp_path_factory: pytest.TempPathFactory  # noqa: F811 (the fixture)
                     ) -> Iterator[tuple[str, Writable]]:
    """The payload pages, and a page whose uncertain place has payloads around it (an entry of the review queue),
    on a copy that curators may change."""
    folder = tmp_path_factory.mktemp("curated-payloads")
    copy = writable_copy(payload_db, folder)
    page = (EXAMPLES / "sv_kalmar_ungdomsbudget.html").read_text(encoding="utf-8")
    escaped = html.escape(SCRIPT)
    page = page.replace("<h1>", f"<h1>{escaped} ", 1).replace("Kalmarsalen", f"Kalmarsalen {escaped}", 1)
    (folder / "kalmar.html").write_text(page, encoding="utf-8")
    with Atlas(copy.db) as atlas:
        assert atlas.ingest([str(folder / "kalmar.html")]).errors == []
    for url in serve(copy.db):
        yield url, copy


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        # --no-sandbox: CI and containers run as root, where Chromium's sandbox cannot start
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Watched:
    """A page whose dialogs and Content-Security-Policy violations are recorded."""

    def __init__(self, browser: Any, **context: Any):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.blocked.append(m.text) if "Content Security Policy" in m.text else None)
        self.page.on("pageerror", lambda e: self.blocked.append(f"error: {e}"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Watched]:
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    yield watched
    watched.close()


def sign_in(page: Any, site: str, secret: str, path: str = "/review") -> None:
    """Sign in as a person does: the header's link, the token pasted, back where they were."""
    page.goto(site + path)
    page.get_by_role("link", name="Sign in").first.click()
    page.wait_for_url("**/sign-in?next=*")
    page.get_by_label("Token").fill(secret)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + path)


def axe_violations(page: Any, url: str | None = None) -> list[dict[str, Any]]:
    """What axe-core finds on the page (at `url` if given); the context must bypass the CSP."""
    if url:
        page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("axe.run().then(r => r.violations.map(v => ({id: v.id, impact: v.impact, "
                         "nodes: v.nodes.length})))")


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_search_filter_open_a_case_see_its_map_and_evidence(site: str, tab: Watched) -> None:
    page = tab.page
    page.goto(site + "/?q=budget&by=words")
    assert page.locator("ol.results mark").count() > 0  # the hits are marked
    shot(page, "search")
    page.locator(".facet a", has_text="DE").first.click()  # filter by a facet: the URL holds it
    page.wait_for_url("**country=DE**")
    assert page.locator(".facet a.chosen").count() == 1
    page.locator("ol.results h3 a").first.click()
    page.wait_for_url("**/cases/*")
    page.locator("#map[data-ready]").wait_for()
    assert page.locator("#map .leaflet-marker-icon").count() >= 1  # the case's places on its map
    page.wait_for_function("() => document.querySelectorAll('#map .leaflet-overlay-pane path').length > 100")
    shot(page, "case")
    link = page.locator("a.evidence-link").first
    target = link.get_attribute("href")[1:]
    link.click()
    active = page.locator("mark.active")
    active.first.wait_for(state="visible")  # marked by the page's script once the link's target is shown
    assert active.count() >= 1 and active.first.is_visible()  # the words the field came from, marked
    assert target in (active.first.get_attribute("data-evidence") or "").split()
    shot(page, "evidence")
    assert tab.blocked == [] and tab.dialogs == []


def test_map_clusters_cases_and_opens_a_card(site: str, tab: Watched) -> None:
    page = tab.page
    page.goto(site + "/map")
    page.locator("#map[data-ready]").wait_for()
    page.wait_for_function("() => document.querySelectorAll('#map .leaflet-overlay-pane path').length > 100")
    markers = page.locator("#map .marker-cluster, #map .leaflet-marker-icon")
    assert markers.count() >= 2
    shot(page, "map")
    single = page.locator("#map .leaflet-marker-icon:not(.marker-cluster)")
    while single.count() == 0:  # zoom into a cluster until a single case shows
        page.locator("#map .marker-cluster").first.click()
        page.wait_for_timeout(400)
    single.first.click()
    card = page.locator(".leaflet-popup .case-card a")
    card.wait_for()
    assert card.get_attribute("href").startswith("/cases/")
    assert tab.blocked == [] and tab.dialogs == []


def test_overview_and_a_phone_sized_search(site: str, browser: Any, tab: Watched) -> None:
    tab.page.goto(site + "/overview")
    assert tab.page.locator(".chart svg a rect").count() >= 4
    shot(tab.page, "overview")
    phone = Watched(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.page.goto(site + "/?q=budget&by=words")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the screen: no sideways scrolling
    shot(phone.page, "search-phone")
    # every case page too: titles that are one long file path or URL wrap, maps stay inside their box
    for case in httpx.get(site + "/api/v1/cases", params={"limit": 100}).json()["results"]:
        phone.page.goto(f"{site}/cases/{case['id']}")
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390, case["id"]
    phone.close()


def test_keyboard_reaches_the_skip_link_first(site: str, tab: Watched) -> None:
    tab.page.goto(site + "/")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_axe_finds_no_serious_or_critical_problem(site: str, browser: Any) -> None:
    # axe is injected as an inline script, which the page's CSP forbids: this context alone bypasses it
    axe = Watched(browser, bypass_csp=True)
    axe.page.goto(site + "/?country=DE")
    case = axe.page.locator("ol.results h3 a").first.get_attribute("href")
    found = {}
    for path in (*PAGES, case, "/cases/c0000000000000000"):
        axe.page.goto(site + path)
        axe.page.wait_for_load_state("networkidle")
        axe.page.add_script_tag(path=str(AXE))
        violations = axe.page.evaluate("axe.run().then(r => r.violations.map(v => "
                                       "({id: v.id, impact: v.impact, nodes: v.nodes.length})))")
        found[path] = [v for v in violations if v["impact"] in ("serious", "critical")]
    axe.close()
    assert found == {path: [] for path in found}


def test_no_payload_runs_anywhere(payload_site: str, payload_db: str, tab: Watched) -> None:  # noqa: F811
    page = tab.page
    cases = payload_cases(payload_db)
    paths = ["/?country=SE", "/?q=Lund", "/?q=pwned&by=words", "/map?country=SE", "/overview",
             *(f"/cases/{c}" for c in cases)]
    for path in paths:
        page.goto(payload_site + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("text=__pwned").count() > 0 or path == "/overview"  # shown, as text
        if page.locator("#map[data-ready]").count():
            icons = page.locator("#map .leaflet-marker-icon:not(.marker-cluster)")
            for n in range(min(icons.count(), 5)):  # open the cards: built from the same titles
                icons.nth(n).click(force=True)
                page.wait_for_timeout(100)
        for n in range(min(page.locator("a.evidence-link").count(), 10)):
            page.locator("a.evidence-link").nth(n).click()
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    assert tab.dialogs == [] and tab.blocked == []


def test_sign_in_accept_a_review_entry_and_correct_a_case(curated: tuple[str, Writable], browser: Any,
                                                           tab: Watched) -> None:
    site, tokens = curated
    page = tab.page
    page.goto(site + "/sign-in?next=%2Freview")
    page.get_by_label("Token").fill("ca_not-a-token")
    page.get_by_role("button", name="Sign in").click()
    assert "unknown or revoked" in page.get_by_role("alert").inner_text()  # a message on the page, not JSON
    page.get_by_label("Token").fill(tokens.curator)
    shot(page, "signin")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/review")
    assert page.locator("header .account").inner_text().startswith("ana")
    entries = page.locator("li.entry")
    before = entries.count()
    first = entries.first.locator("h2").inner_text()
    entries.first.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/review?done=accept**")
    assert page.get_by_role("status").inner_text().startswith("Accepted: merge")
    assert entries.count() == before - 1 and entries.first.locator("h2").inner_text() != first
    shot(page, "review")
    entries.first.locator("h2 a").click()  # the case of the next entry
    page.wait_for_url("**/cases/*")
    case_url = page.url
    page.get_by_label("Field").select_option("country")
    page.get_by_label("New value").fill("Frankreich")
    page.get_by_role("button", name="Correct").click()
    assert "country must be an ISO 3166" in page.get_by_role("alert").inner_text()
    page.get_by_label("New value").fill("se")
    page.get_by_role("button", name="Correct").click()
    page.wait_for_url("**done=correct")
    assert page.get_by_role("status").inner_text().startswith("Corrected.")
    assert "SE" in page.locator("section.curate table").inner_text()  # as ISO writes it
    page.locator("#curate-h").scroll_into_view_if_needed()
    shot(page, "case-curate")
    assert tab.blocked == [] and tab.dialogs == []
    phone = Watched(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(phone.page, site, tokens.curator)
    for url in (site + "/review", site + "/sign-in", case_url):  # the case page with its correction forms
        phone.page.goto(url)
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390, url
    phone.page.get_by_role("button", name="Sign out").click()
    phone.page.wait_for_url(site + "/")
    assert phone.page.get_by_role("link", name="Sign in").count() == 1
    phone.close()


def test_axe_finds_no_problem_on_the_curation_pages(curated: tuple[str, Writable], browser: Any) -> None:
    site, tokens = curated
    axe = Watched(browser, bypass_csp=True)  # axe is injected inline: this context alone bypasses the CSP
    found = {"/sign-in": axe_violations(axe.page, site + "/sign-in"),
             "/review (anyone)": axe_violations(axe.page, site + "/review")}
    sign_in(axe.page, site, tokens.admin)
    found["/review"] = axe_violations(axe.page)
    axe.page.locator("li.entry h2 a").first.click()
    axe.page.wait_for_url("**/cases/*")
    found["/cases/… (curator)"] = axe_violations(axe.page)
    axe.page.get_by_label("New value").fill("not a year")
    axe.page.get_by_label("Field").select_option("year")
    axe.page.get_by_role("button", name="Correct").click()
    axe.page.get_by_role("alert").wait_for()
    found["/cases/… (an error)"] = axe_violations(axe.page)
    axe.close()
    assert found == {path: [] for path in found}


def test_no_payload_runs_on_the_curation_pages(curated_payloads: tuple[str, Writable], tab: Watched) -> None:
    site, tokens = curated_payloads
    page = tab.page
    page.goto(site + "/sign-in?next=" + RUN)  # not a local path: ignored
    assert page.locator("input[name=next]").get_attribute("value") == "/"
    sign_in(page, site, tokens.curator)
    assert page.locator("li.entry", has_text="__pwned").count() > 0  # payload titles in the queue, as text
    for case in payload_cases(tokens.db):
        page.goto(f"{site}/cases/{case}")
        page.get_by_label("Field").select_option("title")
        page.get_by_label("New value").fill(f"<img src=x onerror={RUN}><script>{RUN}</script>")
        page.get_by_role("button", name="Correct").click()
        page.wait_for_url("**done=correct")
        assert "<script>" in page.locator("section.curate table").inner_text()  # shown, as text
        options = page.locator("#correct-item option").evaluate_all("os => os.map(o => o.textContent).join()")
        assert "__pwned" in options  # the items' titles, as text
    page.goto(site + "/review")
    page.locator("li.entry", has_text="__pwned").first.get_by_role("button", name="Reject").click()
    page.wait_for_url("**/review?done=reject**")
    page.goto(site + "/review?" + urlencode({"done": "accept", "kind": PAYLOADS[0], "id": PAYLOADS[1]}))
    assert "__pwned" in page.get_by_role("status").inner_text()  # what the URL says, as text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert tab.dialogs == [] and tab.blocked == []
