"""Actors in one text: written-out names with their abbreviations, municipalities, persons with functions,
and what is no actor."""

from __future__ import annotations

import pytest

from civicatlas.actors.finder import find_actors, find_pairs


def test_long_name_and_abbreviation_are_one_actor() -> None:
    text = (
        "pengar av Internationellt Centrum för Lokal Demokrati, ICLD, och av Council of European Municipalities (CEM)."
    )
    pairs = {(a.name, a.abbreviation, text[a.start : a.end]) for a in find_pairs(text)}
    assert pairs == {
        ("Internationellt Centrum för Lokal Demokrati", "ICLD", "Internationellt Centrum för Lokal Demokrati, ICLD"),
        ("Council of European Municipalities", "CEM", "Council of European Municipalities (CEM)"),
    }
    # initials that do not spell the abbreviation are no pair
    assert find_pairs("Vi träffade Anna Svensson, ICLD, i går.") == []


def test_municipalities_persons_and_functions() -> None:
    text = (
        "Oberbürgermeister Burkhard Jung said the City of Leipzig funds 28 projects. Anna Berg, ordförande "
        "i Region Skåne, talade. Lunds kommun och Region Gotland deltar."
    )
    found = {(a.name, a.kind, a.function) for a in find_actors(text, "en")}
    assert ("Burkhard Jung", "person", "Oberbürgermeister") in found
    assert ("City of Leipzig", "municipality", None) in found
    assert ("Anna Berg", "person", "ordförande i Region Skåne") in found or (
        "Anna Berg",
        "person",
        "ordförande",
    ) in found
    assert ("Region Gotland", "region", None) in found
    assert ("Lunds kommun", "municipality", None) in found


def test_shouted_words_and_codes_are_not_organisations() -> None:
    names = {a.name for a in find_actors("Vi gör det EXTRA mycket i USA för 100 SEK under COVID-19.", "sv")}
    assert not names & {"EXTRA", "USA", "SEK", "COVID"}


@pytest.mark.parametrize("lang", ["en", "sv", "de"])
def test_text_without_actors(lang: str) -> None:
    assert find_actors("a small text without names at all.", lang) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("sv", "Projektet finansieras av kommunen."),  # a sentence-initial common word is no name
        ("de", "Der Bürgerrat wird gefördert."),
        ("en", "The Subcommittee on Persons with Disabilities, supported by the House, met."),
        ("en", "The failures of the government gave rise to a new movement."),
        ("en", "The Conversation Corps initiative trains community members."),
        ("en", "See the [jury report](https://example.eu/awards/2024/report.pdf) for details."),
        ("en", "Public Hearings convened in spring."),
    ],
)
def test_no_actor_from_a_role_word_alone(lang: str, text: str) -> None:
    assert [a.name for a in find_actors(text, lang) if a.confidence <= 0.6] == []


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        ("en", "When Linköping Municipality opened the call, 40 groups applied.", {"Linköping Municipality"}),
        ("de", "Damit der Bürgerrat die Stiftung Mercator berät, wird gelost.", {"Stiftung Mercator"}),
        ("de", "Vereine und Unternehmen können mitmachen.", set()),
        ("de", "Die Stiftung fördert das Projekt, nicht die Neugestaltung des Ortszentrums.", set()),
        ("de", "Die Robert Bosch Stiftung und der Bundestag.", {"Robert Bosch Stiftung", "Bundestag"}),
        ("en", "The Council met and the Committee agreed.", set()),  # bare nouns name no one
    ],
)
def test_common_nouns_and_clause_openers_are_no_names(lang: str, text: str, names: set[str]) -> None:
    assert {a.name for a in find_actors(text, lang)} == names
