"""Multilingual numerals: digits with locale separators, number words and scale words.

A plain module shared by the money and counts enrichers. `find_numbers(text, lang)` returns every
numeral in a text with its value and character span: "1 000 000", "1.000.000", "1,000,000", "2,5",
"elva miljoner", "two million", "zweihundertfünfzig", "48,2 millions", "5m", "3 Mrd.".

Ambiguous separators ("12,345", "1.500") follow the language's decimal symbol from CLDR (babel), so
"1.500" is 1500 in German and 1.5 in English. Number words come from small per-language lexicons of
morphemes; compounds ("tjugofem", "fünfundzwanzig", "vijfentwintig", "duecentocinquanta") are split
into morphemes, then evaluated with the usual units/hundreds/scales accumulator.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache

# Morpheme lexicons: "word:value" pairs. Values ≥ 100 are multipliers (hundred, thousand, million…).
# A leading "~" marks a bound morpheme, valid only inside a compound word (Italian "vent" in "ventuno").
_LEXICON: dict[str, str] = {
    "en": "a:1 an:1 zero:0 one:1 two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10 eleven:11 twelve:12 "
    "thirteen:13 fourteen:14 fifteen:15 sixteen:16 seventeen:17 eighteen:18 nineteen:19 twenty:20 thirty:30 "
    "forty:40 fifty:50 sixty:60 seventy:70 eighty:80 ninety:90 hundred:100 thousand:1e3 million:1e6 millions:1e6 "
    "billion:1e9 billions:1e9 trillion:1e12 lakh:1e5 lakhs:1e5 crore:1e7 crores:1e7",
    "sv": "noll:0 ett:1 en:1 två:2 tre:3 fyra:4 fem:5 sex:6 sju:7 åtta:8 nio:9 tio:10 elva:11 tolv:12 tretton:13 "
    "fjorton:14 femton:15 sexton:16 sjutton:17 arton:18 nitton:19 tjugo:20 trettio:30 fyrtio:40 femtio:50 "
    "sextio:60 sjuttio:70 åttio:80 nittio:90 hundra:100 tusen:1e3 ettusen:1e3 miljon:1e6 miljoner:1e6 miljard:1e9 "
    "miljarder:1e9 biljon:1e12 biljoner:1e12",
    "da": "nul:0 et:1 en:1 to:2 tre:3 fire:4 fem:5 seks:6 syv:7 otte:8 ni:9 ti:10 elleve:11 tolv:12 tyve:20 "
    "tredive:30 hundrede:100 tusind:1e3 million:1e6 millioner:1e6 milliard:1e9 milliarder:1e9",
    "no": "null:0 ett:1 en:1 to:2 tre:3 fire:4 fem:5 seks:6 sju:7 syv:7 åtte:8 ni:9 ti:10 elleve:11 tolv:12 "
    "tjue:20 tretti:30 førti:40 femti:50 seksti:60 sytti:70 åtti:80 nitti:90 hundre:100 tusen:1e3 million:1e6 "
    "millioner:1e6 milliard:1e9 milliarder:1e9",
    "de": "null:0 eins:1 ein:1 eine:1 einen:1 einem:1 einer:1 zwei:2 drei:3 vier:4 fünf:5 sechs:6 sieben:7 acht:8 "
    "neun:9 zehn:10 elf:11 zwölf:12 dreizehn:13 vierzehn:14 fünfzehn:15 sechzehn:16 siebzehn:17 achtzehn:18 "
    "neunzehn:19 zwanzig:20 dreißig:30 vierzig:40 fünfzig:50 sechzig:60 siebzig:70 achtzig:80 neunzig:90 "
    "hundert:100 tausend:1e3 million:1e6 millionen:1e6 milliarde:1e9 milliarden:1e9 billion:1e12 billionen:1e12 "
    "~sech:6 ~sieb:7 anderthalb:1.5 ~einhalb:0.5",
    "nl": "nul:0 een:1 één:1 twee:2 drie:3 vier:4 vijf:5 zes:6 zeven:7 acht:8 negen:9 tien:10 elf:11 twaalf:12 "
    "dertien:13 veertien:14 vijftien:15 zestien:16 zeventien:17 achttien:18 negentien:19 twintig:20 dertig:30 "
    "veertig:40 vijftig:50 zestig:60 zeventig:70 tachtig:80 negentig:90 honderd:100 duizend:1e3 miljoen:1e6 "
    "miljard:1e9 biljoen:1e12 anderhalf:1.5 anderhalve:1.5 ~half:0.5",
    "fr": "zéro:0 un:1 une:1 deux:2 trois:3 quatre:4 cinq:5 six:6 sept:7 huit:8 neuf:9 dix:10 onze:11 douze:12 "
    "treize:13 quatorze:14 quinze:15 seize:16 vingt:20 vingts:20 trente:30 quarante:40 cinquante:50 soixante:60 "
    "quatre-vingt:80 quatre-vingts:80 cent:100 cents:100 mille:1e3 million:1e6 millions:1e6 milliard:1e9 "
    "milliards:1e9 billion:1e12 billions:1e12",
    "es": "cero:0 un:1 uno:1 una:1 dos:2 tres:3 cuatro:4 cinco:5 seis:6 siete:7 ocho:8 nueve:9 diez:10 once:11 "
    "doce:12 trece:13 catorce:14 quince:15 dieciséis:16 diecisiete:17 dieciocho:18 diecinueve:19 veinte:20 "
    "treinta:30 cuarenta:40 cincuenta:50 sesenta:60 setenta:70 ochenta:80 noventa:90 cien:100 ciento:100 "
    "doscientos:200 doscientas:200 trescientos:300 trescientas:300 cuatrocientos:400 cuatrocientas:400 "
    "quinientos:500 quinientas:500 seiscientos:600 seiscientas:600 setecientos:700 setecientas:700 "
    "ochocientos:800 ochocientas:800 novecientos:900 novecientas:900 mil:1e3 millón:1e6 millones:1e6 "
    "billón:1e12 billones:1e12 ~veinti:20 ~dieci:10 ~séis:6 ~dós:2 ~trés:3 ~ún:1",
    "pt": "zero:0 um:1 uma:1 dois:2 duas:2 três:3 quatro:4 cinco:5 seis:6 sete:7 oito:8 nove:9 dez:10 onze:11 "
    "doze:12 treze:13 catorze:14 quatorze:14 quinze:15 dezesseis:16 dezasseis:16 dezessete:17 dezassete:17 "
    "dezoito:18 dezenove:19 dezanove:19 vinte:20 trinta:30 quarenta:40 cinquenta:50 sessenta:60 setenta:70 "
    "oitenta:80 noventa:90 cem:100 cento:100 duzentos:200 duzentas:200 trezentos:300 trezentas:300 "
    "quatrocentos:400 quatrocentas:400 quinhentos:500 quinhentas:500 seiscentos:600 seiscentas:600 "
    "setecentos:700 setecentas:700 oitocentos:800 oitocentas:800 novecentos:900 novecentas:900 mil:1e3 "
    "milhão:1e6 milhões:1e6 milhao:1e6 milhoes:1e6 bilhão:1e9 bilhões:1e9 bilião:1e12 biliões:1e12 "
    "trilhão:1e12 trilhões:1e12",
    "it": "zero:0 uno:1 un:1 una:1 due:2 tre:3 tré:3 quattro:4 cinque:5 sei:6 sette:7 otto:8 nove:9 dieci:10 "
    "undici:11 dodici:12 tredici:13 quattordici:14 quindici:15 sedici:16 diciassette:17 diciotto:18 "
    "diciannove:19 venti:20 trenta:30 quaranta:40 cinquanta:50 sessanta:60 settanta:70 ottanta:80 novanta:90 "
    "cento:100 mille:1e3 mila:1e3 milione:1e6 milioni:1e6 miliardo:1e9 miliardi:1e9 ~vent:20 ~trent:30 "
    "~quarant:40 ~cinquant:50 ~sessant:60 ~settant:70 ~ottant:80 ~novant:90 ~cent:100",
    "pl": "jeden:1 jedna:1 dwa:2 dwie:2 trzy:3 cztery:4 pięć:5 sześć:6 siedem:7 osiem:8 dziewięć:9 dziesięć:10 "
    "sto:100 tysiąc:1e3 tysiące:1e3 tysięcy:1e3 milion:1e6 miliony:1e6 milionów:1e6 miliard:1e9 miliardy:1e9 "
    "miliardów:1e9",
    "fi": "yksi:1 kaksi:2 kolme:3 neljä:4 viisi:5 kuusi:6 seitsemän:7 kahdeksan:8 yhdeksän:9 kymmenen:10 "
    "sata:100 tuhat:1e3 tuhatta:1e3 miljoona:1e6 miljoonaa:1e6 miljardi:1e9 miljardia:1e9",
}
# Words that join parts of one number: "hundred and five", "fünfundzwanzig", "veintiuno y", "vingt et un".
_JOINERS: dict[str, tuple[str, ...]] = {
    "en": ("and",),
    "sv": ("och",),
    "da": ("og",),
    "no": ("og",),
    "de": ("und",),
    "nl": ("en", "ën"),
    "fr": ("et",),
    "es": ("y",),
    "pt": ("e",),
    "it": ("e",),
    "pl": (),
    "fi": (),
}
# Articles read as "one" only before a multiplier ("a million", "en miljon") or a unit the caller knows.
_ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset({"a", "an"}),
    "sv": frozenset({"en", "ett"}),
    "da": frozenset({"en", "et"}),
    "no": frozenset({"en", "ett", "et"}),
    "de": frozenset({"ein", "eine", "einen", "einem", "einer"}),
    "nl": frozenset({"een"}),
    "fr": frozenset({"un", "une"}),
    "es": frozenset({"un", "una", "uno"}),
    "pt": frozenset({"um", "uma"}),
    "it": frozenset({"un", "uno", "una"}),
    "pl": frozenset(),
    "fi": frozenset(),
}
# Abbreviated scale words after digits, in every language (they are distinctive): "2,5 Mio.", "3 mln".
_SCALE_ABBREVIATIONS: dict[str, float] = {
    "k": 1e3,
    "tsd": 1e3,
    "tsd.": 1e3,
    "tys": 1e3,
    "tys.": 1e3,
    "thous.": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mln.": 1e6,
    "mio": 1e6,
    "mio.": 1e6,
    "milj": 1e6,
    "milj.": 1e6,
    "mill.": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "mrd": 1e9,
    "mrd.": 1e9,
    "mld": 1e9,
    "mld.": 1e9,
    "md": 1e9,
    "mds": 1e9,
    "tn": 1e12,
}
# Single letters are scale words only when glued to the digits ("5m", "10k", "£2bn"), never after a space.
_GLUED_ONLY = frozenset({"k", "m", "b"})
# Abbreviations only one language uses, where elsewhere they are other words: Brazilian "R$ 3 bi", "R$ 200 mi".
_LANG_SCALE_ABBREVIATIONS: dict[str, dict[str, float]] = {
    "pt": {"mi": 1e6, "mi.": 1e6, "bi": 1e9, "bi.": 1e9, "tri": 1e12, "tri.": 1e12},
    "sv": {"mdr": 1e9, "mdr.": 1e9, "md.": 1e9},  # Danish "mdr." is months
    "en": {"mil": 1e6, "mil.": 1e6, "bln": 1e9, "bil": 1e9, "bil.": 1e9},  # "$5 mil"; Spanish "mil" is 1000
}
# "hundred" after digits multiplies ("2 hundred dollars"); not the Romance "cent"/"cento", which are also coins.
_HUNDREDS = frozenset({"hundred", "hundert", "honderd", "hundra", "hundrede", "hundre"})
# Halves and quarters of a scale word, which number words alone do not cover (compounds such as
# "eineinhalb", "anderhalf", "tweeënhalf" are in the lexicon). A fraction before a bare scale word
# ("half a million", "eine halbe Million", "medio millón") multiplies it; "and a half" between a number
# and a scale word ("one and a half million", "en och en halv miljon") adds 0.5 before the scale;
# a half after a scale word ("un million et demi", "dos millones y medio") adds half of that scale.
_FRACTION_BEFORE: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:an?\s+|one\s+)?half(?:\s+of)?(?:\s+an?)?:0.5",
        r"(?:an?\s+|one\s+)?quarter(?:\s+of)?(?:\s+an?)?:0.25",
        r"three[\s-]+quarters(?:\s+of)?(?:\s+an?)?:0.75",
    ),
    "sv": (r"(?:en\s+|ett\s+)?halv(?:t|a)?:0.5",),
    "da": (r"(?:en\s+|et\s+)?halv(?:t|e)?:0.5",),
    "no": (r"(?:en\s+|ett?\s+)?halv(?:t|e)?:0.5",),
    "de": (r"(?:eine[nmr]?\s+)?halbe[nmr]?:0.5", r"(?:eine[nmr]?\s+)?viertel:0.25", r"drei\s*viertel:0.75"),
    "nl": (r"(?:een\s+)?hal(?:f|ve):0.5", r"(?:een\s+)?kwart:0.25"),
    "fr": (r"(?:un\s+)?demi[\s-]*:0.5", r"(?:un\s+)?quart\s+(?:de|d['’])\s*:0.25"),
    "es": (r"medio:0.5", r"(?:un\s+)?cuarto\s+de:0.25"),
    "pt": (r"meio:0.5", r"(?:um\s+)?quarto\s+de:0.25"),
    "it": (r"(?:un\s+)?mezzo:0.5", r"(?:un\s+)?quarto\s+di:0.25"),
}
# Cheap test whether a text may hold any of the fractions above (most texts do not).
_FRACTION_HINTS = {
    k: re.compile(v, re.IGNORECASE)
    for k, v in {
        "en": "half|quarter",
        "sv": "halv",
        "da": "halv",
        "no": "halv",
        "de": "halb|viertel",
        "nl": "hal[fv]|kwart",
        "fr": "demi|quart",
        "es": "medio|cuarto",
        "pt": "meio|quarto",
        "it": "mezzo|quarto",
    }.items()
}
_HALF_BETWEEN = {
    "en": r"and[\s-]+a[\s-]+half",
    "sv": r"och\s+en\s+halv",
    "nl": r"en\s+een\s+half",
    "da": r"og\s+en\s+halv",
    "no": r"og\s+en\s+halv",
}
_HALF_AFTER = {
    "en": r"and\s+a\s+half",
    "fr": r"et\s+demie?",
    "es": r"y\s+medio",
    "pt": r"e\s+meio",
    "it": r"e\s+mezzo",
    "sv": r"och\s+en\s+halv",
}

_SPACE = " \u00a0\u202f\u2009"
_WORD_RUN = re.compile(r"\w+")
_GROUP_MARKS = {ord(c): " " for c in _SPACE + "'’"}  # every way digits are grouped, read as one
# Digits with optional grouping (spaces, dots, commas, apostrophes) and an optional decimal part. One numeral
# groups with one mark, and marks its decimals with another ("1.234,56", "1,234.56", "1 234,56", "1'234.50"):
# "1.623,427.54" or "1,2,3" are no numeral at all, so nothing after the last digit may continue it. Up to
# three letters may be glued before the digits, for codes written without a space ("USD1,000", "EUR10m").
_DIGITS = re.compile(
    r"(?=\d)(?<![\d_.,])(?<![^\W\d_]{4})"  # a digit first: the look-behinds run only where one starts
    r"(?:\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?"  # South Asian grouping: "5,00,000" (lakhs), "1,20,00,000"
    r"|\d{1,3}(?:(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|(?:['’]\d{3})+(?:[.,]\d+)?"
    r"|(?:\.\d{3})+(?:,\d+)?|(?:,\d{3})+(?:\.\d+)?)"
    r"|\d+(?:[.,]\d+)?)(?!\d|[.,]\d)"
)
# A fraction after a whole number: "1½ million", "2 ¾", "1 1/2 million".
_FRACTION_AFTER = re.compile(r"(?:[ \u00a0]?([½¼¾])|[ \u00a0]([13])/([24]))(?![\d/])")
_GLYPHS = {"½": 0.5, "¼": 0.25, "¾": 0.75}


@dataclass(frozen=True)
class Number:
    """A numeral found in a text: value (scale applied), span, and how it was written."""

    start: int
    end: int
    value: float
    text: str
    words: bool = False  # spelled out ("elva miljoner")
    article: bool = False  # only an article read as one ("a", "een"): callers decide whether it counts
    scaled: bool = False  # a scale word was applied ("18 miljoner", "5m")


def lang_key(lang: str | None) -> str:
    """The lexicon to use for an ISO 639-1 code (Norwegian Bokmål/Nynorsk share one)."""
    if lang in ("nb", "nn"):
        return "no"
    return lang if lang in _LEXICON else "en"


@lru_cache(maxsize=64)
def separators(lang: str | None) -> tuple[str, str]:
    """(decimal symbol, group symbol) of a language from CLDR; English when unknown."""
    from babel import UnknownLocaleError
    from babel import numbers as bn

    try:
        loc = {"no": "nb"}.get(lang or "en", lang or "en")
        return bn.get_decimal_symbol(loc), bn.get_group_symbol(loc)
    except (ValueError, UnknownLocaleError):  # unknown locale: English conventions
        return ".", ","


def parse_digits(s: str, lang: str | None = None) -> float | None:
    """Value of a digit numeral with separators, read the way the language writes numbers; None when `s` is
    not one numeral (mixed or misplaced separators, no digits) or too large for a float."""
    if s.isdecimal():
        return _finite(s)  # most numerals: "2019", "12"
    s = s.strip().translate(_GROUP_MARKS)
    if " " in s:
        head, *groups = s.split(" ")
        m = re.fullmatch(r"(\d{3})([.,]\d+)?", groups[-1])
        if not head.isdecimal() or len(head) > 3 or not m or any(len(g) != 3 or not g.isdecimal() for g in groups[:-1]):
            return None
        return _finite(head + "".join(groups[:-1]) + m.group(1), (m.group(2) or "")[1:])
    dots, commas = s.count("."), s.count(",")
    if dots and commas:  # the later one is the decimal mark, once: "1.234,56", "1,234.56", not "1.623,427.54"
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        group = "." if dec == "," else ","
        whole, frac = s.split(dec) if s.count(dec) == 1 else ("", "")
        return _finite(_ungrouped(whole, group), frac)
    if not dots and not commas:
        return None  # not digits ("²", "", "x")
    sep = "." if dots else ","
    if s.count(sep) > 1:  # repeated: grouping ("1.000.000")
        return _finite(_ungrouped(s, sep))
    intpart, frac = s.split(sep)
    if len(frac) != 3 or intpart == "0" or len(intpart) > 3:
        return _finite(intpart, frac)
    decimal, _ = separators(lang_key(lang) if lang else "en")
    return _finite(intpart, frac) if sep == decimal else _finite(intpart + frac)


def _ungrouped(s: str, group: str) -> str:
    """The digits of a whole number grouped in thousands ("1.000.000") or lakhs ("5,00,000"), or "" when it is
    grouped otherwise ("1,2,3", "12.03.2019")."""
    g = re.escape(group)
    return s.replace(group, "") if re.fullmatch(rf"\d{{1,3}}(?:{g}\d{{3}})+|\d{{1,2}}(?:{g}\d\d)+{g}\d{{3}}", s) else ""


def _finite(whole: str, frac: str = "") -> float | None:
    """The value of whole and fractional digits (any script's), when both are digits and it is finite: 400
    nines are no quantity."""
    if not whole.isdecimal() or (frac and not frac.isdecimal()) or len(whole.lstrip("0")) > 309:
        return None  # over 309 digits is past any float, and float() of a million digits is slow
    value = float(f"{whole}.{frac[:30]}" if frac else whole)
    return value if math.isfinite(value) else None


class _Lexicon:
    """Morphemes of one language compiled for scanning and splitting compounds."""

    def __init__(self, lang: str):
        self.lang = lang
        self.values: dict[str, float] = {}
        self.bound: set[str] = set()
        for pair in _LEXICON[lang].split():
            word, value = pair.rsplit(":", 1)
            if word.startswith("~"):
                word = word[1:]
                self.bound.add(word)
            self.values[word] = float(value)
        self.joiners = _JOINERS[lang]
        self.articles = _ARTICLES[lang]
        self.pieces = frozenset(self.values) | frozenset(self.joiners)
        self.longest = max(map(len, self.pieces))
        self.composed: dict[str, bool] = {}  # word -> made of morphemes and joiners only
        self.splits: dict[str, list[str] | None] = {}

    def is_composed(self, word: str) -> bool:
        """Is a lowercase word a sequence of morphemes and joiners ("tjugofem", "and", "vent")? Such words
        make the runs that may be numbers; `split` then decides what each one is."""
        known = self.composed.get(word)
        if known is None:
            ends = {0}  # positions a sequence of pieces can reach
            for i in range(len(word)):
                if i in ends:
                    reach = min(len(word), i + self.longest)
                    ends.update(j for j in range(i + 1, reach + 1) if word[i:j] in self.pieces)
            known = len(word) in ends and bool(word)
            if len(self.composed) < 100_000:
                self.composed[word] = known
        return known

    def split(self, word: str) -> list[str] | None:
        """Split one lowercase word into morphemes (and joiners), or None when it is not a numeral."""
        if word not in self.splits:
            self.splits[word] = self._split_word(word) if len(self.splits) < 100_000 else None
        return self.splits[word]

    def _split_word(self, word: str) -> list[str] | None:
        if word in self.values and word not in self.bound:
            return [word]
        parts = self._split(word, 0)
        # a bound morpheme alone ("vent") is no numeral; two together are ("veinti" + "dós")
        if not parts or all(p in self.joiners for p in parts) or (len(parts) == 1 and parts[0] in self.bound):
            return None
        if parts[-1] in self.joiners:  # no numeral ends with "and": Dutch "miljoenen", "duizenden" are plurals
            return None
        return parts

    def _split(self, word: str, i: int) -> list[str] | None:
        if i == len(word):
            return []
        for j in range(len(word), i, -1):  # longest morpheme first
            piece = word[i:j]
            if piece in self.values or (i > 0 and (piece in self.joiners or piece == "-")):
                rest = self._split(word, j)
                if rest is not None:
                    return [piece, *rest]
        return None


@lru_cache(maxsize=16)
def _lexicon(lang: str) -> _Lexicon:
    return _Lexicon(lang)


MAX_WORDS_VALUE = 1e18  # beyond a trillion trillions, a run of number words is not a number


def words_value(tokens: list[str], values: dict[str, float]) -> float | None:
    """Evaluate morphemes: units add up, hundreds multiply, a bigger scale multiplies all before it."""
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        v = values.get(tok)
        if v is None:
            continue  # a joiner
        seen = True
        if v == 100:
            current = (current or 1.0) * 100
        elif v >= 1000:
            if total and v > total:  # "mil millones", "tusen miljoner": the bigger scale takes everything
                total = (total + (current or 0)) * v
            else:  # "um milhão e duzentos mil": a smaller scale takes only what came after the bigger one
                total += (current or 1.0) * v
            current = 0.0
        else:
            current += v
    value = total + current
    # "hundred hundred hundred …" multiplies without end: nobody writes such a number in words
    return value if seen and value <= MAX_WORDS_VALUE else None


def _word_numbers(text: str, lang: str) -> list[Number]:
    lex = _lexicon(lang)
    out: list[Number] = []
    for run_start, run_end in _word_runs(text, lex):
        for n in _run_numbers(text[run_start:run_end], lang):
            if run_start:
                n = Number(n.start + run_start, n.end + run_start, n.value, n.text, n.words, n.article, n.scaled)
            out.append(n)
    return out


@lru_cache(maxsize=8192)  # runs repeat: "a", "en", "un", "two hundred"
def _run_numbers(run: str, lang: str) -> tuple[Number, ...]:
    """The numbers in one run of number words, with offsets into the run."""
    lex = _lexicon(lang)
    # Cut the run into parts at joiners that do not continue a number ("five and six" stays one only
    # when the part after the joiner is smaller than the unit before it; keep it simple: split on
    # joiners standing alone only between two complete numbers).
    pos = 0
    spans: list[tuple[int, int, list[str]]] = []
    for piece in re.split(r"[ \u00a0]+", run):
        start = run.index(piece, pos)
        pos = start + len(piece)
        low = piece.lower()
        subs = low.split("-")
        if len(subs) > 1 and lex.articles.intersection(subs) and lang == "en":
            # "two-and-a-half": an English article is no part of a compound, so each word is read alone
            for sub in subs:
                parts = [sub] if sub in lex.joiners else lex.split(sub)
                spans.append((start, start + len(sub), parts or []))
                start += len(sub) + 1
            continue
        # "quatre-vingt-dix": try the whole hyphenated word, else its parts.
        parts = [low] if low in lex.joiners else lex.split(low)
        if parts is None and "-" in low:
            parts = []
            for sub in low.split("-"):
                sp = lex.split(sub)
                if sp is None:
                    parts = None
                    break
                parts.extend(sp)
        spans.append((start, pos, parts or []))
    return tuple(_group_word_spans(run, spans, lex))


def _word_runs(text: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Spans of words made of number morphemes, separated only by spaces or hyphens ("two hundred and
    fifty", "quatre-vingt-dix"): each may hold numbers."""
    runs: list[tuple[int, int]] = []
    start = end = -1
    for m in _WORD_RUN.finditer(text):
        if not lex.is_composed(m.group(0).lower()):
            continue
        s, e = m.span()
        gap = text[end:s]
        if start >= 0 and gap and not gap.strip(" \u00a0-"):
            end = e
            continue
        if start >= 0:
            runs.append((start, end))
        start, end = s, e
    if start >= 0:
        runs.append((start, end))
    return runs


def _group_word_spans(text: str, spans: list[tuple[int, int, list[str]]], lex: _Lexicon) -> list[Number]:
    """Join consecutive numeral words into numbers; a lone joiner or article ends or starts one."""
    out: list[Number] = []
    run: list[tuple[int, int, list[str]]] = []

    def flush() -> None:
        while run and (
            not run[-1][2] or run[-1][2] == [text[run[-1][0] : run[-1][1]].lower()] and run[-1][2][0] in lex.joiners
        ):
            run.pop()
        if not run:
            return
        tokens = [t for _, _, parts in run for t in parts]
        value = words_value(tokens, lex.values)
        if value is None:
            run.clear()
            return
        start, end = run[0][0], run[-1][1]
        surface = text[start:end]
        is_article = len(run) == 1 and surface.lower() in lex.articles
        out.append(
            Number(
                start,
                end,
                value,
                surface,
                words=True,
                article=is_article,
                scaled=any(lex.values.get(t, 0) >= 1e6 for t in tokens),
            )
        )
        run.clear()

    for span in spans:
        start, end, parts = span
        low = text[start:end].lower()
        if not parts:
            flush()
            continue
        if parts == [low] and low in lex.joiners:
            if run:
                run.append(span)
            continue
        if run and _breaks(run, parts, lex):
            flush()
        run.append(span)
    flush()
    return out


def _breaks(run: list[tuple[int, int, list[str]]], parts: list[str], lex: _Lexicon) -> bool:
    """Does a new word start a new number? "two three" does, "two hundred" and "twenty five" do not."""
    prev = [t for _, _, ps in run for t in ps if t in lex.values]
    if not prev:
        return False
    joined = not [t for t in run[-1][2] if t in lex.values]  # a joiner stands between
    if joined and lex.lang == "en" and parts[0] in lex.articles:
        return True  # "a million and a half", "$5 million and a grant": English "a" never ends a number
    last = lex.values[prev[-1]]
    first = lex.values.get(parts[0])
    if first is None:
        return False
    if first >= 100:
        return False
    if joined and last < 100:  # "five and six" are two; "hundred and five", "vingt et un" are one
        return not (last >= 20 and last % 10 == 0 and (first < 10 or (last == 60 and first < 20)))  # soixante et onze
    # Units after tens or after a multiplier continue ("twenty five", "hundred five"); else a new number.
    return not (last >= 100 or (last >= 20 and last % 10 == 0 and first < 10))


_SCALE_WORD = re.compile(r"([ \u00a0\u202f-]?)([^\W\d_]+\.?)")


def _scale_after(text: str, pos: int, lang: str) -> tuple[float, int] | None:
    """A scale word right after digits: glued ("5m"), after one space ("18 miljoner", "2,5 Mio.") or, for
    whole words of a million and more, a hyphen ("$1.5-billion")."""
    m = _SCALE_WORD.match(text, pos)
    if not m:
        return None
    found = _scale_of(m.group(1), m.group(2), lang)
    return (found[0], m.start(2) + found[1]) if found else None


@lru_cache(maxsize=16384)  # the words after numerals repeat ("miljoner", "projects", "the")
def _scale_of(sep: str, word: str, lang: str) -> tuple[float, int] | None:
    """The scale a word after digits names, and how many of its characters it takes."""
    glued = sep == ""
    hyphen = sep == "-"
    low = word.lower()
    lex = _lexicon(lang)
    own = _LANG_SCALE_ABBREVIATIONS.get(lang)
    for cand in (low, low.rstrip(".")):
        v = lex.values.get(cand)
        if v is not None and (v >= 1000 or cand in _HUNDREDS) and cand not in lex.bound:
            if hyphen and v < 1e6:
                return None
            return v, len(cand)
        if hyphen:
            continue
        if own and cand in own:
            return own[cand], len(cand)
        if cand in _SCALE_ABBREVIATIONS:
            if cand in _GLUED_ONLY and not glued:
                continue
            # "5m" but not "5 mil" etc.; a glued letter must end the word
            return _SCALE_ABBREVIATIONS[cand], len(cand)
    if lang != "en":  # English scale words are common in any language's money news ("5 million euro")
        en = _lexicon("en").values.get(low)
        if en is not None and en >= 1e6:
            return en, len(word)
    return None


def find_numbers(text: str, lang: str | None = None) -> list[Number]:
    """All numerals in `text`, left to right, non-overlapping, with scale words applied."""
    return list(_find_numbers(text, lang_key(lang)))


@lru_cache(maxsize=256)  # money and counts read the same fields one after the other
def _find_numbers(text: str, key: str) -> tuple[Number, ...]:
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    last_end = -1
    for m in _DIGITS.finditer(text):
        if m.start() < last_end:
            continue  # the "1/2" of "1 1/2", read with the number before
        value = parse_digits(m.group(0), key)
        if value is None:
            # A space-grouped run that is not one number ("2019 200"): read the first part alone.
            first = re.match(r"\d+(?:[.,]\d+)?", m.group(0))
            if not first:
                continue
            value = parse_digits(first.group(0), key)
            end = m.start() + first.end()
        else:
            end = m.end()
        if value is None:
            continue
        frac = _FRACTION_AFTER.match(text, end) if m.group(0).isdecimal() else None
        if frac and (frac.group(1) or frac.group(2) < frac.group(3)):
            value += _GLYPHS[frac.group(1)] if frac.group(1) else int(frac.group(2)) / int(frac.group(3))
            end = frac.end()
        scaled = False
        sc = _scale_after(text, end, key)
        if sc:
            value *= sc[0]
            end = sc[1]
            scaled = True
            # "mil millones": a second scale word multiplies again
            sc2 = _scale_after(text, end, key)
            if sc2 and sc2[0] > sc[0]:
                value *= sc2[0]
                end = sc2[1]
        if not math.isfinite(value):
            continue  # 300 digits and a scale word
        out.append(Number(m.start(), end, value, text[m.start() : end], scaled=scaled))
        taken.append((m.start(), end))
        last_end = end
    for num in _word_numbers(text, key):
        i = bisect.bisect_left(taken, (num.end,))  # taken is left to right and disjoint: only taken[i - 1] may overlap
        if math.isfinite(num.value) and not (i and taken[i - 1][1] > num.start):
            out.append(num)
    out.sort(key=lambda n: n.start)
    if len(out) > 1 and taken:
        out = _with_smaller_scales(text, key, out)
    if key == "en" and " point " in text:
        out = _with_point(text, out)
    hint = _FRACTION_HINTS.get(key)
    if hint and hint.search(text):
        out = _with_fractions(text, key, out)
    return tuple(out)


# Words that make a bare scale word a vague quantity ("several thousand", "tens of millions", "des dizaines de
# millions"): a number of unknown size, not one of the scale.
_VAGUE_BEFORE: dict[str, str] = {
    "en": "several|a few|few|many|tens of|hundreds of|thousands of|dozens of|multiple|a couple of|a couple|"
    "multi-|multi",
    "fr": "plusieurs|quelques|dizaines de|centaines de|milliers de",
    "es": "varios|varias|unos cuantos|unas cuantas|decenas de|cientos de|miles de|centenares de|muchos|muchas",
    "pt": "vários|várias|alguns|algumas|dezenas de|centenas de|milhares de|muitos|muitas",
    "it": "diversi|diverse|alcuni|alcune|parecchi|parecchie|decine di|centinaia di|migliaia di|molti|molte|qualche",
    "nl": "enkele|verscheidene|tientallen|honderden|duizenden|vele|een paar",
    "de": "mehrere|einige|etliche|dutzende|hunderte|tausende|viele|ein paar",
    "sv": "flera|några|tiotals|hundratals|tusentals|många",
}
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_PLURAL_SCALES = frozenset(
    "millions billions trillions milliards miljoner miljarder biljoner millioner milliarder millionen milliarden "
    "billionen millones billones milhões milhoes bilhões biliões trilhões milioni miliardi".split()
)


@lru_cache(maxsize=16)
def _vague_before(lang: str) -> re.Pattern[str] | None:
    alts = _VAGUE_BEFORE.get(lang)
    return re.compile(rf"(?<!\w)(?:{alts})[ \u00a0]*$", re.IGNORECASE) if alts else None


def is_vague(text: str, num: Number, lang: str) -> bool:
    """A numeral of scale words alone that gives no size: "millions", "Millionen" without a number, or
    "thousand" after "several" ("several thousand dollars", "tens of millions of dollars")."""
    if not num.words or num.article:
        return False
    values = _lexicon(lang).values
    words = _LETTER_RUN.findall(num.text.lower())
    if not words or any(values.get(w, 0) < 100 for w in words):
        return False
    if len(words) == 1 and words[0] in _PLURAL_SCALES:
        return True  # a singular one is a definite "the million", "el millón"
    before = _vague_before(lang)
    return bool(before and before.search(text, max(0, num.start - 30), num.start))


def _with_smaller_scales(text: str, key: str, nums: list[Number]) -> list[Number]:
    """ "1 milhão e 200 mil", "2 millones 500 mil", "3 Millionen 200 Tausend": a scaled number of digits and
    a smaller scaled one after it are one number."""
    joiners = _JOINERS[key]
    out: list[Number] = []
    for n in nums:
        prev = out[-1] if out else None
        if prev and prev.scaled and n.scaled and not n.words and not prev.words:
            gap = text[prev.end : n.start].strip(" \u00a0").lower()
            big, small = _scale_word(prev, key), _scale_word(n, key)
            if (not gap or gap in joiners) and big and small and big >= 1e6 and n.value < big:
                out[-1] = Number(prev.start, n.end, prev.value + n.value, text[prev.start : n.end], scaled=True)
                continue
        out.append(n)
    return out


_DIGIT_WORDS = "zero one two three four five six seven eight nine".split()
_POINT = re.compile(rf"[ \u00a0]+point((?:[ \u00a0]+(?:{'|'.join(_DIGIT_WORDS)}))+)(?!\w)", re.IGNORECASE)


def _with_point(text: str, nums: list[Number]) -> list[Number]:
    """English spoken decimals: "two point five million" is 2.5 million (the digits after "point" are
    read one by one, and a scale word after them multiplies the whole)."""
    out: list[Number] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        m = _POINT.match(text, n.end) if n.words and not n.scaled else None
        if m:
            digits = "".join(str(_DIGIT_WORDS.index(w.lower())) for w in m.group(1).split())
            value, end = n.value + float("0." + digits), m.end()
            i += 1
            while i < len(nums) and nums[i].start < end:  # the digit words were numbers of their own
                i += 1
            scale = _SCALE_WORD.match(text, end)
            mult = _lexicon("en").values.get(scale.group(2).lower(), 0) if scale and scale.group(1) == " " else 0
            if mult >= 1000:
                value, end = value * mult, scale.end(2)
                while i < len(nums) and nums[i].start < end:
                    i += 1
            out.append(Number(n.start, end, value, text[n.start : end], True, False, mult >= 1e6))
            continue
        out.append(n)
        i += 1
    return out


@lru_cache(maxsize=16)
def _fraction_patterns(
    key: str,
) -> tuple[list[tuple[re.Pattern[str], float]], re.Pattern[str] | None, re.Pattern[str] | None]:
    before = []
    for alt in _FRACTION_BEFORE.get(key, ()):
        pat, factor = alt.rsplit(":", 1)
        before.append((re.compile(rf"(?<!\w){pat}[ \u00a0]*$", re.IGNORECASE), float(factor)))
    between = _HALF_BETWEEN.get(key)
    after = _HALF_AFTER.get(key)
    return (
        before,
        re.compile(rf"[ \u00a0-]+{between}(?!\w)", re.IGNORECASE) if between else None,
        re.compile(rf"[ \u00a0]+{after}(?!\w)", re.IGNORECASE) if after else None,
    )


def fraction_before(text: str, num: Number, lang: str) -> tuple[int, float] | None:
    """A half or quarter that an article numeral ends ("half a" of "half a dollar"): (its start, factor)."""
    for pat, factor in _fraction_patterns(lang_key(lang))[0]:
        m = pat.search(text, max(0, num.start - 40), num.end)
        if m and m.start() < num.start:
            return m.start(), factor
    return None


def half_after(text: str, pos: int, lang: str) -> int | None:
    """Where an "and a half" right at `pos` ends ("a dollar and a half", "deux euros et demi"), or None."""
    after = _fraction_patterns(lang_key(lang))[2]
    m = after.match(text, pos) if after else None
    return m.end() if m else None


def _scale_word(num: Number, key: str) -> float | None:
    """The scale a numeral ends with ("two million" -> 1e6, "2 Mio." -> 1e6), or None."""
    words = re.findall(r"[^\W\d_]+", num.text)
    if not words:
        return None
    last = words[-1].lower()
    v = _lexicon(key).values.get(last) or _SCALE_ABBREVIATIONS.get(last) or _lexicon("en").values.get(last)
    return v if v and v >= 1000 else None


def _bare_scale(num: Number, key: str) -> float | None:
    """The scale of a numeral that is only a scale word, maybe after an article ("million", "a million")."""
    words = num.text.split()
    if not num.words or len(words) > 2 or (len(words) == 2 and words[0].lower() not in _lexicon(key).articles):
        return None
    return _scale_word(num, key)


def _with_fractions(text: str, key: str, nums: list[Number]) -> list[Number]:
    """Apply halves and quarters around scale words; numerals swallowed by a longer one are dropped."""
    before, between, after = _fraction_patterns(key)
    out: list[Number] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        scale = _scale_word(n, key)
        m = after.match(text, n.end) if after and scale else None
        b = between.match(text, n.end) if between and not m and not scale else None
        if m:
            n = Number(n.start, m.end(), n.value + scale / 2, text[n.start : m.end()], n.words, False, True)  # type: ignore[operator]
        elif b:
            # the scale word is the first numeral after "and a half" ("a" of "a half" is skipped)
            j = next((k for k in range(i + 1, len(nums)) if nums[k].start >= b.end()), len(nums))
            nxt = nums[j] if j < len(nums) else None
            gap = text[b.end() : nxt.start] if nxt else "x"
            nxt_scale = _bare_scale(nxt, key) if nxt and not gap.strip(" \u00a0") else None
            if nxt and nxt_scale:
                value, end = (n.value + 0.5) * nxt_scale, nxt.end
            else:
                value, end = n.value + 0.5, b.end()
            n = Number(n.start, end, value, text[n.start : end], n.words, False, bool(nxt_scale) or n.scaled)
        elif before and _bare_scale(n, key):
            for pat, factor in before:
                f = pat.search(text, max(0, n.start - 40), n.start)
                if f:
                    start = f.start()
                    n = Number(start, n.end, n.value * factor, text[start : n.end], True, False, True)
                    while out and out[-1].end > start:  # the article of "a half million" is part of it
                        out.pop()
                    break
        out.append(n)
        i += 1
        while i < len(nums) and nums[i].start < n.end:  # swallowed: "a" of "two and a half"
            i += 1
    return out
