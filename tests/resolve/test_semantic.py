"""The cross-lingual test: vectors plus agreeing anchors. Vectors are placed at chosen cosines so each test
pins the rule, not the encoder (tests/resolve/test_resolver.py runs the real encoder end to end)."""

from __future__ import annotations

from civicatlas.resolve.links import score_pair
from civicatlas.resolve.profile import profile_of
from civicatlas.resolve.semantic import agreement, semantic_score
from tests.resolve.conftest import amount, place, record, unit_vector

BASE = unit_vector(1)
KALMAR, GAVLE = 2702261, 2712414


def _sv(**kw):
    return profile_of(record("sv", "Unga i Kalmar fördelade 2,5 miljoner kronor. 1 800 elever röstade.", language="sv",
                             places=[place("Kalmar", KALMAR)], amounts=[amount(2_500_000, "SEK")], **kw), BASE)


def test_translation_with_shared_city_and_amount_is_the_same_initiative() -> None:
    en = profile_of(record("en", "Young people in Kalmar decided how to spend SEK 2.5 million; 1,800 students voted.",
                           places=[place("Kalmar", KALMAR)], amounts=[amount(2_500_000, "SEK")]),
                    unit_vector(2, BASE, 0.91))
    link = score_pair(_sv(), en)
    assert link is not None and link.reason == "crosslingual"
    assert link.evidence["shared"]["city"] == [str(KALMAR)] and link.evidence["shared"]["number"] == ["1800"]


def test_same_theme_in_another_city_is_not() -> None:
    gavle = profile_of(record("gv", "Unga i Gävle fördelar 1,2 miljoner kronor. 900 elever röstade.", language="sv",
                              places=[place("Gävle", GAVLE)], amounts=[amount(1_200_000, "SEK")]),
                       unit_vector(3, BASE, 0.97))
    assert agreement(_sv(), gavle).conflict == "different places"
    assert score_pair(_sv(), gavle) is None


def test_close_vectors_alone_are_not_enough() -> None:
    no_anchors = profile_of(record("x", "Young people decided how to spend part of the municipal budget."),
                            unit_vector(4, BASE, 0.98))
    assert semantic_score(_sv(), no_anchors) is None


def test_another_edition_in_the_same_city_is_not_the_same_initiative() -> None:
    edition = profile_of(record("ed", "Unga i Kalmar fördelade 2 miljoner kronor 2023. 1 200 elever röstade.",
                                language="sv", places=[place("Kalmar", KALMAR)], amounts=[amount(2_000_000, "SEK")],
                                years=[2023]), unit_vector(5, BASE, 0.95))
    assert semantic_score(_sv(years=[2024]), edition) is None


def test_without_vectors_nothing_semantic_is_claimed() -> None:
    a = profile_of(record("a", "Kalmar SEK 2.5 million", places=[place("Kalmar", KALMAR)],
                          amounts=[amount(2_500_000, "SEK")]))
    b = profile_of(record("b", "Kalmar 2,5 miljoner kronor", language="sv", places=[place("Kalmar", KALMAR)],
                          amounts=[amount(2_500_000, "SEK")]))
    assert agreement(a, b) is None and score_pair(a, b) is None


def test_the_council_as_an_actor_is_its_place_again() -> None:
    council = [{"name": "Kalmar kommun", "kind": "municipality"}]
    kalmar = [place("Kalmar", KALMAR)]
    a = profile_of(record("a", "Kalmar kommun ...", language="sv", places=kalmar, actors=council), BASE)
    b = profile_of(record("b", "Kalmar kommun ...", language="sv", places=kalmar, actors=council),
                   unit_vector(6, BASE, 0.95))
    assert agreement(a, b).evidence == 2.0  # the city, not the city and its council
    unplaced = [profile_of(record(x, "Kalmar kommun ...", language="sv", actors=council), BASE) for x in "cd"]
    assert agreement(*unplaced).shared["authority"] == ["kalmar kommun"]


def test_a_sister_project_naming_other_things_in_the_same_language_loses_evidence() -> None:
    def panel(id: str, topic: str, partner: str, language: str = "en"):
        return profile_of(record(id, f"Lyon has drawn 30 residents by lot for a panel on {topic}, supported by "
                                     f"{partner}.", language=language, places=[place("Lyon", 2996944)]), BASE)

    night, cycling = panel("n", "nightlife", "Démocratie Ouverte"), panel("c", "cycling", "Ville Ouverte")
    same = panel("s", "nightlife", "Démocratie Ouverte")
    assert agreement(night, cycling).evidence == agreement(night, same).evidence - 1.5
    # German capitalises every noun, so capitals there do not say which names differ
    assert agreement(panel("x", "a", "Amt Nord", "de"), panel("y", "b", "Amt Süd", "de")).evidence == 3.0
