"""A small real database for the export tests: two pages ingested through the real pipeline (without the
slow encoder), and one item stored with themes as the themes enricher would leave them."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.ids import make_id
from civicatlas.model import Document, Evidence, Item, Place, Theme
from civicatlas.store import Assignment

ENRICHERS = ["language", "places", "money", "counts", "dates", "actors"]
PAGES = {
    "umea.txt": "Umeå kommun inför medborgarbudget\n\nUnder 2024 fick 300 invånare i Umeå fördela 2 miljoner kronor "
                "till projekt i sina stadsdelar.",
    "leipzig.txt": "Leipzig startet einen Bürgerrat\n\nDie Stadt Leipzig hat im März 2023 50 Einwohnerinnen und "
                   "Einwohner ausgelost, die Empfehlungen zur Verkehrswende erarbeiten.",
}


def themed_item(store) -> str:
    """An item with Participedia labels and a located place, stored as ingest stores one."""
    doc = Document(id=make_id("d", "test:lund"), uri="https://example.org/lund", content="", content_type="text",
                   sha256="0" * 64, text="", title="Lund")
    text = "Lund holds a climate citizens' assembly."
    item = Item(id="ilund", document_id=doc.id, position=0, text=text, title="Lund climate assembly",
                language="en", countries=["SE"], years=[2022])
    ev = Evidence(item.id, 0, 4, "places", "test", 0.9)
    item.places = [Place(text="Lund", evidence=ev, name="Lund", geonameid=2693678, country="SE", kind="city",
                         lat=55.70584, lon=13.19321)]
    item.themes = {"general_issues": [Theme("general_issues", "environment", 0.8, "themes", "test")],
                   "method_types": [Theme("method_types", "deliberative", 0.9, "themes", "test")]}
    store.save(doc, "themes/test", [item], {item.id: Assignment("clund", "new")})
    return "clund"


def build_example_db(folder: Path) -> Path:
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "atlas.db"
    with Atlas(db, enrichers=ENRICHERS) as atlas:
        report = atlas.ingest([str(folder / n) for n in PAGES])
        assert report.errors == [] and report.items == 2
        themed_item(atlas.store)
    return db


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_db(tmp_path_factory.mktemp("export"))


@pytest.fixture
def atlas(example_db: Path):
    with Atlas(example_db) as a:
        yield a
