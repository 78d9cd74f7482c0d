"""Fuzz targets shared by the property tests (tests/fuzz/test_fuzz.py, a quick profile) and bench/fuzz.py
(a long one): for each component, a Hypothesis strategy of hostile inputs and a check that calls the
component the way the pipeline does and asserts what its contract promises.

Every check raises on a broken promise and returns nothing otherwise. The strategies mix arbitrary Unicode
(lone surrogates, controls, RTL marks, non-Latin digits) with the pieces the components react to (digits and
separators, currency signs, scale and month words, place and organisation names, markup), so that random
inputs reach the code behind those reactions instead of stopping at "no numeral here".
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# deadline=None: the first call of a component loads its data (gazetteer, CLDR, wordfreq) and the machine is
# shared; database=None: no example database is written into the checkout.
QUICK = settings(
    max_examples=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

LANGS = ["en", "sv", "de", "fr", "es", "pt", "it", "nl", "da", "no", "nb", "pl", "fi", "zh", "xx", None]

# Every code point, lone surrogates included (Hypothesis leaves them out by default).
ANY_CHAR = st.characters(exclude_categories=())
_DIGITS = list("0123456789") + ["٣", "٤٥", "１２３", "۷", "१", "߁", "𝟗", "²", "½", "¾", "⅓", "Ⅻ"]
_SEPARATORS = list(".,'’ \u00a0\u202f\u2009-–—/:;+%") + [",-", ".–", ":-", "..", ",,"]
_PIECES = [
    # numerals and their neighbours
    "1.623,427.54", "1,2,3", "1.234,56", "1,234.56", "1'234", "1 000 000", "5,00,000", "2,5", "0,5", "٣٤٥",
    "１２３", "9" * 400, "1e308", "12.03.2019", "2019", "2020-06-30", "30/06/2020", "30. Juni 2020", "June 30, 2020",
    "1½", "1 1/2", " point five", "two", "hundred", "and", "a", "half", "quarter", "million", "millions",
    "milliard", "Mio.", "mln", "bn", "k", "m", "b", "mil", "tusen", "miljoner", "zwanzig", "fünfundzwanzig",
    "vingt et un", "quatre-vingts", "tjugofem", "several", "tens of", "between", "to", "–", "-", "from",
    # money
    "$", "€", "£", "¥", "₹", "¢", "kr", "kr.", "SEK", "USD", "EUR", "CHF", "Fr.", "R$", "US$", "HK$", "$ US",
    "dollars", "euros", "Euro", "kronor", "pesos", "cents", "öre", "centimes d'euro", "grand", "pounds", "p",
    "over", "about", "up to", "more than", "över", "rund", "environ", "or more", "+",
    # counts and dates
    "people", "residents", "municipalities", "kommuner", "Gemeinden", "citizens", "projects", "per year",
    "januari", "März", "junio de", "1er", "th", "of",
    # places and actors
    "Lund", "Paris", "Georgia", "Bristol", "Umeå", "New York", "Rio de Janeiro", "São Paulo", "Washington",
    "Kommun", "County", "City of", "Region", "in", "i", "Mr", "Dr.", "said", "The", "Foundation", "University",
    "of", "Council", "Ministry", "(ICLD)", "ICLD", "SKR", "UNDP", "with", "funded by", "tillsammans med",
    "Swedish", "French", "U.S.", "N.J.", "Iran-Iraq", "Mercedes-Benz",
    # markup and layout
    "**", "*", "_", "__", "`", "```", "#", "## ", "- ", "• ", "1. ", "> ", "![a](b)", "[x](y)", "<b>", "</b>",
    "<p>", "</div>", "&amp;", "&#0;", "&#xD800;", "<!--", "-->", "\\", "===", "---",
    # whitespace, controls and marks
    " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028",
    "\u200b", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\ufffd", "\ud800", "\udfff", "\u0301",
    "👍🏽", "İ", "ß", "ﬁ", "Σ", "ς",
]


def _soup(max_pieces: int) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(_PIECES),
        st.sampled_from(_DIGITS),
        st.sampled_from(_SEPARATORS),
        st.text(ANY_CHAR, max_size=6),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


# Digit and separator soup: what number readers see ("1.623,427.54", "1,2,3", "٣٤٥", "１２３").
NUMERAL_SOUP = st.lists(
    st.one_of(st.sampled_from(_DIGITS), st.sampled_from(_SEPARATORS), st.sampled_from(["1.623,427.54", "9" * 30])),
    min_size=1, max_size=24,
).map("".join)


def _repeated(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A piece repeated into a longer single line (up to ~10 KB here; bench/fuzz.py times 10 MB ones)."""
    return st.tuples(base, st.integers(1, 500)).map(lambda t: t[0] * t[1])


TEXT = st.one_of(
    _soup(40),
    st.text(ANY_CHAR, max_size=300),
    NUMERAL_SOUP,
    _repeated(_soup(4).filter(bool)),
)

_TAGS = ["div", "p", "span", "article", "section", "li", "ul", "ol", "h1", "h2", "h3", "figure", "figcaption",
         "table", "tr", "td", "a", "b", "nav", "header", "footer", "main", "script", "style", "title", "noscript",
         "svg", "math", "template", "iframe", "br", "img", "meta", "html", "body", "head", "textarea", "pre"]
_ATTRS = ['', ' class="teaser"', ' class="menu nav"', ' id="x"', ' href="#"', ' alt="Foto: ICLD"',
          ' class="caption"', ' charset="utf-8"', ' style="display:none"', ' class', " class='a\"b'", ' \x00="1"']


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(_TAGS), st.sampled_from(_ATTRS), st.lists(children, max_size=5),
                     st.booleans()).map(lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}" + (f"</{t[0]}>" if t[3] else ""))


HTML = st.one_of(
    st.recursive(_soup(8), _element, max_leaves=40),
    # deeply nested: unclosed or closed, one tag or alternating ones
    st.tuples(st.sampled_from(_TAGS[:8]), st.integers(1, 3000), st.booleans(), _soup(6)).map(
        lambda t: f"<{t[0]}>" * t[1] + t[3] + (f"</{t[0]}>" * t[1] if t[2] else "")
    ),
    st.lists(st.sampled_from(["<", ">", "</", "/>", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?xml?>", '"', "'",
                              "=", "<html>", "<body>", "<meta charset=x>", "&#", ";", "&nbsp;"]) | _soup(3),
             max_size=40).map("".join),
)

_ENCODINGS = [b"utf-8", b"latin-1", b"cp1252", b"utf-16", b"utf-32", b"utf-7", b"shift_jis", b"koi8-r", b"gb18030",
              b"unicode_escape", b"raw_unicode_escape", b"idna", b"punycode", b"rot13", b"hex", b"base64", b"zlib",
              b"uu", b"mbcs", b"x-unknown", b"", b"utf-8-sig", b"iso-2022-jp", b"cp037", b"charmap", b"undefined"]
_BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
BYTES = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.sampled_from(_BOMS), st.binary(max_size=200)).map(b"".join),
    st.tuples(st.sampled_from(_ENCODINGS), st.binary(max_size=200), _soup(10)).map(
        lambda t: b'<html><meta charset="' + t[0] + b'">' + t[1] + t[2].encode("utf-8", "surrogatepass")
    ),
    st.tuples(st.binary(max_size=200), st.booleans()).map(lambda t: gzip.compress(t[0])[: None if t[1] else -5]),
    st.tuples(st.sampled_from([b"\x1f\x8b", b"%PDF", b"PK\x03\x04", b"\x89PNG"]), st.binary(max_size=100))
    .map(b"".join),
    _soup(30).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _soup(30).map(lambda s: s.encode("cp1252", "replace")),
)
URIS = st.sampled_from(["file:///a.txt", "file:///a.html", "file:///a.md", "file:///a.txt.gz", "file:///a.gz",
                        "stdin:x", "http://example.se/x?y.html", "file:///noext", ""])


# --- checks -------------------------------------------------------------------------------------------

def _span(text: str, start: int, end: int, surface: str | None = None, empty: bool = False) -> None:
    assert isinstance(start, int) and isinstance(end, int), (start, end)
    assert 0 <= start <= end <= len(text) and (empty or start < end), f"span {start}:{end} outside 0:{len(text)}"
    if surface is not None:
        assert text[start:end] == surface, f"text[{start}:{end}]={text[start:end]!r} but mention says {surface!r}"


def _finite(*values: float | None) -> None:
    for v in values:
        assert v is None or (isinstance(v, float | int) and math.isfinite(v)), f"value {v!r} is not finite"


def _ordered_disjoint(spans: list[tuple[int, int]], what: str) -> None:
    for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
        assert s1 <= s2, f"{what} not left to right: {s1}:{e1} then {s2}:{e2}"
        assert e1 <= s2, f"{what} overlap: {s1}:{e1} and {s2}:{e2}"


def check_numbers(text: str, lang: str | None) -> None:
    from civicatlas.numerals.numbers import find_numbers

    nums = find_numbers(text, lang)
    for n in nums:
        _span(text, n.start, n.end, n.text)
        _finite(n.value)
    _ordered_disjoint([(n.start, n.end) for n in nums], "numbers")


def check_parse_digits(s: str, lang: str | None) -> None:
    from civicatlas.numerals.numbers import parse_digits

    _finite(parse_digits(s, lang))


def check_money(text: str, lang: str | None) -> None:
    from civicatlas.numerals.money import find_amounts

    found = find_amounts(text, lang)
    for f in found:
        _span(text, f.start, f.end)
        _finite(f.value, f.value_max)
        assert f.currency is None or re.fullmatch(r"[A-Z]{3}", f.currency), f.currency
        if f.value_max is not None:
            assert f.qualifier == "range" and f.value <= f.value_max, f
    _ordered_disjoint([(f.start, f.end) for f in found], "amounts")


def check_counts(text: str, lang: str | None) -> None:
    from civicatlas.numerals.counts import find_counts

    for start, end, value, unit, unit_text in find_counts(text, lang):
        _span(text, start, end)
        _finite(value)
        assert value > 0 and unit and unit_text, (value, unit, unit_text)


def check_dates(text: str, lang: str | None) -> None:
    import datetime

    from civicatlas.numerals.dates import find_dates

    found = find_dates(text, lang)
    for f in found:
        _span(text, f.start, f.end)
        {"year": lambda v: datetime.date(int(v), 1, 1), "month": lambda v: datetime.date.fromisoformat(v + "-01"),
         "day": datetime.date.fromisoformat}[f.precision](f.value)
    _ordered_disjoint([(f.start, f.end) for f in found], "dates")


def check_currency(token: str, lang: str | None) -> None:
    from civicatlas.numerals.currency import currencies, in_context, name_words, read_symbol
    from civicatlas.words import lower_unaccented

    cur = currencies(lang)
    sym = read_symbol(token, cur)
    if sym is not None:
        code, mult = sym
        assert re.fullmatch(r"[A-Z]{3}", code) and math.isfinite(mult) and mult > 0, sym
        assert re.fullmatch(r"[A-Z]{3}", in_context(token, code, lang, ["US", "SE", "zz", ""]))
    assert isinstance(lower_unaccented(token), str) and isinstance(name_words(token), tuple)


def check_recognize(text: str, lang: str | None) -> None:
    from civicatlas.places import geoparser

    for sp in geoparser().recognizer.find(text, lang):
        _span(text, sp.start, sp.end, sp.surface)


def check_geoparse(text: str, lang: str | None) -> None:
    from civicatlas.places import geoparse

    for r in geoparse(text, lang, "http://example.se/page"):
        _span(text, r.span.start, r.span.end, r.span.surface)
        assert 0.0 <= r.confidence <= 1.0 and math.isfinite(r.score), r
        if r.entry is not None:
            _finite(r.entry.lat, r.entry.lon)
        assert r.country is None or re.fullmatch(r"[A-Z]{2}", r.country), r.country


def check_actors(text: str, lang: str | None) -> None:
    from civicatlas.actors import find_actors, role_of

    found = find_actors(text, lang)
    for a in found:
        _span(text, a.start, a.end)
        assert a.name.strip(), a
        role_of(text, a, found)
    _ordered_disjoint([(a.start, a.end) for a in found], "actors")


def _check_blocks(doc: Any, blocks: list) -> None:
    for b in blocks:
        _span(doc.text, b.start, b.end, b.text if doc.content_type == "html" else None, empty=True)
        assert b.text, b


def _document(content: str, kind: str) -> Any:
    from civicatlas.model import Document

    return Document(id="dfuzz", uri="file:///fuzz", content=content, content_type=kind, sha256="0")  # type: ignore[arg-type]


def check_parse(content: str, kind: str) -> None:
    """parse + segment: blocks index into the parsed text, items are non-empty and point into it."""
    from civicatlas.parse import parse, segment

    doc = _document(content, kind)
    blocks = parse(doc)
    _check_blocks(doc, blocks)
    for item in segment(doc, blocks):
        assert item.text or item.title, item
        for occ in item.occurrences:
            _span(doc.text, occ.start, occ.end, empty=True)


def check_decode(data: bytes, uri: str) -> None:
    """Bytes either become a Document whose text is valid Unicode, or an InputError naming the input."""
    from civicatlas.read import InputError, read_bytes
    from civicatlas.read.decode import decode

    try:
        text, encoding, warnings = decode(data, "fuzz-input")
    except InputError as e:
        assert str(e).startswith("fuzz-input: "), e
    else:
        text.encode("utf-8")  # no lone surrogates: the text must be storable and printable
        assert encoding and all(isinstance(w, str) for w in warnings)
    try:
        doc = read_bytes(data, uri or "fuzz-input", name="fuzz-input", max_bytes=100_000)
    except InputError as e:
        assert str(e).startswith("fuzz-input: ") and e.reason, e
    else:
        doc.content.encode("utf-8")
        assert doc.content.strip() and doc.content_type in ("text", "markdown", "html")


# The enrichers that read text, in pipeline order; the language is drawn instead of detected, so that every
# language's rules meet every text.
_ENRICHERS = ["places", "money", "counts", "dates", "actors"]


def check_pipeline(content: str, kind: str, lang: str | None) -> None:
    """A document through parse, segment and the text enrichers, as `ingest` runs them: every mention points at
    its own words in its field, every value is finite and every record is strict JSON."""
    from civicatlas.enrich import create
    from civicatlas.parse import parse_document

    doc = _document(content, kind)
    items = parse_document(doc)
    for item in items:
        item.language = lang
    for name in _ENRICHERS:
        create(name)(items)
    for item in items:
        mentions = [*item.places, *item.amounts, *item.counts, *item.dates, *item.actors]
        for m in mentions:
            _span(item.field_text(m.evidence.field), m.start, m.end, m.text)
        _finite(*(a.value for a in item.amounts), *(a.value_max for a in item.amounts), *(c.value for c in item.counts))
        _finite(*(p.lat for p in item.places), *(p.lon for p in item.places))
        json.dumps(item.to_record(), allow_nan=False).encode("utf-8")


@dataclass(frozen=True)
class Target:
    """One component to fuzz: what to draw and what must hold."""

    name: str
    strategy: st.SearchStrategy[tuple]
    check: Callable[..., None]
    quick_examples: int = QUICK.max_examples  # fewer where one input costs a whole parse


_TEXT_LANG = st.tuples(TEXT, st.sampled_from(LANGS))
_DOC = st.one_of(st.tuples(TEXT, st.sampled_from(["text", "markdown"])), st.tuples(HTML, st.just("html")))

TARGETS: dict[str, Target] = {
    t.name: t
    for t in [
        Target("numbers", _TEXT_LANG, check_numbers),
        Target("parse_digits", st.tuples(NUMERAL_SOUP | st.text(ANY_CHAR, max_size=20), st.sampled_from(LANGS)),
               check_parse_digits),
        Target("money", _TEXT_LANG, check_money),
        Target("counts", _TEXT_LANG, check_counts),
        Target("dates", _TEXT_LANG, check_dates),
        Target("currency", st.tuples(st.sampled_from(_PIECES) | st.text(ANY_CHAR, max_size=8), st.sampled_from(LANGS)),
               check_currency),
        Target("recognize", _TEXT_LANG, check_recognize),
        Target("geoparse", _TEXT_LANG, check_geoparse),
        Target("actors", _TEXT_LANG, check_actors),
        Target("parse", _DOC, check_parse, 25),
        Target("decode", st.tuples(BYTES, URIS), check_decode),
        Target("pipeline", st.tuples(_DOC, st.sampled_from(LANGS)).map(lambda t: (*t[0], t[1])), check_pipeline, 15),
    ]
}
