"""Money amounts: value in units of an ISO 4217 currency, with qualifier and range, in many languages.

"över 18 miljoner kronor" → 18,000,000 SEK more_than; "$48.2 million" → 48,200,000 USD;
"zwei Millionen Euro", "75 millions de dollars", "10–15 MSEK", "between €5m and €10m".

Currency names, symbols and codes per language are in `currency`. The search is anchored on the
numerals found by `numbers.find_numbers`, and looks only at the words right before and after each one,
so long texts cost little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from civicatlas.numerals.currency import (
    Currencies,
    currencies,
    dollar_prefix,
    read_symbol,
    stem_key,
)
from civicatlas.numerals.numbers import (
    Number,
    find_numbers,
    fraction_before,
    half_after,
    is_vague,
    lang_key,
    parse_digits,
)
from civicatlas.words import lower_unaccented, zipf

_RANGE_DASH = re.compile(r"^\s*(?:[-–—]|to|till|bis|à|a|al|au|tot|do|ad|til|ai|agli)\s*$", re.IGNORECASE)
_SUB_JOIN = re.compile(r"^[ \u00a0]*(?:,|and|och|und|et|y|e|en|og|con|com)?[ \u00a0]*$", re.IGNORECASE)
# Romance ranges may repeat the article: "tra i 5 e i 10 milioni", "entre los 5 y los 10 millones"
_ARTICLE = r"(?:\s+(?:i|gli|le|los|las|les|os|as))?"
_RANGE_AND = re.compile(rf"^\s*(?:and|och|und|et|y|e|en|og|i){_ARTICLE}\s*$", re.IGNORECASE)
_BETWEEN = re.compile(
    rf"(?:between|mellan|zwischen|entre|tra|fra|tussen|między|from|från|von|de|da|dai|dagli|van|fra){_ARTICLE}\s*$",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"^[ \u00a0\u202f]+(?:de|d['’]|di|of|av|van|von|do|dos|das|del)[ \u00a0\u202f]*", re.IGNORECASE)
_LAST_TOKEN = re.compile(r"(?:(?<![^\W\d_])(?:[A-Za-z]{2,3}|U\.S\.) \$|\S+)$")
_TOKEN = re.compile(r"[^\s,;:!?)»”\"'/]+")  # not "/": "15 EUR/person", "500 kr/månad"
_EURO_CENTS = re.compile(r"€\d\d")  # "2€50": the symbol, then the cents
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_SPACE = " \u00a0\u202f\u2009"
_DOLLAR_COUNTRY = re.compile(r" ?([A-Z]{2,3})(?![^\W\d_])")
_YEAR = re.compile(r"(?:19|20)\d\d")
_THREE_DECIMALS = re.compile(r"\d{1,3}[.,]\d{3}")
_NOT_IN_NAME = re.compile(r"[,;:()]")
_CENT_SYMBOLS = frozenset("€$£")
_TWO_DIGITS = re.compile(r"\d\d")
_BIG_SCALE = re.compile(r"illion|\dm\b|\dbn\b|\dk\b")
_ADJECTIVE_AFTER = re.compile(r" ([^\W\d_]{4,})(?![\w'’-])")
_DOLLAR_NOUNS = ("dollars", "dollar", "dólares", "dólar", "dollari", "dollaro")
_OF_AFTER = re.compile(r"\s+of\s")
_WEIGH_BEFORE = re.compile(r"(?<!\w)(?:weigh\w*|heavy)\b[^.;]*$", re.IGNORECASE)
_ENDS_HERE = re.compile(r"\s*(?:[.,;:!?)]|$)")
# What may follow a numeral: a closing mark, or one space and a plain word ending where a token ends.
_ENDS_PHRASE = frozenset(",;!?)]}»”\"\n\t\r")
_SENTENCE_GAP = frozenset(["", " ", "\n", "\t", "\r", "\u00a0"])
_PLAIN_WORD = re.compile(r"[ \u00a0\u202f\u2009]?([^\W\d_]+)(?=[\s,;:!?)»”\"]|\.(?:[\s,;:!?)»”\"]|$)|$)")


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


def _sub_currency(word: str, cur: Currencies, lang: str) -> str:
    code = cur.subunits[word]
    if code:
        return code
    if word == "øre":
        return "DKK" if lang == "da" else "NOK"
    return cur.cent_currency


def _after(text: str, pos: int, cur: Currencies, lang: str) -> tuple[int, str, float, bool] | None:
    """Currency right after a numeral: (end, code, multiplier, is_subunit)."""
    nxt = text[pos : pos + 1]
    if nxt in _ENDS_PHRASE or (nxt == "." and text[pos + 1 : pos + 2] in _SENTENCE_GAP):
        return None  # "in 2019.", "(2019)", "2019, when", "3. März": nothing follows in the same phrase
    plain = _PLAIN_WORD.match(text, pos)
    if plain and _starts_nothing(plain.group(1), cur):
        return None  # the common case: "12 projects", "2019 the city"
    rest = text[pos : pos + 80]
    if rest.startswith(":-") and lang in ("sv", "no", "da"):
        return pos + 2, cur.symbols.get("kr", "SEK"), 1.0, False  # Scandinavian price "10:-" is in kronor
    if rest[:1] in ("p", "¢") and not rest[1:2].isalnum() and (rest[:1] == "¢" or lang == "en"):
        # "50p" (pence, glued only: "5 p" is too often something else), "25¢"
        return pos + 1, ("GBP" if rest[0] == "p" else cur.cent_currency), 0.01, True
    if rest[:2] == " ¢" and not rest[2:3].isalnum():  # "75 ¢": the cent sign is nothing else
        return pos + 2, cur.cent_currency, 0.01, True
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
            if _EURO_CENTS.fullmatch(token):
                token = "€"
            if token.lower() == "kr.":
                token = "kr"
            sym = read_symbol(token, cur)
            if sym:
                end = pos + off + lead + len(token)
                country = _DOLLAR_COUNTRY.match(text, end) if token == "$" else None
                code = dollar_prefix(country.group(1)) if country else None
                if code:  # French "10 $ US", "10 $CA"
                    return country.end(), code, 1.0, False
                named = _dollar_adjective(text, end, cur) if token == "$" else None
                if named:  # "10 000 $ canadiens"
                    return named[0], named[1], 1.0, False
                return end, sym[0], sym[1], False
        head = _WORD.match(seg2)
        if not head:
            continue
        first = head.group(0).lower().rstrip(".")
        w0 = lower_unaccented(first)
        if w0 not in cur.first_words and w0[:5] not in cur.first_words and first not in cur.subunits:
            continue  # most words after a numeral start no currency name: look no further
        words = list(_WORD.finditer(seg2, 0, min(len(seg2), 60)))[: cur.max_name_words]
        reach = max(_name_reach(words, cur), first in cur.subunits)
        for k in range(reach, 0, -1):
            chunk = seg2[: words[k - 1].end()]
            if "  " in chunk or _NOT_IN_NAME.search(chunk):
                continue
            low = chunk.lower().rstrip(".")
            code = cur.names.get(low) or cur.names.get(lower_unaccented(low))
            if code is None and k > 1 and w0[:5] in cur.first_words:  # inflected: "kanadischen Dollar"
                code = cur.stems.get(stem_key(low.split())) or cur.stems.get(stem_key(lower_unaccented(low).split()))
            if code:
                end = pos + off + lead + len(chunk.rstrip("."))
                sub = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
                sub_word = sub.group(0).lower().rstrip(".") if sub else ""
                if sub_word in cur.subunits and not (lang == "fr" and sub_word == "cent"):
                    # "10 euro cents", "50 Euro Cent" (French "cent" is 100)
                    return sub.start() + len(sub_word), code, 0.01, True
                scale = cur.name_scales.get(low, 1.0)
                if scale != 1.0 and not _stands_alone(text, end, lang):
                    return None  # "a grand piano", "5 grand slams"
                return end, code, scale, False
            if k == 1 and low in cur.subunits:
                end = pos + off + lead + len(low)
                of = _of_currency(text, end, cur)
                if of:  # "50 centimes d'euro", "cincuenta céntimos de dólar"
                    return of[0], of[1], 0.01, True
                return end, _sub_currency(low, cur, lang), 0.01, True
    return None


def _of_currency(text: str, pos: int, cur: Currencies) -> tuple[int, str] | None:
    """The currency named after a subunit ("centimes d'euro", "centesimi di euro"): (end, code)."""
    conn = _CONNECTOR.match(text[pos : pos + 12])
    word = _WORD.match(text, pos + conn.end()) if conn else None
    if not word:
        return None
    name = word.group(0).rstrip(".")
    code = cur.names.get(name.lower())
    return (word.start() + len(name), code) if code else None


def _stands_alone(text: str, pos: int, lang: str) -> bool:
    """A word that is a noun only on its own (English "grand" of a thousand dollars): before punctuation, the
    end, or a function word ("five grand a month"), not before the noun it describes ("a grand total")."""
    m = _PLAIN_WORD.match(text, pos)
    if m is None:
        return not text[pos : pos + 2].strip(" ")[:1].isalnum()
    return zipf(m.group(1).lower(), lang) >= 5.4  # "a", "the", "for", "per", "each"; not "piano", "total"


def _dollar_adjective(text: str, pos: int, cur: Currencies) -> tuple[int, str] | None:
    """ "$" then the adjective of a dollar's name ("$ canadiens", "$ australianos"): (end, code)."""
    m = _ADJECTIVE_AFTER.match(text, pos)
    if not m:
        return None
    adjective = m.group(1).lower()
    for noun in _DOLLAR_NOUNS:
        code = cur.names.get(f"{noun} {adjective}")
        if code and code in cur.shared.get("$", ()):
            return m.end(), code
    return None


def _starts_nothing(word: str, cur: Currencies) -> bool:
    """A word after a numeral that is no symbol, code, connector, subunit or first word of a currency name
    (what `_after` would find out the long way), remembered per language."""
    known = cur.no_currency.get(word)
    if known is None:
        low = word.lower()
        known = not (
            len(word) < 2  # "50p"
            or _CONNECTOR.match(" " + low)
            or read_symbol(word, cur)
            or lower_unaccented(low) in cur.first_words
            or lower_unaccented(low)[:5] in cur.first_words
            or low in cur.subunits
        )
        cur.no_currency[word] = known
    return known


def _name_reach(words: list[re.Match[str]], cur: Currencies) -> int:
    """How many of the words can begin a currency name (as written or inflected): longer chunks cannot be
    one, so they are not looked up."""
    toks: list[str] = []
    for w in words:
        toks.append(lower_unaccented(w.group(0).rstrip(".")))
        if tuple(toks) not in cur.prefixes and stem_key(toks) not in cur.stem_prefixes:
            return len(toks) - 1
    return len(toks)


def _before(text: str, pos: int, cur: Currencies, digits: bool = False) -> tuple[int, str, float] | None:
    """Symbol or code right before a numeral ("$5", "€ 10", "SEK 10", "US$5", "hk $ 10"): (start, code, mult)."""
    head = text[max(0, pos - 12) : pos]
    stripped = head.rstrip(_SPACE)
    if len(head) - len(stripped) > 1 or not stripped:
        return None
    if stripped[-1] == "$":
        m = _LAST_TOKEN.search(stripped)
        raw = m.group(0) if m else ""
    else:  # the last run of non-space characters, without a regex search: most numerals have a word before
        raw = stripped.rsplit(None, 1)[-1] if not stripped[-1].isspace() else ""
    if not raw:
        return None
    key = (raw, digits)
    if key not in cur.before:
        cur.before[key] = _symbol_before(raw, cur, digits)
    found = cur.before[key]
    if found is None:
        return None
    return pos - len(head) + len(stripped) - len(raw) + found[0], found[1], found[2]


def _symbol_before(raw: str, cur: Currencies, digits: bool) -> tuple[int, str, float] | None:
    """The symbol, code or name at the end of the token before a numeral: (offset in the token, code, mult)."""
    token = raw.lstrip("(“\"'«")
    at = len(raw) - len(token)
    if token.endswith(".") and any(c.islower() for c in token):
        token = token[:-1]  # "Fr. 10", "Rs. 500"; not "USD." that ends a sentence
    # "(€5)" and "-$5": take the longest tail that is a symbol, starting where a word starts ("was $5" is no
    # "AS$", American Samoa's dollar)
    for i in range(len(token)):
        if i and token[i - 1].isalpha() and token[i].isalpha():
            continue
        sym = read_symbol(token[i:], cur)
        if sym:
            return at + i, sym[0], sym[1]
    low = token.lower()
    if digits and low in cur.prefix_names and token.isalpha():
        return at, cur.names[low], 1.0
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
        if is_vague(text, n, key):
            continue  # "millions of dollars", "several thousand euros": no value to give
        n_end = n.end
        if not n.words and text[n_end : n_end + 2] in (",-", ".-", ",–", ".–"):
            n_end += 2  # "€ 10.000,-", Swiss "Fr. 10.–": no cents
        pre = None if n.article else _before(text, n.start, cur, not n.words)
        pre_token = text[pre[0] : n.start].strip() if pre else ""
        if pre and pre[0] < used_until and (cur.symbol_after or pre_token.lower() in cur.prefix_names):
            pre = None  # the name or symbol belongs to the amount before ("10 euros 5 times", "5 € 20 personnes")
        if pre and n.text.isdigit() and _YEAR.fullmatch(n.text) and pre_token.lower() in cur.prefix_names:
            pre = None  # "Euro 2024" is a tournament; a name before digits is rarely a price in whole thousands
        post = _after(text, n_end, cur, key)
        if post and key in ("sv", "no", "da") and i and _colon_cents(text, nums[i - 1], n, used_until):
            lo = nums[i - 1]  # "5:50 kr" is 5.50 kronor
            n = Number(lo.start, n.end, lo.value + n.value / 100, text[lo.start : n.end])
            pre = None
        if n.article and (
            post is None or text[n_end : n_end + 1] != " "
            or not (post[3] or post[1] in cur.article_codes or zipf(text[n_end : post[0]].strip().lower(), key) < 5.0)
        ):
            continue  # "a dollar", "en krona", "a penny", "un peso"; not "a won match"
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
        if post and pre and post[1] != code and post[2] == 1.0 and post[1] in cur.shared.get(pre_token, ()):
            code = None  # "$ 500 pesos": the name after says which of the currencies written "$" it is
        if post and (pre is None or code is None or post[1] == code or post[2] != 1.0):
            end = post[0]
            if pre is None or code is None or post[2] != 1.0:
                code, mult, sub = post[1], post[2] * (mult if pre and post[2] == 0.01 else 1.0), post[3]
        value = _money_value(n, code) * mult
        frac = fraction_before(text, n, key) if n.article and not sub else None
        if frac:  # "half a dollar"
            start, value = frac[0], value * frac[1]
        half = half_after(text, end, key) if not sub and mult == 1.0 and text[end - 1].isalpha() else None
        if half:  # "a dollar and a half", "deux euros et demi"
            end, value, sub = half, value + 0.5, True
        found = Found(start, end, value, code)
        if not sub:
            found = _with_subunit(text, found, nums[i + 1] if i + 1 < len(nums) else None, cur, key)
        found = _with_range(text, found, n, nums[i - 1] if i else None, cur, out)
        found = _negative(text, found)
        found = _with_qualifier(text, found, cur)
        found = _without_final_dot(text, found, key)
        if key == "en" and _is_weight(text, found):
            continue
        # out is left to right and disjoint: the amounts this one swallows end it
        after = []
        while out and out[-1].end > found.start:
            f = out.pop()
            if f.start >= found.end:
                after.append(f)
        out += [*reversed(after), found]
        used_until = found.end
        prefixed = found.end == n_end and found.qualifier != "range"
    return tuple(out)


def _colon_cents(text: str, whole: Number, cents: Number, used_until: int) -> bool:
    """Scandinavian prices "5:50 kr": whole units, a colon, then two digits of öre."""
    return (
        whole.start >= used_until
        and whole.end == cents.start - 1
        and text[whole.end] == ":"
        and whole.text.isdigit()
        and len(cents.text) == 2
        and cents.text.isdigit()
    )


def _without_final_dot(text: str, found: Found, lang: str) -> Found:
    """ "€ 2,5 mln." at the end of a sentence: the dot ends the sentence, not the amount. (German capitalises
    nouns, "5 Mio. Zuschuss", so there only the end of the text or line tells.)"""
    end = found.end
    if text[end - 1] != "." or not text[end - 2 : end - 1].isalpha():
        return found
    nxt = text[end : end + 2]
    if nxt[:1] in ("", "\n", "\r") or (lang != "de" and nxt[:1] == " " and nxt[1:2].isupper()):
        return replace(found, end=end - 1)
    return found


def _is_weight(text: str, found: Found) -> bool:
    """English "5 pounds of sugar", "weighs 200 pounds": pounds as weight, not sterling (millions of pounds
    are money)."""
    surface = text[found.start : found.end].lower()
    if not surface.endswith(("pound", "pounds")) or "£" in surface or _BIG_SCALE.search(surface):
        return False
    return bool(_OF_AFTER.match(text, found.end) or _WEIGH_BEFORE.search(text, max(0, found.start - 25), found.start))


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


def _with_subunit(text: str, found: Found, nxt: Number | None, cur: Currencies, lang: str) -> Found:
    """ "15 dollars and 50 cents", "3 euros con 99 céntimos", "zwei Euro fünfzig" are one amount each."""
    if nxt is None or found.currency is None:
        return found
    gap = text[found.end : nxt.start]
    if not _SUB_JOIN.match(gap) or nxt.article or not (0 < nxt.value < 100 and float(nxt.value).is_integer()):
        return found
    post = _after(text, nxt.end, cur, lang)
    if _cents_after_symbol(text, found, nxt, gap) and post is None:
        return Found(found.start, nxt.end, found.value + nxt.value / 100, found.currency)
    if post and post[3] and post[2] == 0.01:  # "15 dollars and 50 cents", "$5 and 50 cents", "£5 50p"
        return Found(found.start, post[0], found.value + nxt.value / 100, found.currency)
    if not text[found.start : found.end][-1:].isalpha():
        return found  # "$15 50": the main unit must be a written name for a bare number of cents to follow
    # a bare number of cents: only when nothing but punctuation or the end follows ("15 dollars 50.")
    if post is None and re.match(r"^\s*(?:[.,;:!?)]|$)", text[nxt.end :]):
        return Found(found.start, nxt.end, found.value + nxt.value / 100, found.currency)
    return found


def _cents_after_symbol(text: str, found: Found, nxt: Number, gap: str) -> bool:
    """French prices "2€50", "3 € 99." put the cents after the symbol: two digits right after a symbol that
    follows the number (spaced only when the price ends there, "2 € 50 personnes" is not one)."""
    if not (text[found.start].isdigit() and text[found.end - 1] in _CENT_SYMBOLS and _TWO_DIGITS.fullmatch(nxt.text)):
        return False
    return gap == "" or (gap == " " and bool(_ENDS_HERE.match(text, nxt.end)))


def _with_range(text: str, found: Found, n: Number, lo: Number | None, cur: Currencies, out: list[Found]) -> Found:
    """ "10–15 miljoner kronor", "between $5 and $10 million": one amount with qualifier range (`lo` is the
    numeral before `n`)."""
    if lo is None:
        return found
    if out and out[-1].end > lo.start:  # the lower bound is already its own amount: "€5m to €10m"
        prev = out[-1]
        gap = text[prev.end : found.start]
        is_range = _RANGE_DASH.match(gap) or (_RANGE_AND.match(gap) and _between(text, prev.start))
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
    between = _between(text, lo_start)
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


def _between(text: str, pos: int) -> bool:
    """Does "between", "entre los"… stand right before `pos`? (Only the words just before are searched.)"""
    return _BETWEEN.search(text, max(0, pos - 40), pos) is not None


def _with_qualifier(text: str, found: Found, cur: Currencies) -> Found:
    if found.qualifier != "exact":
        return found
    m = cur.qualifier.search(text, max(0, found.start - 40), found.start)
    if not m:
        after = cur.trailing.match(text, found.end)
        if after:  # "$5 or more", "5 000 euros environ", "$5+"
            return replace(found, end=after.end(), qualifier=after.lastgroup or "more_than")
        return found
    kind = cur.qualifier_kind.get(m.group(1).lower())
    if kind is None:  # case-insensitive regex, case-sensitive table: find the phrase's kind by regex
        kind = next((k for p, k in cur.qualifier_kind.items() if re.fullmatch(p, m.group(1), re.IGNORECASE)), "exact")
    return Found(
        m.start(1), found.end, found.value, found.currency, kind, found.value_max, found.high_start, found.low_end
    )
