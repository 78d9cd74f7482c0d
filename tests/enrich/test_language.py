"""The language enricher: European languages from a title on, nothing for what is in none of them."""

from __future__ import annotations

import pytest

from civicatlas.enrich.language import READ_AT_MOST, LanguageEnricher, detect
from civicatlas.model import Item


@pytest.mark.parametrize(("text", "language"), [
    ("Medborgarbudget i Umeå kommun", "sv"),
    ("Kommunen lottar invånare till ett medborgarråd om klimatet", "sv"),  # not Norwegian, not Danish
    ("Bürgerhaushalt der Stadt Leipzig", "de"),
    ("BÜRGERRAT ZUM KLIMASCHUTZ IN LEIPZIG", "de"),  # a shouted headline
    ("Budget participatif de la ville de Lyon", "fr"),
    ("Presupuesto participativo del Ayuntamiento de Madrid", "es"),
    ("Budżet obywatelski w Lublinie", "pl"),
    ("Bilancio partecipativo del Comune di Bologna", "it"),
    ("Participatory budgeting in Bristol", "en"),
])
def test_a_title_is_enough(text: str, language: str) -> None:
    found, confidence = detect(text)
    assert found == language and 0 < confidence <= 1


def test_no_letters_or_another_continents_language_is_no_language() -> None:
    assert detect("") == (None, 0.0)
    assert detect("2024 – 12.500 € / 30 %") == (None, 0.0)
    assert detect("市民预算：市政府邀请居民决定如何使用一部分公共资金。") == (None, 0.0)


def test_a_long_text_is_read_in_part_and_decided_as_a_whole() -> None:
    text = "La ville de Lyon tire au sort des habitants pour une convention citoyenne sur le climat. " * 100
    assert len(text) > READ_AT_MOST
    assert detect(text)[0] == "fr"


def test_the_enricher_keeps_a_given_language_and_reads_title_text_and_caption() -> None:
    given = Item(id="a", document_id="d", position=0, text="Participatory budgeting in Bristol", language="sv")
    found = Item(id="b", document_id="d", position=1, title="Medborgarbudget", text="Umeå kommun lottar invånare",
                 caption="Foto: kommunen")
    LanguageEnricher()([given, found])
    assert given.language == "sv" and given.language_confidence is None
    assert found.language == "sv" and 0 < found.language_confidence <= 1
