"""Sources → Documents: files, folders (recursive, include/exclude globs) and `-` for stdin.

Every failure is an InputError naming the input and the reason; callers report it and go on.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from civicatlas.errors import InputError, InputWarning
from civicatlas.ids import make_id
from civicatlas.model import Document
from civicatlas.read.decode import decode, gunzip, sniff_binary

if TYPE_CHECKING:  # httpx is imported only when a URL is read
    from civicatlas.read import web
    from civicatlas.read.fetch import Fetcher

__all__ = ["InputError", "InputWarning", "DEFAULT_MAX_BYTES", "iter_inputs", "iter_sources", "read_path", "read_bytes"]

DEFAULT_MAX_BYTES = 20_000_000  # a real page is < 2 MB; bigger is a dump or an attack, not a page
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}


def iter_inputs(
    paths: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None
) -> Iterator[str | InputError]:
    """Expand paths to input files in a stable order. Folders are walked recursively; hidden files and
    folders are left out; `include`/`exclude` are globs matched against the path relative to the folder
    or any tail of it (so a bare "*.html" matches in every sub-folder). Yields '-' for stdin and an
    InputError for a path that does not exist."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    full = Path(root) / name
                    rel = full.relative_to(path).as_posix()
                    if include and not _matches(rel, include) or exclude and _matches(rel, exclude):
                        continue
                    yield str(full)
        elif path.exists():
            yield str(path)
        else:
            yield InputError(raw, "no such file or directory")


def iter_sources(
    paths: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None,
    fetcher: Fetcher | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[str | Document | InputError | web.Unchanged | web.SourceDone]:
    """Inputs as `iter_inputs` finds them, with the web and archives read: a URL (page, feed or sitemap), a file
    of URLs, a WARC/ARC file and a zip of pages become their Documents. Without a `fetcher`, a default one is
    made on first need (and closed at the end)."""
    from civicatlas.read import web

    made: list[Fetcher] = []

    def get() -> Fetcher:
        from civicatlas.read.fetch import Fetcher

        if fetcher is not None:
            return fetcher
        if not made:
            made.append(Fetcher(max_bytes=max_bytes))
        return made[0]

    try:
        for raw in paths:
            if web.is_url(raw):
                yield from web.web_source(raw, get(), max_bytes)
                continue
            for source in iter_inputs([raw], include, exclude):
                if isinstance(source, InputError) or source == "-":
                    yield source
                    continue
                path = Path(source)
                lower = path.name.lower()
                if lower.endswith(web.ARCHIVE_SUFFIXES):
                    yield from web.archive(path, max_bytes)
                elif lower.endswith(".zip"):
                    yield from web.zip_pages(path, max_bytes)
                elif web.is_url_list(path):
                    yield from web.url_list(path, get(), max_bytes)
                else:
                    yield source
    finally:
        for f in made:
            f.close()


def _matches(rel: str, globs: list[str]) -> bool:
    """A glob matches the relative path or any tail of it: "deeper/*" matches "sub/deeper/c.md"."""
    parts = rel.split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatch.fnmatch(t, g) for g in globs for t in tails)


def read_path(source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one input ('-' is stdin) into a Document, or raise InputError."""
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError("<stdin>", f"more than {max_bytes / 1e6:.0f} MB (limit: --max-bytes)")
        return read_bytes(data, uri=f"stdin:{hashlib.sha256(data).hexdigest()[:16]}", name="<stdin>")
    path = Path(source)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(source, "not a regular file")
        if size > max_bytes:
            raise InputError(source, f"file too large: {size / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.0f} MB limit "
                                     "(raise it with --max-bytes)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file or directory") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    return read_bytes(data, uri=path.resolve().as_uri(), name=source, max_bytes=max_bytes)


def read_bytes(data: bytes, uri: str, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               charset: str | None = None, html: bool = False) -> Document:
    """Bytes of one input → Document. `name` is what error messages call the input; `charset` is what the server
    declared, `html` that it said the body is HTML."""
    name = name or uri
    suffix = Path(uri.split("?")[0]).suffix.lower()
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, name, max_bytes)
        suffix = Path(uri.split("?")[0].removesuffix(Path(uri).suffix)).suffix.lower()
    elif suffix == ".gz":
        raise InputError(name, "has a .gz name but is not gzip data")
    if not data.strip():
        raise InputError(name, "empty file" if not data else "file contains only whitespace")
    sniff_binary(data, name)
    text, encoding, warnings = decode(data, name, charset)
    if not text.strip():
        raise InputError(name, "no text after decoding")
    return Document(
        id=make_id("d", uri),
        uri=uri,
        content=text,
        content_type="html" if html else _content_type(suffix, text),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        warnings=warnings,
    )


def _content_type(suffix: str, text: str) -> str:
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head and "</" in text):
        return "html"
    return "text"
