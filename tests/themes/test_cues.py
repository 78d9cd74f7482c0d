from __future__ import annotations

from civicatlas.model import Item
from civicatlas.themes import VOCABULARIES
from civicatlas.themes.cues import CUES, find


def test_cue_keys_are_vocabulary_keys() -> None:
    for vocab, labels in CUES.items():
        assert set(labels) <= set(VOCABULARIES[vocab]), vocab


def test_finds_first_cue_per_label_across_fields() -> None:
    item = Item(
        id="i",
        document_id="d",
        position=0,
        title="Bürgerrat in Köln",
        text="Die Teilnehmenden wurden zufällig ausgewählt, darunter viele Jugendliche.",
    )
    assert find(item, "method_types")["deliberative"] == ("title", 0, 9)
    field, start, end = find(item, "recruitment_method")["random"]
    assert field == "text" and item.text[start:end] == "zufällig ausgewählt"
    assert "youth" in find(item, "targeted_participants")


def test_random_selection_in_everyday_words() -> None:
    for text, phrase in [
        ("45 ausgeloste Jenaerinnen und Jenaer haben beraten.", "ausgeloste"),
        ("Regionen samlar 160 slumpvis utvalda invånare.", "slumpvis utvalda"),
    ]:
        item = Item(id="i", document_id="d", position=0, text=text)
        _, start, end = find(item, "recruitment_method")["random"]
        assert item.text[start:end] == phrase


def test_stems_match_at_word_start_only() -> None:
    item = Item(id="i", document_id="d", position=0, text="The programme was well-timed.")  # "grammes", "timed"
    assert find(item, "targeted_participants") == {}


def test_urban_environment_is_planning_and_public_sector_is_governance() -> None:
    city = Item(id="i", document_id="d", position=0, text="Young professionals stay in a modern urban environment.")
    assert set(find(city, "general_issues")) == {"planning"}
    nature = Item(id="j", document_id="d", position=0, text="Residents protect the environment of the lake.")
    assert "environment" in find(nature, "general_issues")
    state = Item(id="k", document_id="d", position=0, text="A lab brings innovation to the public sector.")
    assert "governance" in find(state, "general_issues")


def test_an_organisation_name_is_no_cue_of_what_an_item_is_about() -> None:
    from civicatlas.model import Actor, Evidence

    text = "Umeå har av Internationellt Centrum för Lokal Demokrati beviljats pengar för ett jämställdhetsprojekt."
    name = "Internationellt Centrum för Lokal Demokrati"
    start = text.index(name)
    actor = Actor(text=name, name=name, evidence=Evidence("i", start, start + len(name), "actors", "1"))
    item = Item(id="i", document_id="d", position=0, text=text, actors=[actor])
    assert set(find(item, "general_issues")) == {"identity"}
    item.actors = []
    assert set(find(item, "general_issues")) == {"identity", "governance", "international"}


def test_watching_public_money_is_governance() -> None:
    item = Item(id="i", document_id="d", position=0, text="A digital tool monitors the funds allocated to repairs.")
    assert "governance" in find(item, "general_issues")
    idle = Item(id="j", document_id="d", position=0, text="Sensors monitor the air in the school yard.")
    assert "governance" not in find(idle, "general_issues")


def test_a_label_is_passed_over_only_when_its_cues_cannot_match() -> None:
    import re
    import sys

    from civicatlas.themes.cues import _compiled, _fold, _starts

    assert _starts((r"\bjobs?\b", r"labou?r market")) == ("job", "labo")  # "s?", "u?" may be missing
    assert _starts((r"budget\w*", r"(?:aus)?gelost\w*")) is None and _starts(("ab|cd",)) is None
    # every character IGNORECASE takes for a letter of a cue's start folds as that letter does
    letters = {c for labels in _compiled().values() for _, starts in labels.values() for s in starts or () for c in s}
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    assert [(c, m.group()) for c in sorted(letters) for m in re.finditer(re.escape(c), every, re.IGNORECASE)
            if _fold(m.group()) != _fold(c)] == []
    # and what the scan of every label finds is found: shouted, Turkish capitals, a cue in the caption only
    for title, text, caption in [("KLİMAPOLİTİK İN BERLİN", "BÜRGERRAT ZUR VERKEHRSWENDE", None),
                                 ("Inclusion", "Migrants and the labor market.", "Foto: Museum")]:
        item = Item(id="i", document_id="d", position=0, title=title, text=text, caption=caption)
        for vocabulary, labels in _compiled().items():
            scanned = {key for key, (pattern, _) in labels.items() if any(pattern.search(t) for _, t in item.fields())}
            assert set(find(item, vocabulary)) == scanned
