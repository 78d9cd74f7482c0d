"""`civicatlas watch`: check a list of web sources again, ingest the pages that are new or changed, and write a
digest of the initiatives that are new or changed since the last finished run (Markdown, JSON and Atom).

Sources are a TOML file:

    [[source]]
    url = "https://www.example-kommun.se/nyheter/rss"
    name = "Example kommun, news"   # optional

Unchanged pages cost one conditional request (the stored page's ETag/Last-Modified). A source's own validators
are kept only after its pages are stored, and a digest covers everything since the last *finished* run, so a run
that is killed is simply done again: nothing is stored twice and nothing is missed.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from civicatlas.errors import InputError
from civicatlas.read.web import is_url

if TYPE_CHECKING:
    from civicatlas.atlas import Atlas
    from civicatlas.read.fetch import Fetcher


@dataclass
class Source:
    url: str
    name: str | None = None


def load_sources(path: Path) -> list[Source]:
    """The sources of a TOML file, or InputError naming the file and what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(str(path), e.strerror or str(e)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"not valid TOML: {e}") from None
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise InputError(str(path), 'no sources: add [[source]] tables with url = "https://…"')
    sources = []
    for n, entry in enumerate(entries, 1):
        url = entry.get("url") if isinstance(entry, dict) else None
        if not isinstance(url, str) or not is_url(url):
            raise InputError(str(path), f"source {n}: url must be an http(s) URL, not {url!r}")
        name = entry.get("name")
        sources.append(Source(url, name if isinstance(name, str) else None))
    return sources


def watch_once(atlas: Atlas, sources: list[Source], fetcher: Fetcher, digest: Path | None = None) -> dict[str, Any]:
    """One run over every source; returns its summary (and writes the digest files into `digest`)."""
    store = atlas.store
    run, since = store.start_run()
    fetcher.validators = lambda url: store.validators(url, atlas.pipeline.signature)
    summary: dict[str, Any] = {"since": since, "sources": len(sources), "documents": 0, "unchanged": 0,
                               "new": 0, "updated": 0, "errors": []}
    for source in sources:
        report = atlas.ingest([source.url], fetcher=fetcher)
        done = next((d for d in report.sources if d.url == source.url), None)
        store.checked_source(source.url, source.name, report.errors, done)
        summary["documents"] += report.documents
        summary["unchanged"] += report.skipped
        summary["new"] += report.new
        summary["updated"] += report.updated
        summary["errors"] += report.errors
    store.finish_run(run)
    cases = list(store.cases_changed_since(since))
    summary["cases"] = [{"id": r["id"], "title": r["title"], "new": r["status"] == "new"}
                        for r in digest_rows(cases, since)]
    if digest is not None:
        write_digest(cases, since, digest)
    return summary


def write_digest(cases: list[dict[str, Any]], since: str | None, folder: Path) -> None:
    """digest.md, digest.json and new.atom in `folder`: the initiatives new or changed since `since`."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = digest_rows(cases, since)
    (folder / "digest.json").write_text(json.dumps({"since": since, "generated": now, "cases": rows},
                                                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [f"# Initiatives new or changed since {since or 'the first run'}", "", f"{len(rows)} cases, {now}.", ""]
    for r in rows:
        lines += [f"## {_md(r['title'])} ({r['status']})", "", _md(r["summary"] or ""), ""]
        lines += [f"- <{u}>" for u in r["sources"] if u.startswith(("http://", "https://"))] + [""]
    (folder / "digest.md").write_text("\n".join(lines), encoding="utf-8")
    (folder / "new.atom").write_bytes(atom(rows, now))


def digest_rows(cases: Iterable[dict[str, Any]], since: str | None) -> list[dict[str, Any]]:
    """What a digest says of each case: new or changed since `since`, its heading and its sources."""
    return [{"id": c["id"], "title": c["title"], "summary": c["summary"], "languages": c["languages"],
             "status": "new" if since is None or c["created_at"] > since else "changed",
             "updated_at": c["updated_at"], "sources": [s["uri"] for s in c["sources"]]} for c in cases]


def _md(text: str) -> str:
    """Page text in Markdown: no markup of its own (a title may hold "[x](javascript:…)" or HTML)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!<>|" else ch for ch in " ".join(text.split()))


def atom(rows: list[dict[str, Any]], now: str, case_url: str | None = None) -> bytes:
    """An Atom feed of digest rows; `case_url` (with {id}) links each entry to its page in the explorer."""
    ns = "http://www.w3.org/2005/Atom"
    feed = ET.Element("feed", xmlns=ns)
    ET.SubElement(feed, "title").text = "CivicAtlas: new and changed initiatives"
    ET.SubElement(feed, "id").text = "urn:civicatlas:digest"
    ET.SubElement(feed, "updated").text = now
    for r in rows:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = f"urn:civicatlas:case:{r['id']}"
        ET.SubElement(entry, "title").text = r["title"]  # text, escaped by ElementTree
        ET.SubElement(entry, "updated").text = r["updated_at"]
        ET.SubElement(entry, "summary").text = r["summary"] or ""
        if case_url:
            ET.SubElement(entry, "link", href=case_url.format(id=r["id"]), rel="alternate")
        for uri in r["sources"]:
            if uri.startswith(("http://", "https://")):
                ET.SubElement(entry, "link", href=uri, rel="related")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
