from __future__ import annotations

from civicatlas.model import Actor, Evidence, Item, Place
from civicatlas.themes.scope import scope


def _place(name: str, start: int, country: str, kind: str) -> Place:
    return Place(
        text=name,
        evidence=Evidence("i", start, start + len(name), "places", "1"),
        name=name,
        country=country,
        kind=kind,
    )


def test_nothing_known_gives_nothing() -> None:
    assert scope(Item(id="i", document_id="d", position=0, text="A good idea.")) == []


def test_city_region_country_and_several_countries() -> None:
    city = Item(
        id="i", document_id="d", position=0, text="Falun asks residents.", places=[_place("Falun", 0, "SE", "city")]
    )
    assert scope(city)[0][0] == "city/town" and scope(city)[0][2] == ("text", 0, 5)
    region = Item(
        id="i", document_id="d", position=0, text="Gotland asks.", places=[_place("Gotland", 0, "SE", "region")]
    )
    assert scope(region)[0][0] == "regional"
    country = Item(
        id="i",
        document_id="d",
        position=0,
        text="Across all of Ukraine.",
        places=[_place("Ukraine", 14, "UA", "country")],
    )
    assert scope(country)[0][0] == "national"
    two = Item(
        id="i",
        document_id="d",
        position=0,
        text="Umeå and Bogotá.",
        places=[_place("Umeå", 0, "SE", "city"), _place("Bogotá", 9, "CO", "city")],
    )
    assert scope(two)[0][0] == "multinational"


def test_words_and_actors() -> None:
    hood = Item(id="i", document_id="d", position=0, text="Die Bewohner eines Stadtteils planen ihren Park.")
    keys = [k for k, _, _ in scope(hood)]
    assert "neighbourhood" in keys
    muni = Item(
        id="i",
        document_id="d",
        position=0,
        text="X decides.",
        actors=[Actor(text="X", evidence=Evidence("i", 0, 1, "actors", "1"), name="X", kind="municipality")],
    )
    assert scope(muni)[0][0] == "city/town"
    online = Item(id="i", document_id="d", position=0, text="People meet online to write proposals.")
    assert scope(online)[0][0] == "no_geo"
