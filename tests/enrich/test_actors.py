"""The actors enricher: acronym pairing across a document, one actor per name in an item, roles, the seeds,
credits, places."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civicatlas.enrich import create
from civicatlas.model import Credit, Item


def seed_items(seeds: Path) -> list[Item]:
    """The seeds as the parser will hand them over: seed 000 one item per line, seed 004 five teasers
    (caption without its photo credit, title, summary)."""
    items: list[Item] = []
    t0 = (seeds / "000_e81c85460a3ecbb7.txt").read_text(encoding="utf-8")
    for i, line in enumerate(ln.strip() for ln in t0.splitlines() if ln.strip()):
        items.append(Item(id=f"000-{i}", document_id="000", position=i, text=line, language="en"))
    t4 = (seeds / "004_eb8283b9d34a21c4.txt").read_text(encoding="utf-8")
    for i, chunk in enumerate(t4.split("  • ")[1:]):
        lines = [ln.strip() for ln in chunk.splitlines() if ln.strip()]
        credit = re.search(r"\s*(?:Foto|Photo):\s*(.*)$", lines[0])
        caption = lines[0][: credit.start()] if credit else lines[0]
        credits = [Credit(credit.group(0).strip(), credit.group(1))] if credit else []
        items.append(
            Item(
                id=f"004-{i}",
                document_id="004",
                position=i,
                caption=caption,
                title=lines[1],
                text=" ".join(lines[2:]),
                credits=credits,
                language="en" if i == 2 else "sv",
            )
        )
    return items


def enrich(items: list[Item], *names: str) -> list[Item]:
    for doc in sorted({it.document_id for it in items}):
        batch = [it for it in items if it.document_id == doc]
        for name in names:
            create(name)(batch)
    return items


def _match(items: list[Item], match_text: str) -> Item:
    return next(it for it in items if match_text in (it.title or "") or match_text in it.text)


def test_acronym_pairs_across_items_of_one_document() -> None:
    a = Item(
        id="a",
        document_id="d",
        position=0,
        text="Bidrag från Svenska Institutet för Demokrati, SID, går till tre kommuner.",
        language="sv",
    )
    b = Item(id="b", document_id="d", position=1, text="In 2021, SID granted a new project.", language="en")
    other = Item(id="c", document_id="e", position=0, text="SID is mentioned here alone.", language="en")
    enrich([a, b, other], "actors")
    (actor,) = [x for x in b.actors if x.abbreviation == "SID"]
    assert actor.name == "Svenska Institutet för Demokrati"
    assert actor.role == "funder"
    assert actor.text == "SID" and b.text[actor.start : actor.end] == "SID"
    # another document does not know the long name
    assert [x.name for x in other.actors if x.abbreviation == "SID"] == ["SID"]


def test_same_actor_twice_in_an_item_is_one_actor() -> None:
    item = Item(
        id="x",
        document_id="d",
        position=0,
        language="sv",
        text="Förbundet Gröna Städer, FGS, fördelar pengarna. FGS har gjort detta sedan 2010.",
    )
    enrich([item], "actors")
    assert [(a.name, a.abbreviation, a.role) for a in item.actors] == [("Förbundet Gröna Städer", "FGS", "funder")]


def test_roles_from_the_sentence() -> None:
    text = (
        "The project was funded by the Open Society Foundation. Workshops were organised by Democracy Lab "
        "Association. We work together with Civic Network Alliance."
    )
    item = Item(id="r", document_id="d", position=0, text=text, language="en")
    enrich([item], "actors")
    roles = {a.name: a.role for a in item.actors}
    assert roles.get("Open Society Foundation") == "funder"
    assert roles.get("Democracy Lab Association") == "organiser"
    assert roles.get("Civic Network Alliance") == "partner"


def test_seed_organisations_and_persons(seeds: Path, seed_gold: list[dict]) -> None:
    items = enrich(seed_items(seeds), "actors")
    for gold in seed_gold:
        item = _match(items, gold["match_text"])
        names = {a.name for a in item.actors} | {a.abbreviation for a in item.actors if a.abbreviation}
        full = {f"{a.name} ({a.abbreviation})" for a in item.actors if a.abbreviation}
        for org in gold["organizations"]:
            assert org in names or org in full, (gold["match_text"], org, names)
        credit_names = {c.name.split(",")[0] for c in item.credits}
        persons = {a.name for a in item.actors if a.kind == "person"}
        for person in gold["persons"]:
            assert person in persons or person in credit_names, (gold["match_text"], person)
        assert not persons & credit_names  # credits are never actors
    johan = next(a for it in items for a in it.actors if a.name == "Johan Lilja")
    assert johan.function == "generalsekreterare ICLD" and johan.evidence.field == "caption"
    icld = [a for it in items for a in it.actors if a.abbreviation == "ICLD"]
    assert {a.name for a in icld} == {"Internationellt Centrum för Lokal Demokrati"}
    assert {a.role for a in icld if a.evidence.item_id in ("004-0", "004-1", "004-2", "004-3")} == {"funder"}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The Ford Foundation awarded a grant of $50,000 to the Youth Council.",
         {"Ford Foundation": "funder", "Youth Council": "recipient"}),
        ("en", "The European Commission has given €2 million to the City of Leipzig.",
         {"European Commission": "funder", "City of Leipzig": "recipient"}),
        ("en", "The City of Leipzig received €2.5 million from the European Commission.",
         {"City of Leipzig": "recipient", "European Commission": "funder"}),
        ("en", "The City of Gdansk convened a citizens' assembly on floods.", {"City of Gdansk": "organiser"}),
        ("en", "The festival, hosted by Oxfam, drew 500 people.", {"Oxfam": "organiser"}),
        ("en", "Oxfam worked with the City of Cape Town on the project.", {"City of Cape Town": "partner"}),
        ("en", "With support from the Open Society Foundations, the group trained 40 monitors.",
         {"Open Society Foundations": "funder"}),
        ("sv", "Region Gotland har beviljats 2 miljoner kronor av ICLD.",
         {"Region Gotland": "recipient", "ICLD": "funder"}),
        ("sv", "Projektet finansieras av Vinnova.", {"Vinnova": "funder"}),
        ("sv", "Vinnova finansierar projektet.", {"Vinnova": "funder"}),
        ("sv", "Medborgarrådet anordnas av Umeå kommun.", {"Umeå kommun": "organiser"}),
        ("sv", "Umeå kommun samarbetar med Lusaka City Council.",
         {"Umeå kommun": None, "Lusaka City Council": "partner"}),
        ("de", "Das Projekt wird von der Robert Bosch Stiftung gefördert.", {"Robert Bosch Stiftung": "funder"}),
        ("de", "Die Stadt Leipzig lädt 40 Jugendliche zu einem Bürgerrat ein.", {"Stadt Leipzig": "organiser"}),
        ("de", "Der Bürgerrat wird von der Stadt Leipzig veranstaltet.", {"Stadt Leipzig": "organiser"}),
        ("de", "Die Stadt Leipzig erhielt 2 Millionen Euro vom Bund.", {"Stadt Leipzig": "recipient"}),
        ("fr", "La Ville de Grenoble a reçu 1 million d'euros de l'Union européenne.",
         {"Ville de Grenoble": "recipient"}),
        ("fr", "Le projet est mené en partenariat avec Oxfam France.", {"Oxfam France": "partner"}),
        ("es", "El Ayuntamiento de Madrid recibió 2 millones de euros de la Unión Europea.",
         {"Ayuntamiento de Madrid": "recipient", "Unión Europea": "funder"}),
        ("it", "Il Comune di Bologna ha ricevuto un contributo dalla Regione Emilia-Romagna.",
         {"Comune di Bologna": "recipient", "Regione Emilia-Romagna": "funder"}),
        ("pt", "O projeto é financiado pela Fundação Calouste Gulbenkian.", {"Fundação Calouste Gulbenkian": "funder"}),
        ("nl", "De gemeente Amsterdam organiseert een burgerberaad.", {"gemeente Amsterdam": "organiser"}),
    ],
)  # fmt: skip
def test_roles_in_eight_languages(lang: str, text: str, expected: dict[str, str | None]) -> None:
    item = Item(id="r", document_id="d", position=0, text=text, language=lang)
    enrich([item], "actors")
    assert {a.name: a.role for a in item.actors} == expected


def test_a_place_in_an_actors_place_is_a_place() -> None:
    text = "Umeå tillsammans med Bogotá har av ICLD beviljats pengar."
    item = Item(id="p", document_id="d", position=0, text=text, language="sv")
    enrich([item], "places", "actors")
    assert "Bogotá" in {p.text for p in item.places}
    assert {a.name for a in item.actors} == {"ICLD"}
