"""One database, several processes at once: two ingests of overlapping inputs with reads and exports
meanwhile, and processes opening a database another one is creating or migrating. Real processes on a
real SQLite file and on a real PostgreSQL database; the outcome must be what one serial ingest gives, with nothing
refused for a lock.

The corpus repeats each initiative word for word on five pages, so every case is a set of exact
duplicates: which pages are stored first cannot change the cases, only a lost race can (two processes
each starting a case for the same initiative). The two ingests go through the pages in opposite orders,
so that they store copies of one initiative at the same moment; without resolution and saving in one
write transaction, they end with more cases than the serial ingest.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from itertools import cycle
from pathlib import Path

from civicatlas import Atlas
from civicatlas.store import sqlite_path
from civicatlas.store.schema import MIGRATIONS
from tests.conftest import EXAMPLES

ENRICHERS = "money"  # cheap to start: the races are in resolving and storing, not in enriching
WORDS = """Bürgerrat Jugendforum Klimaschutz Haushalt Nachbarschaft Spielplatz Bibliothek Radweg Stadtteil Ehrenamt
Senioren Schulhof Marktplatz Gemeinderat Beteiligung Zukunftswerkstatt Parkanlage Integration Wohnraum Mobilität
Energie Wasser Kultur Sport Bildung Gesundheit Umwelt Verkehr Digitalisierung Landwirtschaft Tourismus Handwerk
Feuerwehr Musikschule Kindergarten Friedhof Hafen Brücke Museum Theater Kino Garten Wald Fluss See Dorf""".split()
CITIES = """Aachen Bremen Celle Dessau Erfurt Fulda Gera Hameln Ingolstadt Jena Kassel Lübeck Mainz Nürnberg Offenburg
Passau Rostock Siegen Trier Ulm Verden Weimar Xanten Zwickau Bamberg Coburg Detmold Emden Flensburg Görlitz""".split()


def write_corpus(folder: Path, initiatives: int = 100, pages: int = 30, copies: int = 5) -> list[Path]:
    """Listing pages (one initiative a line); each initiative stands on `copies` different pages."""
    rng = random.Random(14)
    lines = []
    for n in range(initiatives):
        w = rng.sample(WORDS, 6)
        lines.append(f"{CITIES[n % len(CITIES)]} fördert {w[0]} und {w[1]} im Projekt {w[2]} mit {w[3]}, {w[4]} "
                     f"und {w[5]}, Vorhaben Nummer {n}.")
    on_page: list[list[str]] = [[] for _ in range(pages)]
    for line in lines:
        for page in rng.sample(range(pages), copies):
            on_page[page].append(line)
    folder.mkdir()
    paths = []
    for n, page_lines in enumerate(on_page):
        while len(page_lines) < 3:  # a listing needs three entries
            page_lines.append(rng.choice([x for x in lines if x not in page_lines]))
        path = folder / f"page{n:02d}.txt"
        path.write_text("\n".join(page_lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def civicatlas(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "civicatlas", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})


def finish(process: subprocess.Popen) -> tuple[str, str]:
    """stdout and stderr of a process that must succeed without meeting a lock."""
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, f"{process.args[3:5]} exit {process.returncode}: {err[-2000:]}"
    assert "locked" not in err.lower() and "Traceback" not in err, err[-2000:]
    return out, err


def membership(cases) -> set[frozenset[str]]:
    return {frozenset(item["id"] for item in case["items"]) for case in cases}


def stored(summary: str) -> int:
    """Documents an ingest stored, from its summary line ("documents: 3, items: …")."""
    line = [x for x in summary.splitlines() if x.startswith("documents: ")][-1]
    return int(line.split(",")[0].split(": ")[1])


def test_concurrent_ingests_and_readers_end_as_one_serial_ingest(tmp_path: Path, store_url: str) -> None:
    pages = write_corpus(tmp_path / "pages")
    # overlapping inputs in opposite orders; the examples come last, where both may meet them at once
    forward = [*map(str, pages), str(EXAMPLES)]
    backward = [*(str(p) for p in reversed(pages[len(pages) // 4:])), str(EXAMPLES)]

    serial_db = tmp_path / "serial.db"
    with Atlas(serial_db, enrichers=ENRICHERS.split(",")) as atlas:
        serial = atlas.ingest(forward)
        assert not serial.errors
        expected, expected_stats = membership(atlas.cases()), atlas.stats()
    assert len(expected) < expected_stats["items"]  # the corpus has duplicates to resolve

    db = store_url  # a file, or a PostgreSQL database: the same outcome as the serial ingest into SQLite
    ingests = [civicatlas("ingest", *inputs, "--db", str(db), "--enrichers", ENRICHERS)
               for inputs in (forward, backward)]
    readers = cycle([("stats",), ("search", "Bürgerrat Klimaschutz"), ("export", "--format", "jsonl"), ("cases",)])
    deadline = time.monotonic() + 60
    while (local := sqlite_path(db)) and not Path(local).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    ran = 0
    while any(p.poll() is None for p in ingests) or ran < 4:  # from the moment the file appears (schema or not)
        finish(civicatlas(*next(readers), "--db", str(db)))
        ran += 1
    summaries = [finish(p)[1] for p in ingests]

    # every page stored once, by one of the two
    assert sum(stored(s) for s in summaries) == serial.documents
    exported, _ = finish(civicatlas("export", "--db", str(db), "--format", "jsonl"))
    assert membership(json.loads(line) for line in exported.splitlines()[1:]) == expected  # after the metadata line
    with Atlas(db, enrichers=ENRICHERS.split(",")) as atlas:
        stats = atlas.stats()
        assert {k: stats[k] for k in ("documents", "items", "cases", "mentions")} == \
            {k: expected_stats[k] for k in ("documents", "items", "cases", "mentions")}
        again = atlas.ingest(forward)  # idempotent: nothing left to store
        assert (again.documents, again.skipped, again.errors) == (0, serial.documents, [])
        assert membership(atlas.cases()) == expected


OPEN = """
import sys, time
from pathlib import Path
from civicatlas.store.sqlite import SQLiteStore
ready, go, *databases = sys.argv[1:]
Path(ready).touch()
while not Path(go).exists():  # start together: the processes open each file within a millisecond or two
    time.sleep(0.001)
for db in databases:
    store = SQLiteStore(db)
    print(store.schema_version, store.stats()["documents"])
"""


def test_processes_opening_one_database_at_once_all_find_it_migrated(tmp_path: Path) -> None:
    """Whoever comes first creates (or migrates) the schema; the others wait for it and find it done."""
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    con = sqlite3.connect(old)  # as the first release left it
    con.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    con.close()
    go = tmp_path / "go"
    ready = [tmp_path / f"ready{n}" for n in range(4)]
    processes = [subprocess.Popen([sys.executable, "-c", OPEN, str(r), str(go), str(new), str(old)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for r in ready]
    deadline = time.monotonic() + 120
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    for p in processes:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.split() == [str(len(MIGRATIONS)), "0"] * 2, err[-2000:]
