from __future__ import annotations

import zlib

from civicatlas.resolve.profile import marks_of, numbers_in, profile_of, shingles
from tests.resolve.conftest import amount, place, record


def test_numbers_are_read_with_any_group_separator() -> None:
    assert numbers_in("1 800 elever, 1,800 students, 300.000 Euro, 2024") == {1800, 300000, 2024}
    assert numbers_in("Umeå 13–19 år") == {13, 19}


def test_a_number_hyphened_to_a_name_is_part_of_the_name() -> None:
    assert numbers_in("COVID-19, Covid\u201119 and SARS-CoV-2 in the G20") == set()
    # after a lower-case word, or before one, it is still a figure
    assert numbers_in("by mid-2024 a 25-member council") == {2024, 25}


def test_only_numbers_written_without_digit_groups_can_be_years() -> None:
    plain: set[int] = set()
    assert numbers_in("In 2023, 2,100 people answered", plain) == {2023, 2100} and plain == {2023}
    p = profile_of(record("y", "In 2023, 2,100 people answered."))
    assert p.years == {2023} and 2100 in p.numbers


def test_marks_are_names_inside_sentences_and_figures() -> None:
    text = "Young people in Årstad can apply. The fund gives NOK 20,000.\n“Great”, said Anna Berg."
    assert marks_of(text) == {"årstad", "nok", "20", "000", "anna", "berg"}


def test_shingles_ignore_case_and_punctuation_and_are_stable() -> None:
    a = shingles("The City of Lublin asked 60 residents.")
    assert a == shingles("the city of LUBLIN asked 60 residents")
    # crc32 of the word trigrams: the same in every process, so band keys can be stored
    grams = ["the city of", "city of lublin", "of lublin asked", "lublin asked 60", "asked 60 residents"]
    assert a == frozenset(zlib.crc32(g.encode()) for g in grams)


def test_profile_keeps_anchors_apart_and_never_uses_themes() -> None:
    r = record("i1", "Kalmar kommun gav 1 800 elever 2,5 miljoner kronor 2024.",
               places=[place("Kalmar", 2702261), place("Sverige", 2661886, "country"),
                       place("Småland", None, "region")],
               amounts=[amount(2_500_000, "SEK")], years=[2024], themes={"general_issues": [{"key": "education"}]},
               actors=[{"name": "Kalmar kommun", "kind": "municipality"}, {"name": "Anna Berg", "kind": "person"}])
    p = profile_of(r)
    assert p.cities == {2702261} and p.regions == {"nsmåland"}
    assert p.amounts == {("SEK", 2_500_000.0)} and 1800 in p.numbers and 2024 in p.years and 2024 not in p.numbers
    # the council is its place again: kept apart from other organisations
    assert p.persons == {"anna berg"} and p.organisations == set() and p.authorities == {"kalmar kommun"}
    assert "p:2702261" in p.anchors and "a:SEK:2.5e+06" in p.anchors and "h:anna berg" in p.anchors
    assert not any("education" in a for a in p.anchors)


def test_a_sum_is_one_anchor_not_also_a_figure() -> None:
    p = profile_of(record("m", "Gent verdeelt 150.000 euro; 30 bewoners beslissen.", amounts=[amount(150_000, "EUR")]))
    assert p.amounts == {("EUR", 150_000.0)} and p.numbers == {30}
