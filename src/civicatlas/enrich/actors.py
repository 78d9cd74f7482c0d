"""Actors: organisations, municipalities and regions acting as organisations, and persons with functions.

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
  one of its words is rare (a place of the item's in such a place stays a place: "tillsammans med Bogotá").
The batch an enricher gets is one document: an abbreviation spelled out in one item names the same actor
in the others, and the same actor named twice in an item is one actor. Roles (funder, recipient, organiser,
partner) come from the small word before a mention ("funded by", "in partnership with", "awarded … to") or the
verb it is the subject of, active or passive ("ICLD granted", "Region Gotland har beviljats"). Photo credits
are never read: they are kept in item.credits, not in the fields.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from civicatlas.enrich import register
from civicatlas.model import Actor, Evidence, Item
from civicatlas.numerals.numbers import lang_key

_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"  # upper-case letters (Latin-1 and Latin Extended-A include lower case too; checked below)
_CAP = r"[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻŠŽČŘĎŤŇĚŮŐŰĖĮŲŪ][\w’'\-]*"
_CAP_WORD = re.compile(_CAP)
_ACRONYM = re.compile(r"(?<![\w-])([A-ZÅÄÖÜ][A-ZÅÄÖÜ&]{1,7})(?![\w-])(?!-\d)")
# Lower-case words allowed inside a name: "Centrum för Lokal Demokrati", "City of Leipzig", "Ville de Paris".
_INNER = frozenset(
    [
        "of",
        "for",
        "the",
        "and",
        "för",
        "och",
        "i",
        "på",
        "av",
        "für",
        "der",  # not "die": inside German names only the genitive articles come ("Stiftung der …")
        "des",
        "und",
        "von",
        "zu",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "pour",
        "d’",
        "d'",
        "del",
        "di",
        "da",
        "della",
        "delle",
        "dei",
        "degli",
        "y",
        "e",
        "van",
        "voor",
        "het",
        "en",
        "op",
        "à",
        "au",
        "aux",
    ]
)
_ARTICLES = frozenset(
    ["the", "die", "der", "das", "den", "la", "le", "les", "el", "il", "lo", "los", "las", "de", "het"]
)
# Organisation nouns (lower-case stems; a capitalised word containing one at its start or end counts).
_ORG_NOUNS = [
    "foundation",
    "stiftelse",
    "stiftung",
    "fondation",
    "fundación",
    "fondazione",
    "fundação",
    "stichting",
    "fundacja",
    "association",
    "förening",
    "förbund",
    "verein",
    "vereniging",
    "associazione",
    "asociación",
    "associação",
    "stowarzyszenie",
    "institute",
    "institut",
    "istituto",
    "instituto",
    "centre",
    "center",
    "centrum",
    "zentrum",
    "centro",
    "council",
    "råd",
    "conseil",
    "consiglio",
    "consejo",
    "conselho",
    "assembly",
    "assemblée",
    "asamblea",
    "assemblea",
    "versammlung",
    "agency",
    "myndighet",
    "agentur",
    "agence",
    "agencia",
    "agenzia",
    "ministry",
    "ministerium",
    "ministère",
    "ministerio",
    "ministero",
    "ministério",
    "department",
    "departement",
    "university",
    "universitet",
    "universität",
    "université",
    "universidad",
    "università",
    "universidade",
    "network",
    "nätverk",
    "netzwerk",
    "réseau",
    "netwerk",
    "commission",
    "kommission",
    "commissione",
    "comisión",
    "committee",
    "kommitté",
    "ausschuss",
    "comité",
    "comitato",
    "union",
    "unión",
    "unione",
    "bank",
    "fund",
    "fonden",
    "fonds",
    "fondo",
    "academy",
    "akademi",
    "akademie",
    "académie",
    "accademia",
    "office",
    "authority",
    "secretariat",
    "sekretariat",
    "coalition",
    "alliance",
    "allians",
    "allianz",
    "movement",
    "organisation",
    "organization",
    "organisatie",
    "organización",
    "organizzazione",
    "trust",
    "forum",
    "parliament",
    "parlament",
    "riksdag",
    "bundestag",
    "partnership",
    "partnerskap",
    "programme",
    "program",
    "cooperative",
    "kooperativ",
    "society",
    "sällskap",
    "gesellschaft",
    "société",
    "sociedad",
    "società",
    "company",
    "corporation",
    "ngo",
]
_GOV_NOUNS = ["government", "regering", "regierung", "gouvernement", "gobierno", "governo", "rząd", "bundesregierung"]
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
# Stated functions of persons (lower-case stems).
_FUNCTIONS = [
    "generalsekreterare",
    "ordförande",
    "borgmästare",
    "kommunstyrelsens",
    "kommunalråd",
    "vd",
    "verksamhetschef",
    "chef",
    "direktör",
    "projektledare",
    "forskare",
    "professor",
    "docent",
    "mayor",
    "deputy",
    "director",
    "chair",
    "president",
    "ceo",
    "secretary",
    "minister",
    "councillor",
    "councilor",
    "manager",
    "coordinator",
    "researcher",
    "founder",
    "head",
    "spokesperson",
    "bürgermeister",
    "oberbürgermeister",
    "vorsitzende",
    "geschäftsführer",
    "leiter",
    "leiterin",
    "maire",
    "directeur",
    "directrice",
    "président",
    "présidente",
    "alcalde",
    "alcaldesa",
    "directora",
    "presidente",
    "sindaco",
    "sindaca",
    "direttore",
    "direttrice",
    "prefeito",
    "prefeita",
    "burgemeester",
    "wethouder",
    "voorzitter",
    "prezydent",
    "burmistrz",
    "dyrektor",
]
# Role cues: word starts (lower case), matched at the start of a word ("grant" is not in "immigrants").
# Funding: the actor funds when it is the subject of one of these, or named after "by"/"av"/"from"... in a
# sentence that has one.
_FUND = [
    "bevilja", "fördela", "finansier", "bidrag", "grant", "fund", "financ", "award", "sponsor", "subsid", "förder",
    "gefördert", "finanz", "subvention", "gefinancierd",
]
# Support: money when someone gives it ("with support from", "stöd från"); as a verb often not ("supports youth").
_SUPPORT = ["support", "stöd", "unterstütz", "soutien", "soutenu", "apoyo", "apoyad", "sostegno", "sostenut",
            "apoio", "apoiad", "steun", "gesteund"]
# Giving: funding only where the sentence has a number ("gave €2 million"; not "gave a talk").
_GIVE = ["gave", "given", "gives", "donat", "allocat", "contribut", "skänk", "spende", "gespendet", "versé",
         "donne", "donné", "donó", "aportó", "stanzia", "donou", "destinou", "schonk", "doneer"]
# Receiving: the subject of these is the recipient.
_RECEIVE = [
    "receiv", "won ", "wins ", "got ", "gets ", "obtain", "fick ", "får ", "erhåll", "erhielt", "erhält", "bekam",
    "bekommt", "reçoi", "reçu", "obtien", "obtenu", "recib", "obtuvo", "ricev", "ottenut", "receb", "obteve",
    "ontv", "kreeg", "krijgt", "tilldela",
]
_ORGANISE = [
    "organis", "organiz", "arrangera", "anordna", "veranstalt", "host", "run by", "creat", "establish", "founded",
    "convene", "launch", "initiat", "set up", "lädt", "startet", "initiier", "lance", "lancé", "lanza", "lanzó",
    "convoca", "lancia", "promuove", "promosso", "lança", "lançou", "promove", "startar", "startade", "lanserar",
    "bjuder in", "organiseer", "georganiseerd", "lanceer",
]


def _cue_rx(stems: list[str]) -> re.Pattern[str]:
    # not the nouns and adjectives: "organisations", "initiative", "financiación", "creation", "financial"
    words = "|".join(re.escape(s) for s in sorted(set(stems), key=len, reverse=True))
    nouns = "ation|ación|acion|azion|ação|ações|atie|ive|iv|ion|ial|ment"
    return re.compile(rf"(?<![\w/.-])(?:{words})(?!{nouns})")  # nor inside URLs


_FUND_RX, _SUPPORT_RX, _GIVE_RX, _RECEIVE_RX, _ORGANISE_RX = map(_cue_rx, (_FUND, _SUPPORT, _GIVE, _RECEIVE, _ORGANISE))
_ANY_CUE_RX = _cue_rx(_FUND + _SUPPORT + _GIVE + _RECEIVE + _ORGANISE)
# A clause break or a pronoun before the cue: the verb has another subject
_OTHER_SUBJECT = re.compile(
    r"[;:]|(?<!\w)(?:they|we|he|she|it|vi|sie|er|ils|elles|ellos|ellas|loro|eles|zij|wij)(?!\w)"
)
# An article or preposition right before a cue makes it a noun: "for funding", "the grant"
_NOUN_BEFORE = re.compile(
    r"(?<!\w)(?:for|för|für|pour|para|per|of|the|an|its|their|to|ett|en|ein|eine|un|une|uno|una|um|uma|le|la|el|il|lo|"
    r"de|di)\s+$"
)
# Passives: a funding verb's subject is the recipient ("Region Gotland har beviljats …", "the city was awarded",
# "wurde … gefördert", "a été financée", "fue financiado"); an organising verb's is the event ("was convened").
_PASSIVE = re.compile(
    r"(?<!\w)(?:beviljats|beviljas|beviljades|tilldelats|tilldelas|tilldelades|finansieras|finansierats|"
    r"finansierades|stöds|stöddes|anordnas|anordnades|arrangeras|arrangerades|organiseras|organiserades)(?!\w)"
    r"|(?<!\w)(?:was|were|is|are|been|be|being)\s+(?:awarded|granted|given|funded|financed|allocated|supported|"
    r"sponsored|organi[sz]ed|convened|hosted|launched|initiated|run|set up|created|established|founded)(?!\w)"
    r"|(?<!\w)(?:wird|wurde|werden|wurden|ist|sind)\b[^,.;]{0,60}?(?:gefördert|finanziert|unterstützt)(?!\w)"
    r"|(?<!\w)(?:est|sont|été)\s+(?:financé|subventionné|soutenu)"
    r"|(?<!\w)(?:es|fue|fueron|son|sido)\s+(?:financiad|subvencionad|apoyad)"
    r"|(?<!\w)(?:è|sono|stat[oaie])\s+(?:finanziat|sostenut)"
    r"|(?<!\w)(?:é|foi|foram|são|sido)\s+(?:financiad|apoiad)"
    r"|(?<!\w)(?:wordt|werd|worden|werden|is)\s+(?:gefinancierd|gesubsidieerd|gesteund)",
    re.IGNORECASE,
)
_PARTNER = re.compile(
    r"(?:together with|in (?:co-?operation|collaboration|partnership) with|(?:works?|worked|working|"
    r"cooperat\w*|collaborat\w*|partner\w*) with|tillsammans med|i samarbete med|samarbetar med|"
    r"in Zusammenarbeit mit|zusammen mit|arbeitet mit|kooperiert mit|en (?:collaboration|partenariat) avec|"
    r"en colaboración con|in collaborazione con|em parceria com|in samenwerking met|partners?|samarbetspart\w*)"
    r"\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# The small words before an agent ("funded by the …", "beviljats av", "vom Bund gefördert", "dalla Regione")
_AGENT = re.compile(
    r"(?<!\w)(?:(?:with|thanks to)\s+(?:\w+\s+){0,2}(?:from|of)|av|by|von|vom|durch|par|por|da|dal|dalla|dallo|"
    r"dai|door|via|through|pela|pelo)\s+(?:(?:the|der|die|dem|den|la|le|l['’]|el|il|lo|o|a|de|het)\s*)?$",
    re.IGNORECASE,
)
# ... before where money came from, after a receiving verb or a grant ("received … from", "bidrag från",
# "a reçu … de l'Union européenne")
_SOURCE = re.compile(
    r"(?<!\w)(?:from|från|von|vom|de|du|des|del|de la|de l['’]|d['’]|dalla|dallo|dal|da|do|van|uit)"
    r"\s*(?:(?:the|der|die|dem|den|la|le|l['’]|el|il|lo|o|a|het)\s*)?$",
    re.IGNORECASE,
)
# ... and before a beneficiary, after a funding verb ("awarded a grant to the Youth Council")
_TO = re.compile(
    r"(?<!\w)(?:to|till|an|à|aux|au|al|alla|allo|ao|aan|para)\s+(?:(?:the|der|die|dem|den|la|le|l['’]|el|il|"
    r"lo|o|a|de|het)\s*)?$",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# not the dots of "St. Paul", "€1.5 million"; a run of marks is tried once, from its first ("....a" is linear)
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+(?=\s+[^\W\d_a-zà-ÿ]|\s*$)")
# How far before a mention its marking words are looked for ("funded by", "a grant from"): a sentence
# longer than this (a run-on line of a scraped page) is not searched from its start for every mention.
_LOOK_BEHIND = 300
_LOOK_AHEAD = 300  # and after it, for its verb (which must start within 80 characters)


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
            if not _is_upper_word(ws[0]) or ws[0].lower() in _ARTICLES:
                continue
            if any(not _is_upper_word(w) and w.lower() not in _INNER for w in ws):
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
    if any(g in low for g in _GOV_NOUNS):
        return "government"
    return "organization"


@lru_cache(maxsize=8192)
def _org_word(word: str) -> bool:
    low = word.lower()
    return any(
        low.startswith(n) or low.endswith(n) or low[:-1].endswith(n) or low[:-2].endswith(n) or low[:-3].endswith(n)
        for n in _ORG_NOUNS + _GOV_NOUNS
    )


# "and" with an article after it starts another name: "Robert Bosch Stiftung und der Bundestag"
_NEXT_NAME = r"(?!(?:and|und|och|et|y|e|en)\s+(?:the|der|die|das|dem|den|la|le|les|el|il|lo|los|las|het|de)\s)"
_PHRASE = re.compile(rf"{_CAP}(?:\s+{_NEXT_NAME}(?:(?:{'|'.join(re.escape(w) for w in _INNER)})\s+)*{_CAP})*")


# Words that open a sentence or clause and never a name: "When Linköping Municipality …", "Damit der …"
_OPENERS = frozenset(
    "when while if although after before since because damit wenn als weil dass mit bei für ein eine einen einem "
    "einer eines quand lorsque cuando quando toen wanneer när eftersom".split()
)
_AND = frozenset(["and", "und", "och", "et", "y", "e", "en"])


def _name_words(text: str, m: re.Match[str]) -> tuple[int, list[str]]:
    """A capitalised phrase's start and words without the articles and clause openers before the name."""
    start, words = m.start(), m.group(0).split()
    while words and (words[0].lower() in _ARTICLES or words[0].lower() in _OPENERS):
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
        words = words[1:]
    return start, words


def _bare_noun(word: str) -> bool:
    """An organisation noun alone ("Council", "Stiftung", "Fondation") names no one."""
    low = word.lower()
    return low in _ORG_NOUNS and low not in ("riksdag", "bundestag")


def _common_compound(word: str) -> bool:
    """German: an organisation noun after a common word, one compound ("Ortszentrums", "Stadtgesellschaft")."""
    from wordfreq import zipf_frequency

    low = word.lower()
    head = next((n for n in _ORG_NOUNS if len(n) > 3 and (low.endswith(n) or low[:-1].endswith(n))), None)
    return bool(head) and zipf_frequency(low[: low.rindex(head)].rstrip("s"), "de") >= 3.0


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
        pair = len(words) == 3 and words[1].lower() in _AND
        if pair and (lang == "de" or not any(_rare_word(w, lang) for w in words)):
            continue  # "Vereine und Unternehmen": two kinds of organisation, not a name
        if lang == "de" and _common_nouns(words):
            continue  # "Neugestaltung des Ortszentrums"
        name = text[start : m.end()]
        if len(words) == 1 and (start == 0 or _mark_before(text, start) in ".!?:"):
            continue  # a lone sentence-initial word ("Partnerskapet") is too weak
        out.append(FoundActor(start, m.end(), name, _kind_of(name), confidence=0.75))
    return out


# Words each pattern needs (lower case): most texts have none, and a substring test is far cheaper.
_GATES = {
    "before": (
        "city",
        "town",
        "municipality",
        "borough",
        "county",
        "village",
        "stadt",
        "gemeinde",
        "kreis",
        "ville",
        "commune",
        "comune",
        "città",
        "ciudad",
        "ayuntamiento",
        "municipio",
        "prefeitura",
        "gemeente",
        "gmina",
        "miasto",
        "kommune",
        "stad",
        "cidade",
        "câmara",
    ),
    "after": ("kommun", "kunta", "council", "municipality", "gemeinde", "stadtverwaltung", "stad", "city hall"),
    "region_before": ("region", "región", "région", "landkreis", "provinc", "län"),
    "region_after": ("län", "region", "county council", "fylkeskommune", "landsting"),
}


@lru_cache(maxsize=8)
def _gate(name: str) -> re.Pattern[str]:
    """Any of a pattern's needed words as a substring: one search instead of one test per word."""
    return re.compile("|".join(re.escape(w) for w in _GATES[name]))


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
            if first.lower() in _OPENERS and " " in name:  # "When Linköping Municipality"
                start += len(first) + 1
                name = name[len(first) + 1 :]
            out.append(FoundActor(start, m.end(1), name, kind, confidence=0.9))
    return out


_NAME = rf"({_CAP}(?:\s+{_CAP}){{1,2}})"
_FUNCTION = (
    rf"((?:{'|'.join(_FUNCTIONS)})[\w-]*(?:[ \u00a0][^\s,.;:()]+){{0,5}}?)(?=[,.;:()]|\s+(?:i|in|at|på|au|en|a)\s|$)"
)
_FUNCTION_GATE = re.compile(rf"(?<!\w)(?:{'|'.join(_FUNCTIONS)})")
_NAME_THEN_FUNCTION = re.compile(rf"(?<!\w){_NAME},\s+{_FUNCTION}")
_FUNCTION_THEN_NAME = re.compile(rf"(?<!\w)((?i:{'|'.join(_FUNCTIONS)})(?:n|en|in)?)\s+{_NAME}")


def find_persons(text: str) -> list[FoundActor]:
    """Two or three capitalised words beside a stated function."""
    out: list[FoundActor] = []
    if not _FUNCTION_GATE.search(text.lower()):
        return out  # both patterns need a word that starts with a function, and most texts have none
    for m in _NAME_THEN_FUNCTION.finditer(text):
        words = m.group(1).split()
        if any(_org_word(w) for w in words) or words[0] in _ARTICLES:
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
    if not _ANY_CUE_RX.search(low) and not _PARTNER_WORD.search(low):
        return []
    out = []
    for m in _PHRASE.finditer(text):
        start, words = _name_words(text, m)
        if not words or len(words) > 4 or len(words[-1]) < 2 or _mark_before(text, start).isdigit():
            continue  # "28 Projekte" is a count
        s0, s1 = _sentence(text, start)
        initial = _NON_SPACE.search(text, s0, start) is None
        if not any(_rare_word(w, lang) for w in words) and (len(words) < 2 or initial or lang == "de"):
            continue  # German capitalises every noun; elsewhere capitals mid-sentence mark a name
        after = low[m.end() : min(s1, m.end() + _LOOK_AHEAD)]
        verb = _ANY_CUE_RX.match(after, _TO_VERB.match(after).end())
        if (verb and not _passive(after, verb)) or _marked_role(text[max(s0, start - _LOOK_BEHIND) : start], after):
            out.append(FoundActor(start, m.end(), text[start : m.end()], "organization", confidence=0.6, by_role=True))
    return out


@lru_cache(maxsize=8192)
def _frequency(low: str, lang: str) -> float:
    """How common a lower-case word is in the language or in English (wordfreq's Zipf scale)."""
    from wordfreq import zipf_frequency

    return max(zipf_frequency(low, lang), zipf_frequency(low, "en"))


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


@lru_cache(maxsize=8)  # every mention of a text asks for its sentence
def _sentence_ends(text: str) -> tuple[int, ...]:
    return tuple(m.end() for m in _SENTENCE_END.finditer(text))


def _sentence(text: str, pos: int) -> tuple[int, int]:
    ends = _sentence_ends(text)
    i = bisect.bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(text))


@lru_cache(maxsize=16)  # the mentions of a text come sentence by sentence
def _has_digit(text: str, start: int, end: int) -> bool:
    return _DIGIT.search(text, start, end) is not None


_DIGIT = re.compile(r"\d")


def role_of(text: str, a: FoundActor, others: Sequence[FoundActor] = ()) -> str | None:
    """funder, recipient, organiser or partner, from the words around the mention in its sentence: the small
    word before it ("funded by", "in partnership with", "awarded … to") or the verb it is the subject of
    ("ICLD granted", "Region Gotland har beviljats", "the City of Gdansk convened"). `others` are the text's
    actors, left to right (as `find_actors` gives them)."""
    s0, s1 = _sentence(text, a.start)
    low_after = text[a.end : min(s1, a.end + _LOOK_AHEAD)].lower()
    role = _marked_role(text[max(s0, a.start - _LOOK_BEHIND) : a.start], low_after)
    if role:
        return role
    # the subject of the first cue after it, unless another actor stands between as the subject
    money = _has_digit(text, s0, s1)
    first_after = bisect.bisect_left(others, a.end, key=lambda b: b.start)
    for m in _ANY_CUE_RX.finditer(low_after):
        ahead = low_after[: m.start()]
        if m.start() > 80 or _NOUN_BEFORE.search(ahead) or _OTHER_SUBJECT.search(ahead):
            break  # too far to be its verb; "for funding", "the grant" are nouns; "; they have created"
        pos = a.end + m.start()
        if _subject_between(text, s0, others, first_after, pos):
            return None
        cue, passive = m.group(0), _passive(low_after, m)
        if passive and (_ORGANISE_RX.match(cue) or _SUPPORT_RX.match(cue) or (_GIVE_RX.match(cue) and not money)):
            return None  # "a panel was convened": the subject is the event; "members are given the opportunity"
        if _RECEIVE_RX.match(cue) or (passive and (_FUND_RX.match(cue) or _GIVE_RX.match(cue))):
            return "recipient"
        if _SUPPORT_RX.match(cue):
            return None  # "UNDP supported citizen engagement": support is not always money
        if _FUND_RX.match(cue) or (_GIVE_RX.match(cue) and money):
            return "funder"
        if _ORGANISE_RX.match(cue):
            return "organiser"
    return None


def _subject_between(text: str, s0: int, others: Sequence[FoundActor], i: int, pos: int) -> bool:
    """Does an actor from others[i] on, ending before `pos`, stand there as a subject (not "by" an agent)?"""
    while i < len(others) and others[i].start < pos:
        b = others[i]
        if b.end <= pos and not _AGENT.search(text[max(s0, b.start - _LOOK_BEHIND) : b.start]):
            return True
        i += 1
    return False


def _passive(low: str, cue: re.Match[str]) -> bool:
    return any(p.start() <= cue.start() < p.end() for p in _PASSIVE.finditer(low, 0, cue.end() + 20))


def _marked_role(before: str, low_after: str) -> str | None:
    """The role the small word just before a mention gives it (the sentence up to it is `before`)."""
    if _PARTNER.search(before[-60:]):
        return "partner"
    marker = _AGENT.search(before)
    if marker:
        ahead, soon = before[: marker.start()].lower(), low_after[:30]
        if _FUND_RX.search(ahead) or _SUPPORT_RX.search(ahead) or _GIVE_RX.search(ahead) or _FUND_RX.search(soon):
            return "funder"  # "funded by", "with support from", "via ICLD, beviljats"
        if _ORGANISE_RX.search(ahead) or _ORGANISE_RX.search(soon):
            return "organiser"
    marker = _SOURCE.search(before)
    if marker:  # "received €2 million from", "fick stöd från", "bidrag från", "a grant from"
        ahead = before[: marker.start()].lower()
        got = list(_RECEIVE_RX.finditer(ahead))
        what = ahead[got[-1].end() :] if got else ahead[-25:]
        money = bool(got) and any(c.isdigit() for c in what)
        if money or any(rx.search(what) for rx in (_FUND_RX, _SUPPORT_RX, _GIVE_RX)):
            return "funder"
    marker = _TO.search(before)
    if marker:  # "awarded a grant to", "gave €2 million to" (not "gave rise to")
        ahead = before[: marker.start()].lower()
        if _FUND_RX.search(ahead) or (_GIVE_RX.search(ahead) and any(c.isdigit() for c in ahead)):
            return "recipient"
    return None


_ROLE_RANK = {"funder": 0, "recipient": 1, "organiser": 2, "partner": 3, None: 4}


class ActorsEnricher:
    name = "actors"
    version = "2"

    def __call__(self, items: Sequence[Item]) -> None:
        found: dict[str, list[tuple[str, str, FoundActor]]] = {}
        long_of: dict[str, tuple[str, str]] = {}  # abbreviation -> (long name, kind), per document
        for item in items:
            per: list[tuple[str, str, FoundActor]] = []
            for fname, text in item.fields():
                for a in find_actors(text, item.language):
                    per.append((fname, text, a))
                    if a.abbreviation and a.name != a.abbreviation:
                        long_of.setdefault(f"{item.document_id}\x00{a.abbreviation}", (a.name, a.kind))
            found[item.id] = per
        abbreviation_of = {(k.split("\x00", 1)[0], long[0]): k.split("\x00", 1)[1] for k, long in long_of.items()}
        for item in items:
            merged: dict[str, Actor] = {}
            places = [(p.evidence.field, p.evidence.start, p.evidence.end) for p in item.places]
            in_field: dict[str, list[FoundActor]] = {}  # each field's actors, left to right
            for fname, _, a in found[item.id]:
                in_field.setdefault(fname, []).append(a)
            for fname, text, a in found[item.id]:
                if a.by_role and any(f == fname and s < a.end and a.start < e for f, s, e in places):
                    continue  # "tillsammans med Bogotá": the partner is a place, read as one
                canon = a
                if a.abbreviation:
                    long = long_of.get(f"{item.document_id}\x00{a.abbreviation}")
                    if long:
                        canon = replace(a, name=long[0], kind=long[1], confidence=max(a.confidence, 0.9))
                elif a.kind == "organization" and (item.document_id, a.name) in abbreviation_of:
                    # the long form alone: add its abbreviation
                    canon = replace(a, abbreviation=abbreviation_of[item.document_id, a.name])
                key = (canon.abbreviation or canon.name).lower()
                role = role_of(text, a, in_field[fname])
                ev = Evidence(item.id, a.start, a.end, self.name, self.version, canon.confidence, fname)  # type: ignore[arg-type]
                if key in merged:
                    prev = merged[key]
                    if _ROLE_RANK[role] < _ROLE_RANK[prev.role]:
                        prev.role = role
                    if canon.function and not prev.function:
                        prev.function = canon.function
                    continue
                merged[key] = Actor(
                    text[a.start : a.end],
                    ev,
                    canon.name,
                    canon.abbreviation,
                    canon.kind,  # type: ignore[arg-type]
                    role,
                    canon.function,
                )
            item.actors = list(merged.values())


@register("actors")
def _factory() -> ActorsEnricher:
    return ActorsEnricher()
