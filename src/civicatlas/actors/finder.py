"""Actors in one text: organisations, municipalities and regions acting as organisations, and persons with
functions.

Rules, not a trained model, so they work the same in every language we read:
- an organisation written out and abbreviated ("Internationellt Centrum för Lokal Demokrati, ICLD",
  "European Committee of the Regions (CoR)") is one actor: the initials of the capitalised words must
  spell the abbreviation;
- a capitalised phrase with an organisation noun ("Citizens’ Assembly of Łódź", "Bertelsmann Stiftung");
- a municipality or region named with its administrative noun ("Dorotea kommun", "City of Leipzig",
  "Region Gotland", "Comune di Bologna");
- a person is two or three capitalised words next to a stated function ("Johan Lilja,
  generalsekreterare ICLD", "Mayor Burkhard Jung");
- a bare abbreviation is an organisation when it is not a dictionary word;
- a name nothing else marks, in a place only an actor takes ("hosted by Oxfam", "Vinnova finansierar"), when
  one of its words is rare.
The words are in `lexicon`; what role an actor plays is read by `roles`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from civicatlas.actors.lexicon import AND, ARTICLES, FUNCTIONS, GATES, GOV_NOUNS, INNER, OPENERS, ORG_NOUNS
from civicatlas.actors.roles import ANY_CUE, LOOK_AHEAD, LOOK_BEHIND, is_passive, marked_role, sentence
from civicatlas.numerals.numbers import lang_key
from civicatlas.words import zipf

_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"  # upper-case letters (Latin-1 and Latin Extended-A include lower case too; checked below)
_CAP = r"[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻŠŽČŘĎŤŇĚŮŐŰĖĮŲŪ][\w’'\-]*"
_ACRONYM = re.compile(r"(?<![\w-])([A-ZÅÄÖÜ][A-ZÅÄÖÜ&]{1,7})(?![\w-])(?!-\d)")


# Municipality and region names with their administrative noun before or after the place name.
# A place name of several words after "City of": "Cape Town", "New York", "San José", "Rio de Janeiro"
_PLACE_NAME = (
    rf"(?:(?:New|San|Santa|Santo|São|Los|Las|Port|Fort|Mount|Cape|Saint|St\.|Sankt|Bad|Buenos|Rio de|El|La)\s+)?"
    rf"{_CAP}(?:\s+(?:Town|City|Bay|Island|Beach|Falls|Springs|Heights|Park|Valley|Lake|Harbour|Harbor|Point))?"
)
_MUNI_BEFORE = re.compile(
    rf"(?<!\w)(?:(?:The|the)\s+)?((?:City|Town|Municipality|Borough|County|Village)\s+(?:of|de)\s+{_PLACE_NAME}"
    rf"|(?:Stadt|Gemeinde|Landeshauptstadt|Landkreis|Kreis|Ville|Commune|Comune|Città|Ciudad|Ayuntamiento|"
    rf"Municipio|Prefeitura|Gemeente|Gmina|Miasto|Kommune|Stad|Cidade|Câmara Municipal"
    rf"|(?<=\s)(?:gemeente|comune|ayuntamiento|municipio|prefeitura)(?=\s+(?:de\s+|di\s+)?[{_UP}]))"
    rf"\s+(?:de\s+|di\s+|d['’]\s*|von\s+|van\s+)?{_PLACE_NAME})"
)
_REGION_BEFORE = re.compile(rf"(?<!\w)((?:Region|Regione|Región|Région|Landkreis|Provincia|Province|Län)\s+{_CAP})")
_MUNI_AFTER = re.compile(
    rf"(?<!\w)((?:{_CAP}\s+){{0,2}}{_CAP}(?:s)?\s+(?:kommun|kommune|kunta|City Council|Council|Municipality|"
    rf"Gemeinde|Stadtverwaltung|stad|City Hall))(?!\w)"
)
_REGION_AFTER = re.compile(rf"(?<!\w)({_CAP}\s+(?:län|region|County Council|fylkeskommune|landsting))(?!\w)")


_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


@dataclass(frozen=True)
class FoundActor:
    start: int
    end: int
    name: str
    kind: str
    abbreviation: str | None = None
    function: str | None = None
    confidence: float = 0.8
    by_role: bool = False  # named only by its place in the sentence: a place of the item's is no actor


def _is_upper_word(w: str) -> bool:
    return w[:1].isupper()


def _initials_match(words: list[str], acronym: str) -> bool:
    """Do the capitalised words spell the acronym (inner small words may or may not count)?"""
    letters = acronym.replace("&", "").upper()
    caps = "".join(w[0].upper() for w in words if _is_upper_word(w))
    if caps == letters:
        return True
    every = "".join(w[0].upper() for w in words)
    return every == letters


_PAIR_SEP = re.compile(r"(?:,\s*|\s*\(\s*|\s+[–-]\s+)$")
_PAIR_WORD = re.compile(r"[\w’'\-]+")


def find_pairs(text: str) -> list[FoundActor]:
    """Organisations written out and abbreviated: "Long Name, ACR" or "Long Name (ACR)"."""
    out = []
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        head = text[max(0, m.start() - 160) : m.start()]
        # a separator is one mark between spaces at the end: search only from the spaces before that mark
        sep = _PAIR_SEP.search(head, len(head[: len(head.rstrip()) - 1].rstrip()))
        if not sep:
            continue
        body_end = len(head) - len(sep.group(0))
        words = list(_PAIR_WORD.finditer(head, 0, body_end))
        best = None
        for k in range(1, min(len(words), 12) + 1):
            span = words[-k:]
            ws = [w.group(0) for w in span]
            if not _is_upper_word(ws[0]) or ws[0].lower() in ARTICLES:
                continue
            if any(not _is_upper_word(w) and w.lower() not in INNER for w in ws):
                break
            if _initials_match(ws, acr):
                best = span
        if best:
            offset = m.start() - len(head)
            start = offset + best[0].start()
            end = m.end() + (1 if sep.group(0).strip() == "(" and text[m.end() : m.end() + 1] == ")" else 0)
            name = text[start : offset + best[-1].end()]
            out.append(FoundActor(start, end, name, _kind_of(name), acr, confidence=0.95))
    return out


def _kind_of(name: str) -> str:
    low = name.lower()
    if any(g in low for g in GOV_NOUNS):
        return "government"
    return "organization"


_NOUNS = tuple(ORG_NOUNS + GOV_NOUNS)


@lru_cache(maxsize=8192)
def _org_word(word: str) -> bool:
    low = word.lower()
    # a noun at the start, or at the end before up to three letters of inflection ("Stiftungen", "councils")
    return low.startswith(_NOUNS) or any(low[: max(0, len(low) - cut)].endswith(_NOUNS) for cut in range(4))


# "and" with an article after it starts another name: "Robert Bosch Stiftung und der Bundestag"
_NEXT_NAME = r"(?!(?:and|und|och|et|y|e|en)\s+(?:the|der|die|das|dem|den|la|le|les|el|il|lo|los|las|het|de)\s)"
_PHRASE = re.compile(rf"{_CAP}(?:\s+{_NEXT_NAME}(?:(?:{'|'.join(re.escape(w) for w in INNER)})\s+)*{_CAP})*")


def _name_words(text: str, m: re.Match[str]) -> tuple[int, list[str]]:
    """A capitalised phrase's start and words without the articles and clause openers before the name."""
    start, words = m.start(), m.group(0).split()
    while words and (words[0].lower() in ARTICLES or words[0].lower() in OPENERS):
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
        words = words[1:]
    return start, words


def _bare_noun(word: str) -> bool:
    """An organisation noun alone ("Council", "Stiftung", "Fondation") names no one."""
    low = word.lower()
    return low in ORG_NOUNS and low not in ("riksdag", "bundestag")


def _common_compound(word: str) -> bool:
    """German: an organisation noun after a common word, one compound ("Ortszentrums", "Stadtgesellschaft")."""
    low = word.lower()
    head = next((n for n in ORG_NOUNS if len(n) > 3 and (low.endswith(n) or low[:-1].endswith(n))), None)
    return bool(head) and zipf(low[: low.rindex(head)].rstrip("s"), "de") >= 3.0


def _common_nouns(words: list[str]) -> bool:
    """German phrases of common nouns ("Neugestaltung des Ortszentrums"): every organisation word a common
    compound, and no other word rare (the compounds themselves are rare words). A compound alone stays a name:
    "ihrem Jugendfonds" is one fund."""
    heads = [w for w in words if _org_word(w)]
    if len(words) < 2 or not all(_common_compound(w) for w in heads):
        return False
    return not any(_rare_word(w, "de") for w in words if w not in heads)


def find_named_orgs(text: str, lang: str = "en") -> list[FoundActor]:
    """Capitalised phrases containing an organisation noun ("Citizens’ Assembly of Łódź")."""
    out = []
    for m in _PHRASE.finditer(text):
        start, words = _name_words(text, m)
        if len(words) < 1 or not any(_org_word(w) for w in words):
            continue
        if len(words) == 1 and (not re.search(r"\w{6,}", words[0]) or _bare_noun(words[0])):
            continue  # too short, or the noun alone ("Die Stiftung fördert …")
        pair = len(words) == 3 and words[1].lower() in AND
        if pair and (lang == "de" or not any(_rare_word(w, lang) for w in words)):
            continue  # "Vereine und Unternehmen": two kinds of organisation, not a name
        if lang == "de" and _common_nouns(words):
            continue  # "Neugestaltung des Ortszentrums"
        name = text[start : m.end()]
        if len(words) == 1 and (start == 0 or _mark_before(text, start) in ".!?:"):
            continue  # a lone sentence-initial word ("Partnerskapet") is too weak
        out.append(FoundActor(start, m.end(), name, _kind_of(name), confidence=0.75))
    return out


@lru_cache(maxsize=8)
def _gate(name: str) -> re.Pattern[str]:
    """Any of a pattern's needed words as a substring: one search instead of one test per word."""
    return re.compile("|".join(re.escape(w) for w in GATES[name]))


def find_places_as_actors(text: str) -> list[FoundActor]:
    """Municipalities and regions named with their administrative noun ("Dorotea kommun", "City of Leipzig")."""
    out = []
    low = text.lower()
    for rx, kind, gate in (
        (_MUNI_BEFORE, "municipality", "before"),
        (_MUNI_AFTER, "municipality", "after"),
        (_REGION_BEFORE, "region", "region_before"),
        (_REGION_AFTER, "region", "region_after"),
    ):
        if not _gate(gate).search(low):
            continue
        for m in rx.finditer(text):
            name = m.group(1)
            start = m.start(1)
            first = name.split()[0]
            if first in ("The", "Den", "Det", "Die", "Der", "La", "Le", "El", "Il", "De", "Het") and rx is _MUNI_AFTER:
                continue
            if first.lower() in OPENERS and " " in name:  # "When Linköping Municipality"
                start += len(first) + 1
                name = name[len(first) + 1 :]
            out.append(FoundActor(start, m.end(1), name, kind, confidence=0.9))
    return out


_NAME = rf"({_CAP}(?:\s+{_CAP}){{1,2}})"
_FUNCTION = (
    rf"((?:{'|'.join(FUNCTIONS)})[\w-]*(?:[ \u00a0][^\s,.;:()]+){{0,5}}?)(?=[,.;:()]|\s+(?:i|in|at|på|au|en|a)\s|$)"
)
_FUNCTION_GATE = re.compile(rf"(?<!\w)(?:{'|'.join(FUNCTIONS)})")
_NAME_THEN_FUNCTION = re.compile(rf"(?<!\w){_NAME},\s+{_FUNCTION}")
_FUNCTION_THEN_NAME = re.compile(rf"(?<!\w)((?i:{'|'.join(FUNCTIONS)})(?:n|en|in)?)\s+{_NAME}")


def find_persons(text: str) -> list[FoundActor]:
    """Two or three capitalised words beside a stated function."""
    out: list[FoundActor] = []
    if not _FUNCTION_GATE.search(text.lower()):
        return out  # both patterns need a word that starts with a function, and most texts have none
    for m in _NAME_THEN_FUNCTION.finditer(text):
        words = m.group(1).split()
        if any(_org_word(w) for w in words) or words[0] in ARTICLES:
            continue
        out.append(FoundActor(m.start(1), m.end(1), m.group(1), "person", function=m.group(2), confidence=0.85))
    named_first = [(a.start, a.end) for a in out]  # left to right, disjoint
    for m in _FUNCTION_THEN_NAME.finditer(text):
        if not m.group(2)[0].isupper() or any(_org_word(w) for w in m.group(2).split()):
            continue
        i = bisect.bisect_right(named_first, (m.start(2), len(text)))
        if i and named_first[i - 1][1] > m.start(2):
            continue
        out.append(FoundActor(m.start(2), m.end(2), m.group(2), "person", function=m.group(1), confidence=0.8))
    return out


# Between a name and its verb: "ICLD, som fördelar", "Vinnova har finansierat", "Oxfam has funded"
_TO_VERB = re.compile(
    r"\s*(?:,\s*(?:som|which|who|that|qui|que|che|die|der)\s+)?"
    r"(?:(?:has|have|had|har|hade|hat|hatte|a|ont|ha|han|hanno|tem|heeft|hebben)\s+)?"
)
_PARTNER_WORD = re.compile(r"(?<!\w)(?:with|med|mit|avec|con|com|met|partner|samarbetspart)")


def find_named_by_role(text: str, lang: str) -> list[FoundActor]:
    """A name no noun marks as an organisation, in a place only an actor takes: "hosted by Oxfam", "in
    partnership with Oxfam France", "Vinnova finansierar". At least one of its words must be no dictionary
    word, so "Projektet finansieras" and "Residents received" are no actors."""
    low = text.lower()
    if not ANY_CUE.search(low) and not _PARTNER_WORD.search(low):
        return []
    out = []
    for m in _PHRASE.finditer(text):
        start, words = _name_words(text, m)
        if not words or len(words) > 4 or len(words[-1]) < 2 or _mark_before(text, start).isdigit():
            continue  # "28 Projekte" is a count
        s0, s1 = sentence(text, start)
        initial = _NON_SPACE.search(text, s0, start) is None
        if not any(_rare_word(w, lang) for w in words) and (len(words) < 2 or initial or lang == "de"):
            continue  # German capitalises every noun; elsewhere capitals mid-sentence mark a name
        after = low[m.end() : min(s1, m.end() + LOOK_AHEAD)]
        verb = ANY_CUE.match(after, _TO_VERB.match(after).end())
        if (verb and not is_passive(after, verb)) or marked_role(text[max(s0, start - LOOK_BEHIND) : start], after):
            out.append(FoundActor(start, m.end(), text[start : m.end()], "organization", confidence=0.6, by_role=True))
    return out


def _frequency(low: str, lang: str) -> float:
    """How common a lower-case word is in the language or in English (wordfreq's Zipf scale)."""
    return max(zipf(low, lang), zipf(low, "en"))


def _rare_word(word: str, lang: str) -> bool:
    return _frequency(re.sub(r"['’]s?$", "", word.lower()), lang) < 3.0  # "America's"


def _dictionary_word(word: str, lang: str) -> bool:
    # Short all-caps tokens are abbreviations (EU, NGO); longer ones may be shouted words ("EXTRA")
    return len(word) >= 4 and _frequency(word.lower(), lang) >= 4.5


@lru_cache(maxsize=1)
def _not_acronyms() -> frozenset[str]:
    # Country and currency codes are places and money, not organisations.
    from babel import Locale
    from babel.numbers import list_currencies

    return frozenset(Locale("en").territories) | frozenset(list_currencies()) | {"USA", "UK", "COVID"}


def find_acronyms(text: str, lang: str) -> list[FoundActor]:
    out = []
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        if acr in _not_acronyms() or _ROMAN.fullmatch(acr) or _dictionary_word(acr, lang):
            continue
        # all-caps sentences are shouting, not abbreviations
        around = text[max(0, m.start() - 20) : m.end() + 20]
        if sum(c.isupper() for c in around) > 0.6 * sum(c.isalpha() for c in around):
            continue
        out.append(FoundActor(m.start(), m.end(), acr, "organization", acr, confidence=0.6))
    return out


_WORDFREQ_LANGS = ("en", "sv", "de", "fr", "es", "it", "pt", "nl", "pl", "fi")


def find_actors(text: str, lang: str | None = None) -> list[FoundActor]:
    """All actor mentions in one text, longest first where they overlap."""
    key = lang_key(lang)
    words_lang = key if key in _WORDFREQ_LANGS else "en"
    cands = find_pairs(text) + find_places_as_actors(text) + find_persons(text) + find_named_orgs(text, words_lang)
    cands += find_named_by_role(text, words_lang)
    cands += find_acronyms(text, words_lang)
    cands.sort(key=lambda a: (-a.confidence, -(a.end - a.start)))
    chosen: list[FoundActor] = []  # left to right, disjoint
    for a in cands:
        i = bisect.bisect_left(chosen, a.start, key=lambda b: b.start)
        if (i and chosen[i - 1].end > a.start) or (i < len(chosen) and chosen[i].start < a.end):
            # an acronym inside a chosen pair is the same actor; anything else overlapping loses
            continue
        chosen.insert(i, a)
    return chosen


_NON_SPACE = re.compile(r"\S")


def _mark_before(text: str, pos: int) -> str:
    """The last character before `pos` that is no space ("" at the start)."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""
