"""The in-memory facet index counts what the store counts, cases and facet values, for every filter it answers
(both stores)."""

from __future__ import annotations

import itertools
import random

import pytest

from civicatlas import Atlas
from civicatlas.errors import ConfigError
from civicatlas.filters import CaseFilter
from civicatlas.ids import make_id
from civicatlas.model import Document, Item
from civicatlas.store import Assignment, facet_index
from civicatlas.store.facet_index import FacetIndex

LANGUAGES, COUNTRIES, YEARS = ["en", "de", "sv", None], ["SE", "DE", "UA", "FR"], [2015, 2019, 2020, 2024]
ISSUES, METHODS = ["environment", "health", "social"], ["deliberative", "public", "collaborative"]
PLACES = [(2693678, "Malmö", "SE"), (2950159, "Berlin", "DE"), (702550, "Lviv", "UA")]


def _record(rng: random.Random, n: int, doc: str) -> dict:
    places = [{"text": name, "name": name, "geonameid": gid, "country": cc, "kind": "city", "start": 0,
               "end": len(name), "extractor": "test", "confidence": 0.9} for gid, name, cc in rng.sample(PLACES, 2)]
    return {
        "id": make_id("i", doc, str(n)), "document": doc, "title": f"Case {n}", "text": f"Initiative number {n}.",
        "language": rng.choice(LANGUAGES), "countries": rng.sample(COUNTRIES, rng.randint(0, 2)),
        "years": rng.sample(YEARS, rng.randint(0, 2)), "places": places[: rng.randint(0, 2)],
        "themes": {"general_issues": [{"key": k, "score": 0.5} for k in rng.sample(ISSUES, rng.randint(0, 2))],
                   "method_types": [{"key": k, "score": 0.5} for k in rng.sample(METHODS, rng.randint(0, 1))]},
        "relevance": None if n % 5 else {"score": 0.1, "initiative": False, "reason": "model", "extractor": "test",
                                         "version": "1"},
    }


# every field as bitmaps; those of at most 4 values (one 64-bit word of cases each) as bitmaps, the rest as rows;
# every field as rows
@pytest.mark.parametrize("bitmap_bytes", [facet_index.BITMAP_BYTES, 32, 0], ids=["bitmaps", "both", "rows"])
def test_the_index_counts_what_the_store_counts(store_url: str, bitmap_bytes: int, monkeypatch) -> None:
    monkeypatch.setattr(facet_index, "BITMAP_BYTES", bitmap_bytes)
    rng = random.Random(3)
    with Atlas(store_url) as atlas:
        for d in range(3):
            uri = f"mem:{d}"
            doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri, title=uri)
            items = [Item.from_record(_record(rng, n, doc.id), position=n) for n in range(30)]
            # pairs of items share a case: a case counts once per value, whichever of its items has it
            atlas.store.save(doc, "test", items, {i.id: Assignment(make_id("c", uri, str(n // 2)), "new")
                                                  for n, i in enumerate(items)})
        atlas.correct(items[0].id, "country", "NZ")  # a person's value is a facet value too
        bare = Document(id=make_id("d", "mem:bare"), uri="mem:bare", content="", content_type="text", sha256="b")
        item = Item(id=make_id("i", "bare"), document_id=bare.id, position=0, text="No facet value at all.")
        atlas.store.save(bare, "test", [item], {item.id: Assignment(make_id("c", "bare"), "new")})  # only its source
        index = FacetIndex.of(atlas.store)
        assert index.version == atlas.store.data_version()
        few = {field for field, (_, _, values, _) in index.columns.items() if len(values) <= 4}
        assert set(index.bitmaps) == {facet_index.BITMAP_BYTES: set(index.columns), 32: few, 0: set()}[bitmap_bytes]
        assert few and few != set(index.columns)  # "both" has both
        fields = ["country", "language", "year", "general_issue", "method_type", "place", "source", "theme"]
        filters = [None, CaseFilter(), CaseFilter(country=("SE",)), CaseFilter(country=("SE", "NZ"), language=("en",)),
                   CaseFilter(year_from=2019), CaseFilter(year_to=2019), CaseFilter(year_from=2016, year_to=2020),
                   CaseFilter(general_issue=("health",), method_type=("deliberative", "public")),
                   CaseFilter(city=("2693678",)), CaseFilter(country=("XX",))]
        for f, all_, limit in itertools.product(filters, (False, True), (50, 2)):
            assert FacetIndex.answers(f)
            assert index.facets(f, fields, all=all_, limit=limit) == atlas.store.facets(f, fields, all_, limit), f
            assert index.count(f, all=all_) == atlas.store.count_cases(f, all=all_), f
        for f in (CaseFilter(source=("mem:1",)), CaseFilter(has_coordinates=True), CaseFilter(amount_min=5),
                  CaseFilter(exclude=CaseFilter(country=("SE",)))):
            assert not FacetIndex.answers(f)
        with pytest.raises(ConfigError, match="cannot count by 'colour'"):
            index.facets(None, ["country", "colour"])
