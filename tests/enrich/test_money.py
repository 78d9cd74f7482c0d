"""The money enricher: every field with offsets, the two seed amounts, currencies of the countries named."""

from __future__ import annotations

from pathlib import Path

from civicatlas.model import Item
from tests.enrich.test_actors import enrich, seed_items


def test_enricher_reads_every_field_with_offsets() -> None:
    item = Item(
        id="i",
        document_id="d",
        position=0,
        title="5 miljoner kronor till demokrati",
        text="Totalt delas 2 000 000 kr ut.",
        caption="Över 1 miljon euro",
        language="sv",
    )
    enrich([item], "money")
    got = {(a.evidence.field, a.value, a.currency) for a in item.amounts}
    assert got == {("title", 5e6, "SEK"), ("text", 2e6, "SEK"), ("caption", 1e6, "EUR")}
    for a in item.amounts:
        assert item.field_text(a.evidence.field)[a.start : a.end] == a.text
        assert a.evidence.extractor == "money"


def test_seed_amounts_are_exact(seeds: Path, seed_gold: list[dict]) -> None:
    items = enrich(seed_items(seeds), "money")
    by_text = {it.id: it for it in items}
    for gold in seed_gold:
        item = next(it for it in by_text.values() if gold["match_text"] in (it.title or "") + " " + it.text)
        got = [(a.text, a.value, a.currency, a.qualifier) for a in item.amounts]
        want = [(g["text"], g["value"], g["currency"], g["qualifier"]) for g in gold["amounts"]]
        assert got == want, gold["match_text"]


def test_a_shared_currency_name_takes_the_currency_of_the_countries_named() -> None:
    from civicatlas.enrich.money import MoneyEnricher

    bergen = Item(id="a", document_id="d", position=0, language="de", countries=["NO"],
                  text="Der Bergener Stadtteil erhält 20.000 Kronen für den Bürgerhaushalt.")
    toronto = Item(id="b", document_id="d", position=1, language="en", countries=[],  # its document's: NO, CA
                   text="Toronto residents decided how to spend $50,000.")
    leeds = Item(id="c", document_id="e", position=0, language="en", countries=["GB", "US"],
                 text="A grant of $10,000 came from a US foundation.")
    other = Item(id="d", document_id="d", position=2, language="en", countries=["CA"], text="Montreal: $5,000.")
    MoneyEnricher()([bergen, toronto, leeds, other])
    assert [a.currency for a in bergen.amounts] == ["NOK"]
    assert [a.currency for a in toronto.amounts] == ["CAD"]  # from the document's countries
    assert [a.currency for a in leeds.amounts] == ["USD"]  # only the US has the dollar: still USD
    assert [a.currency for a in other.amounts] == ["CAD"]


def test_english_crowns_are_the_crowns_of_the_countries_named() -> None:
    from civicatlas.enrich.money import MoneyEnricher

    item = Item(id="a", document_id="d", position=0, language="en", countries=["DK"], text="It cost 500 crowns.")
    MoneyEnricher()([item])
    assert [(a.value, a.currency) for a in item.amounts] == [(500, "DKK")]
