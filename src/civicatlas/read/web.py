"""Web sources → Documents: a page, an RSS/Atom feed (its entries' pages), a sitemap or sitemap index (its
pages), a file of URLs, a WARC/ARC file (its HTML responses) and a zip of pages. Each Document remembers its URL,
where it was found and when it was fetched or captured (`metadata`: url, via, found_in, fetched, published).
Every failure is one InputError for that source or page; the others go on."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from civicatlas.errors import InputError
from civicatlas.model import Document

if TYPE_CHECKING:  # httpx is imported only when a URL is read
    from civicatlas.read.fetch import Fetcher, Response


@dataclass
class Unchanged:
    """A page or source that a conditional request found unchanged since it was stored."""

    url: str


@dataclass
class SourceDone:
    """A source read to its end: its own validators, to be kept only now (a run killed earlier reads it again)."""

    url: str
    kind: str  # page, feed, sitemap
    etag: str | None
    last_modified: str | None
    pages: int


MAX_SITEMAPS = 1_000  # nested sitemaps followed from one source: an index bomb stops here, with an error
MAX_URLS = 100_000  # pages taken from one feed or sitemap source
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")


def is_url(raw: str) -> bool:
    return raw.lower().startswith(("http://", "https://"))


def is_url_list(path: Path) -> bool:
    """A small text file whose every line (blank lines and #-comments aside) is an http(s) URL."""
    if path.suffix.lower() not in (".txt", ".urls", ".lst") or path.stat().st_size > 50_000_000:
        return False
    with open(path, "rb") as f:
        head = f.read(65536).decode("utf-8", errors="replace").splitlines()[:-1] or [""]
    lines = [line.strip() for line in head if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all(is_url(line) and " " not in line for line in lines)


def url_list(path: Path, fetcher: Fetcher, max_bytes: int) -> Iterator[Document | InputError]:
    with open(path, encoding="utf-8", errors="replace") as f:
        urls = (line.strip() for line in f if line.strip() and not line.lstrip().startswith("#"))
        yield from _pages(urls, fetcher, max_bytes, via="url", found_in=str(path))


def web_source(url: str, fetcher: Fetcher, max_bytes: int) -> Iterator[Document | InputError | Unchanged | SourceDone]:
    """A URL given by the user: a page, a feed or a sitemap, told apart by what comes back; then a SourceDone."""
    try:
        response = fetcher.get(url)
    except InputError as e:
        yield e
        return
    if response.not_modified:
        yield Unchanged(url)
        return
    body = _gunzip(response, max_bytes)
    if isinstance(body, InputError):
        yield body
        return
    if _is_sitemap(body):
        kind, found = "sitemap", _sitemap(url, body, fetcher, max_bytes)
    elif entries := _feed_entries(response, body):
        kind, found = "feed", _pages((link for link, _ in entries), fetcher, max_bytes, via="feed", found_in=url,
                                     published=dict(entries))
    else:
        yield _document(response, body, max_bytes, via="url", found_in=None)
        yield SourceDone(url, "page", response.etag, response.last_modified, 1)
        return
    pages = 0
    for out in found:
        pages += isinstance(out, Document | Unchanged)
        yield out
    yield SourceDone(url, kind, response.etag, response.last_modified, pages)


def _pages(urls, fetcher: Fetcher, max_bytes: int, via: str, found_in: str,
           published: dict[str, str | None] | None = None) -> Iterator[Document | InputError | Unchanged]:
    for n, result in enumerate(fetcher.get_many(urls)):
        if n >= MAX_URLS:
            yield InputError(found_in, f"more than {MAX_URLS} pages: the rest are left out")
            return
        if isinstance(result, InputError):
            yield result
            continue
        if result.not_modified:
            yield Unchanged(result.url)
            continue
        body = _gunzip(result, max_bytes)
        yield body if isinstance(body, InputError) else _document(
            result, body, max_bytes, via, found_in, (published or {}).get(result.url))


def _document(response: Response, body: bytes, max_bytes: int, via: str, found_in: str | None,
              published: str | None = None) -> Document | InputError:
    from civicatlas.read import read_bytes

    if response.content_type and not response.content_type.startswith(_PAGE_TYPES) \
            and response.content_type not in ("application/octet-stream", "application/xml", "text/xml"):
        return InputError(response.url, f"not a page: Content-Type {response.content_type}")
    try:
        doc = read_bytes(body, uri=response.url, max_bytes=max_bytes, charset=response.charset,
                         html=response.content_type in ("text/html", "application/xhtml+xml"))
    except InputError as e:
        return e
    doc.metadata.update(url=response.url, via=via, found_in=found_in, fetched=response.fetched_at,
                        published=published, etag=response.etag, last_modified=response.last_modified)
    return doc


def _gunzip(response: Response, max_bytes: int) -> bytes | InputError:
    if response.body[:2] != b"\x1f\x8b":
        return response.body
    from civicatlas.read.decode import gunzip

    try:
        return gunzip(response.body, response.url, max_bytes)
    except InputError as e:
        return e


def _is_sitemap(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def _feed_entries(response: Response, body: bytes) -> list[tuple[str, str | None]]:
    """(link, published date) of a feed's entries; empty when the body is no feed."""
    head = body[:2048].lstrip().lower()
    if not (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or "rss" in response.content_type
            or "atom" in response.content_type):
        return []
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": response.url})
    out = []
    for entry in parsed.entries[:MAX_URLS]:
        link = entry.get("link")
        if link and link.startswith(("http://", "https://")):
            date = entry.get("published_parsed") or entry.get("updated_parsed")
            out.append((link, f"{date.tm_year:04}-{date.tm_mon:02}-{date.tm_mday:02}" if date else None))
    return out


def _sitemap(url: str, body: bytes, fetcher: Fetcher, max_bytes: int) -> Iterator[Document | InputError]:
    """Pages of a sitemap or sitemap index, nested indexes included, bounded in sitemaps and pages."""
    from usp.tree import sitemap_from_str

    queue, seen, pages = [(url, body)], {url}, {}
    while queue:
        where, content = queue.pop(0)
        try:
            tree = sitemap_from_str(content.decode("utf-8", errors="replace"))
        except Exception as e:  # noqa: BLE001 - a malformed sitemap is this source's error, not the run's
            yield InputError(where, f"malformed sitemap: {type(e).__name__}: {e}")
            continue
        for page in tree.all_pages():
            if len(pages) < MAX_URLS and is_url(page.url):
                pages.setdefault(page.url, page.last_modified.date().isoformat() if page.last_modified else None)
        for sub in getattr(tree, "sub_sitemaps", []):
            if sub.url in seen:
                continue
            if len(seen) >= MAX_SITEMAPS:
                yield InputError(url, f"more than {MAX_SITEMAPS} nested sitemaps: the rest are left out")
                queue.clear()
                break
            seen.add(sub.url)
            try:
                response = fetcher.get(sub.url)
            except InputError as e:
                yield e
                continue
            sub_body = _gunzip(response, max_bytes)
            if isinstance(sub_body, InputError):
                yield sub_body
            elif _is_sitemap(sub_body):
                queue.append((sub.url, sub_body))
            else:
                yield InputError(sub.url, "not a sitemap")
    if len(pages) >= MAX_URLS:
        yield InputError(url, f"more than {MAX_URLS} pages: the rest are left out")
    yield from _pages(iter(pages), fetcher, max_bytes, via="sitemap", found_in=url, published=pages)


def archive(path: Path, max_bytes: int) -> Iterator[Document | InputError]:
    """HTML responses of a WARC or ARC file, streamed (constant memory), with their URL and capture date."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from civicatlas.read import read_bytes

    class Records(ArchiveIterator):
        """warcio ends quietly at a gzip member cut short; remember whether the last member was complete."""

        cut = False

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None)
            self.cut = self.cut or (decompressor is not None and not getattr(decompressor, "eof", True))
            super().close()

    try:
        with open(path, "rb") as f:
            records = Records(f, arc2warc=True)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
                if ctype not in ("text/html", "application/xhtml+xml"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield InputError(f"{path} ({url})", f"record over the {max_bytes / 1e6:.0f} MB limit")
                    continue
                try:
                    doc = read_bytes(body, uri=url, name=f"{path} ({url})", max_bytes=max_bytes, html=True)
                except InputError as e:
                    yield e
                    continue
                doc.metadata.update(url=url, via="warc", found_in=str(path),
                                    fetched=record.rec_headers.get_header("WARC-Date"))
                yield doc
            if records.cut:
                raise EOFError("the last record is cut short")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, gzip.BadGzipFile) as e:
        yield InputError(str(path), f"truncated or malformed archive: {type(e).__name__}: {e}")


def zip_pages(path: Path, max_bytes: int) -> Iterator[Document | InputError]:
    """The files of a zip archive as pages (hidden files and folders left out), each within the size limit."""
    from civicatlas.read import read_bytes

    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                name = f"{path}!{info.filename}"
                if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in info.filename.split("/")):
                    continue
                if info.file_size > max_bytes:
                    yield InputError(name, f"file too large: {info.file_size / 1e6:.1f} MB")
                    continue
                try:
                    with z.open(info) as member:
                        data = member.read(max_bytes + 1)  # the declared size can lie: read no more than allowed
                    yield read_bytes(data[: max_bytes + 1], uri=f"{path.resolve().as_uri()}!/{info.filename}",
                                     name=name, max_bytes=max_bytes)
                except InputError as e:
                    yield e
                except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as e:
                    yield InputError(name, f"cannot read from the zip: {e}")
    except (zipfile.BadZipFile, OSError) as e:
        yield InputError(str(path), f"not a readable zip archive: {e}")
