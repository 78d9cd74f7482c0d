from __future__ import annotations

import pytest

from civicatlas.model import Item
from civicatlas.relevance import cues


def item(text: str, title: str | None = None) -> Item:
    return Item(id="i1", document_id="d", position=0, text=text, title=title)


@pytest.mark.parametrize(
    ("text", "kind", "word"),
    [
        ("Residents take part in a citizens' assembly on climate.", "participation", "citizens' assembly"),
        ("Die Stadt startet einen Bürgerhaushalt.", "participation", "Bürgerhaushalt"),
        ("Trente habitants tirés au sort.", "participation", "tirés au sort"),
        ("Budżet obywatelski w Lublinie.", "participation", "Budżet obywatelski"),
        ("Tio kommuner har beviljats projektmedel.", "funding", "beviljats"),
        ("Das Projekt wird mit 5.000 Euro gefördert.", "funding", "gefördert"),
        ("Lauréat du prix de la démocratie locale.", "award", "Lauréat"),
        ("The winners of the 2024 award were announced.", "award", "winners"),
    ],
)
def test_cue_words_in_several_languages(text: str, kind: str, word: str) -> None:
    found = cues.find(item(text))
    assert (kind, word) in {(c.kind, c.text) for c in found}
    hit = next(c for c in found if c.text == word)
    assert text[hit.start : hit.end] == word and hit.field == "text"


def test_cues_in_the_title_point_into_the_title() -> None:
    found = cues.find(item("Applications close in May.", title="Participatory budget 2025"))
    first = found[0]
    assert (first.field, first.kind, first.text) == ("title", "participation", "Participatory budget")


def test_cue_words_are_matched_at_word_starts_only() -> None:
    # "antiparticipation" is no participation word; "prizes" inside "surprizes" is no award
    assert not [c for c in cues.find(item("Such antiparticipation surprizes nobody.")) if c.kind != "civic"]


def test_everyday_news_has_no_participation_or_award_cues() -> None:
    text = "United came from behind to beat City 3-2 in a thrilling derby on Saturday."
    assert not [c for c in cues.find(item(text)) if c.kind in ("participation", "award", "funding")]


def test_features_are_shares_of_the_words() -> None:
    text = "Participatory budget: residents vote on projects."
    short = cues.features(cues.find(item(text)), words=6)
    longer = cues.features(cues.find(item(text)), words=600)
    assert len(short) == len(cues.KINDS) == len(cues.features([], words=0))
    assert short[cues.KINDS.index("participation")] > longer[cues.KINDS.index("participation")] > 0
    assert cues.features([], words=0) == [0.0] * len(cues.KINDS)
