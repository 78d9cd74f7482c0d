"""Currency tables: their per-language memos stay bounded and right on long runs; building them holds no more of
babel's locale data than it found."""

from __future__ import annotations

from civicatlas.numerals import currency
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


def test_reading_every_territorys_symbol_leaves_babels_locales_as_they_were() -> None:
    assert currency._locale_caches()  # where babel keeps them; if it moves them, ~95 MB stay held again
    currency._own_symbols.cache_clear()
    currency._forget_locales(set())  # babel reads again what it needs
    symbols = currency._own_symbols()
    assert not currency._held_locales()  # ~330 locales read, none kept
    assert {"SEK", "NOK", "DKK"} <= symbols["kr"] and symbols["₾"] == {"GEL"} and "EUR" in symbols["€"]
