"""Pages whose every field carries a script payload: each payload, if it ever ran, would set window.__pwned
(or open a dialog). The explorer must show them as text."""

from __future__ import annotations

import html
import sqlite3
from pathlib import Path

import pytest

from civicatlas import Atlas

RUN = "window.__pwned=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f"<svg onload={RUN}><script>{RUN}</script></svg>",
    f"</script><script>{RUN}</script>",
    '"><img src=x onerror=alert(1)>',
    f"javascript:{RUN}",
    "[<b>bold]</b>",
]
SCRIPT = " ".join(PAYLOADS)
CREDIT = f"<img src=x onerror={RUN}>"  # a credit is a short name after "Foto:", without a colon
STORY = ("The city council of Lund in Sweden held a citizens' assembly in 2023: 45 residents chosen by lot "
         "deliberated for six weekends and recommended a climate plan, funded with 2 million kronor by the "
         "Swedish Association of Local Authorities.")


def write(folder: Path) -> list[str]:
    """An HTML page (payloads in its title, text, caption, photo credit and a javascript: link) and a text file whose
    name carries one too; returns their paths."""
    escaped = html.escape(SCRIPT)
    page = (f"<html><head><title>{escaped} Lund citizens' assembly</title></head><body><article>"
            f"<h1>{escaped} Lund citizens' assembly</h1><p>{html.escape(STORY)} {escaped}</p>"
            f"<figure><img src=\"lund.jpg\" alt=\"\"><figcaption>{escaped} Residents of Lund deliberate. "
            f"Foto: {html.escape(CREDIT)}</figcaption></figure>"
            f"<p><a href=\"javascript:{RUN}\">{escaped} read more</a></p></article></body></html>")
    text = f"{SCRIPT} Malmö youth budget\n\n{STORY.replace('Lund', 'Malmö')} {SCRIPT}\n"
    paths = [folder / "lund.html", folder / '"><img src=x onerror=window.__pwned=1>.txt']
    paths[0].write_text(page, encoding="utf-8")
    paths[1].write_text(text, encoding="utf-8")
    return [str(p) for p in paths]


@pytest.fixture(scope="session")
def payload_db(examples_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The examples and the two payload pages, in a database of their own."""
    folder = tmp_path_factory.mktemp("payloads")
    db = str(folder / "atlas.db")
    copy_db(examples_db, db)  # the examples are ingested once per session; only the payload pages are new here
    with Atlas(db) as atlas:
        assert atlas.ingest(write(folder)).errors == []
    return db


def copy_db(source: str, target: str) -> None:
    with sqlite3.connect(source) as given, sqlite3.connect(target) as copy:
        given.backup(copy)


def payload_cases(db: str) -> list[str]:
    with Atlas(db) as atlas:
        return [c["id"] for c in atlas.cases() if "__pwned" in c["title"]]
