"""What the API and the explorer ask of a store (facets, pages, geo and amount filters, similar and merged-away
cases), once per store: a few hand-made items whose every value is known."""

from __future__ import annotations

import pytest

from civicatlas.filters import CaseFilter
from civicatlas.ids import make_id
from civicatlas.model import Amount, Document, Evidence, Item, Place, Theme
from civicatlas.store import Assignment, open_store


def _item(doc: Document, n: int, language: str, countries: list[str], years: list[int], issues: list[str],
          place: tuple[str, int, float, float] | None = None, amount: tuple[float, str] | None = None) -> Item:
    item_id = make_id("i", doc.uri, str(n))
    text = f"Item {n}: a participatory budget."
    ev = Evidence(item_id, 0, 4, "test", "1")
    item = Item(id=item_id, document_id=doc.id, position=n, text=text, language=language, countries=countries,
                years=years, themes={"general_issues": [Theme("general_issues", k, 0.9, "test", "1") for k in issues]})
    if place:
        name, geonameid, lat, lon = place
        item.places = [Place(name, ev, name=name, geonameid=geonameid, country=countries[0], lat=lat, lon=lon)]
    if amount:
        item.amounts = [Amount(f"{amount[0]} {amount[1]}", ev, value=amount[0], currency=amount[1])]
    return item


def _doc(uri: str) -> Document:
    return Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri, title=uri)


KALMAR = ("Kalmar", 2702261, 56.66, 16.36)
MALMO = ("Malmö", 2692969, 55.605, 13.0)
COPENHAGEN = ("Copenhagen", 2618425, 55.676, 12.566)


@pytest.fixture
def store(store_url: str):
    """Cases c1 (two Swedish items, one case), c2 (Danish), c3 (Swedish and Danish), c4 (nothing known)."""
    store = open_store(store_url)
    web, file = _doc("https://www.kalmar.se/news/1"), _doc("file:///reports/report.html")
    a = [_item(web, 0, "sv", ["SE"], [2019], ["environment"], KALMAR, (100_000, "SEK")),
         _item(web, 1, "sv", ["SE"], [2019, 2020], ["environment", "health"])]
    b = [_item(file, 0, "da", ["DK"], [2020, 2021], ["environment"], COPENHAGEN, (50_000, "EUR")),
         _item(file, 1, "en", ["SE", "DK"], [2021], ["health"], MALMO, (2_000_000, "SEK")),
         _item(file, 2, "en", [], [], [])]
    store.save(web, "p/1", a, {a[0].id: Assignment("c1", "new"), a[1].id: Assignment("c1", "near")})
    store.save(file, "p/1", b, {i.id: Assignment(f"c{n + 2}", "new") for n, i in enumerate(b)})
    yield store
    store.close()


def test_facets_count_each_case_once_per_value(store) -> None:
    got = store.facets(None, ["country", "language", "year", "general_issue", "source", "place"])
    assert got["country"] == [{"value": "DK", "count": 2}, {"value": "SE", "count": 2}]
    assert got["language"] == [{"value": "en", "count": 2}, {"value": "da", "count": 1}, {"value": "sv", "count": 1}]
    assert got["year"] == [{"value": 2020, "count": 2}, {"value": 2021, "count": 2}, {"value": 2019, "count": 1}]
    assert got["general_issue"] == [{"value": "environment", "count": 2}, {"value": "health", "count": 2}]
    assert got["source"] == [{"value": "report.html", "count": 3}, {"value": "kalmar.se", "count": 1}]
    assert {"value": "2702261", "count": 1, "label": "Kalmar"} in got["place"]
    # the same filters narrow the counts, and every count is what filtering by that value finds
    danish = store.facets(CaseFilter.of(country="DK"), ["language", "year"], limit=1)
    assert danish == {"language": [{"value": "da", "count": 1}], "year": [{"value": 2021, "count": 2}]}
    for field, values in got.items():
        for v in values:
            if field not in ("place", "source"):
                key = {"year": "year_from"}.get(field, field)
                given = {key: v["value"], **({"year_to": v["value"]} if field == "year" else {})}
                assert store.count_cases(CaseFilter.of(**given)) == v["count"], (field, v)
    with pytest.raises(Exception, match="cannot count by 'colour'"):
        store.facets(None, ["colour"])


def test_filters_by_place_area_distance_amount_and_negation(store) -> None:
    def ids(**given) -> set[str]:
        return {c["id"] for c in store.iter_cases(CaseFilter.of(**given))}

    assert ids(city="2702261") == {"c1"} and ids(city=["2618425", "2692969"]) == {"c2", "c3"}
    assert ids(bbox="12,55,14,56") == {"c2", "c3"} and ids(bbox=[0, 0, 1, 1]) == set()
    # Malmö–Copenhagen is about 28 km, Malmö–Kalmar about 200 km
    assert ids(near="2692969:40") == {"c2", "c3"} and ids(near="2692969:250") == {"c1", "c2", "c3"}
    assert ids(near="999:40") == set()  # a place no case mentions
    assert ids(amount_min=60_000) == {"c1", "c3"} and ids(amount_min=60_000, currency="EUR") == set()
    assert ids(currency="sek", amount_max=150_000) == {"c1"}
    assert ids(exclude={"country": "DK"}) == {"c1", "c4"}
    assert ids(general_issue="health", exclude={"language": "sv"}) == {"c3"}
    for bad in ({"bbox": "1,2,3"}, {"bbox": "10,0,5,1"}, {"near": "Malmö:10"}, {"near": "1:0"},
                {"amount_min": "lots"}, {"currency": "kronor"}, {"city": "Kalmar"}, {"approach": "sleeping"}):
        with pytest.raises(Exception, match=next(iter(bad))):
            CaseFilter.of(**bad)


def test_pages_walk_every_case_once_in_order(store) -> None:
    for sort in ("created", "-created", "updated", "-updated"):
        seen, cursor = [], None
        while True:
            page, cursor = store.page_cases(after=cursor, limit=3, sort=sort)
            seen += page
            if cursor is None:
                break
        assert sorted(c["id"] for c in seen) == ["c1", "c2", "c3", "c4"]
        column = sort.strip("-") + "_at"
        keys = [(c[column], c["id"]) for c in seen]
        assert keys == sorted(keys, reverse=sort.startswith("-"))
    page, cursor = store.page_cases(CaseFilter.of(country="SE"), limit=1)
    assert [c["id"] for c in page] == ["c1"] and cursor is not None
    assert [c["id"] for c in store.page_cases(CaseFilter.of(country="SE"), after=cursor, limit=1)[0]] == ["c3"]
    for bad in ("nonsense", cursor + "x"):
        with pytest.raises(Exception, match="cursor"):
            store.page_cases(after=bad, sort="-updated" if bad == cursor + "x" else "created")
    with pytest.raises(Exception, match="sort"):
        store.page_cases(sort="title")


def test_a_merged_away_case_points_to_the_case_holding_its_items(store) -> None:
    moved = store.case_members(["c2"])["c2"]
    store.decide("merge", [(moved[0], store.case_members(["c3"])["c3"][0])],
                 {item: Assignment("c3", "human") for item in moved})
    assert store.get_case("c2") is None and store.successor("c2") == "c3"
    assert store.successor("c3") is None and store.successor("nothing") is None


def test_matching_keeps_the_cases_that_pass_the_filters(store) -> None:
    assert store.matching(CaseFilter.of(country="SE"), ["c1", "c2", "c3", "nothing"]) == {"c1", "c3"}
    # a search's few hits are looked up case by case, a listing lists the cases: the same cases for every filter
    for given in ({"country": "SE"}, {"language": ["da", "en"]}, {"year_from": 2020}, {"year_to": 2019},
                  {"general_issue": "health"}, {"city": "2702261"}, {"bbox": "12,55,14,56"}, {"near": "2692969:40"},
                  {"amount_min": 60_000, "currency": "SEK"}, {"source": "kalmar.se"}, {"exclude": {"country": "DK"}},
                  {"general_issue": "health", "exclude": {"language": "sv", "year_from": 2021}}):
        listed = {c["id"] for c in store.iter_cases(CaseFilter.of(**given), all=True)}
        assert store.matching(CaseFilter.of(**given), ["c1", "c2", "c3", "c4"], all=True) == listed, given
    assert store.matching(None, ["c4", "nothing"]) == {"c4"}
    with store.deadline(30):  # time enough: nothing is cut off, and the store works as before afterwards
        assert store.count_cases() == 4
    assert store.count_cases(CaseFilter.of(language="da")) == 1
