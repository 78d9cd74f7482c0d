"""Words compared across spellings, and how common a word is.

The folds differ on purpose, each fitting what it compares; callers keep theirs because their results depend
on it:
- `fold`: names (the gazetteer's keys): diacritics off, casefolded, and the letters NFKD keeps whole too
  ("Łódź" → "lodz", "Straße" → "strasse");
- `lower_unaccented`: currency names in messy text: lower case without combining accents, other letters
  as they are ("Dólares" → "dolares", "złoty" stays "złoty");
- `normalise`: content keys (stable ids): Unicode form, quotes, dashes and spaces unified, casefolded, and
  diacritics kept (Lund ≠ Lünd);
- `nfkc_casefold`: words of a text for shingles and overlap.
`zipf` is wordfreq's frequency of a word in a language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache, lru_cache
from hashlib import blake2b

import numpy as np

# Letters that NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
                          "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h"})
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Casefold and strip diacritics."""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65536)
def lower_unaccented(s: str) -> str:
    """Lower case without accents: "Dólares" and "dolares" are the same name in messy text."""
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Case-, space-, quote- and Unicode-form-insensitive key of a text (diacritics are kept: Lund ≠ Lünd)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def nfkc_casefold(text: str) -> str:
    """The text in Unicode's compatibility form, casefolded: "ﬁnal" and "Final" are one word."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=100_000)
def zipf(word: str, lang: str) -> float:
    """How common a word is in a language, on wordfreq's Zipf scale (English for a language it cannot read)."""
    try:  # wordfreq knows Norwegian as Bokmål ("nb") and says so on stderr when asked for "no"
        return _zipf(word, "nb" if lang == "no" else lang)
    except (LookupError, ImportError):  # unknown, or needs a tokenizer not installed (Chinese: jieba)
        return _zipf(word, "en")


def _zipf(word: str, lang: str) -> float:
    """wordfreq's zipf_frequency(word, lang), read from a compact table (_Frequencies) for the languages wordfreq
    splits into words by rule; the others (Chinese, Japanese: a tokenizer's guesses, with a penalty) by wordfreq."""
    from wordfreq import freq_to_zipf, get_language_info, zipf_frequency, zipf_to_freq
    from wordfreq.numbers import digit_freq, smash_numbers
    from wordfreq.tokens import lossy_tokenize

    if get_language_info(lang)["tokenizer"] != "regex":
        return zipf_frequency(word, lang)
    tokens = lossy_tokenize(word, lang)
    if not tokens:
        return 0.0
    table = _frequencies(lang)
    # several tokens: 1/f = 1/f1 + 1/f2 + …, and a token missing from the list makes the whole unknown
    inverse = 0.0
    for token in tokens:
        smashed = smash_numbers(token)  # digits as zeros, then the share of these digits among such numbers
        if (freq := table.get(smashed)) is None:
            return 0.0
        inverse += 1.0 / (freq * (digit_freq(token) if smashed != token else 1.0))
    freq = max(1.0 / inverse, zipf_to_freq(0.0))
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)  # wordfreq keeps three significant digits
    return round(freq_to_zipf(freq), 2)


class _Frequencies:
    """One language's wordfreq list as sorted 64-bit digests of its words (key64) and their bands (centibels): ~10
    bytes a word, where wordfreq's own table (a dict of str → float, and the lists it is read from, both kept) takes
    35–70 MB a language, and an ingest of real pages reads ten languages. Made once per machine and kept in the
    cache directory: making it took 0.1–0.3 s a language on a quiet machine, ~3 s of a default ingest of the 502
    real web pages (eight languages) with the encoder busy beside it; reading it back takes milliseconds."""

    def __init__(self, digests: np.ndarray, centibels: np.ndarray) -> None:
        self.digests, self.centibels = digests, centibels

    @classmethod
    def of(cls, lang: str) -> _Frequencies:
        from importlib.metadata import version
        from zipfile import BadZipFile

        from civicatlas.cache import cache_dir, write_whole

        path = cache_dir() / f"wordfreq-{version('wordfreq')}-{lang}-t1.npz"
        try:
            with np.load(path) as kept:
                return cls(kept["digests"], kept["centibels"])
        except (OSError, ValueError, KeyError, EOFError, BadZipFile):  # not made yet, or a broken or foreign file
            pass
        table = cls.make(lang)
        try:
            write_whole(path, lambda f: np.savez(f, digests=table.digests, centibels=table.centibels))
        except OSError:  # a cache directory that cannot be written: made again next time
            pass
        return table

    @classmethod
    def make(cls, lang: str) -> _Frequencies:
        from wordfreq import get_frequency_list

        bands = get_frequency_list.__wrapped__(lang)  # the uncached read: wordfreq's cache would keep every word
        digests = np.fromiter((key64(w) for band in bands for w in band), dtype=np.int64)
        centibels = np.repeat(np.arange(len(bands), dtype=np.int16), [len(band) for band in bands])
        order = np.argsort(digests, kind="stable")
        return cls(digests[order], centibels[order])

    def get(self, word: str) -> float | None:
        """The word's frequency (0 to 1), None when not listed. A false match needs a 64-bit collision (~1e-14 a
        word)."""
        # the last of equal digests: a word listed twice has its lower band, as wordfreq's dict keeps it
        at = find64(self.digests, word)
        return None if at is None else 10 ** (-int(self.centibels.item(at)) / 100)


@cache
def _frequencies(lang: str) -> _Frequencies:
    return _Frequencies.of(lang)


def key64(text: str) -> int:
    """A 64-bit digest of the text (blake2b of its UTF-8), the same in every process, unlike Python's hash(): for
    tables made once and kept in the cache directory."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "little", signed=True)


def find64(digests: np.ndarray, text: str) -> int | None:
    """Where the text's key64 stands in sorted int64 digests (the last of equal ones), None when it is not there."""
    h = key64(text)
    at = int(digests.searchsorted(h, side="right")) - 1  # a Python int against int64: exact, ~4x np.int64(h)'s speed
    return at if at >= 0 and digests.item(at) == h else None
