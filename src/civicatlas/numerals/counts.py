"""Counts of things: "28 projects", "34,000 people", "Sex kommuner", "tio svenska kommuner och regioner".

A count is a numeral (digits or words, via `numbers.find_numbers`) followed, after at most three
modifiers ("randomly selected", "svenska"), by a unit noun from a small multilingual lexicon of the
things local-democracy texts count. Unit nouns are matched by stem, so inflected and definite forms
("kommunerna", "Gemeinden") count too. The unit is reported as the canonical English plural;
coordinated units ("kommuner och regioner") make one count of "municipalities and regions".
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import islice

from civicatlas.numerals.money import find_amounts
from civicatlas.numerals.numbers import find_numbers, lang_key

# Canonical English plural -> stems in the languages we read (lower case; a stem matches a word that
# starts with it and adds at most _MAX_SUFFIX letters of inflection).
_UNITS: dict[str, str] = {
    "municipalities": "municipalit municipio municipi municipalité kommun gemeinde gemeente gmin comune comuni "
    "commune councils council concelho kunta savivaldyb",
    "regions": "region région regione regio provinc län landsting",
    "counties": "county counties",
    "cities": "city cities stad städer städ stadt städte ville città cidade ciudad miast",
    "towns": "town",
    "villages": "village byar dorf dörfer pueblo villagg aldea wsi",
    "countries": "countr länder pays paes país países stat państw",
    "projects": "project projekt projet proyect progett projet projecto projeto",
    "initiatives": "initiativ iniciativ iniziativ",
    "people": "people person människ menschen personne persona persone pessoa mensen ludzi osób",
    "residents": "resident invånare inwoner bewoner einwohner einwohnerinn habitant abitant mieszkańc bewohner "
    "bewohnerinn vecino moradores",
    "citizens": "citizen medborgare bürger bürgerinn burger citoyen ciudadan cittadin cidad obywatel",
    "participants": "participant deltagare teilnehm deelnemer partecipant participante uczestnik",
    "volunteers": "volunteer volontär frivillig freiwillig vrijwillig bénévol voluntari volontari",
    "young people": "ungdom jugendlich jongeren jeunes jóvenes giovani jovens",
    "children": "child children barn kinder enfant niño niños bambin crianç dzieci",
    "students": "student elev schüler élève alumn",
    "schools": "school skol schule école escuela scuol escola szkoł",
    "organisations": "organisation organization organisati organiz organis föreningar förening verein "
    "association asociacion associazion associaç",
    "partners": "partner samarbetspart partenaire socios",
    "members": "member medlem mitglied leden membre miembro membr",
    "proposals": "proposal förslag vorschl voorstel proposition propuesta propost",
    "ideas": "idea idé ideen idee idée",
    "votes": "vote röst stimm stem voix voto",
    "neighbourhoods": "neighbourhood neighborhood stadsdel stadtteil wijk quartier barrio quartier bairro",
    "events": "event evenemang veranstaltung evenement événement evento",
    "workshops": "workshop",
    "meetings": "meeting möte möten treffen vergadering réunion reunion riunion",
    "assemblies": "assembl asamble assemblé stämm",
    "employees": "employee anställd mitarbeit medewerker employé emplead dipendent",
    "households": "household hushåll haushalt huishouden ménage hogar famiglie",
    "languages": "language språk sprach taal langue idioma lingu",
    "years": "year jahr jaar année anni años",
    "months": "month månad monat maand mois meses mesi",
}
_MAX_SUFFIX = 4
# Words that may stand between the numeral and its noun are content words; these function words stop
# the search ("5 of the residents" is not a count of five residents).
_STOP = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "than",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "i",
        "på",
        "av",
        "för",
        "och",
        "eller",
        "med",
        "till",
        "från",
        "som",
        "är",
        "var",
        "det",
        "den",
        "de",
        "en",
        "ett",
        "att",
        "om",
        "vid",
        "har",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "und",
        "oder",
        "in",
        "im",
        "am",
        "an",
        "auf",
        "für",
        "mit",
        "von",
        "zu",
        "ist",
        "sind",
        "ein",
        "eine",
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "met",
        "op",
        "aan",
        "in",
        "is",
        "zijn",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "et",
        "ou",
        "en",
        "à",
        "au",
        "aux",
        "pour",
        "par",
        "avec",
        "dans",
        "sur",
        "est",
        "sont",
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "y",
        "o",
        "en",
        "a",
        "al",
        "del",
        "de",
        "para",
        "por",
        "con",
        "es",
        "son",
        "o",
        "a",
        "os",
        "as",
        "um",
        "uma",
        "e",
        "ou",
        "em",
        "no",
        "na",
        "do",
        "da",
        "dos",
        "das",
        "para",
        "por",
        "com",
        "é",
        "são",
        "il",
        "lo",
        "la",
        "i",
        "gli",
        "le",
        "un",
        "una",
        "e",
        "o",
        "in",
        "a",
        "al",
        "del",
        "della",
        "di",
        "da",
        "per",
        "con",
        "è",
        "sono",
    ]
)
_JOIN = frozenset({"and", "och", "und", "en", "et", "y", "e", "og", "i", "oraz"})
# Words that make a time unit a rate ("150.000 Euro pro Jahr", "twice a year", "per månad"): not a count.
_RATE = frozenset("per pro each every a an par chaque por cada al om varje jeder jedes ogni elk ieder".split())
_TIME_UNITS = frozenset({"years", "months"})
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _stems() -> list[tuple[str, str]]:
    pairs = [(stem, unit) for unit, stems in _UNITS.items() for stem in stems.split()]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@lru_cache(maxsize=4096)
def unit_of(word: str) -> str | None:
    """The canonical unit a word names ("kommunerna" -> "municipalities"), or None."""
    low = word.lower()
    for stem, unit in _stems():
        if low.startswith(stem) and len(low) - len(stem) <= _MAX_SUFFIX:
            return unit
    return None


def find_counts(text: str, lang: str | None = None) -> list[tuple[int, int, float, str, str]]:
    """(start, end, value, unit, unit_text) for every count in `text`."""
    out = []
    money: list[tuple[int, int]] | None = None
    for n in find_numbers(text, lang_key(lang)):
        if n.article or n.value <= 0 or (n.start and text[n.start - 1].isalpha()):
            continue  # "G20", "USD1,000": glued to letters, a name or a code
        # the noun is among the next four words, and a coordinated one two words after it
        words = list(islice(_WORD.finditer(text, n.end, min(len(text), n.end + 120)), 6))
        if not words or text[n.end : words[0].start()].strip(" \u00a0"):
            continue  # "28 projects" only: no punctuation between numeral and noun
        unit = None
        last = None
        for i, w in enumerate(words[:4]):
            if i and text[words[i - 1].end() : w.start()].strip(" \u00a0"):
                break  # a comma or other punctuation ends the noun phrase
            u = unit_of(w.group(0))
            if u:
                unit, last = u, w
                break
            if w.group(0).lower() in _STOP or w.group(0)[0].isupper() and i:
                break
        if unit is None or last is None:
            continue
        if unit in _TIME_UNITS and words.index(last) and words[words.index(last) - 1].group(0).lower() in _RATE:
            continue  # "pro Jahr", "each year": a rate
        if money is None:  # only texts with a candidate count pay for the money search
            money = [(a.start, a.end) for a in find_amounts(text, lang)]  # left to right, disjoint
        i = bisect.bisect_right(money, (n.start, len(text)))
        if (i and money[i - 1][1] > n.start) or (i < len(money) and money[i][0] < n.end):
            continue  # "150.000 Euro pro Jahr": the number is an amount
        # "“One City”" mid-sentence is a name; "Zwölf Gemeinden" opening a sentence is a count
        title_case = n.words and n.text[0].isupper() and last.group(0)[0].isupper()
        if title_case and not _opens_sentence(text, n.start):
            continue
        units, end, unit_text = [unit], last.end(), last.group(0)
        # "kommuner och regioner": one count of both, unless a new numeral follows ("regioner och sju kommuner")
        j = words.index(last)
        if j + 2 < len(words) and words[j + 1].group(0).lower() in _JOIN:
            nxt = words[j + 2]
            gap = text[last.end() : nxt.start()]
            u2 = unit_of(nxt.group(0))
            if u2 and u2 != unit and gap.strip(" \u00a0").lower() in _JOIN:
                units.append(u2)
                end = nxt.end()
                unit_text = text[last.start() : end]
        out.append((n.start, end, n.value, " and ".join(units), unit_text))
    return out


def _opens_sentence(text: str, pos: int) -> bool:
    """Does `pos` start the text or follow a sentence's end and a space ("… 2020. Zwölf")?"""
    i = pos
    while i and text[i - 1].isspace():
        i -= 1
    return pos == 0 or (0 < i < pos and text[i - 1] in ".!?:")
