"""Dates and years from CLDR month names and numeric forms."""

from __future__ import annotations

import pytest

from civicatlas.numerals.dates import find_dates


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("den 30 juni 2020", "sv", [("30 juni 2020", "2020-06-30", "day")]),
        ("on June 30, 2020", "en", [("June 30, 2020", "2020-06-30", "day")]),
        ("am 3. März 2021", "de", [("3. März 2021", "2021-03-03", "day")]),
        ("le 1er mars 2021", "fr", [("1er mars 2021", "2021-03-01", "day")]),
        ("el 30 de junio de 2020", "es", [("30 de junio de 2020", "2020-06-30", "day")]),
        ("il 5 maggio 2019", "it", [("5 maggio 2019", "2019-05-05", "day")]),
        ("op 12 januari 2022", "nl", [("12 januari 2022", "2022-01-12", "day")]),
        ("2020-06-30 och 30.06.2020", "sv", [("2020-06-30", "2020-06-30", "day"), ("30.06.2020", "2020-06-30", "day")]),
        ("i mars 2019", "sv", [("mars 2019", "2019-03", "month")]),
        ("In 2019, before 2023.", "en", [("2019", "2019", "year"), ("2023", "2023", "year")]),
        ("from 2019–2023", "en", [("2019", "2019", "year"), ("2023", "2023", "year")]),
    ],
)
def test_dates(text: str, lang: str, expected: list[tuple]) -> None:
    assert [(text[d.start : d.end], d.value, d.precision) for d in find_dates(text, lang)] == expected


@pytest.mark.parametrize("text", ["34,000 people", "1,2020", "31.02.2020", "www.site.se/2020x", "10 000 kronor"])
def test_not_dates(text: str) -> None:
    assert find_dates(text, "en") == []
