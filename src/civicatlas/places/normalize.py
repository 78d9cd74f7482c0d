"""Text normalisation shared by the gazetteer build and the recogniser, so both sides produce the same keys.

A key is the casefolded, diacritic-free form of a name's tokens joined by single spaces: "Łódź" → "lodz",
"Port-Vila" → "port-vila", "Côte d'Ivoire" → "cote d ivoire". Matching on keys makes ASCII spellings and
the original spellings meet without listing both.
"""

from __future__ import annotations

import re

from civicatlas.words import fold

# A token: letters, optionally joined by hyphens ("Stratford-upon-Avon"). Apostrophes split tokens so that
# "Bristol's" yields "Bristol" and "s".
TOKEN_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every word token."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def key(name: str) -> str:
    """The lookup key of a name."""
    return " ".join(fold(t) for _, _, t in tokens(name))


def script_ok(name: str) -> bool:
    """Latin, Greek or Cyrillic only: the scripts of European languages (keeps the index small)."""
    for c in name:
        if c.isalpha() and ord(c) > 0x24F and not (0x370 <= ord(c) <= 0x52F) and not (0x1E00 <= ord(c) <= 0x1FFF):
            return False
    return True
