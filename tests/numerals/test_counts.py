"""Counts: numeral + unit noun, canonical English units, coordinated units, amounts and rates."""

from __future__ import annotations

import pytest

from civicatlas.numerals.counts import find_counts, unit_of


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("with the promotion of 28 projects.", "en", [("28 projects", 28, "projects", "projects")]),
        ("a community of 34,000 people", "en", [("34,000 people", 34000, "people", "people")]),
        (
            "engages 160 randomly selected residents",
            "en",
            [("160 randomly selected residents", 160, "residents", "residents")],
        ),
        ("Sex kommuner delar på 11 miljoner", "sv", [("Sex kommuner", 6, "municipalities", "kommuner")]),
        (
            "för tio svenska kommuner och regioner",
            "sv",
            [("tio svenska kommuner och regioner", 10, "municipalities and regions", "kommuner och regioner")],
        ),
        (
            "tre svenska regioner och sju kommuner",
            "sv",
            [("tre svenska regioner", 3, "regions", "regioner"), ("sju kommuner", 7, "municipalities", "kommuner")],
        ),
        (
            "zwölf Gemeinden und 3.000 Bürger",
            "de",
            [("zwölf Gemeinden", 12, "municipalities", "Gemeinden"), ("3.000 Bürger", 3000, "citizens", "Bürger")],
        ),
        ("1 200 habitants", "fr", [("1 200 habitants", 1200, "residents", "habitants")]),
        ("veinte municipios", "es", [("veinte municipios", 20, "municipalities", "municipios")]),
        ("aus 160 zufällig ausgewählten Bürgerinnen", "de",
         [("160 zufällig ausgewählten Bürgerinnen", 160, "citizens", "Bürgerinnen")]),
        ("Ruim 1.500 bewoners stemden", "nl", [("1.500 bewoners", 1500, "residents", "bewoners")]),
        ("más de 2.000 vecinos en 30 asambleas", "es",
         [("2.000 vecinos", 2000, "residents", "vecinos"), ("30 asambleas", 30, "assemblies", "asambleas")]),
    ],
)  # fmt: skip
def test_counts(text: str, lang: str, expected: list[tuple]) -> None:
    got = [(text[s:e], v, u, ut) for s, e, v, u, ut in find_counts(text, lang)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("5 of the residents", "en"),  # a function word between: not a count of residents
        ("In 2019, ICLD granted", "en"),
        ("“One City” governance", "en"),  # a name
        ("en kommun", "sv"),  # an article is not a count
        ("3 kinds of ideas, 4 annual reports", "en"),
    ],
)
def test_not_counts(text: str, lang: str) -> None:
    assert find_counts(text, lang) == []


def test_inflected_units() -> None:
    assert unit_of("kommunerna") == "municipalities"
    assert unit_of("Projekte") == "projects"
    assert unit_of("projektledare") is None  # a longer compound is another word


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("150.000 Euro pro Jahr", "de"),  # an amount's number is never a count, and "pro Jahr" is a rate
        ("EUR 50,000 each year", "en"),
        ("2 000 kronor per år och 5 000 kronor", "sv"),
        ("300 000 euros par an", "fr"),
        ("twice a year", "en"),
        ("the G20 countries", "en"),  # a number glued to letters is part of a name
    ],
)
def test_amounts_and_rates_are_not_counts(text: str, lang: str) -> None:
    assert find_counts(text, lang) == []


def test_a_rate_word_only_before_the_unit() -> None:
    got = [(v, u) for _s, _e, v, u, _ut in find_counts("für 5 Jahre, 3 Projekte pro Jahr", "de")]
    assert got == [(5, "years"), (3, "projects")]  # three projects a year: a count of projects, not of years
