"""Words that show an item speaks of an initiative: participation, public money, awards, programmes.

Word stems in the languages of the corpus (en, de, fr, es, it, pl, sv, da, nl, fi, pt), matched
case-insensitively at a word start. They are a few features of the relevance head (how many of each
kind an item has), and its evidence: the words a reader sees highlighted next to the score. The
vector carries most of the decision; cues matter where a passage is short and its vector vague.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from civicatlas.model import Item, ItemField

CUES: dict[str, tuple[str, ...]] = {
    # people taking part in public decisions
    "participation": (
        r"particip\w*", r"participatory budget\w*",
        r"citizens?[’']? (?:assembl|jur|panel|council|dialogue|budget)\w*", r"deliberat\w*",
        r"consultation\w*", r"co-?creat\w*", r"co-?design\w*", r"co-?produc\w*", r"sortition", r"mini-?publics?",
        r"public hearings?", r"town hall meetings?", r"referend\w*", r"e-?petition\w*", r"crowdsourc\w*",
        r"engag(?:e|ing|ement) (?:citizens|residents|young|the public|communit)\w*",
        r"bürgerbeteiligung\w*", r"beteiligung\w*", r"bürgerr(?:at|äte)\w*", r"bürgerdialog\w*", r"bürgerhaushalt\w*",
        r"mitbestimm\w*", r"mitgestalt\w*", r"mitwirk\w*", r"ausgelost\w*", r"losverfahren",
        r"medborgardialog\w*", r"medborgarråd\w*", r"medborgarbudget\w*", r"delaktighet\w*", r"medskapande\w*",
        r"samråd\w*", r"borgerinddragelse", r"borgerting\w*", r"medinddragelse",
        r"concertation\w*", r"assemblées? citoyennes?", r"convention citoyenne", r"conseils? de quartier",
        r"budgets? participatifs?", r"tirés? au sort", r"démocratie participative",
        r"participación", r"presupuestos? participativos?", r"asambleas? ciudadanas?",
        r"consulta (?:popular|ciudadana)",
        r"partecipa\w*", r"bilancio partecipativo", r"democrazia deliberativa",
        r"partycypac\w*", r"konsultacj\w*", r"budżet\w* obywatelsk\w*", r"panel\w* obywatelsk\w*",
        r"inspraak", r"burgerparticipatie", r"burgerber\w*", r"burgerpanel\w*", r"burgerbegroting\w*",
        r"osallistu\w*", r"kuntalais\w*", r"orçamento participativo",
    ),
    # public money given for a purpose
    "funding": (
        r"grants?\b", r"grant-?(?:making|funded|holders?)", r"fund(?:ed|ing)\b", r"subsid\w*", r"co-?financ\w*",
        r"förder\w*", r"gefördert\w*", r"zuschuss\w*", r"fördermittel\w*",
        r"bidrag\w*", r"beviljat?\w*", r"stöd\w*", r"projektmedel", r"tilskud\w*", r"støtte\w*",
        r"subventi\w*", r"financement\w*", r"financé\w*", r"dotation\w*", r"appels? à projets",
        r"financiaci\w*", r"financiad\w*", r"subvencion\w*", r"finanziament\w*", r"finanziat\w*",
        r"dofinansowa\w*", r"dotacj\w*", r"grant\w*", r"subsidie\w*", r"avustu\w*", r"rahoit\w*",
    ),
    # prizes and their winners
    "award": (
        r"awards?\b", r"award(?:ed|ing)\b", r"prizes?\b", r"laureates?", r"winners?\b", r"shortlist\w*",
        r"preis(?:e|es|träger\w*|verleihung\w*|geld\w*)?\b", r"ausgezeichnet\w*", r"auszeichnung\w*",
        r"pris(?:et|er|tagare|vinnare)?\b", r"utmärkelse\w*", r"vinnare\w*", r"prijs\w*",
        r"prix\b", r"lauréat\w*", r"récompens\w*", r"premios?\b", r"galardon\w*", r"premiat\w*",
        r"nagrod\w*", r"laureat\w*", r"wyróżni\w*", r"palkin\w*", r"palkitt\w*",
    ),
    # something set up and run for a purpose
    "programme": (
        r"initiatives?\b", r"projects?\b", r"programmes?\b", r"programs?\b", r"pilot\w*", r"scheme\w*",
        r"campaign\w*", r"platform\w*", r"workshops?",
        r"initiative\w*", r"projekt\w*", r"programm\w*", r"modellprojekt\w*", r"werkstatt\w*",
        r"initiativ\w*", r"satsning\w*", r"program\w*",
        r"projet\w*", r"programme\w*", r"dispositif\w*", r"atelier\w*",
        r"proyecto\w*", r"iniciativa\w*", r"programa\w*", r"progett\w*", r"iniziativ\w*",
        r"inicjatyw\w*", r"warsztat\w*", r"project\w*", r"hanke\w*",  # Polish projekt, program: above
    ),
    # democracy and the public it serves
    "civic": (
        r"democra\w*", r"civic\w*", r"citizens?\b", r"residents?\b", r"inhabitants?\b", r"communit(?:y|ies)\b",
        r"municipal\w*", r"local (?:government|authorit|council)\w*", r"civil society", r"neighbou?rhoods?",
        r"demokrat\w*", r"bürger\w*", r"einwohner\w*", r"zivilgesellschaft\w*", r"kommune\w*", r"gemeinde\w*",
        r"medborgar\w*", r"invånar\w*", r"kommun\w*", r"civilsamhälle\w*", r"borger\w*",
        r"démocrat\w*", r"citoyen\w*", r"habitants?\b", r"quartiers?\b",
        r"democr\w*", r"ciudadan\w*", r"vecin\w*", r"municipio\w*", r"cittadin\w*", r"comun[ei]\b",
        r"demokrac\w*", r"obywatel\w*", r"mieszka\w*", r"gmin\w*", r"samorząd\w*",
        r"burger\w*", r"gemeente\w*", r"bewoners?", r"demokrati\w*", r"kunta\w*", r"cidadã\w*",
    ),
}

KINDS: tuple[str, ...] = tuple(CUES)


@cache
def _pattern(kind: str) -> re.Pattern[str]:
    # Longest alternatives first, so "citizens' assembly" wins over "citizens".
    alternatives = sorted(set(CUES[kind]), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    kind: str
    field: ItemField
    start: int
    end: int
    text: str


def find(item: Item) -> list[Cue]:
    """Every cue word of the item's title, text and caption, in field and text order."""
    out = []
    for field, text in item.fields():
        for kind in KINDS:
            out.extend(Cue(kind, field, m.start(), m.end(), m.group()) for m in _pattern(kind).finditer(text))
    return sorted(out, key=lambda c: (("title", "text", "caption").index(c.field), c.start))


def features(cues: list[Cue], words: int) -> list[float]:
    """Per kind, the share of the item's words that are such cues, on a log scale (a long text names its
    project more often than a short one without being more of a project). Length itself is no feature: the
    training initiatives are short summaries and the web pages long, so it would teach a false lesson."""
    counts = dict.fromkeys(KINDS, 0)
    for c in cues:
        counts[c.kind] += 1
    return [math.log1p(100.0 * counts[k] / max(words, 20)) for k in KINDS]
