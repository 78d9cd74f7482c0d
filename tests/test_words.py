"""The folds compare what each caller compares, and differ where their callers need them to."""

from __future__ import annotations

from civicatlas.words import fold, lower_unaccented, nfkc_casefold, normalise, zipf


def test_fold_strips_diacritics_and_special_letters():
    assert fold("Łódź") == "lodz"
    assert fold("Umeå") == "umea"
    assert fold("Straße") == "strasse"
    assert fold("Ærø") == "aero"


def test_lower_unaccented_strips_combining_accents_only():
    assert lower_unaccented("Dólares") == "dolares"
    assert lower_unaccented("Złoty") == "złoty" != fold("Złoty")  # currency names keep the letters NFD keeps
    assert lower_unaccented("Straße") == "straße"


def test_normalise_unifies_form_quotes_and_spaces_but_keeps_diacritics():
    assert normalise("  Lünd’s   “Park” ") == normalise("LÜND'S \"park\"") == "lünd's \"park\""
    assert normalise("Lünd") != normalise("Lund")


def test_nfkc_casefold_joins_compatibility_forms_and_cases():
    assert nfkc_casefold("ﬁnal STRASSE") == nfkc_casefold("Final straße") == "final strasse"


def test_zipf_reads_a_language_wordfreq_cannot_as_english():
    assert zipf("the", "en") > 7
    assert zipf("the", "xx") == zipf("the", "en")  # no word list for the language


def test_zipf_is_wordfreqs_own_from_the_compact_table():
    from wordfreq import iter_wordlist, zipf_frequency

    listed = list(iter_wordlist("de"))
    words = [*listed[:: max(1, len(listed) // 500)], "Bürgerrat", "STRAßE", "Łódź", "l'homme", "rock'n'roll", "2024",
             "abc123", "1,000", "3 people", "the city", "The Hague", "co-operation", "", "--", "\u200b", "x" * 40,
             "d0", "つ", "桥"]  # "d0" and "つ" are the same two bytes as Python stores them: one hash as str
    for lang in ("en", "de", "sv", "no", "zh", "xx"):
        for word in words:
            try:
                expected = zipf_frequency(word, "nb" if lang == "no" else lang)
            except (LookupError, ImportError):
                expected = zipf_frequency(word, "en")
            assert zipf(word, lang) == expected, (word, lang)


def test_a_languages_table_is_made_once_then_read_from_the_cache(tmp_path, monkeypatch):
    import numpy as np

    from civicatlas.words import _Frequencies

    monkeypatch.setenv("CIVICATLAS_CACHE", str(tmp_path))
    made = _Frequencies.of("sv")
    [kept] = tmp_path.glob("wordfreq-*-sv-t1.npz")
    with monkeypatch.context() as m:
        m.setattr(_Frequencies, "make", None)  # from the file, not made again
        read = _Frequencies.of("sv")
    assert np.array_equal(made.digests, read.digests) and np.array_equal(made.centibels, read.centibels)
    assert read.get("och") == made.get("och") > 0.01 and read.get("xqzv") is None
    for broken in (b"not a table", kept.read_bytes()[:1000]):  # a foreign or a truncated file is made again
        kept.write_bytes(broken)
        assert _Frequencies.of("sv").get("och") == made.get("och")
