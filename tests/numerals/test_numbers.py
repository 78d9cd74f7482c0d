"""Numerals: locale separators, number words, compounds and scale words."""

from __future__ import annotations

import pytest

from civicatlas.numerals.numbers import find_numbers, is_vague, parse_digits, words_value


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1 000 000", "sv", 1_000_000),
        ("1.000.000", "de", 1_000_000),
        ("1,000,000", "en", 1_000_000),
        ("2,5", "sv", 2.5),
        ("48.2", "en", 48.2),
        ("1.234,56", "de", 1234.56),
        ("1,234.56", "en", 1234.56),
        ("1.500", "de", 1500),
        ("1.500", "en", 1.5),
        ("12,345", "fr", 12.345),
        ("12,345", "en", 12345),
        ("1\u202f000", "fr", 1000),
        ("1'000'000", "de", 1_000_000),
        ("0,500", "en", 0.5),
    ],
)
def test_digits_follow_the_language(text: str, lang: str, value: float) -> None:
    assert parse_digits(text, lang) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("elva miljoner", "sv", 11_000_000),
        ("two million", "en", 2_000_000),
        ("zwei Millionen", "de", 2_000_000),
        ("tjugofem", "sv", 25),
        ("fünfundzwanzig", "de", 25),
        ("vijfentwintig", "nl", 25),
        ("zweihundertfünfzigtausend", "de", 250_000),
        ("duecentocinquanta", "it", 250),
        ("ventuno", "it", 21),
        ("quatre-vingt-dix-neuf", "fr", 99),
        ("vingt et un", "fr", 21),
        ("doscientos cincuenta mil", "es", 250_000),
        ("mil millones", "es", 1e9),
        ("três mil", "pt", 3000),
        ("two hundred and fifty thousand", "en", 250_000),
        ("a million", "en", 1e6),
        ("sex", "sv", 6),
        ("tusen miljoner", "sv", 1e9),
        ("veinticinco", "es", 25),
    ],
)
def test_number_words(text: str, lang: str, value: float) -> None:
    (num,) = find_numbers(text, lang)
    assert num.value == pytest.approx(value) and num.words and (num.start, num.end) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "lang", "value", "surface"),
    [
        ("värda 18 miljoner kronor", "sv", 18e6, "18 miljoner"),
        ("2,5 Mio. Euro", "de", 2.5e6, "2,5 Mio."),
        ("3 Mrd. Euro", "de", 3e9, "3 Mrd."),
        ("£5m", "en", 5e6, "5m"),
        ("$2bn", "en", 2e9, "2bn"),
        ("10k€", "fr", 1e4, "10k"),
        ("48,2 millions", "fr", 48.2e6, "48,2 millions"),
        ("7 mln zł", "pl", 7e6, "7 mln"),
        ("1,5 mil millones", "es", 1.5e9, "1,5 mil millones"),
        ("5 million euro", "sv", 5e6, "5 million"),
    ],
)
def test_scale_words_after_digits(text: str, lang: str, value: float, surface: str) -> None:
    (num,) = find_numbers(text, lang)
    assert num.value == pytest.approx(value) and num.text == surface and num.scaled


def test_separate_numbers_stay_separate() -> None:
    assert [n.value for n in find_numbers("five and six, 2019 200 people", "en")] == [5, 6, 2019, 200]
    assert [n.value for n in find_numbers("tre svenska regioner och sju kommuner", "sv")] == [3, 7]


def test_articles_are_flagged_and_words_inside_words_are_not_numbers() -> None:
    nums = find_numbers("en kommun, tentative, often, attend", "sv")
    assert [(n.text, n.article) for n in nums] == [("en", True)]
    assert find_numbers("vent", "it") == []  # a bound morpheme alone is not a number


def test_words_value_accumulates_scales() -> None:
    assert (
        words_value(["two", "hundred", "thousand", "five"], {"two": 2, "hundred": 100, "thousand": 1000, "five": 5})
        == 200_005
    )


@pytest.mark.parametrize(
    ("text", "lang", "value", "surface"),
    [
        ("half a million", "en", 5e5, "half a million"),
        ("a quarter of a million", "en", 2.5e5, "a quarter of a million"),
        ("one and a half million", "en", 1.5e6, "one and a half million"),
        ("a million and a half", "en", 1.5e6, "a million and a half"),
        ("two and a half", "en", 2.5, "two and a half"),
        ("two point five million", "en", 2.5e6, "two point five million"),
        ("zweieinhalb Milliarden", "de", 2.5e9, "zweieinhalb Milliarden"),
        ("anderthalb Millionen", "de", 1.5e6, "anderthalb Millionen"),
        ("tweeënhalf miljoen", "nl", 2.5e6, "tweeënhalf miljoen"),
        ("een half miljoen", "nl", 5e5, "een half miljoen"),
        ("un demi-million", "fr", 5e5, "un demi-million"),
        ("2 millions et demi", "fr", 2.5e6, "2 millions et demi"),
        ("dos millones y medio", "es", 2.5e6, "dos millones y medio"),
        ("um milhão e meio", "pt", 1.5e6, "um milhão e meio"),
        ("mezzo milione", "it", 5e5, "mezzo milione"),
        ("två och en halv miljard", "sv", 2.5e9, "två och en halv miljard"),
        ("veintiún", "es", 21, "veintiún"),
        ("soixante et onze", "fr", 71, "soixante et onze"),
        ("um milhão e duzentos mil", "pt", 1.2e6, "um milhão e duzentos mil"),
        ("5 lakh", "en", 5e5, "5 lakh"),
        ("3 crore", "en", 3e7, "3 crore"),
    ],
)
def test_fractions_and_more_number_words(text: str, lang: str, value: float, surface: str) -> None:
    (num,) = find_numbers(text, lang)
    assert num.value == pytest.approx(value) and num.text == surface


def test_a_million_and_a_grant_is_not_a_million_and_one() -> None:
    assert [n.value for n in find_numbers("$5 million and a grant", "en") if not n.article] == [5e6]


def test_hyphen_joins_only_big_scale_words() -> None:
    assert [n.text for n in find_numbers("a $1.5-billion deal over 5-year terms", "en") if not n.article] == [
        "1.5-billion",
        "5",
    ]


@pytest.mark.parametrize(
    ("text", "lang", "value", "surface"),
    [
        ("1½ million", "en", 1.5e6, "1½ million"),
        ("2 ¾ millones", "es", 2.75e6, "2 ¾ millones"),
        ("1 1/2 million", "en", 1.5e6, "1 1/2 million"),
        ("5,00,000", "en", 5e5, "5,00,000"),
        ("1,20,00,000", "en", 1.2e7, "1,20,00,000"),
        ("3 trilhões", "pt", 3e12, "3 trilhões"),
        ("1 milhão e 200 mil", "pt", 1.2e6, "1 milhão e 200 mil"),
        ("2 millones 500 mil", "es", 2.5e6, "2 millones 500 mil"),
        ("3 Millionen 200 Tausend", "de", 3.2e6, "3 Millionen 200 Tausend"),
    ],
)
def test_fractions_after_digits_and_south_asian_grouping(text: str, lang: str, value: float, surface: str) -> None:
    (num,) = find_numbers(text, lang)
    assert num.value == pytest.approx(value) and num.text == surface


def test_only_a_smaller_scale_joins_a_scaled_number() -> None:
    assert [n.value for n in find_numbers("5 millones y 3 millones", "es")] == [5e6, 3e6]
    assert [n.value for n in find_numbers("1 million, 200 thousand", "en")] == [1e6, 2e5]


def test_a_fraction_needs_a_whole_number_and_a_proper_fraction() -> None:
    # "3/2" is no fraction of a whole number; "1.5 ½" is no mixed number
    assert [n.text for n in find_numbers("1 3/2 cups", "en")] == ["1", "3", "2"]
    assert [n.value for n in find_numbers("1.5 ½", "en")] == [1.5]


@pytest.mark.parametrize(
    ("text", "lang", "vague"),
    [
        ("tens of millions of dollars", "en", True),
        ("millions of dollars", "en", True),
        ("several thousand dollars", "en", True),
        ("des dizaines de millions d'euros", "fr", True),
        ("mehrere tausend Euro", "de", True),
        ("flera miljoner kronor", "sv", True),
        ("a million dollars", "en", False),
        ("el millón de euros", "es", False),  # one, definite
        ("mil euros", "es", False),  # a thousand
        ("hundert Euro", "de", False),
        ("two hundred dollars", "en", False),
    ],
)
def test_vague_scale_words(text: str, lang: str, vague: bool) -> None:
    nums = [n for n in find_numbers(text, lang) if not n.article]
    assert any(is_vague(text, n, lang) for n in nums) == vague


def test_dutch_plural_scales_and_hyphenated_halves() -> None:
    # "miljoenen", "duizenden" end in the joiner "en": plurals of unknown size, no numerals
    assert find_numbers("miljoenen euro's en tienduizenden mensen", "nl") == []
    assert [n.value for n in find_numbers("vijfentwintig", "nl")] == [25]
    # an English article is no part of a compound: "two-and-a-half" is 2.5, not 2 + 1
    (n,) = find_numbers("two-and-a-half million", "en")
    assert (n.text, n.value) == ("two-and-a-half million", 2.5e6)


@pytest.mark.parametrize(
    "text",
    ["1.623,427.54", "1,234.567,89", "1,2,3", "12.03.2019", "1..000", ",5", "²", "", "1.2.3", "x", "9" * 400],
)
def test_no_value_from_mixed_or_misplaced_separators(text: str) -> None:
    assert parse_digits(text, "en") is None


@pytest.mark.parametrize("text", ["1.623,427.54", "1,234.567,89", "1,2,3", "12.03.2019", "1.2.3", "9" * 400])
def test_no_numeral_is_read_from_mixed_or_misplaced_separators(text: str) -> None:
    assert find_numbers(text, "en") == []


@pytest.mark.parametrize(("text", "value"), [("٣٤٥", 345), ("１２３", 123), ("1 ٢٣٤", 1234)])
def test_digits_of_other_scripts(text: str, value: float) -> None:
    assert parse_digits(text, "en") == value
    assert [n.value for n in find_numbers(text, "en")] == [value]


def test_numerals_beyond_a_float_are_dropped() -> None:
    # 300 digits and "billion" made an infinite value that reached the JSON output as Infinity
    assert [n.text for n in find_numbers("9" * 300 + " billion people", "en")] == ["billion"]


@pytest.mark.parametrize("text", ["hundred" * 155, " ".join(["hundred"] * 155), "billion " * 40])
def test_endless_number_words_are_no_number(text: str) -> None:
    # Found by bench/fuzz.py: a run multiplying without end overflowed float conversion.
    assert all(n.value <= 1e18 for n in find_numbers(text, "en"))
