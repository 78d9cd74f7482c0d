from __future__ import annotations

from civicatlas.caseview import case_heading, headline, merged_mentions, titles_by_language
from tests.resolve.conftest import amount, place, record


def _records():
    sv_short = record("sv1", "Kalmar kommun lät unga fördela 2,5 miljoner kronor.", language="sv",
                      places=[place("Kalmar", 2702261, start=0)],
                      amounts=[amount(2_500_000, "SEK", "2,5 miljoner kronor", 28)])
    sv_article = record("sv2",
                        "Kalmar kommuns första ungdomsbudget är avgjord.\n\nUnder vintern lämnade unga 46 förslag.",
                        title="Unga i Kalmar fördelade 2,5 miljoner kronor", language="sv",
                        places=[place("Kalmar", 2702261, start=0)])
    en = record("en1", "Young people in Kalmar Municipality decided how to spend SEK 2.5 million.",
                title="Kalmar Youth Budget, Sweden", places=[place("Kalmar", 2702261, start=16)],
                amounts=[amount(2_500_000, "SEK", "SEK 2.5 million", 61)], years=[2024])
    return [sv_short, sv_article, en]


def test_best_title_and_summary_per_language() -> None:
    titles = titles_by_language(_records())
    assert titles["sv"] == {"title": "Unga i Kalmar fördelade 2,5 miljoner kronor",
                            "summary": "Kalmar kommuns första ungdomsbudget är avgjord.", "item": "sv2"}
    assert titles["en"]["title"] == "Kalmar Youth Budget, Sweden"
    # the case heading is in the language of the item that founded it, taken from that language's best item
    assert case_heading(_records())[0] == "Unga i Kalmar fördelade 2,5 miljoner kronor"


def test_merged_mentions_keep_every_piece_of_evidence() -> None:
    merged = merged_mentions(_records())
    (kalmar,) = merged["places"]
    assert kalmar["geonameid"] == 2702261 and [e["item"] for e in kalmar["evidence"]] == ["sv1", "sv2", "en1"]
    assert {(e["item"], e["start"], e["text"]) for e in kalmar["evidence"]} >= {("en1", 16, "Kalmar")}
    (sek,) = merged["amounts"]
    assert sek["value"] == 2_500_000
    assert {e["text"] for e in sek["evidence"]} == {"2,5 miljoner kronor", "SEK 2.5 million"}
    assert merged["years"] == [2024]


def test_headline_of_an_untitled_item_is_its_first_sentence() -> None:
    motto = ("The City of Leipzig reinvigorates democratic values under the motto “You. Us. Leipzig”, and funds "
             "28 projects. More follows.")
    assert headline(motto) == motto.removesuffix(" More follows.")  # "You." in the motto ends no sentence
    assert headline("Mit über 1,2 Mio. Euro fördert Jena zwölf Projekte. Das ist neu.") == \
        "Mit über 1,2 Mio. Euro fördert Jena zwölf Projekte."
    assert headline("Umeå startar ett råd. Lund också.") == "Umeå startar ett råd."
