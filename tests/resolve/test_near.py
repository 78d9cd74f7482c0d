from __future__ import annotations

from civicatlas.resolve.near import band_keys, bands_of, containment, near_score, signature, substituted, templated
from civicatlas.resolve.profile import profile_of
from tests.resolve.conftest import record

TEXT = ("The City of Lublin asked 60 randomly selected residents to recommend how to protect and expand green "
        "spaces. The panel met over four weekends, heard 14 experts and adopted 22 recommendations, which the mayor "
        "committed to implement with a budget of more than PLN 1.5 million.")


def _p(id: str, text: str):
    return profile_of(record(id, text))


def test_truncated_and_boilerplate_copies_are_near_duplicates() -> None:
    original = _p("a", TEXT)
    truncated = _p("b", TEXT[: len(TEXT) // 2])
    wrapped = _p("c", "Skip to content\nHome › News\n" + TEXT + "\nShare this page · Read more · Cookies")
    assert near_score(original, truncated) >= 0.9  # only the shingle with the cut word is new
    assert near_score(original, wrapped) == 1.0
    assert set(bands_of(original)) & set(bands_of(truncated)), "LSH must make the pair a candidate"


def test_a_template_with_other_figures_is_not_a_copy() -> None:
    sister = _p("b", TEXT.replace("60 randomly", "45 randomly").replace("22 rec", "17 rec"))
    assert near_score(_p("a", TEXT), sister) is None


def test_sister_pages_of_one_template_are_not_copies() -> None:
    # the same page filled in for another district, with the same figures: names are swapped, not cut
    page = ("Young people aged 13 to 20 who live in {d} in Bergen can now apply for up to NOK 20,000 from the "
            "district youth fund. The fund supports concerts, sports tournaments and film clubs that young people "
            "organise themselves. Applications are assessed by a youth panel every month.")
    arstad, fana = _p("a", page.format(d="Årstad")), _p("b", page.format(d="Fana"))
    assert containment(arstad, fana)[0] > 0.8 and substituted(arstad, fana)
    assert near_score(arstad, fana) is None and templated(arstad, fana)
    # a copy with a credit line added is one-sided: still a copy
    credited = _p("c", page.format(d="Årstad") + "\nPhoto: Bergen Kommune")
    assert not substituted(arstad, credited) and near_score(arstad, credited) is not None


def test_unrelated_and_tiny_texts_are_not_near_duplicates() -> None:
    other = _p("b", "Kaunas City Municipality publishes every public contract above EUR 5,000 in an open data portal.")
    assert near_score(_p("a", TEXT), other) is None
    assert near_score(_p("a", "Budget participatif"), _p("b", "Budget participatif 2024 à Lyon")) is None


def test_signatures_and_band_keys_are_deterministic() -> None:
    s1, s2 = signature({1, 2, 3}), signature({3, 2, 1})
    assert (s1 == s2).all()
    assert band_keys(s1) == band_keys(s2) and len(set(band_keys(s1))) == len(band_keys(s1))
