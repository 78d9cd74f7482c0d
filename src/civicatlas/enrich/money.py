"""Money amounts: value in units of an ISO 4217 currency, with qualifier and range, in many languages.

"över 18 miljoner kronor" → 18,000,000 SEK more_than; "$48.2 million" → 48,200,000 USD;
"zwei Millionen Euro", "75 millions de dollars", "10–15 MSEK", "between €5m and €10m".

Currency names (singular and plural), symbols and codes come from CLDR through babel; what CLDR does
not have (scale-prefixed codes such as "MSEK"/"mkr", subunits such as "öre"/"cents", qualifier phrases)
is in small tables here. The search is anchored on the numerals found by `numbers.find_numbers`, and
looks only at the words right before and after each one, so long texts cost little.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from civicatlas.enrich import register
from civicatlas.enrich.numbers import Number, find_numbers, lang_key, parse_digits
from civicatlas.model import Amount, Evidence, Item

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
_SUBUNITS: dict[str, str | None] = {
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
}
# Colloquial names that are standard usage but not in CLDR, per language.
_COLLOQUIAL: dict[str, dict[str, str]] = {
    "en": {
        "buck": "USD",
        "bucks": "USD",
        "greenbacks": "USD",
        "quid": "GBP",
        "sterling": "GBP",
        "pounds sterling": "GBP",
        "pound sterling": "GBP",
    },
    "de": {"stutz": "CHF", "d-mark": "DEM", "pfund sterling": "GBP"},
    "fr": {"balles": "EUR", "dollar américain": "USD", "dollars américains": "USD"},
    "es": {"pavos": "EUR", "dólar americano": "USD", "dólares americanos": "USD"},
    "it": {"dollaro americano": "USD", "dollari americani": "USD", "lira sterlina": "GBP", "lire sterline": "GBP"},
    "pt": {"paus": "BRL"},
    "nl": {"piek": "EUR", "pond sterling": "GBP"},
    "sv": {"spänn": "SEK"},
}
# Symbols CLDR does not list (or lists only for one locale): the guilder's "ƒ", the Swiss "Fr."/"SFr.", "DM",
# South Asian "Rs" (trailing dots are stripped before lookup).
_EXTRA_SYMBOLS = {"ƒ": "NLG", "Fr": "CHF", "SFr": "CHF", "sFr": "CHF", "DM": "DEM", "Rs": "INR"}
# Codes that carry their own scale: Mexican "mdd" (millones de dólares), "mdp" (millones de pesos).
_SCALED_CODES: dict[str, tuple[str, float]] = {"mdd": ("USD", 1e6), "mdp": ("MXN", 1e6), "MMUSD": ("USD", 1e6)}
# Qualifier phrases right before an amount, per language (lower case; English is always tried too).
_QUALIFIERS: dict[str, dict[str, str]] = {
    "more_than": {
        "en": "more than|over|above|in excess of|upwards of|at least|exceeding",
        "sv": "över|mer än|drygt|minst|mer än totalt",
        "da": "over|mere end|mindst|godt",
        "no": "over|mer enn|minst|drøyt",
        "de": "über|mehr als|mindestens|gut|knapp über",
        "nl": "meer dan|ruim|minstens|ten minste|boven",
        "fr": "plus de|plus d'|plus d’|au moins|au-delà de|plus que",
        "es": "más de|mas de|al menos|por encima de",
        "pt": "mais de|pelo menos|acima de",
        "it": "più di|oltre|almeno|oltre a",
        "pl": "ponad|powyżej|więcej niż|co najmniej",
    },
    "less_than": {
        "en": "less than|under|below|fewer than|nearly|almost|just under",
        "sv": "under|mindre än|knappt|nästan",
        "da": "under|mindre end|knap|næsten",
        "no": "under|mindre enn|knapt|nesten",
        "de": "unter|weniger als|knapp|fast|beinahe",
        "nl": "minder dan|bijna|nog geen|onder",
        "fr": "moins de|moins d'|moins d’|presque",
        "es": "menos de|casi",
        "pt": "menos de|quase",
        "it": "meno di|quasi",
        "pl": "poniżej|mniej niż|prawie",
    },
    "about": {
        "en": "about|around|approximately|approx\\.|roughly|some|circa|ca\\.|an estimated|estimated",
        "sv": "cirka|ca\\.?|omkring|ungefär|runt|kring|uppskattningsvis",
        "da": "cirka|ca\\.?|omkring|ungefær|omtrent",
        "no": "cirka|ca\\.?|omkring|rundt|omtrent",
        "de": "etwa|rund|ungefähr|circa|ca\\.|zirka|annähernd",
        "nl": "ongeveer|circa|ca\\.|zo'n|zo’n|rond|omstreeks",
        "fr": "environ|près de|autour de|quelque|approximativement|à peu près",
        "es": "aproximadamente|alrededor de|cerca de|unos|unas",
        "pt": "cerca de|aproximadamente|por volta de|uns|umas",
        "it": "circa|intorno a|all'incirca|approssimativamente",
        "pl": "około|ok\\.|blisko",
    },
    "up_to": {
        "en": "up to|as much as|a maximum of|at most",
        "sv": "upp till|upp mot|uppemot|högst|maximalt",
        "da": "op til|højst",
        "no": "opp til|høyst",
        "de": "bis zu|höchstens|maximal",
        "nl": "tot|maximaal|hoogstens|tot wel",
        "fr": "jusqu'à|jusqu’à|au maximum|au plus",
        "es": "hasta|como máximo",
        "pt": "até|no máximo",
        "it": "fino a|sino a|al massimo",
        "pl": "do|maksymalnie",
    },
}
# Between two numbers of a range: "10–15", "5 to 10", "från 5 till 10", "zwischen 5 und 10".
_RANGE_DASH = re.compile(r"^\s*(?:[-–—]|to|till|bis|à|a|al|au|tot|do|ad|til)\s*$", re.IGNORECASE)
_SUB_JOIN = re.compile(r"^[ \u00a0]*(?:,|and|och|und|et|y|e|en|og|con|com)?[ \u00a0]*$", re.IGNORECASE)
_RANGE_AND = re.compile(r"^\s*(?:and|och|und|et|y|e|en|og|i)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(
    r"(?:between|mellan|zwischen|entre|tra|fra|tussen|między|from|från|von|de|da|van|fra)\s*$", re.IGNORECASE
)
_CONNECTOR = re.compile(r"^[ \u00a0\u202f]+(?:de|d['’]|di|of|av|van|von|do|dos|das|del)[ \u00a0\u202f]*", re.IGNORECASE)
_LAST_TOKEN = re.compile(r"(?:(?<![^\W\d_])[A-Za-z]{2,3} \$|\S+)$")
_TOKEN = re.compile(r"[^\s,;:!?)»”\"']+")
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_SPACE = " \u00a0\u202f\u2009"
_DOLLAR_COUNTRY = re.compile(r" ?([A-Z]{2})(?![^\W\d_])")
_THREE_DECIMALS = re.compile(r"\d{1,3}[.,]\d{3}")


@dataclass(frozen=True)
class Found:
    """An amount found in a text (offsets into that text)."""

    start: int
    end: int
    value: float
    currency: str | None
    qualifier: str = "exact"
    value_max: float | None = None
    # In a range, where the upper bound starts and, when the lower bound is an amount of its own
    # ("€5m to €10m", not "10–15 MSEK"), where that one ends.
    high_start: int | None = None
    low_end: int | None = None


@dataclass
class _Currencies:
    names: dict[str, str]  # lower-case name or name head ("svenska kronor", "kronor") -> code
    stems: dict[tuple[str, ...], str]  # word stems of full names, for inflected forms ("kanadischen dollar")
    symbols: dict[str, str]  # case-sensitive symbol or code ("kr", "$", "SEK") -> code
    lower_codes: dict[str, str]  # codes also written in lower case ("usd"), when not a dictionary word
    max_name_words: int
    first_words: frozenset[str]  # folded first words of all names: most words after a numeral are not one
    qualifier: re.Pattern[str]
    qualifier_kind: dict[str, str]
    cent_currency: str
    prefix_names: frozenset[str] = frozenset()  # names also written before digits ("Euro 10", "euro 1.200,00")
    shared: dict[str, frozenset[str]] = field(default_factory=dict)  # "kronen", "$", "kr" -> every code it may be
    memo: dict[str, tuple[str, float] | None] = field(default_factory=dict)  # token -> _symbol() answer


def _default_territory(lang: str) -> str | None:
    from babel.core import get_global

    tag = get_global("likely_subtags").get({"no": "nb"}.get(lang, lang), "")
    parts = tag.split("_")
    return parts[-1] if len(parts) > 1 else None


def _pick(codes: set[str], home: str | None, territory: str | None = None) -> str:
    if home in codes:
        return home  # type: ignore[return-value]
    if territory and not codes & _current():  # a past currency: the one the language's country had ("pesetas")
        own = sorted(c for c in codes if territory in _tender().get(c, ()))
        if own:
            return own[0]
    for code in _RANK:
        if code in codes:
            return code
    return min(codes)


def _stem_key(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(w[:5] for w in words)


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower case without accents: "Dólares" and "dolares" are the same name in messy text."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))


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
def _current() -> frozenset[str]:
    """Currencies legal tender somewhere today."""
    from babel.core import get_global

    return frozenset(
        code
        for entries in get_global("territory_currencies").values()
        for code, _start, end, tender in entries
        if tender and end is None
    )


@lru_cache(maxsize=1)
def _own_symbols() -> dict[str, set[str]]:
    """Each territory's current currency symbol as written in that territory's main locale ("₡", "₾", "kr")."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.languages import get_official_languages

    likely = get_global("likely_subtags")
    out: dict[str, set[str]] = {}
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
    return out


@lru_cache(maxsize=32)
def currencies(lang: str | None) -> _Currencies:
    """Names, heads and symbols of all CLDR currencies for a language (and English), resolved to codes."""
    from babel import Locale
    from babel.numbers import get_territory_currencies
    from wordfreq import zipf_frequency

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
        for code, fs in clean.items():
            for f in fs:
                names[f] = code
                words = re.split(r"[\s-]+", f)
                if len(words) > 1:
                    stems[_stem_key(words)] = code
                heads.setdefault(words[-1] if head_last else words[0], set()).add(code)
        for head, codes in heads.items():
            if head not in names or len(codes) > 1:
                names[head] = _pick(codes, home, territory)
            if len(codes) > 1:
                shared[head] = shared.get(head, frozenset()) | frozenset(codes)
    for name, code in _COLLOQUIAL.get(key, {}).items():
        names.setdefault(name, code)
    for name, code in list(names.items()):
        names.setdefault(fold(name), code)
    for sk, code in list(stems.items()):
        stems.setdefault(tuple(fold(w) for w in sk), code)

    symbols: dict[str, str] = {}
    for sym, codes in _own_symbols().items():
        codes = codes & valid
        if not codes or sym in codes or (len(sym) == 1 and sym.isascii() and sym.isalpha()):
            continue
        symbols[sym] = _pick(codes, home)
        if len(codes) > 1:
            shared[sym] = frozenset(codes)
    for sym, code in _dollar_symbols().items():  # "C$" is CAD before NIO: major currencies first
        if sym in symbols:
            symbols[sym] = code
    symbols.update(_EXTRA_SYMBOLS)
    lower_codes: dict[str, str] = {}
    for code in valid:
        word = max(zipf_frequency(code.lower(), "en"), zipf_frequency(code.lower(), key))
        if word < 5.0 or code in _RANK:  # "ALL", "TOP", "CUP" in capitals are words, not currencies
            symbols[code] = code
        if word < 4.5 and code in _RANK[:11]:  # "usd", "eur" in lower-cased text; not "ron" (rum), "ara"
            lower_codes[code.lower()] = code
    max_words = max(len(n.split()) for n in names)
    first_words = frozenset(fold(n.split()[0]) for n in names if n.split()) | frozenset(fold(k[0]) for k in stems)

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
    cent = home if home in ("EUR", "USD", "CAD", "AUD", "NZD", "BRL", "MXN") else ("USD" if key == "en" else "EUR")
    # Only the language's own and the three main currencies, and never a common word ("won", "real", "rand")
    prefix = frozenset(
        n
        for n, code in names.items()
        if " " not in n and (code in _RANK[:3] or (code == home and zipf_frequency(n, key) < 5.0))
    )
    shared.update({fold(k): v for k, v in shared.items()})
    return _Currencies(names, stems, symbols, lower_codes, max_words, first_words, qualifier, kinds, cent, prefix,
                       shared)


def in_context(surface: str, code: str, lang: str | None, countries: Sequence[str]) -> str:
    """The currency of an amount whose name or symbol several currencies share ("20.000 Kronen", "$50"),
    decided by the countries the text is about: the one currency of theirs it can be, else `code` as read."""
    if not countries:
        return code
    from babel.numbers import get_territory_currencies

    shared = currencies(lang).shared
    for token in re.findall(r"[^\W\d_]+|[^\w\s.,]+", surface):
        codes = shared.get(token) or shared.get(fold(token))
        if codes and code in codes:
            local = {c for country in countries for c in get_territory_currencies(country) if c in codes}
            return local.pop() if len(local) == 1 else code
    return code


def _symbol(token: str, cur: _Currencies) -> tuple[str, float] | None:
    """A symbol or code, optionally with a glued scale prefix ("MSEK", "mkr", "k€") or a territory prefix
    before a dollar sign ("HK$", "nzd$", "us $")."""
    if token not in cur.memo:
        cur.memo[token] = _find_symbol(token, cur) if len(cur.memo) < 100_000 else None
    return cur.memo[token]


def _find_symbol(token: str, cur: _Currencies) -> tuple[str, float] | None:
    if token in cur.symbols:
        return cur.symbols[token], 1.0
    if token in _SCALED_CODES:
        return _SCALED_CODES[token]
    if token in cur.lower_codes:
        return cur.lower_codes[token], 1.0
    if token.lower() in ("kr", "kr."):
        return cur.symbols.get("kr", "SEK"), 1.0
    dollar = re.fullmatch(r"([A-Za-z]{2,3}) ?\$", token) or re.fullmatch(r"\$([A-Z]{2})", token)  # "HK$", "$CA"
    if dollar:
        code = _dollar_prefix(dollar.group(1).upper())
        if code:
            return code, 1.0
    for prefix, scale in _PREFIX_SCALES.items():
        if token.startswith(prefix) and len(token) > len(prefix):
            rest = token[len(prefix) :]
            if rest in cur.symbols and (rest.isupper() or not rest.isalpha() or rest == "kr"):
                return cur.symbols[rest], scale
    return None


@lru_cache(maxsize=256)
def _dollar_prefix(prefix: str) -> str | None:
    """ "NZD$" is NZD when NZD is a dollar; "HK$", "us $", "c $" are the CLDR symbols "HK$", "US$", "C$"."""
    syms = _dollar_symbols()
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
    return {sym: _pick(codes, None) for sym, codes in cands.items()}


def _sub_currency(word: str, cur: _Currencies, lang: str) -> str:
    code = _SUBUNITS[word]
    if code:
        return code
    if word == "øre":
        return "DKK" if lang == "da" else "NOK"
    return cur.cent_currency


def _after(text: str, pos: int, cur: _Currencies, lang: str) -> tuple[int, str, float, bool] | None:
    """Currency right after a numeral: (end, code, multiplier, is_subunit)."""
    rest = text[pos : pos + 80]
    if rest.startswith(":-") and lang in ("sv", "no", "da"):
        return pos + 2, cur.symbols.get("kr", "SEK"), 1.0, False  # Scandinavian price "10:-" is in kronor
    if rest[:1] in ("p", "¢") and not rest[1:2].isalnum() and (rest[:1] == "¢" or lang == "en"):
        # "50p" (pence, glued only: "5 p" is too often something else), "25¢"
        return pos + 1, ("GBP" if rest[0] == "p" else cur.cent_currency), 0.01, True
    conn = _CONNECTOR.match(rest)
    offsets = [0] + ([conn.end()] if conn else [])
    for off in offsets:
        seg = rest[off:]
        lead = len(seg) - len(seg.lstrip(_SPACE))
        if off == 0 and lead == 0 and seg[:1] == "-" and seg[1:2].isalpha():
            lead = 1  # "12-cent", "siebenhundert-euro"
        if lead > 1:
            continue
        seg2 = seg[lead:]
        # symbols and codes: the next run of non-space characters, without trailing punctuation
        run = _TOKEN.match(seg2)
        if run:
            token = run.group(0).rstrip(".")
            if token.lower() == "kr.":
                token = "kr"
            sym = _symbol(token, cur)
            if sym:
                end = pos + off + lead + len(token)
                country = _DOLLAR_COUNTRY.match(text, end) if token == "$" else None
                code = _dollar_prefix(country.group(1)) if country else None
                if code:  # French "10 $ US", "10 $CA"
                    return country.end(), code, 1.0, False
                return end, sym[0], sym[1], False
        head = _WORD.match(seg2)
        if not head:
            continue
        first = head.group(0).lower().rstrip(".")
        w0 = fold(first)
        if w0 not in cur.first_words and w0[:5] not in cur.first_words and first not in _SUBUNITS:
            continue  # most words after a numeral start no currency name: look no further
        words = list(_WORD.finditer(seg2, 0, min(len(seg2), 60)))[: cur.max_name_words]
        for k in range(len(words), 0, -1):
            chunk = seg2[: words[k - 1].end()]
            if "  " in chunk or any(c in chunk for c in ",;:()"):
                continue
            low = chunk.lower().rstrip(".")
            code = cur.names.get(low) or cur.names.get(fold(low))
            if code is None and k > 1 and w0[:5] in cur.first_words:  # inflected: "kanadischen Dollar"
                code = cur.stems.get(_stem_key(low.split())) or cur.stems.get(_stem_key(fold(low).split()))
            if code:
                end = pos + off + lead + len(chunk.rstrip("."))
                sub = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
                if sub and sub.group(0).lower() in _SUBUNITS and not (lang == "fr" and sub.group(0).lower() == "cent"):
                    return sub.end(), code, 0.01, True  # "10 euro cents", "50 Euro Cent" (French "cent" is 100)
                return end, code, 1.0, False
            if k == 1 and low in _SUBUNITS:
                return pos + off + lead + len(low), _sub_currency(low, cur, lang), 0.01, True
    return None


def _before(text: str, pos: int, cur: _Currencies, digits: bool = False) -> tuple[int, str, float] | None:
    """Symbol or code right before a numeral ("$5", "€ 10", "SEK 10", "US$5", "hk $ 10"): (start, code, mult)."""
    head = text[max(0, pos - 12) : pos]
    stripped = head.rstrip(_SPACE)
    if len(head) - len(stripped) > 1:
        return None
    m = _LAST_TOKEN.search(stripped)
    if not m:
        return None
    token = m.group(0).lstrip("(“\"'«")
    at = m.start() + len(m.group(0)) - len(token)  # where the token starts in `head`
    if token.endswith(".") and any(c.islower() for c in token):
        token = token[:-1]  # "Fr. 10", "Rs. 500"; not "USD." that ends a sentence
    # "(€5)" and "-$5": take the longest tail that is a symbol
    for i in range(len(token)):
        sym = _symbol(token[i:], cur)
        if sym:
            return pos - len(head) + at + i, sym[0], sym[1]
    low = token.lower()
    if digits and low in cur.prefix_names and token.isalpha():
        return pos - len(head) + at, cur.names[low], 1.0
    return None


def find_amounts(text: str, lang: str | None = None) -> list[Found]:
    """Every money amount in `text`, left to right."""
    return list(_find_amounts(text, lang_key(lang)))


@lru_cache(maxsize=256)  # the counts enricher asks again for the same fields, to keep amounts out of counts
def _find_amounts(text: str, key: str) -> tuple[Found, ...]:
    nums = find_numbers(text, key)
    if not nums:
        return ()
    cur = currencies(key)
    out: list[Found] = []
    used_until = -1
    prefixed = False  # the last amount's currency stood before its number ("$5"), so "-10 million" may follow
    for i, n in enumerate(nums):
        if n.start < used_until:
            continue
        n_end = n.end
        if not n.words and text[n_end : n_end + 2] in (",-", ".-", ",–"):
            n_end += 2  # "€ 10.000,-": no cents
        pre = None if n.article else _before(text, n.start, cur, not n.words)
        if pre and pre[0] < used_until and text[pre[0] : n.start].strip().lower() in cur.prefix_names:
            pre = None  # the name belongs to the amount before ("10 euros 5 times")
        post = _after(text, n_end, cur, key)
        if n.article and (post is None or text[n_end : n_end + 1] != " "):
            continue
        if pre is None and post is None:
            if prefixed and out and not n.article:
                rng = _open_range(text, out[-1], nums[i - 1], n)
                if rng:
                    out[-1] = rng
                    used_until = rng.end
            prefixed = False
            continue
        start, end = n.start, n_end
        code, mult, sub = None, 1.0, False
        if pre:
            start, code, mult = pre
        if post and (pre is None or post[1] == code or post[2] != 1.0):
            end = post[0]
            if pre is None or post[2] != 1.0:
                code, mult, sub = post[1], post[2] * (mult if pre and post[2] == 0.01 else 1.0), post[3]
        value = _money_value(n, code) * mult
        found = Found(start, end, value, code)
        if not sub:
            found = _with_subunit(text, found, nums[i + 1 :], cur, key)
        found = _with_range(text, found, n, nums[:i], cur, out)
        found = _negative(text, found)
        found = _with_qualifier(text, found, cur)
        out = [f for f in out if f.end <= found.start or f.start >= found.end]
        out.append(found)
        used_until = found.end
        prefixed = found.end == n_end and found.qualifier != "range"
    return tuple(out)


def _money_value(n: Number, code: str | None) -> float:
    """A numeral's value as an amount: "1,500" and "1.500" have three digits after the separator, which
    money never has as decimals (except in the few currencies of 1/1000 subunits), so they are grouping
    in every language ("US$ 1,500" in Spanish, "€1.500" in English)."""
    if n.words or n.scaled or not _THREE_DECIMALS.fullmatch(n.text) or n.text.startswith("0"):
        return n.value
    from babel.numbers import get_currency_precision

    if code and get_currency_precision(code) == 3:
        return n.value
    return float(re.sub(r"\D", "", n.text))


def _negative(text: str, found: Found) -> Found:
    """ "-$500", "−€20", "-500 euros": a minus sign glued to the amount, not a dash between words or numbers."""
    s = found.start
    if s and text[s - 1] in "-−" and (s == 1 or not (text[s - 2].isalnum() or text[s - 2] in "-−")):
        return replace(found, start=s - 1, value=-found.value)
    return found


def _open_range(text: str, prev: Found, lo: Number, hi: Number) -> Found | None:
    """ "$5-10 million", "€5 to 10m": a range whose currency symbol stands only before the lower bound."""
    gap = text[prev.end : hi.start]
    if prev.qualifier != "exact" or not _RANGE_DASH.match(gap):
        return None
    mult = prev.value / lo.value if lo.value else 1.0
    low = prev.value
    if not lo.scaled and hi.scaled:
        low *= _scale_factor(hi)
    high = hi.value * mult
    if not 0 < low < high:
        return None
    return Found(prev.start, hi.end, low, prev.currency, "range", high, hi.start, None)


def _scale_factor(n: Number) -> float:
    """The scale word's part of a digit numeral's value ("15 miljoner" -> 1e6); 1 for number words."""
    if n.words or not n.scaled:
        return 1.0
    m = re.match(r"[\d.,' \u00a0\u202f]*\d", n.text)
    raw = parse_digits(m.group(0)) if m else None
    return n.value / raw if raw else 1.0


def _with_subunit(text: str, found: Found, following: list[Number], cur: _Currencies, lang: str) -> Found:
    """ "15 dollars and 50 cents", "3 euros con 99 céntimos", "zwei Euro fünfzig" are one amount each."""
    if not following or found.currency is None:
        return found
    nxt = following[0]
    gap = text[found.end : nxt.start]
    if not _SUB_JOIN.match(gap) or nxt.article or not (0 < nxt.value < 100 and float(nxt.value).is_integer()):
        return found
    if not text[found.start : found.end][-1:].isalpha():
        return found  # "$15 50": the main unit must be a written name for a bare number of cents to follow
    post = _after(text, nxt.end, cur, lang)
    if post and post[3]:
        return Found(found.start, post[0], found.value + nxt.value / 100, found.currency)
    # a bare number of cents: only when nothing but punctuation or the end follows ("15 dollars 50.")
    if post is None and re.match(r"^\s*(?:[.,;:!?)]|$)", text[nxt.end :]):
        return Found(found.start, nxt.end, found.value + nxt.value / 100, found.currency)
    return found


def _with_range(text: str, found: Found, n: Number, before: list[Number], cur: _Currencies, out: list[Found]) -> Found:
    """ "10–15 miljoner kronor", "between $5 and $10 million": one amount with qualifier range."""
    if not before:
        return found
    lo = before[-1]
    if out and out[-1].end > lo.start:  # the lower bound is already its own amount: "€5m to €10m"
        prev = out[-1]
        gap = text[prev.end : found.start]
        is_range = _RANGE_DASH.match(gap) or (_RANGE_AND.match(gap) and _BETWEEN.search(text[: prev.start]))
        low = prev.value
        if text[prev.end - 1].isdigit() and low * _scale_factor(n) < found.value:
            low *= _scale_factor(n)  # "between $5 and $10 million": the lower bound is in millions too
        if is_range and prev.currency == found.currency and low < found.value:
            out.pop()
            return Found(prev.start, found.end, low, found.currency, "range", found.value, found.start, prev.end)
        return found
    pre = _before(text, lo.start, cur)
    lo_start = pre[0] if pre else lo.start
    gap = text[lo.end : found.start]
    between = _BETWEEN.search(text[:lo_start])
    if not (_RANGE_DASH.match(gap) or (_RANGE_AND.match(gap) and between)):
        return found
    low = lo.value
    if not lo.scaled and n.scaled and n.value:
        low = lo.value * _scale_factor(n)  # "10–15 miljoner": the scale of the upper bound applies to the lower one
    mult = found.value / n.value if n.value else 1.0
    low *= mult
    if not (0 < low < found.value):
        return found
    return Found(lo_start, found.end, low, found.currency, "range", found.value, n.start, None)


def _with_qualifier(text: str, found: Found, cur: _Currencies) -> Found:
    if found.qualifier != "exact":
        return found
    m = cur.qualifier.search(text, max(0, found.start - 40), found.start)
    if not m:
        return found
    kind = cur.qualifier_kind.get(m.group(1).lower())
    if kind is None:  # case-insensitive regex, case-sensitive table: find the phrase's kind by regex
        kind = next((k for p, k in cur.qualifier_kind.items() if re.fullmatch(p, m.group(1), re.IGNORECASE)), "exact")
    return Found(
        m.start(1), found.end, found.value, found.currency, kind, found.value_max, found.high_start, found.low_end
    )


class MoneyEnricher:
    name = "money"
    version = "2"  # 2: a shared currency name or symbol is read as the currency of the countries named

    def __call__(self, items: Sequence[Item]) -> None:
        # The places enricher runs first: an item's countries, else its document's, settle "Kronen" or "$".
        doc_countries: dict[str, set[str]] = {}
        for item in items:
            doc_countries.setdefault(item.document_id, set()).update(item.countries)
        for item in items:
            amounts: list[Amount] = []
            countries = item.countries or sorted(doc_countries[item.document_id])
            for fname, text in item.fields():
                for f in find_amounts(text, item.language):
                    ev = Evidence(item.id, f.start, f.end, self.name, self.version, 0.9 if f.currency else 0.5, fname)
                    surface = text[f.start : f.end]
                    amounts.append(
                        Amount(
                            surface,
                            ev,
                            _round(f.value),
                            f.currency and in_context(surface, f.currency, item.language, countries),
                            f.qualifier,  # type: ignore[arg-type]
                            _round(f.value_max) if f.value_max is not None else None,
                        )
                    )
            item.amounts = amounts


def _round(v: float) -> float:
    # 48.2 * 1e6 is 48200000.00000001 in floating point; amounts never need more than cents
    return round(v, 2)


@register("money")
def _factory() -> MoneyEnricher:
    return MoneyEnricher()
