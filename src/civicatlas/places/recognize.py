"""Toponym recognition: n-gram lookup of normalised tokens in the gazetteer's name index.

Every token sequence of up to six tokens that starts and ends with a capitalised token is looked up as a
key (longest match first), so recognition costs a few dict look-ups per token, whatever the gazetteer
size. Country adjectives ("Irish", "svenska", "deutsche") come from the demonym table and may be lower
case. Cheap inflections (Swedish genitive, German -er, Polish locatives) are tried when a capitalised
token has no match. Whether a match is a place is decided later from its features (the spans here carry
them), because "Area", "Mobile" or a surname are gazetteer names too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from civicatlas.places.build import ADMIN_KEYS, CITY_KEYS, COUNTRY
from civicatlas.places.gazetteer import Gazetteer
from civicatlas.places.normalize import tokens
from civicatlas.words import fold, zipf

MAX_TOKENS = 6
# Newsroom abbreviations of states and provinces (AP and Canadian Press style), read only as "Town, Abbr.":
# US local news writes "Columbus, Ga." where the gazetteer's names and postal codes do not reach.
REGION_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    **{a: ("US", name) for a, name in (
        ("ala", "Alabama"), ("ariz", "Arizona"), ("ark", "Arkansas"), ("calif", "California"), ("cal", "California"),
        ("colo", "Colorado"), ("conn", "Connecticut"), ("del", "Delaware"), ("fla", "Florida"), ("ga", "Georgia"),
        ("ill", "Illinois"), ("ind", "Indiana"), ("kan", "Kansas"), ("kans", "Kansas"), ("ky", "Kentucky"),
        ("la", "Louisiana"), ("md", "Maryland"), ("mass", "Massachusetts"), ("mich", "Michigan"),
        ("minn", "Minnesota"), ("miss", "Mississippi"), ("mo", "Missouri"), ("mont", "Montana"),
        ("neb", "Nebraska"), ("nebr", "Nebraska"), ("nev", "Nevada"), ("nh", "New Hampshire"),
        ("nj", "New Jersey"), ("nm", "New Mexico"), ("ny", "New York"), ("nc", "North Carolina"),
        ("nd", "North Dakota"), ("okla", "Oklahoma"), ("ore", "Oregon"), ("oreg", "Oregon"), ("pa", "Pennsylvania"),
        ("ri", "Rhode Island"), ("sc", "South Carolina"), ("sd", "South Dakota"), ("tenn", "Tennessee"),
        ("tex", "Texas"), ("vt", "Vermont"), ("va", "Virginia"), ("wash", "Washington"), ("wva", "West Virginia"),
        ("wis", "Wisconsin"), ("wisc", "Wisconsin"), ("wyo", "Wyoming"), ("dc", "District of Columbia"))},
    **{a: ("CA", name) for a, name in (
        ("alta", "Alberta"), ("bc", "British Columbia"), ("man", "Manitoba"), ("nb", "New Brunswick"),
        ("nfld", "Newfoundland and Labrador"), ("nl", "Newfoundland and Labrador"), ("ns", "Nova Scotia"),
        ("ont", "Ontario"), ("pei", "Prince Edward Island"), ("que", "Quebec"), ("sask", "Saskatchewan"))},
}
_SENTENCE_BREAK = re.compile(r"[.!?:\n•|\"“”]")

# Ending → replacement, tried on an unmatched capitalised token: genitive s, German -er adjectives,
# Slavic, Finnic and Baltic case endings ("Krakowie" → "Krakow", "Łodzi" → "Lodz", "Espoossa" → "Espoo").
# Each is tried only in the languages that inflect names so (all of them when the language is unknown):
# a French "Claire" is a first name, not a Polish form of "Claira".
_GENITIVE = frozenset("sv da no nb nn de nl en is lb".split())
_SLAVIC = frozenset("pl cs sk sl hr sr bs".split())
INFLECTIONS = (("s", "", _GENITIVE), ("er", "", frozenset(("de", "lb"))), *(
    # endings as folded (no diacritics): "Brně" is tried as "brne" -> "brna", then "brno"
    (suf, rep, _SLAVIC) for suf, rep in (("ie", ""), ("ie", "a"), ("u", ""), ("y", "a"), ("i", ""), ("e", "a"),
                                         ("e", "o"), ("ce", "ka"), ("ci", "ka"), ("a", ""), ("iu", ""), ("em", ""),
                                         ("ach", "y"), ("ze", "ga"))), *(
    # Finnish and Estonian cases: "Espoossa", "Tampereen", "Tartus", "Tallinnast"
    (suf, "", frozenset(("fi",))) for suf in ("ssa", "sta", "lla", "lta", "lle", "en", "n")), *(
    (suf, "", frozenset(("et",))) for suf in ("sse", "st", "s", "a")), *(
    # Lithuanian and Latvian: "Vilniaus", "Kaune", "Klaipėdoje", "Rīgas"
    (suf, rep, frozenset(("lt",))) for suf, rep in (("aus", "us"), ("uje", "us"), ("oje", "a"), ("os", "a"),
                                                     ("o", "as"), ("e", "as"))), ("as", "a", frozenset(("lv",))))

# Words in front of a name that say "this is a place": prepositions of place and administrative heads.
PLACE_CUES = frozenset(
    "in at from near to into across throughout outside inside around of "
    "i från till vid mot kring hos "
    "im aus bei nach nahe "
    "à au aux en près vers "
    "a da di dal nel nella "
    "en desde hacia cerca "
    "w we z ze do na ve v "
    "uit bij naar op "
    "fra ved "
    "city town stadt ville région region regione provincia province municipality kommun miasto gmina "
    "comune commune".split()
)
# Words around a capitalised name that make it a person's: titles before, verbs of saying after.
PERSON_BEFORE = frozenset(
    "mr mrs ms miss dr sir dame lady lord president senator sen rep representative gov governor mayor judge "
    "officer sgt sergeant lt capt captain chief coach prof professor rev reverend father pastor minister "
    "herr frau monsieur madame señor señora signor pan pani".split()
)
PERSON_AFTER = frozenset("said says told added explained wrote asked stated argued noted according".split())
# Nouns after a country adjective that make it the name of a language.
LANGUAGE_NOUNS = frozenset(
    "speaking speaker speakers language languages translation translations version subtitles dub dubbed "
    "språket språk sprache sprachige langue langage lengua idioma lingua taal".split()
)
# The prepositions among the cues (not the administrative head words).
PREPOSITIONS = frozenset(fold(w) for w in (
    "in at from near into i från till vid im aus bei nach à au aux en près a da di dal nel nella desde "
    "w we z ze do na ve v uit bij naar fra ved").split())
PLACE_CUES = frozenset(fold(w) for w in PLACE_CUES)

# Nouns after a name that make it the name of something else: a street, square, building or body of water.
FEATURE_NOUNS = frozenset(
    "street st road avenue ave boulevard blvd lane drive square plaza park bridge river lake creek airport "
    "station hall church cathedral school college university hospital stadium arena hotel mall center centre "
    "building tower gate market bay beach island mountain valley county-line "
    "gatan vägen torget parken platz straße strasse allee brücke see fluss kirche "
    "plein straat kerk ulica rynek plac".split()
)
FEATURE_NOUNS = frozenset(fold(w) for w in FEATURE_NOUNS)


@dataclass
class Span:
    """A gazetteer match in one text, with the features that decide whether it is a place."""

    start: int
    end: int
    surface: str
    key: str
    entries: list[tuple[int, bool]] = field(default_factory=list)  # (entry, is main name)
    demonym: list[str] = field(default_factory=list)  # countries, when the span is a country adjective
    sentence_initial: bool = False
    cue_before: bool = False  # a place preposition or administrative head word right before
    admin_after: bool = False  # "X kommun", "X County"
    admin_before: bool = False  # "Region X", "City of X"
    city_word: bool = False  # the administrative word is a town-level one ("City of X", "X kommun")
    feature_after: bool = False  # "X Street", "Maidan square"
    # Inside a longer run of capitalised words: after another word ("Johan Lilja": a surname), or before one
    # ("Winnipeg Office of Public Engagement": a place in an organisation's name, still a place).
    run_before: bool = False
    run_after: bool = False
    inflected: bool = False
    person_before: bool = False  # "Mr Jackson": a person's name
    person_after: bool = False  # "Jackson said": a person's, unless a capital speaking for its government
    unknown: bool = False  # no gazetteer entry, but written like a place after a place preposition
    commonness: float = 0.0  # wordfreq Zipf frequency of the key in the text's language
    field: str = "text"


def commonness(key: str, lang: str | None) -> float:
    """How common the name is as words of the text's language (English when unknown).

    For several words, the rarest one counts: "The City" is all common words, "The Hague" is not.
    """
    return min(zipf(w, lang or "en") for w in key.split())


@lru_cache(maxsize=64)
def _date_words(lang: str | None) -> frozenset[str]:
    """Day and month names and their abbreviations (CLDR) in the language and in English, folded: "mon",
    "march", "okt"."""
    from babel import Locale, UnknownLocaleError

    out = set()
    for code in {"en", lang or "en"}:
        try:
            loc = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        for names in (loc.days["format"], loc.months["format"]):
            for width in ("abbreviated", "wide"):
                out.update(fold(w.rstrip(".")) for w in names[width].values())
    return frozenset(out)


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


class Recognizer:
    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer

    def demonym_countries(self, k: str, lang: str | None, capitalised: bool) -> list[str]:
        hits = self.g.demonyms.get(k)
        if not hits:
            return []
        langs = {lang or "en"}
        if lang is None or lang == "en":
            # English capitalises adjectives of countries; a lower-case "french fries" is not about France.
            if not capitalised:
                return []
        return sorted({c for c, lg in hits if lg in langs})

    def _plausible(self, ent: list[tuple[int, bool]], k: str, single: str, lang: str | None,
                   dateline: bool = False) -> list[tuple[int, bool]]:
        g = self.g
        # An acronym ("BLM", "GANA") is not a place's name; country codes and initials ("USA", "UAE") are.
        # A dateline ("ROME —") is written in capitals whatever the name's length.
        if single and single.isupper() and len(single) <= 4 and not dateline:
            ent = [(e, m) for e, m in ent if g.code_keys.get(k) == e]
        return ent if single.isupper() else self.no_foreign_word(ent, k, lang)

    def no_foreign_word(self, ent: list[tuple[int, bool]], k: str, lang: str | None) -> list[tuple[int, bool]]:
        """Without the countries whose name in another language is a common word here: "Island" (Iceland) or
        "Columbia" (Colombia, in Romanian) in English."""
        g = self.g
        langs = g.country_name_langs.get(k)
        if langs and (lang or "en") not in langs and commonness(k, lang) >= 4.0:
            return [(e, m) for e, m in ent if g.kind[e] != COUNTRY]
        return ent

    @staticmethod
    def _looks_like_unknown_place(tok: str, i: int, folded: list[str], initial: list[bool], run_id: list[int],
                                  gaps: list[str], lang: str | None) -> bool:
        # A lone capitalised word after a place preposition ("i Almedalen") in a language that capitalises
        # only names: English capitalises months and languages, German every noun, so both are left out.
        if lang in (None, "en", "de", "lb") or i == 0 or initial[i] or tok.isupper() or len(tok) < 4:
            return False
        if folded[i - 1] not in PREPOSITIONS or gaps[i].strip():
            return False
        alone = run_id[i - 1] != run_id[i] and (i + 1 >= len(run_id) or run_id[i + 1] != run_id[i])
        return alone and commonness(folded[i], lang) < 4.0

    @staticmethod
    def _datelines(toks: list, gaps: list[str], text: str) -> dict[int, int]:
        """Tokens that open a news dateline ("KYIV, Ukraine (AP) —", "NEW DELHI:"): words in capitals at the
        start of a line, then a comma, dash, colon or parenthesis. Start token → end token."""
        out = {}
        n = len(toks)
        for i in [0, *(i for i in range(1, n) if "\n" in gaps[i])]:
            j = i
            while j < n and len(toks[j][2]) > 1 and toks[j][2].isupper() and (j == i or gaps[j].strip() == ""):
                j += 1
            after = (gaps[j] if j < n else text[toks[j - 1][1]:]).lstrip() if j > i else ""
            if after[:1] in (",", "—", "–", "-", "(", ":"):
                out[i] = j
        return out

    @staticmethod
    def _dated(i: int, toks: list, folded: list[str], gaps: list[str], text: str, words: frozenset[str]) -> bool:
        """A day or month name next to a number or another one ("Mon Feb 4", "Jan 5"): a date, never a place
        ("Mon" is also a name of the Isle of Man). `words`: the language's day and month names."""
        after = gaps[i + 1] if i + 1 < len(toks) else text[toks[i][1]:]
        if after.lstrip(". ")[:1].isdigit() or gaps[i].rstrip(". ")[-1:].isdigit():
            return True
        return (i + 1 < len(toks) and after.strip(". ") == "" and folded[i + 1] in words) or (
            i > 0 and gaps[i].strip(". ") == "" and folded[i - 1] in words)

    @cached_property
    def state_codes(self) -> dict[str, int]:
        """US state postal codes ("NJ") → entry."""
        g = self.g
        return {g.admin1[i]: i for i in range(len(g.kind)) if g.level[i] == 1 and g.country(i) == "US"}

    @cached_property
    def abbreviations(self) -> dict[str, int]:
        """Newsroom abbreviations ("ga", "wva") → the state's or province's entry."""
        g, out = self.g, {}
        for abbr, (country, name) in REGION_ABBREVIATIONS.items():
            found = [e for e, _ in g.lookup(fold(name)) if g.level[e] == 1 and g.country(e) == country]
            if found:
                out[abbr] = found[0]
        return out

    def _region_after_comma(self, i: int, spans: list[Span], gaps: list[str], toks: list,
                            text: str) -> tuple[int, int] | None:
        """(entry, tokens used) for "Newark, NJ", "Columbus, Ga." and "Trenton, N.J.": a state's postal code or
        abbreviation counts only right after a place and a comma."""
        if not (spans and spans[-1].entries and gaps[i].strip() == "," and spans[-1].end == toks[i - 1][1]):
            return None
        tok = toks[i][2]
        if len(tok) == 2 and tok in self.state_codes:
            return self.state_codes[tok], 1
        # letters joined by dots ("N.J.", "W.Va.") make one abbreviation; it must end with a dot
        j, parts = i, []
        while j < len(toks) and len(parts) < 3 and (j == i or gaps[j] == "."):
            parts.append(toks[j][2])
            j += 1
            entry = self.abbreviations.get(fold("".join(parts)))
            if entry is not None and text[toks[j - 1][1] : toks[j - 1][1] + 1] == "." and tok[0].isupper():
                return entry, j - i
        return None

    @staticmethod
    def _language_use(folded: list[str], gaps: list[str], i: int, j: int) -> bool:
        """"Spanish-speaking", "in Spanish.", "the Swedish language": the adjective names a language."""
        n = len(folded)
        if j < n and folded[j].split("-")[0] in LANGUAGE_NOUNS and gaps[j].strip() in ("", "-"):
            return True
        if "-" in folded[j - 1] and folded[j - 1].split("-", 1)[1] in LANGUAGE_NOUNS:
            return True
        ends = j == n or bool(_SENTENCE_BREAK.search(gaps[j]) or "," in gaps[j])
        if i > 0 and folded[i - 1] in ("speak", "speaks", "spoke", "spoken", "speaking", "learn", "learns", "learning"):
            return True  # "she speaks Dutch"
        return i > 0 and folded[i - 1] in ("in", "into", "from", "i", "pa", "auf", "en") and ends

    def _split_hyphens(self, toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A name inside a hyphenated word: "London-based", "Syrian-born", "pro-Moscow", "Iran-Iraq". Lower-case
        parts at either end are other words; capitalised parts are split only when the whole word names nothing and
        each part something ("Baden-Baden", "Guinea-Bissau", "Stratford-upon-Avon", "Mercedes-Benz" stay whole)."""
        out = []
        for tok in toks:
            start, _, t = tok
            if "-" not in t:
                out.append(tok)
                continue
            parts = t.split("-")
            caps = [p[:1].isupper() for p in parts]
            if not any(caps):
                out.append(tok)
                continue
            if all(caps):  # "Iran-Iraq", not "Mercedes-Benz": every part must name something
                known = [fold(p) in self.g.names or fold(p) in self.g.demonyms for p in [t, *parts]]
                pieces = parts if not known[0] and all(known[1:]) else [t]
            else:
                lo = caps.index(True)
                hi = len(caps) - caps[::-1].index(True)
                pieces = [*parts[:lo], "-".join(parts[lo:hi]), *parts[hi:]]
            for piece in pieces:
                out.append((start, start + len(piece), piece))
                start += len(piece) + 1
        return out

    def find(self, text: str, lang: str | None = None, field_name: str = "text") -> list[Span]:
        toks = self._split_hyphens(tokens(text))
        n = len(toks)
        folded = [fold(t) for _, _, t in toks]
        caps = [_is_cap(t) for _, _, t in toks]
        gaps = [text[toks[i - 1][1]:toks[i][0]] if i else text[: toks[0][0]] for i in range(n)] if n else []
        initial = [i == 0 or _SENTENCE_BREAK.search(gaps[i]) is not None for i in range(n)]
        # Runs of capitalised tokens separated by spaces only: a match inside a longer run is a part of a name.
        run_id = [0] * n
        rid = 0
        for i in range(n):
            joined = caps[i] and i and caps[i - 1] and gaps[i].strip() == "" and not initial[i]
            # A common word capitalised only because it opens the sentence ("Kommunerna Lund") starts no name.
            if joined and initial[i - 1] and commonness(folded[i - 1], lang) >= 4.0:
                joined = False
            if not joined:
                rid += 1
            run_id[i] = rid
        spans: list[Span] = []
        datelines = self._datelines(toks, gaps, text) if n else {}
        date_words = _date_words(lang)
        i = 0
        while i < n:
            if caps[i] and folded[i] in date_words and self._dated(i, toks, folded, gaps, text, date_words):
                i += 1
                continue
            if not caps[i]:
                dem = self.demonym_countries(folded[i], lang, False)
                if dem and not self._language_use(folded, gaps, i, i + 1):
                    s, e, t = toks[i]
                    spans.append(Span(s, e, t, folded[i], demonym=dem, field=field_name))
                i += 1
                continue
            region = self._region_after_comma(i, spans, gaps, toks, text)
            if region is not None:  # before the gazetteer: in "Portland, Ore." the state wins over a town Ore
                entry, used = region
                s, e = toks[i][0], toks[i + used - 1][1]
                spans.append(Span(s, e, text[s:e], folded[i], entries=[(entry, True)], field=field_name))
                i += used
                continue
            match = None
            for j in range(min(n, i + MAX_TOKENS), i, -1):
                if not caps[j - 1] and j - 1 > i:
                    continue
                # a dot joins initials and a short first word ("St. Paul", "Ft. Worth"), else it ends the name
                if any(gaps[m].strip() not in ("", "'", "’", "-") and not (gaps[m].strip() == "." and
                       (len(folded[m - 1]) == 1 or (m - 1 == i and len(folded[i]) <= 3))) for m in range(i + 1, j)):
                    continue
                k = " ".join(folded[i:j])
                ent = self.g.lookup(k)
                if ent and k in self.g.code_keys and not toks[i][2].isupper():
                    # Country codes and initials ("U.S.", "USA", "UAE") count only as written in capitals.
                    ent = [(e, main) for e, main in ent if e != self.g.code_keys[k]]
                if ent and j == i + 1 and len(k) <= 2 and not toks[i][2].isupper():
                    ent = []  # "St", "Mt": abbreviations, not two-letter towns
                if ent:
                    ent = self._plausible(ent, k, toks[i][2] if j == i + 1 else "", lang, j <= datelines.get(i, -1))
                dem = self.demonym_countries(k, lang, True)
                if (ent or dem) and k not in ADMIN_KEYS:
                    match = (j, k, ent, dem, "")
                    break
            if match is None and len(folded[i]) >= (4 if lang in _SLAVIC else 5):  # "Brně" is Brno
                # every reading competes ("Brně": Brna or Brno); the key is the first that names something
                for suf, rep, langs in INFLECTIONS:
                    if folded[i].endswith(suf) and (lang is None or lang in langs):
                        k = folded[i][: -len(suf)] + rep
                        ent = self.g.lookup(k)
                        if ent and match is None:
                            match = (i + 1, k, ent, [], suf)
                        elif ent and match is not None:
                            match[2].extend(e for e in ent if e not in match[2])
            if match is None:
                if self._looks_like_unknown_place(toks[i][2], i, folded, initial, run_id, gaps, lang):
                    s, e, t = toks[i]
                    spans.append(Span(s, e, t, folded[i], unknown=True, cue_before=True, field=field_name))
                i += 1
                continue
            j, k, ent, dem, suffix = match
            inflected = bool(suffix)
            if dem and self._language_use(folded, gaps, i, j):
                i = j
                continue
            start, end = toks[i][0], toks[j - 1][1]
            # A country adjective names the country itself, not a town that happens to share the word.
            span = Span(start, end, text[start:end], k, entries=[] if dem else ent, demonym=dem, inflected=inflected,
                        field=field_name)
            span.sentence_initial = initial[i]
            prev = folded[i - 1] if i else ""
            span.cue_before = bool(i) and prev in PLACE_CUES and gaps[i].strip() == ""
            head = prev in ADMIN_KEYS or (prev == "of" and i > 1 and folded[i - 2] in ADMIN_KEYS)
            span.admin_before = bool(i) and head
            nxt = folded[j] if j < n else ""
            span.admin_after = j < n and nxt in ADMIN_KEYS and gaps[j].strip() == ""
            span.city_word = (span.admin_before and (prev in CITY_KEYS or folded[i - 2] in CITY_KEYS)) or (
                span.admin_after and nxt in CITY_KEYS)
            if j <= datelines.get(i, -1):  # a dateline names the town the story was filed from
                span.city_word = True
            # A name that carries its own administrative word ("Douglas County") is a place whatever its words,
            # unless the rest is only function words ("La Ville de Besançon"); it may speak, but is no person.
            words = k.split()
            rest = [w for w in words if w not in ADMIN_KEYS]
            own_admin = 0 < len(rest) < len(words) and max(zipf(w, lang or "en") for w in rest) < 5.5
            span.person_before = bool(i) and prev in PERSON_BEFORE and not dem
            span.person_after = nxt in PERSON_AFTER and not dem and not own_admin  # "Latah County said"
            span.feature_after = j < n and nxt in FEATURE_NOUNS and gaps[j].strip() == ""
            span.run_before = i > 0 and run_id[i - 1] == run_id[i] and not (span.admin_before or prev in PLACE_CUES)
            span.run_after = j < n and run_id[j] == run_id[j - 1] and not span.admin_after
            # A German "-er" adjective is made only from names: "Bergener" is the place, whatever "bergen" means.
            span.commonness = 0.0 if own_admin else commonness(folded[i] if suffix == "er" else k, lang)
            spans.append(span)
            i = j
        return spans
