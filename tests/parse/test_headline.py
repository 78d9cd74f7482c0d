"""What may be an article's headline, and which of a page's candidates is."""

from __future__ import annotations

import pytest

from civicatlas.parse.headline import headline, is_date_line, is_headline, strip_site


@pytest.mark.parametrize("text", ["Dienstag, 1. Februar 2022", "23.10.2018", "14:05", "Published 3 March 2021",
                                  "4 mai 2022 - 00:00", "Aktualisiert am 17.01.2021"])
def test_date_lines(text: str) -> None:
    assert is_date_line(text)


@pytest.mark.parametrize("text", ["Förderrunde 2024: Diese Kommunen fördern wir", "Olympia 2022: 5 Medaillen für "
                                  "Norwegen", "Unga i Kalmar fördelade 2,5 miljoner kronor"])
def test_headlines_with_numbers_are_not_date_lines(text: str) -> None:
    assert not is_date_line(text) and is_headline(text)


@pytest.mark.parametrize("text", ["Von Leonora Holling", "By Aaron Humes", "Reklama", "Anzeige", "Read more",
                                  "© 2022 Nordby News", "Foto: Anna Berg", "Dienstag, 1. Februar 2022"])
def test_not_headlines(text: str) -> None:
    assert not is_headline(text)


def test_strip_site_keeps_the_headline_part() -> None:
    assert strip_site("Unga i Kalmar fördelade 2,5 miljoner kronor - Kalmar kommun", None) == \
        "Unga i Kalmar fördelade 2,5 miljoner kronor"
    assert strip_site("Nyheter | FLD", "Forum för lokal demokrati") == "Nyheter"
    assert strip_site("Appel à projets « Démocratie de proximité » 2024 : les lauréats", None) == \
        "Appel à projets « Démocratie de proximité » 2024 : les lauréats"


def test_the_h1_that_the_title_confirms_wins_over_a_logo_h1() -> None:
    got = headline(["Nordby News", "Residents decide on street repairs"], None,
                   "Residents decide on street repairs | Nordby News", "Nordby News")
    assert got == "Residents decide on street repairs"


def test_og_title_when_no_h1_is_a_headline() -> None:
    assert headline(["Von Leonora Holling"], "Nordby hands its budget to residents", None, None) == \
        "Nordby hands its budget to residents"
