"""Multilingual cue phrases: the words that show a label, so each label can point at its evidence.

Cues are word stems in the major European languages of the corpus (en, sv, de, fr, es, it, pl, nl),
matched case-insensitively at a word start. They serve two purposes: the evidence span of a theme
(whatever decided it), and the main signal for labels that an initiative's vector does not carry well
(who was targeted, how participants were recruited).
"""

from __future__ import annotations

import re
from functools import lru_cache

from civicatlas.model import Item, ItemField

CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "recruitment_method": {
        "random": (
            r"random(?:ly)? (?:select|chos|drawn|pick|sampl)\w*", r"by lot\b", r"sortition", r"lottery",
            r"civic lottery", r"(?:slumpmässigt?|slumpvis) (?:utvald|vald|utsedd)\w*", r"lottning", r"lottad\w*",
            r"zufällig (?:ausgew|gelost)\w*", r"(?:aus)?gelost\w*", r"losverfahren", r"tirée?s? au sort",
            r"tirage au sort", r"sorteo", r"(?:seleccionad|elegid)\w* al azar", r"sorteggi\w*", r"losow\w*", r"loting",
            r"(?:willekeurig|at random)\b",
        ),
        "stratified": (
            r"stratifi\w*", r"representative sample", r"demographically representative", r"representativ\w* urval",
            r"repräsentativ\w*", r"échantillon représentatif", r"muestra representativa", r"reprezentatywn\w*",
        ),
        "election": (r"(?:were|are|was|is|be) elected", r"electe?d? by\b", r"valdes?\b", r"gewählt\w*", r"élus?\b"),
        "appointment": (r"(?:were|are|was|is|be) appointed", r"appointed by", r"utsedd\w* av", r"ernannt\w*",
                        r"nommés?\b", r"designad\w*", r"mianowan\w*"),
    },
    "targeted_participants": {
        "youth": (
            r"youth\w*", r"young (?:people|person|citizen|adult|professional|generation)\w*", r"children",
            r"teenager\w*", r"adolescen\w*", r"\bbarn\b", r"ungas?\b", r"ungdom\w*", r"jugend\w*", r"kinder\w*",
            r"jeunes(?:se)?\b", r"enfants?\b", r"jóvenes", r"juventud", r"giovan\w*", r"młodzież\w*", r"dzieci\w*",
            r"jongeren",
        ),
        "women": (r"women", r"\bgirls\b", r"female", r"kvinno\w*", r"kvinnor", r"frauen", r"femmes", r"mujeres",
                  r"donne", r"kobiet\w*", r"vrouwen"),
        "immigrants": (
            r"(?:im)?migrant\w*", r"refugee\w*", r"asylum", r"newcomer\w*", r"invandrar\w*", r"nyanländ\w*",
            r"flykting\w*", r"geflüchtet\w*", r"flüchtling\w*", r"migrant\w*", r"réfugiés?", r"migrante?s",
            r"refugiad\w*", r"uchodźc\w*", r"migranci", r"vluchteling\w*",
        ),
        "elderly": (r"elderly", r"older (?:people|adults|persons)", r"senior citizens?", r"pensioner\w*", r"äldre",
                    r"senioren", r"personnes âgées", r"mayores", r"anzian\w*", r"senior\w*", r"osoby starsze"),
        "students": (r"students?\b", r"pupils?\b", r"elever", r"studenter", r"schüler\w*", r"studierende\w*",
                     r"élèves", r"étudiants?", r"estudiantes", r"studenti", r"uczni\w*", r"studen\w*"),
        "lgbt": (r"lgbt\w*", r"queer", r"transgender", r"hbtq\w*"),
        "indigenous": (r"indigenous", r"aboriginal", r"first nations", r"urfolk\w*", r"samer?\b", r"indigen\w*",
                       r"autochtones?", r"indígenas?"),
        "lowincome": (r"low[- ]income", r"poverty", r"\bpoor\b", r"disadvantaged", r"fattig\w*", r"armut",
                      r"pauvreté", r"pobreza", r"ubóstw\w*"),
        "people": (r"disabilit\w*", r"disabled", r"funktionsneds\w*", r"funktionsvari\w*", r"behinder\w*",
                   r"handicap\w*", r"discapacidad", r"niepełnospraw\w*"),
        "racialethnic": (r"ethnic minorit\w*", r"\broma\b", r"racial\w*", r"ethnische\w*", r"etniska minoritet\w*"),
        "religious": (r"religious", r"faith[- ]based", r"churches", r"mosques?", r"religiös\w*", r"religieu\w*"),
        "elected": (r"parliamentarian\w*", r"councillors?", r"council members?", r"elected (?:official|represent)\w*",
                    r"politician\w*", r"mayors?\b", r"politiker\w*", r"folkvald\w*", r"kommunpolitiker\w*",
                    r"abgeordnet\w*", r"élus\b", r"radn\w*"),
        "appointed": (r"civil servants?", r"public servants?", r"municipal (?:managers|staff|employees)",
                      r"tjänstem\w*", r"beamt\w*", r"fonctionnaires", r"funcionari\w*", r"urzędni\w*"),
        "experts": (r"experts?\b", r"scientists?", r"researchers?", r"expert\w*", r"forskare", r"sachverständig\w*",
                    r"wissenschaftler\w*", r"chercheurs?", r"ekspert\w*"),
        "stakeholder": (r"stakeholders?", r"non-governmental", r"\bngos?\b", r"civil society organi[sz]ations?",
                        r"associations", r"föreningar", r"civilsamhälle\w*", r"verbände", r"organizacje"),
    },
    "method_types": {
        "deliberative": (
            r"deliberat\w*", r"citizens[’']? assembl\w*", r"citizens[’']? jur\w*", r"citizens[’']? panel\w*",
            r"mini-publics?", r"deliberative poll\w*", r"consensus conference\w*", r"medborgarråd\w*",
            r"medborgardialog\w*", r"bürgerr(?:at|äte)\w*", r"bürgerdialog\w*", r"assemblées? citoyennes?",
            r"convention citoyenne", r"conferencia de consenso", r"asambleas? ciudadanas?", r"giuria",
            r"panel\w* obywatelsk\w*", r"zgromadzeni\w* obywatelsk\w*", r"burgerber\w*", r"burgerpanel\w*",
            r"dialogue", r"dialog\w*",
        ),
        "direct": (r"referend\w*", r"ballot initiative", r"popular vote", r"folkomröstning\w*",
                   r"volksabstimmung\w*", r"volksentscheid\w*", r"votación popular"),
        "public": (r"participatory budget\w*", r"participatory budgeting", r"medborgarbudget\w*",
                   r"bürgerhaushalt\w*", r"budgets? participatifs?", r"presupuestos? participativos?",
                   r"bilancio partecipativo", r"budżet\w* obywatelsk\w*", r"burgerbegroting\w*"),
        "public_meetings": (r"town hall meeting\w*", r"public hearing\w*", r"public meetings?", r"stormöte\w*",
                            r"bürgerversammlung\w*", r"réunions? publiques?"),
        "protest": (r"protest\w*", r"demonstrat(?:ion|ors?)\w*", r"\bmarch(?:es)?\b"),
        "planning": (r"urban planning", r"participatory planning", r"master ?plan\w*", r"stadsplaner\w*",
                     r"stadtplanung\w*", r"urbanisme"),
        "community": (r"community organi[sz]\w*", r"community development", r"grassroots"),
        "participatory": (r"\btheatre\b", r"\btheater\b", r"photovoice", r"storytelling"),
        "research": (r"surveys?\b", r"\bstudy\b", r"experiment\w*", r"enkät\w*", r"umfrage\w*"),
    },
    "general_issues": {
        "health": (r"health\w*", r"hospital\w*", r"covid\w*", r"pandemi\w*", r"coronavirus",
                   r"sjukvård\w*", r"hälsa\w*", r"gesundheit\w*", r"santé", r"salud", r"zdrow\w*"),
        "immigration": (r"(?:im)?migra\w*", r"refugee\w*", r"asylum", r"integration", r"invandr\w*",
                        r"flykting\w*", r"flüchtling\w*", r"réfugiés?", r"uchodźc\w*"),
        # "urban/built/living environment" is the city around people, planning's business, not nature's.
        "environment": (r"(?<!urban )(?<!built )(?<!living )environment\w*", r"climate", r"biodiversity",
                        r"\bgreen\b", r"\btrees\b", r"pollution",
                        r"klimat\w*", r"miljö\w*", r"umwelt\w*", r"klima\w*", r"climat\w*", r"środowisk\w*"),
        # Participedia files the working of the state itself here: its administration, openness, corruption.
        "governance": (r"democra\w*", r"governance", r"decision-making", r"demokrat\w*", r"démocrat\w*",
                       r"democrazia", r"demokracj\w*", r"policy-making", r"local government", r"public sector",
                       r"public administration", r"offentlig(?:a)? sektor\w*", r"öffentlichen? (?:verwaltung|sektor)",
                       r"secteur public", r"sector público", r"(?:anti-)?corruption", r"transparency",
                       # keeping watch over how public money is spent is accountability, the state's working
                       r"accountab\w*", r"oversight", r"watchdog\w*", r"insyn", r"granskning\w*",
                       r"monitor\w* (?:\w+ ){0,3}(?:funds|spending|budgets?|money)"),
        "identity": (r"gender", r"diversity", r"jämställd\w*", r"gleichstellung", r"égalité", r"mångfald"),
        "international": (r"internation\w*", r"cross-border", r"partnerskap\w*", r"twin(?:ning|ned)? cit\w*"),
        "education": (r"educat\w*", r"school\w*", r"training", r"utbildning\w*", r"skola\w*", r"bildung\w*",
                      r"éducation", r"edukacj\w*"),
        "law": (r"\blaw\b", r"legislat\w*", r"corruption", r"police", r"korruption\w*", r"\blag\b", r"gesetz\w*"),
        "housing": (r"housing", r"evict\w*", r"tenants?", r"bostad\w*", r"bostäder",
                    r"wohnung\w*", r"logement\w*"),
        "planning": (r"urban development", r"urban environment", r"built environment", r"city cent(?:re|er)",
                     r"stadsutveckling\w*", r"stadtentwicklung\w*",
                     r"public spaces?"),
        "labor": (r"employ\w*", r"\bjobs?\b", r"workers?\b", r"labou?r market", r"arbetsmarknad\w*",
                  r"sysselsättning\w*", r"arbeitsmarkt\w*", r"emploi"),
        "media": (r"\bmedia\b", r"hate speech", r"journalis\w*", r"internet", r"online", r"platform\w*"),
        "science": (r"technolog\w*", r"algorithm\w*", r"digital\w*", r"innovation\w*", r"research\w*",
                    r"forskning\w*"),
        "economics": (r"budget\w*", r"funds?\b", r"fiscal", r"financ\w*", r"econom\w*", r"ekonomi\w*"),
        "social": (r"social (?:support|services|welfare|work)\w*", r"welfare", r"välfärd\w*",
                   r"inkludering\w*", r"inclusion"),
        "transportation": (r"transport\w*", r"traffic", r"cycling", r"mobility", r"kollektivtrafik\w*",
                           r"verkehr\w*"),
        "energy": (r"\benerg\w*", r"renewable", r"solar", r"electricity"),
        "agriculture": (r"agricultur\w*", r"farm\w*", r"forestry", r"fisher\w*", r"jordbruk\w*", r"landwirtschaft"),
        "arts": (r"\barts?\b", r"cultur\w*", r"museum\w*", r"festival\w*", r"kultur\w*"),
        "business": (r"business\w*", r"compan(?:y|ies)", r"entrepreneur\w*", r"företag\w*", r"unternehm\w*"),
        "human": (r"human rights", r"civil rights", r"hate speech", r"discriminat\w*", r"mänskliga rättigheter"),
        "national": (r"national security", r"\bdefen[cs]e\b", r"military", r"terroris\w*", r"\bwar\b"),
    },
}  # fmt: skip


@lru_cache(maxsize=1)
def _compiled() -> dict[str, dict[str, tuple[re.Pattern[str], tuple[str, ...] | None]]]:
    """Per label: one alternation, anchored at a word start so stems do not match inside other words, and the
    literal starts of its cues (None when a cue has none), which a text must hold for the alternation to match:
    scanning a text once per label took 4.1 s for the 585 items of the real pages, examples and seeds, 1.8 s
    when a label none of whose starts is in the text is passed over (the same cues found)."""
    return {
        vocab: {key: (re.compile(r"(?<!\w)(?:" + "|".join(pats) + r")", re.IGNORECASE), _starts(pats))
                for key, pats in labels.items()}
        for vocab, labels in CUES.items()
    }


def _starts(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """The literal text each pattern begins with, folded (_fold): "budget\\w*" → "budget", "labou?r market" →
    "labo" (a character a quantifier follows may be missing); None when one has no literal start ("(?:aus)?gelost")
    or is itself an alternation ("a|b")."""
    starts = set()
    for pattern in patterns:
        if _alternation(pattern):
            return None
        literal = []
        for c in pattern.removeprefix(r"\b"):
            if c in _REGEX_SYNTAX:
                if c in "?*{" and literal:
                    literal.pop()
                break
            literal.append(c)
        if not literal:
            return None
        starts.add(_fold("".join(literal)))
    return tuple(sorted(starts))


def _alternation(pattern: str) -> bool:
    """Has the pattern a "|" outside every group?"""
    depth, escaped = 0, False
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            return True
    return False


_REGEX_SYNTAX = frozenset(".^$*+?{}[]()|\\")


def _fold(text: str) -> str:
    """Casefolded, with the Turkish "ı" and "İ" as "i": every character IGNORECASE takes for a cue's letter folds
    as that letter does (a test checks each against every code point)."""
    return text.casefold().replace("i\u0307", "i").replace("ı", "i")


def _names(item: Item, text: str) -> list[tuple[int, int]]:
    """Where organisations are named in `text`: "Internationellt Centrum för Lokal Demokrati" says who, not
    what about, so a cue inside it is no evidence of the item's issue."""
    spans = []
    for a in item.actors:
        if a.kind != "organization":
            continue
        for name in {a.text, a.name} - {""}:
            start = text.find(name)
            while start >= 0:
                spans.append((start, start + len(name)))
                start = text.find(name, start + 1)
    return spans


def find(item: Item, vocabulary: str) -> dict[str, tuple[ItemField, int, int]]:
    """For each label of `vocabulary` with a cue in the item: (field, start, end) of the first cue (for
    general issues, the first outside organisations' names)."""
    out: dict[str, tuple[ItemField, int, int]] = {}
    # Only for what an item is about: a named body ("the Citizens' Assembly of X") does say how it works.
    mask = vocabulary == "general_issues"
    fields = [(field, text, _names(item, text) if mask else []) for field, text in item.fields()]
    folded = _fold(" ".join(text for _, text, _ in fields))
    for key, (pattern, starts) in _compiled().get(vocabulary, {}).items():
        if starts is not None and not any(start in folded for start in starts):
            continue
        for field, text, names in fields:
            m = next((m for m in pattern.finditer(text) if not any(s <= m.start() < e for s, e in names)), None)
            if m:
                out[key] = (field, m.start(), m.end())
                break
    return out
