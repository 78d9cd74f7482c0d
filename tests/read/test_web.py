"""Web sources against a real loopback server: pages, feeds, sitemaps, URL lists, WARC files and zips."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.errors import InputError
from civicatlas.model import Document
from civicatlas.read import iter_sources
from civicatlas.read.fetch import Fetcher
from tests.conftest import EXAMPLES
from tests.read.server import Site

PAGES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".html", ".txt", ".md"))


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    for p in PAGES:
        s.page(f"/news/{p.name}", p.read_bytes(), "text/html" if p.suffix == ".html" else "text/plain")
    yield s
    s.close()


def fetcher(**kw) -> Fetcher:
    return Fetcher(**{"allow_private": ["127.0.0.1/32"], "delay": 0.0, "backoff": 0.05, "robots": False, **kw})


def sources(*paths: str, **kw) -> list[Document | InputError]:
    with fetcher(**kw) as f:
        return [s for s in iter_sources(list(paths), fetcher=f) if isinstance(s, Document | InputError)]


def rss(site: Site, names: list[str]) -> bytes:
    items = "".join(f"<item><title>{n}</title><link>{site.url}/news/{n}</link>"
                    f"<pubDate>Mon, 0{i + 1} Dec 2026 10:00:00 GMT</pubDate></item>" for i, n in enumerate(names))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'.encode()


def test_a_page_by_url_remembers_where_and_when(site: Site) -> None:
    (doc,) = sources(f"{site.url}/news/{PAGES[0].name}")
    assert doc.uri == f"{site.url}/news/{PAGES[0].name}" and doc.content_type == "html"
    assert doc.metadata["via"] == "url" and doc.metadata["fetched"].startswith("20")


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(site: Site) -> None:
    port = site.url.rsplit(":", 1)[1]
    (doc,) = sources(f"http://localhost:{port}/news/{PAGES[0].name}", allow_private=True)
    assert isinstance(doc, Document)
    assert site.log[-1][1]["host"] == f"localhost:{port}"


def test_a_feed_brings_its_entries_pages_with_their_dates(site: Site) -> None:
    names = [p.name for p in PAGES[:3]]
    site.page("/feed.xml", rss(site, names), "application/rss+xml")
    docs = sources(f"{site.url}/feed.xml")
    assert [d.uri.rsplit("/", 1)[1] for d in docs] == names
    assert [d.metadata["published"] for d in docs] == ["2026-12-01", "2026-12-02", "2026-12-03"]
    assert {d.metadata["via"] for d in docs} == {"feed"} and docs[0].metadata["found_in"] == f"{site.url}/feed.xml"


def test_a_gzipped_sitemap_index_brings_the_pages_of_its_sitemaps(site: Site) -> None:
    def urlset(names: list[str]) -> bytes:
        urls = "".join(f"<url><loc>{site.url}/news/{n}</loc><lastmod>2026-11-0{i + 1}</lastmod></url>"
                       for i, n in enumerate(names))
        return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()

    site.page("/s1.xml.gz", gzip.compress(urlset([PAGES[0].name, PAGES[1].name])), "application/gzip")
    site.page("/s2.xml", urlset([PAGES[2].name, f"missing-{PAGES[2].name}"]), "application/xml")
    site.page("/sitemap.xml", f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                              f'<sitemap><loc>{site.url}/s1.xml.gz</loc></sitemap>'
                              f'<sitemap><loc>{site.url}/s2.xml</loc></sitemap>'
                              f'<sitemap><loc>{site.url}/gone.xml</loc></sitemap></sitemapindex>', "text/xml")
    out = sources(f"{site.url}/sitemap.xml")
    docs = [d for d in out if isinstance(d, Document)]
    errors = sorted(str(e) for e in out if isinstance(e, InputError))
    assert sorted(d.uri.rsplit("/", 1)[1] for d in docs) == sorted(p.name for p in PAGES[:3])
    assert errors == [f"{site.url}/gone.xml: HTTP 404", f"{site.url}/news/missing-{PAGES[2].name}: HTTP 404"]
    assert {d.metadata["published"] for d in docs} == {"2026-11-01", "2026-11-02"}


def test_a_sitemap_bomb_stops_at_the_bound(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from civicatlas.read import web

    monkeypatch.setattr(web, "MAX_SITEMAPS", 5)
    subs = "".join(f"<sitemap><loc>{site.url}/s{n}.xml</loc></sitemap>" for n in range(10_000))
    site.page("/sitemap.xml", f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{subs}'
                              f'</sitemapindex>', "application/xml")
    out = sources(f"{site.url}/sitemap.xml")
    assert f"{site.url}/sitemap.xml: more than 5 nested sitemaps: the rest are left out" in map(str, out)
    assert len(site.log) <= 7  # the index and five sitemaps, not ten thousand


@pytest.mark.parametrize("body", [b"<rss><channel><item><link>", b"<urlset><url><loc>http://x", b"\x1f\x8bnot gzip"])
def test_malformed_feeds_and_sitemaps_are_one_error_or_nothing(site: Site, body: bytes) -> None:
    site.page("/bad", body, "application/xml")
    out = sources(f"{site.url}/bad")
    assert all(isinstance(x, InputError | Document) for x in out) and len(out) <= 1


def test_a_file_of_urls(site: Site, tmp_path: Path) -> None:
    urls = tmp_path / "sources.txt"
    urls.write_text(f"# municipal news\n{site.url}/news/{PAGES[0].name}\n\n{site.url}/nothing\n", encoding="utf-8")
    out = sources(str(urls))
    assert [type(x).__name__ for x in out] == ["Document", "InputError"]
    assert str(out[1]) == f"{site.url}/nothing: HTTP 404"


def write_warc(path: Path, pages: list[Path], truncate: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for p in pages:
        ctype = "text/html" if p.suffix == ".html" else "text/plain"
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{p.name}", "response",
                                                      payload=io.BytesIO(p.read_bytes()), http_headers=headers))
    data = buf.getvalue()
    # two thirds of 3 × the same pages is a record boundary (a whole, valid WARC): cut inside the next record
    path.write_bytes(data[: len(data) * 2 // 3 + 500] if truncate else data)


def test_a_warc_file_brings_its_html_responses_with_url_and_capture_date(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, PAGES)
    docs = sources(str(warc))
    html = [p for p in PAGES if p.suffix == ".html"]
    assert [d.uri for d in docs] == [f"https://example.org/{p.name}" for p in html]  # text/plain left out
    assert all(d.metadata["via"] == "warc" and d.metadata["fetched"].startswith("20") for d in docs)


def test_a_truncated_warc_gives_what_it_holds_and_one_error(tmp_path: Path) -> None:
    warc = tmp_path / "cut.warc.gz"
    write_warc(warc, [p for p in PAGES if p.suffix == ".html"] * 3, truncate=True)
    out = sources(str(warc))
    assert isinstance(out[-1], InputError) and "truncated or malformed archive" in str(out[-1])
    assert all(isinstance(d, Document) for d in out[:-1]) and len(out) > 2


def test_a_zip_of_pages(tmp_path: Path) -> None:
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in PAGES[:3]:
            z.write(p, f"site/{p.name}")
        z.writestr("__MACOSX/._junk", b"x")
        z.writestr("site/empty.txt", b"")
    out = sources(str(archive))
    assert [d.uri.rsplit("/", 1)[1] for d in out if isinstance(d, Document)] == [p.name for p in PAGES[:3]]
    assert [e.reason for e in out if isinstance(e, InputError)] == ["empty file"]


def test_seeds_through_a_feed_give_the_same_cases_as_the_files(seeds: Path, tmp_path: Path) -> None:
    site = Site()
    try:
        names = sorted(p.name for p in seeds.iterdir())
        for n in names:
            site.page(f"/news/{n}", (seeds / n).read_bytes(), "text/plain; charset=utf-8")
        site.page("/feed.xml", rss(site, names), "application/rss+xml")
        from_files = Atlas(tmp_path / "files.db")
        assert not from_files.ingest([str(seeds)]).errors
        from_web = Atlas(tmp_path / "web.db")
        with fetcher() as f:
            report = from_web.ingest([f"{site.url}/feed.xml"], fetcher=f)
        assert not report.errors and report.documents == 2
        titles = sorted(c["title"] for c in from_web.cases())
        assert len(titles) == 25 and titles == sorted(c["title"] for c in from_files.cases())
        with fetcher() as f:
            again = from_web.ingest([f"{site.url}/feed.xml"], fetcher=f)
        assert (again.skipped, again.documents) == (2, 0)
    finally:
        site.close()
