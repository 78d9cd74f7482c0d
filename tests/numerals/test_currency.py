"""Currency tables: their per-language memos stay bounded and right on long runs."""

from __future__ import annotations

from civicatlas.numerals.currency import MEMO_SIZE, currencies, read_symbol
from civicatlas.numerals.money import find_amounts


def test_symbol_memo_stays_bounded_and_right_after_many_tokens() -> None:
    # Before, a full memo answered None for every new token: a long ingest stopped reading symbols it had not met.
    cur = currencies("en")
    for n in range(MEMO_SIZE + 10):
        read_symbol(f"zq{n}", cur)
    assert len(cur.memo) <= MEMO_SIZE
    assert read_symbol("SEK", cur) == ("SEK", 1.0)
    assert [a.currency for a in find_amounts("It received SEK 20 million.", "en")] == ["SEK"]
