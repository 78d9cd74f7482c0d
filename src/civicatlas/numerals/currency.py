"""Currencies as a language writes them: CLDR names, symbols and codes (through babel), resolved to
ISO 4217 codes, plus the small tables CLDR lacks (scale-prefixed codes, subunits, colloquial names,
qualifier phrases). Built once per language; `money` finds amounts with them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from civicatlas.memo import Memo
from civicatlas.numerals.numbers import lang_key
from civicatlas.words import lower_unaccented, zipf

# Entries per memo and language: a long ingest meets ever more words next to numerals and must not keep them all
MEMO_SIZE = 20_000

# When a symbol or a generic name ("dollar", "krona", "franc") could be several currencies and the
# language's own country does not decide, the first of these wins (roughly: most traded first).
_RANK = [
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CNY",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "CAD",
    "AUD",
    "INR",
    "BRL",
    "MXN",
    "PLN",
    "UAH",
    "CZK",
    "HUF",
    "RON",
    "RUB",
    "TRY",
    "ZAR",
    "KRW",
    "HKD",
    "NZD",
    "SGD",
    "ISK",
]
# Scale prefixes glued to a code or symbol: "MSEK", "mkr", "tkr", "TEUR", "k€", "M€", "mdkr".
_PREFIX_SCALES = {"k": 1e3, "K": 1e3, "t": 1e3, "T": 1e3, "m": 1e6, "M": 1e6, "md": 1e9, "Md": 1e9, "mdr": 1e9}
# Subunits (not in CLDR): word -> currency, or None for the language's own cent currency.
SUBUNITS: dict[str, str | None] = {
    "cent": None,
    "cents": None,
    "eurocent": "EUR",
    "eurocents": "EUR",
    "centime": "EUR",
    "centimes": "EUR",
    "céntimo": "EUR",
    "céntimos": "EUR",
    "centesimo": "EUR",
    "centesimi": "EUR",
    "centavo": None,
    "centavos": None,
    "penny": "GBP",
    "pennies": "GBP",
    "pence": "GBP",
    "öre": "SEK",
    "ören": "SEK",
    "øre": None,
    "rappen": "CHF",
    "grosz": "PLN",
    "groszy": "PLN",
    "grosze": "PLN",
    "penique": "GBP",
    "peniques": "GBP",
    "pêni": "GBP",
    "pênis": "GBP",
    "centimo": "EUR",
    "centimos": "EUR",
    "cêntimo": "EUR",
    "cêntimos": "EUR",
    "euro-cent": "EUR",
    "euro-cents": "EUR",
    "pfennig": "DEM",
    "pfennige": "DEM",
    "groschen": "ATS",
    "kopek": "RUB",
    "kopeks": "RUB",
    "kopeck": "RUB",
    "kopecks": "RUB",
    "cts": None,
    "penni": "FIM",
    "pennia": "FIM",
    "pesewa": "GHS",
    "pesewas": "GHS",
    "sen": "MYR",
    "paisa": "INR",
    "paise": "INR",
    "centésimo": "UYU",
    "centésimos": "UYU",
    "heller": "CZK",
}
# Subunit abbreviations only some languages write after digits ("99 ct"; English "24 ct" is carats).
_LANG_SUBUNITS: dict[str, dict[str, str | None]] = {"nl": {"ct": None}, "de": {"ct": None, "ct.": None}}
# Colloquial names that are standard usage but not in CLDR, per language.
_COLLOQUIAL: dict[str, dict[str, str]] = {
    "en": {
        "buck": "USD",
        "bucks": "USD",
        "greenbacks": "USD",
        "quid": "GBP",
        "kuai": "CNY",  # the everyday word for the yuan
        "sterling": "GBP",
        "reais": "BRL",  # the Portuguese plural, usual in English news; CLDR has only "reals"
        "brazilian reais": "BRL",
        "pounds sterling": "GBP",
        "pound sterling": "GBP",
        "american dollars": "USD",
        "american dollar": "USD",
        "united states dollars": "USD",
        "united states dollar": "USD",
        "u.s. dollars": "USD",
        "u.s. dollar": "USD",
        "renminbi": "CNY",
        "yuan renminbi": "CNY",
        "russian roubles": "RUB",
        "russian rouble": "RUB",
        "israeli shekels": "ILS",
        "israeli shekel": "ILS",
        "new shekels": "ILS",
        # the crowns of news-agency English ("10 million Swedish crowns")
        "swedish crowns": "SEK",
        "danish crowns": "DKK",
        "norwegian crowns": "NOK",
        "czech crowns": "CZK",
        "icelandic crowns": "ISK",
        "crowns": "SEK",
    },
    "de": {"stutz": "CHF", "d-mark": "DEM", "pfund sterling": "GBP"},
    "fr": {
        "balles": "EUR",
        "dollar américain": "USD",
        "dollars américains": "USD",
        "dollars us": "USD",
        "franc cfa": "XOF",
        "francs cfa": "XOF",
        "reais": "BRL",  # the Portuguese plural, as in English; CLDR has "réals"
        "réaux brésiliens": "BRL",
    },
    "es": {
        "pavos": "EUR",
        "dólar americano": "USD",
        "dólares americanos": "USD",
        "dólares us": "USD",
        "dólares norteamericanos": "USD",
        "dólares norte-americanos": "USD",
        "dls": "USD",  # Mexican abbreviations of "dólares"
        "dlls": "USD",
        "ptas": "ESP",  # pesetas
        "pts": "ESP",
    },
    "it": {
        "dollaro americano": "USD",
        "dollari americani": "USD",
        "dollari usa": "USD",
        "dollaro usa": "USD",
        "lira sterlina": "GBP",
        "lire sterline": "GBP",
        "lira italiana": "ITL",
        "lire italiane": "ITL",
    },
    "pt": {
        "paus": "BRL",
        "dólares norte-americanos": "USD",
        "dólar norte-americano": "USD",
        "dólares americanos": "USD",
    },
    "nl": {"piek": "EUR", "pond sterling": "GBP", "euro's": "EUR", "dollar's": "USD"},
    "sv": {"spänn": "SEK"},
}
# Names a language gives its own country's former currency, which win over a current currency of the same
# name read elsewhere (Italian "lire" are not Turkish, Portuguese "escudos" not Cape Verdean, Dutch "gulden"
# not Caribbean: that one is "Antilliaanse"/"Caribische gulden" in full), and English "lire", which only the
# Italian currency had.
_FORMER_HOME: dict[str, dict[str, str]] = {
    "it": {"lira": "ITL", "lire": "ITL"},
    "pt": {"escudo": "PTE", "escudos": "PTE"},
    "nl": {"gulden": "NLG"},
    "de": {"schilling": "ATS"},  # Austria's
    "en": {"lire": "ITL"},
}
# Spellings CLDR gives only an old currency, that today name a current one in every language: "roubles" is
# the British spelling of the ruble, not only the Soviet one's name.
_RESPELLED = {"rouble": "RUB", "roubles": "RUB"}
# Names that carry a scale: English "grand" is a thousand (dollars unless told otherwise): "five grand".
# (US coins and British notes by name: "a nickel", "two dimes", "a fiver")
_SCALED_NAMES: dict[str, dict[str, tuple[str, float]]] = {"en": {
    "grand": ("USD", 1e3), "nickel": ("USD", 0.05), "nickels": ("USD", 0.05), "dime": ("USD", 0.1),
    "dimes": ("USD", 0.1), "fiver": ("GBP", 5.0), "fivers": ("GBP", 5.0), "tenner": ("GBP", 10.0),
    "tenners": ("GBP", 10.0), "jiao": ("CNY", 0.1)}}
# Heads of currency names that are common words of the language, read as a currency only in full
# ("Brazilian real"): English and Spanish "real" ("real estate", "Real Madrid", "Real Decreto").
_COMMON_HEADS: dict[str, tuple[str, ...]] = {"pt": (), "*": ("real",)}
# Symbols CLDR does not list (or lists only for one locale): the guilder's "ƒ", the Swiss "Fr."/"SFr.", "DM",
# South Asian "Rs" (trailing dots are stripped before lookup).
_EXTRA_SYMBOLS = {
    "ƒ": "NLG",
    "Fr": "CHF",
    "SFr": "CHF",
    "sFr": "CHF",
    "Sfr": "CHF",
    "DM": "DEM",
    "Rs": "INR",
    "RMB": "CNY",  # renminbi, the usual name of the yuan in English news
    "S$": "SGD",
    "Can$": "CAD",
    "KSh": "KES",
    "S/.": "PEN",  # the sol's older spelling; CLDR has "S/"
    "U.S.$": "USD",
    "U.S. $": "USD",
}
# Symbols only one language writes, where elsewhere they are other abbreviations: Dutch "fl.", "gld" (gulden),
# French "DH" (Moroccan dirham) and "FF" (franc), Italian "L." (lire), Portuguese "MT" (Mozambican metical).
_LANG_SYMBOLS: dict[str, dict[str, str]] = {
    "nl": {"fl": "NLG", "hfl": "NLG", "Hfl": "NLG", "gld": "NLG"},
    "fr": {"DH": "MAD", "Dh": "MAD", "dh": "MAD", "FF": "FRF"},
    "it": {"L.": "ITL", "Lit.": "ITL", "Lit": "ITL"},
    "pt": {"MT": "MZN", "MTn": "MZN"},
}
# Codes that carry their own scale: Mexican "mdd" (millones de dólares), "mdp" (millones de pesos).
_SCALED_CODES: dict[str, tuple[str, float]] = {"mdd": ("USD", 1e6), "mdp": ("MXN", 1e6), "MMUSD": ("USD", 1e6)}
# Qualifier phrases right before an amount, per language (lower case; English is always tried too).
_QUALIFIERS: dict[str, dict[str, str]] = {
    "more_than": {
        "en": "more than|over|above|in excess of|upwards of|at least|exceeding|well over|just over|"
        "a little over|a little more than|slightly more than|slightly over|well above|just above|"
        "no less than|not less than|a minimum of|minimum|min\\.",
        "sv": "över|mer än|drygt|minst|mer än totalt",
        "da": "over|mere end|mindst|godt",
        "no": "over|mer enn|minst|drøyt",
        "de": "über|mehr als|mindestens|gut|knapp über|weit über|gut über|nicht weniger als|ab",
        "nl": "meer dan|ruim|minstens|ten minste|boven|minimaal|tenminste|boven de|zeker|dik|ruim boven",
        "fr": "plus de|plus d'|plus d’|au moins|au-delà de|plus que|un peu plus de|un peu plus d'|"
        "un peu plus d’|bien plus de|pas moins de|pas moins d'|pas moins d’|au minimum|minimum",
        "es": "más de|mas de|al menos|por encima de|poco más de|algo más de|no menos de|como mínimo|"
        "un mínimo de|mínimo",
        "pt": "mais de|pelo menos|acima de|pouco mais de|no mínimo|não menos de|mínimo de",
        "it": "più di|oltre|almeno|oltre a|poco più di|ben oltre|non meno di|un minimo di|minimo",
        "pl": "ponad|powyżej|więcej niż|co najmniej",
    },
    "less_than": {
        "en": "less than|under|below|fewer than|nearly|almost|just under|just shy of|just below",
        "sv": "under|mindre än|knappt|nästan|närmare",
        "da": "under|mindre end|knap|næsten",
        "no": "under|mindre enn|knapt|nesten",
        "de": "unter|weniger als|knapp|fast|beinahe|nicht ganz|knapp unter",
        "nl": "minder dan|bijna|nog geen|onder|krap|onder de|net onder|tegen de",
        "fr": "moins de|moins d'|moins d’|presque|un peu moins de|un peu moins d'|un peu moins d’|à peine",
        "es": "menos de|casi|poco menos de|algo menos de",
        "pt": "menos de|quase|pouco menos de",
        "it": "meno di|quasi|poco meno di",
        "pl": "poniżej|mniej niż|prawie",
    },
    "about": {
        "en": "about|around|approximately|approx\\.|roughly|some|circa|ca\\.|an estimated|estimated|close to|"
        "in the region of|in the neighbourhood of|in the neighborhood of|~",
        "sv": "cirka|ca\\.?|omkring|ungefär|runt|kring|uppskattningsvis",
        "da": "cirka|ca\\.?|omkring|ungefær|omtrent",
        "no": "cirka|ca\\.?|omkring|rundt|omtrent",
        "de": "etwa|rund|ungefähr|circa|ca\\.|zirka|annähernd|um die|schätzungsweise",
        "nl": "ongeveer|circa|ca\\.|zo'n|zo’n|rond|omstreeks|pakweg|rond de|naar schatting|om en nabij|plusminus|zowat",
        "fr": "environ|près de|autour de|quelque|approximativement|à peu près|aux alentours de|de l'ordre de|"
        "de l’ordre de|pas loin de|dans les",
        "es": "aproximadamente|alrededor de|cerca de|unos|unas|en torno a|en torno a los|del orden de|"
        "rondando los|rondando|aprox\\.",
        "pt": "cerca de|aproximadamente|por volta de|uns|umas|em torno de|perto de|na casa dos|na casa das|"
        "na faixa de|aprox\\.",
        "it": "circa|intorno a|all'incirca|approssimativamente|intorno ai|intorno agli|attorno ai|attorno agli|"
        "attorno a|sui|sugli|nell'ordine di|più o meno",
        "pl": "około|ok\\.|blisko",
    },
    "up_to": {
        "en": "up to|as much as|a maximum of|at most|no more than|not more than|maximum|max\\.|max|"
        "not exceeding|capped at",
        "sv": "upp till|upp mot|uppemot|högst|maximalt|som mest|som högst|max\\.|max",
        "da": "op til|højst",
        "no": "opp til|høyst",
        "de": "bis zu|höchstens|maximal|max\\.|nicht mehr als",
        "nl": "tot|maximaal|hoogstens|tot wel|hooguit|ten hoogste|niet meer dan|tot maximaal|maximum",
        "fr": "jusqu'à|jusqu’à|au maximum|au plus|pas plus de|pas plus d'|pas plus d’|dans la limite de|"
        "plafonné à|plafonnée à|maximum",
        "es": "hasta|como máximo|un máximo de|hasta un máximo de|no más de|máximo",
        "pt": "até|no máximo|um máximo de|até um máximo de|não mais de|não mais que|máximo de",
        "it": "fino a|sino a|al massimo|un massimo di|fino ad|non più di|massimo",
        "pl": "do|maksymalnie",
    },
}
# Qualifier phrases right after an amount ("$5 or more", "5 000 euros environ", "3 milioni di euro circa"), per
# language; a "+" glued to the amount ("$5+") is more everywhere.
_TRAILING: dict[str, dict[str, str]] = {
    "more_than": {
        "en": "or more|or above|or higher|and up|and above|-plus",
        "nl": "of meer|en meer|of hoger",
        "de": "oder mehr|und mehr",
        "fr": "ou plus|et plus",
        "es": "o más|o mas",
        "it": "o più|e più|e oltre",
        "pt": "ou mais",
        "sv": "eller mer|eller mera|och uppåt|eller mer än så",
    },
    "up_to": {
        "en": "or less|or under|or below|at most",
        "nl": "of minder|maximaal|hooguit",
        "de": "oder weniger|maximal|höchstens",
        "fr": "ou moins|au maximum|au plus",
        "es": "o menos|como máximo|como mucho",
        "it": "o meno|al massimo|al più",
        "pt": "ou menos|no máximo",
        "sv": "eller mindre|som mest|max",
    },
    "about": {
        "en": "or so|or thereabouts",
        "nl": "of zo",
        "de": "ungefähr",
        "fr": "environ",
        "es": "aproximadamente",
        "it": "circa",
        "pt": "aproximadamente",
        "sv": "ungefär",
    },
}
# Between two numbers of a range: "10–15", "5 to 10", "från 5 till 10", "zwischen 5 und 10".
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")


@dataclass
class Currencies:
    names: dict[str, str]  # lower-case name or name head ("svenska kronor", "kronor") -> code
    stems: dict[tuple[str, ...], str]  # word stems of full names, for inflected forms ("kanadischen dollar")
    symbols: dict[str, str]  # case-sensitive symbol or code ("kr", "$", "SEK") -> code
    lower_codes: dict[str, str]  # codes also written in lower case ("usd"), when not a dictionary word
    max_name_words: int
    first_words: frozenset[str]  # folded first words of all names: most words after a numeral are not one
    # Folded word tuples (and their 5-letter stems) that begin some name: a lookup stops where none does
    prefixes: frozenset[tuple[str, ...]]
    stem_prefixes: frozenset[tuple[str, ...]]
    qualifier: re.Pattern[str]
    qualifier_kind: dict[str, str]
    trailing: re.Pattern[str]  # a qualifier after the amount; the group that matched names its kind
    cent_currency: str
    subunits: dict[str, str | None] = field(default_factory=dict)  # SUBUNITS and the language's own
    symbol_after: bool = False  # the language writes "5 €", not "€5" (CLDR's currency pattern)
    prefix_names: frozenset[str] = frozenset()  # names also written before digits ("Euro 10", "euro 1.200,00")
    shared: dict[str, frozenset[str]] = field(default_factory=dict)  # "kronen", "$", "kr" -> every code it may be
    memo: dict[str, tuple[str, float] | None] = field(default_factory=lambda: Memo(MEMO_SIZE))  # read_symbol()
    no_currency: dict[str, bool] = field(default_factory=lambda: Memo(MEMO_SIZE))  # word after a numeral -> no currency
    name_scales: dict[str, float] = field(default_factory=dict)  # names that multiply ("grand": 1000)
    # Currencies read after an article even when their name is mostly another word: the main three and the
    # language's own ("um real"; but not "a won match")
    article_codes: frozenset[str] = frozenset()
    before: dict[tuple[str, bool], tuple[int, str, float] | None] = field(default_factory=lambda: Memo(MEMO_SIZE))


def _default_territory(lang: str) -> str | None:
    from babel.core import get_global

    tag = get_global("likely_subtags").get({"no": "nb"}.get(lang, lang), "")
    parts = tag.split("_")
    return parts[-1] if len(parts) > 1 else None


def _pick(codes: set[str], home: str | None, territory: str | None = None) -> str:
    if home in codes:
        return home  # type: ignore[return-value]
    last = _last_day()
    if territory and not codes & _current():  # a past currency: the one the language's country had ("pesetas")
        own = [c for c in codes if territory in _tender().get(c, ())]
        if own:
            return min(own, key=lambda c: (-last[c], c))
    for code in _RANK:
        if code in codes:
            return code
    # The most recent reading ("leva" is the last lev, BGN, whether or not CLDR has ended it yet), then the one of
    # most places ("pesetas": Spain's, not only Andorra's)
    return min(codes, key=lambda c: (-last.get(c, 0), -len(set(_tender().get(c, ()))), c))


def stem_key(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(w[:5] for w in words)


def name_words(text: str) -> tuple[str, ...]:
    """Folded words of a name as the finder splits them ("Dólares  US." -> ("dolares", "us"))."""
    return tuple(lower_unaccented(w.rstrip(".")) for w in _WORD.findall(text))


@lru_cache(maxsize=1)
def _tender() -> dict[str, list[str]]:
    """Currencies that are or were legal tender somewhere (no funds or accounting units), with territories."""
    from babel.core import get_global

    out: dict[str, list[str]] = {}
    for territory, entries in get_global("territory_currencies").items():
        for code, _start, _end, tender in entries:
            if tender:
                out.setdefault(code, []).append(territory)
    return out


@lru_cache(maxsize=1)
def _last_day() -> dict[str, int]:
    """The last day (an ordinal) each currency was legal tender anywhere; one in use today ranks after every date.
    CLDR ends a currency when its country changes it (the Bulgarian lev on 2026-01-31), so readings are ranked
    by recency rather than by being current, which holds for old and new CLDR alike."""
    from datetime import date

    from babel.core import get_global

    out: dict[str, int] = {}
    for entries in get_global("territory_currencies").values():
        for code, _start, end, tender in entries:
            if tender:
                out[code] = max(out.get(code, 0), date(*end).toordinal() if end else date.max.toordinal())
    return out


@lru_cache(maxsize=1)
def _current() -> frozenset[str]:
    """Currencies legal tender somewhere today."""
    from datetime import date

    return frozenset(code for code, last in _last_day().items() if last == date.max.toordinal())


@lru_cache(maxsize=1)
def _own_symbols() -> dict[str, set[str]]:
    """Each territory's current currency symbol as written in that territory's main locale ("₡", "₾", "kr")."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.languages import get_official_languages

    likely = get_global("likely_subtags")
    out: dict[str, set[str]] = {}
    held = _held_locales()
    for territory, entries in get_global("territory_currencies").items():
        current = [c for c, _s, end, tender in entries if tender and end is None]
        official = get_official_languages(territory)
        tag = likely.get(f"und_{territory}") or (f"{official[0]}_{territory}" if official else None)
        if not current or not tag:
            continue
        try:
            loc = Locale.parse(tag)
        except (ValueError, UnknownLocaleError):  # territories without locale data keep no own symbol
            continue
        for code in current:
            sym = loc.currency_symbols.get(code)
            if sym:
                out.setdefault(sym, set()).add(code)
    en = Locale("en")
    for code, sym in en.currency_symbols.items():  # "CA$", "US$", "€", "£", "¥" as English writes them
        out.setdefault(sym, set()).add(code)
    _forget_locales(held)
    return out


def _held_locales() -> set[str]:
    return {name for cache in _locale_caches() for name in list(cache)}


def _forget_locales(held: set[str]) -> None:
    """Drop from babel's caches the locales read since `held`: babel keeps every locale it has read, merged with
    its parents, and the ~330 that _own_symbols reads once held ~95 MB for as long as the process ran."""
    for cache in _locale_caches():
        for name in [n for n in list(cache) if n not in held]:
            cache.pop(name, None)


def _locale_caches() -> list[dict]:
    # babel's own (private) caches, by name; another babel that keeps them elsewhere keeps its memory, nothing more
    from babel import localedata

    return [c for c in (getattr(localedata, "_cache", None), getattr(localedata, "_dict_cache", None))
            if isinstance(c, dict)]


@lru_cache(maxsize=32)
def currencies(lang: str | None) -> Currencies:
    """Names, heads and symbols of all CLDR currencies for a language (and English), resolved to codes."""
    from babel import Locale
    from babel.numbers import get_territory_currencies

    key = lang_key(lang)
    territory = _default_territory(key)
    home = None
    if territory:
        home = (get_territory_currencies(territory) or [None])[0]
    valid = set(_tender())

    names: dict[str, str] = {}
    stems: dict[tuple[str, ...], str] = {}
    shared: dict[str, frozenset[str]] = {}
    for loc_id in dict.fromkeys(["en", {"no": "nb"}.get(key, key)]):  # English first, own language overrides
        loc = Locale.parse(loc_id)
        forms: dict[str, set[str]] = {}
        for code, name in loc.currencies.items():
            if code in valid:
                forms.setdefault(code, set()).add(name.lower())
        for code, plural in loc._data["currency_names_plural"].items():
            if code in valid:
                forms.setdefault(code, set()).update(v.lower() for v in dict(plural).values())
        clean = {c: {f for f in fs if "(" not in f and not any(ch.isdigit() for ch in f)} for c, fs in forms.items()}
        # Which end of a multi-word name is the noun: the end whose words repeat across currencies
        # ("dollar", "krona", "franc"): last word in English and Swedish, first in French and Polish.
        # Counted over distinct currencies, so "US dollar"/"US dollars" does not make "us" repeat.
        first: dict[str, set[str]] = {}
        last: dict[str, set[str]] = {}
        for code, fs in clean.items():
            for f in fs:
                words = re.split(r"[\s-]+", f)
                if len(words) > 1:
                    first.setdefault(words[0], set()).add(code)
                    last.setdefault(words[-1], set()).add(code)
        head_last = sum(len(c) for c in last.values() if len(c) > 1) >= sum(
            len(c) for c in first.values() if len(c) > 1
        )
        heads: dict[str, set[str]] = {}
        shorter: dict[str, set[str]] = {}  # "Taiwan dollars" of "New Taiwan dollars", "Korean won"
        for code, fs in clean.items():
            for f in fs:
                names[f] = code
                words = re.split(r"[\s-]+", f)
                if len(words) > 1:
                    stems[stem_key(words)] = code
                if len(words) > 2 and " " in f:
                    shorter.setdefault(" ".join(words[1:] if head_last else words[:-1]), set()).add(code)
                heads.setdefault(words[-1] if head_last else words[0], set()).add(code)
        for short, codes in shorter.items():
            if short not in names:
                names[short] = _pick(codes, home, territory)
        for head, codes in heads.items():
            if head not in names or len(codes) > 1:
                names[head] = _pick(codes, home, territory)
            if len(codes) > 1:
                shared[head] = shared.get(head, frozenset()) | frozenset(codes)
    for name, code in _COLLOQUIAL.get(key, {}).items():
        names.setdefault(name, code)
    names.update(_FORMER_HOME.get(key, {}))
    names.update(_RESPELLED)
    scaled = _SCALED_NAMES.get(key, {})
    names.update({name: code for name, (code, _scale) in scaled.items()})
    for word in _COMMON_HEADS.get(key, _COMMON_HEADS["*"]):
        names.pop(word, None)
    for name, code in list(names.items()):
        names.setdefault(lower_unaccented(name), code)
    for sk, code in list(stems.items()):
        stems.setdefault(tuple(lower_unaccented(w) for w in sk), code)

    symbols: dict[str, str] = {}
    for sym, codes in _own_symbols().items():
        codes = codes & valid
        if not codes or sym in codes or (len(sym) == 1 and sym.isascii() and sym.isalpha()):
            continue
        word = sym.rstrip(".")
        if word.isalpha() and not word.isupper() and home not in codes and zipf(word.lower(), key) >= 5.0:
            continue  # a common word of the language: French and Italian "Le 14" is no Sierra Leone leone
        symbols[sym] = _pick(codes, home)
        if len(codes) > 1:
            shared[sym] = frozenset(codes)
    for sym, code in _dollar_symbols().items():  # "C$" is CAD before NIO: major currencies first
        if sym in symbols:
            symbols[sym] = code
    symbols.update(_EXTRA_SYMBOLS)
    symbols.update(_LANG_SYMBOLS.get(key, {}))
    lower_codes: dict[str, str] = {}
    for code in valid:
        word = max(zipf(code.lower(), "en"), zipf(code.lower(), key))
        if word < 5.0 or code in _RANK:  # "ALL", "TOP", "CUP" in capitals are words, not currencies
            symbols[code] = code
        if word < 4.5 and code in _RANK[:11]:  # "usd", "eur" in lower-cased text; not "ron" (rum), "ara"
            lower_codes[code.lower()] = code
    max_words = max(len(n.split()) for n in names)
    first_words = frozenset(lower_unaccented(n.split()[0].rstrip(".")) for n in names if n.split()) | frozenset(
        lower_unaccented(k[0]) for k in stems
    )  # without a final dot, as the finder reads words ("u.s. dollars")

    kinds: dict[str, str] = {}
    alts: list[str] = []
    for kind, table in _QUALIFIERS.items():
        for lng in dict.fromkeys([key, "en"]):
            for phrase in table.get(lng, "").split("|"):
                if phrase and phrase not in kinds:
                    kinds[phrase] = kind
                    alts.append(phrase)
    alts.sort(key=len, reverse=True)
    qualifier = re.compile(rf"(?<!\w)({'|'.join(alts)})[ \u00a0]*$", re.IGNORECASE)
    after = [
        rf"(?P<{kind}>{'|'.join(p for lng in dict.fromkeys([key, 'en']) for p in table.get(lng, '').split('|') if p)})"
        for kind, table in _TRAILING.items()
    ]
    trailing = re.compile(rf"(?:\+(?![\d\w$€£])|[ \u00a0]?(?:{'|'.join(after)})(?!\w))", re.IGNORECASE)
    cent = home if home in ("EUR", "USD", "CAD", "AUD", "NZD", "BRL", "MXN") else ("USD" if key == "en" else "EUR")
    # Only the language's own and the three main currencies, and never a common word ("won", "real", "rand")
    prefix = frozenset(
        n
        for n, code in names.items()
        if " " not in n
        and n not in scaled
        and (code in _RANK[:3] or (code == home and zipf(n, key) < 5.0))
    )
    if "crowns" in names:  # English "crowns" are every crown
        shared["crowns"] = frozenset({"SEK", "DKK", "NOK", "CZK", "ISK"})
    shared.update({lower_unaccented(k): v for k, v in shared.items()})
    prefixes = frozenset(t[:i] for t in map(name_words, names) for i in range(1, len(t) + 1))
    stem_prefixes = frozenset(k[:i] for k in stems for i in range(1, len(k) + 1))
    pattern = Locale.parse({"no": "nb"}.get(key, key)).currency_formats["standard"].pattern
    return Currencies(
        names, stems, symbols, lower_codes, max_words, first_words, prefixes, stem_prefixes, qualifier, kinds,
        trailing, cent,
        SUBUNITS | _LANG_SUBUNITS.get(key, {}), pattern.split(";")[0].strip().endswith("¤"), prefix, shared,
        name_scales={name: scale for name, (_code, scale) in scaled.items()},
        article_codes=frozenset(_RANK[:3]) | ({home} if home else set()),
    )


def in_context(surface: str, code: str, lang: str | None, countries: Sequence[str]) -> str:
    """The currency of an amount whose name or symbol several currencies share ("20.000 Kronen", "$50"),
    decided by the countries the text is about: the one currency of theirs it can be, else `code` as read."""
    if not countries:
        return code
    from babel.numbers import get_territory_currencies

    shared = currencies(lang).shared
    for token in re.findall(r"[^\W\d_]+|[^\w\s.,]+", surface):
        codes = shared.get(token) or shared.get(lower_unaccented(token))
        if codes and code in codes:
            local = {c for country in countries for c in get_territory_currencies(country) if c in codes}
            return local.pop() if len(local) == 1 else code
    return code


def read_symbol(token: str, cur: Currencies) -> tuple[str, float] | None:
    """A symbol or code, optionally with a glued scale prefix ("MSEK", "mkr", "k€") or a territory prefix
    before a dollar sign ("HK$", "nzd$", "us $")."""
    if token not in cur.memo:
        cur.memo[token] = _find_symbol(token, cur)
    return cur.memo[token]


def _find_symbol(token: str, cur: Currencies) -> tuple[str, float] | None:
    if token in cur.symbols:
        return cur.symbols[token], 1.0
    scaled = _SCALED_CODES.get(token) or _SCALED_CODES.get(token.lower())  # the Mexican press writes "MDP" too
    if scaled:
        return scaled
    if token in cur.lower_codes:
        return cur.lower_codes[token], 1.0
    if token.lower() in ("kr", "kr."):
        return cur.symbols.get("kr", "SEK"), 1.0
    # "HK$", "$CA", "HK $"; spaced only in capitals: "cost us $5" is no US dollar sign
    dollar = re.fullmatch(r"([A-Za-z]{2,3})\$|([A-Z]{2,3}) \$|\$([A-Z]{2,3})", token)
    if dollar:
        code = dollar_prefix(next(g for g in dollar.groups() if g).upper())
        if code:
            return code, 1.0
    for prefix, scale in _PREFIX_SCALES.items():
        if token.startswith(prefix) and len(token) > len(prefix):
            rest = token[len(prefix) :]
            if rest in cur.symbols and (rest.isupper() or not rest.isalpha() or rest == "kr"):
                return cur.symbols[rest], scale
    return None


# Country abbreviations written with a dollar sign that are neither codes nor CLDR symbols ("10 $ CAN").
_DOLLAR_ALIASES = {"CAN": "CAD", "CDN": "CAD", "AUS": "AUD"}


@lru_cache(maxsize=256)
def dollar_prefix(prefix: str) -> str | None:
    """ "NZD$" is NZD when NZD is a dollar; "HK$", "us $", "c $" are the CLDR symbols "HK$", "US$", "C$"."""
    syms = _dollar_symbols()
    if prefix in _DOLLAR_ALIASES:
        return _DOLLAR_ALIASES[prefix]
    if len(prefix) == 3 and prefix in _tender():
        return prefix if prefix in syms.values() else None
    return syms.get(prefix + "$")


@lru_cache(maxsize=1)
def _dollar_symbols() -> dict[str, str]:
    """Letter-prefixed dollar signs (upper case) -> code: CLDR's "HK$", "US$", "CA$", "R$", the short forms
    of major currencies' ("CA$" is also "C$"), and code + "$" for every currency written "$" at home."""
    cands: dict[str, set[str]] = {}
    for sym, codes in _own_symbols().items():
        if sym.endswith("$") and len(sym) > 1 and sym[:-1].isalpha():
            cands.setdefault(sym.upper(), set()).update(codes)
            for code in codes & set(_RANK):
                if len(sym) == 3:
                    cands.setdefault(sym[0].upper() + "$", set()).add(code)
        if sym == "$":
            for code in codes:
                cands.setdefault(code + "$", set()).add(code)
    from babel.core import get_global

    dollars = {code for sym, codes in _own_symbols().items() if sym == "$" for code in codes}
    for territory, entries in get_global("territory_currencies").items():
        for code, _start, end, tender in entries:  # "AU$", "SG$": a country's code before its own dollar
            if tender and end is None and code in dollars and territory + "$" not in cands:
                cands.setdefault(territory + "$", set()).add(code)
    return {sym: _pick(codes, None) for sym, codes in cands.items()}
