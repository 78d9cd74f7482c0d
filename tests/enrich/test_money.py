"""Money: values in units, ISO 4217 codes, qualifiers, ranges, subunits, fields; the two seed amounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas.enrich.money import find_amounts
from civicatlas.model import Item
from tests.enrich.test_actors import enrich, seed_items


def _one(text: str, lang: str) -> tuple[str, float, str | None, str, float | None]:
    (a,) = find_amounts(text, lang)
    return text[a.start : a.end], a.value, a.currency, a.qualifier, a.value_max


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("värda över 18 miljoner kronor av", "sv", ("över 18 miljoner kronor", 18e6, "SEK", "more_than", None)),
        ("Budgeten är elva miljoner kronor.", "sv", ("elva miljoner kronor", 11e6, "SEK", "exact", None)),
        ("Stödet är 5 MSEK per år", "sv", ("5 MSEK", 5e6, "SEK", "exact", None)),
        ("cirka 300 mkr", "sv", ("cirka 300 mkr", 3e8, "SEK", "about", None)),
        ("a grant of two million dollars", "en", ("two million dollars", 2e6, "USD", "exact", None)),
        ("more than $48.2 million", "en", ("more than $48.2 million", 48.2e6, "USD", "more_than", None)),
        ("up to €250,000", "en", ("up to €250,000", 250_000, "EUR", "up_to", None)),
        ("£5m for the city", "en", ("£5m", 5e6, "GBP", "exact", None)),
        ("über zwei Millionen Euro", "de", ("über zwei Millionen Euro", 2e6, "EUR", "more_than", None)),
        ("etwa 2,5 Mio. €", "de", ("etwa 2,5 Mio. €", 2.5e6, "EUR", "about", None)),
        ("plus de 75 millions de dollars", "fr", ("plus de 75 millions de dollars", 75e6, "USD", "more_than", None)),
        ("environ 1 200 000 €", "fr", ("environ 1 200 000 €", 1.2e6, "EUR", "about", None)),
        ("más de 3 millones de euros", "es", ("más de 3 millones de euros", 3e6, "EUR", "more_than", None)),
        ("1,5 milioni di euro", "it", ("1,5 milioni di euro", 1.5e6, "EUR", "exact", None)),
        ("10 milhões de reais", "pt", ("10 milhões de reais", 1e7, "BRL", "exact", None)),
        ("100 000 złotych", "pl", ("100 000 złotych", 100_000, "PLN", "exact", None)),
        ("2 mln hryvnias", "en", ("2 mln hryvnias", 2e6, "UAH", "exact", None)),
        ("CHF 10 000", "de", ("CHF 10 000", 10_000, "CHF", "exact", None)),
        ("HK$ 5 million", "en", ("HK$ 5 million", 5e6, "HKD", "exact", None)),
        ("zwei Millionen kanadische Dollar", "de", ("zwei Millionen kanadische Dollar", 2e6, "CAD", "exact", None)),
        ("10–15 miljoner kronor", "sv", ("10–15 miljoner kronor", 10e6, "SEK", "range", 15e6)),
        ("between €5m and €10m", "en", ("€5m and €10m", 5e6, "EUR", "range", 10e6)),
        ("15 dollars and 50 cents", "en", ("15 dollars and 50 cents", 15.5, "USD", "exact", None)),
        ("50 öre", "sv", ("50 öre", 0.5, "SEK", "exact", None)),
        ("3 euros con 99 céntimos", "es", ("3 euros con 99 céntimos", 3.99, "EUR", "exact", None)),
    ],
)
def test_amounts(text: str, lang: str, expected: tuple) -> None:
    got = _one(text, lang)
    assert got[0] == expected[0] and got[2:4] == expected[2:4]
    assert got[1] == pytest.approx(expected[1])
    assert (got[4] is None and expected[4] is None) or got[4] == pytest.approx(expected[4])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sex kommuner delar på 11 miljoner för demokratiprojekt", "sv"),  # no currency: not money
        ("28 projects in 2019", "en"),
        ("top 10 cities and ALL 5 of them", "en"),  # codes that are words
        ("a unit of account", "en"),
    ],
)
def test_not_money(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


def test_kr_follows_the_language() -> None:
    assert _one("500 kr", "sv")[2] == "SEK"
    assert _one("500 kr", "da")[2] == "DKK"
    assert _one("500 kr", "nb")[2] == "NOK"


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


def test_currency_words_before_punctuation() -> None:
    assert _one("Det kostar 25 cent.", "nl")[1:3] == (0.25, "EUR")
    assert _one("Priset: 300 kronor.", "sv")[1:3] == (300, "SEK")
