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

import re
import unicodedata
from functools import lru_cache

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
    from wordfreq import zipf_frequency

    try:  # wordfreq knows Norwegian as Bokmål ("nb") and says so on stderr when asked for "no"
        return zipf_frequency(word, "nb" if lang == "no" else lang)
    except (LookupError, ImportError):  # unknown, or needs a tokenizer not installed (Chinese: jieba)
        return zipf_frequency(word, "en")
