"""The words the actor finder and the role reader look for, in the languages we read: small words inside
names, organisation and government nouns, persons' functions, the verbs and nouns of funding, support, giving,
receiving and organising, and the words each name pattern needs before it is tried."""

from __future__ import annotations

# Lower-case words allowed inside a name: "Centrum för Lokal Demokrati", "City of Leipzig", "Ville de Paris".
INNER = frozenset([
    "of", "for", "the", "and", "för", "och", "i", "på", "av", "für",
    "der",  # not "die": inside German names only the genitive articles come ("Stiftung der …")
    "des", "und", "von", "zu", "de", "du", "des", "la", "le", "les", "et", "pour", "d’", "d'", "del", "di", "da",
    "della", "delle", "dei", "degli", "y", "e", "van", "voor", "het", "en", "op", "à", "au", "aux",
])
ARTICLES = frozenset(["the", "die", "der", "das", "den", "la", "le", "les", "el", "il", "lo", "los", "las", "de",
                      "het"])

# Organisation nouns (lower-case stems; a capitalised word containing one at its start or end counts).
ORG_NOUNS = [
    "foundation", "stiftelse", "stiftung", "fondation", "fundación", "fondazione", "fundação", "stichting",
    "fundacja", "association", "förening", "förbund", "verein", "vereniging", "associazione", "asociación",
    "associação", "stowarzyszenie", "institute", "institut", "istituto", "instituto", "centre", "center", "centrum",
    "zentrum", "centro", "council", "råd", "conseil", "consiglio", "consejo", "conselho", "assembly", "assemblée",
    "asamblea", "assemblea", "versammlung", "agency", "myndighet", "agentur", "agence", "agencia", "agenzia",
    "ministry", "ministerium", "ministère", "ministerio", "ministero", "ministério", "department", "departement",
    "university", "universitet", "universität", "université", "universidad", "università", "universidade", "network",
    "nätverk", "netzwerk", "réseau", "netwerk", "commission", "kommission", "commissione", "comisión", "committee",
    "kommitté", "ausschuss", "comité", "comitato", "union", "unión", "unione", "bank", "fund", "fonden", "fonds",
    "fondo", "academy", "akademi", "akademie", "académie", "accademia", "office", "authority", "secretariat",
    "sekretariat", "coalition", "alliance", "allians", "allianz", "movement", "organisation", "organization",
    "organisatie", "organización", "organizzazione", "trust", "forum", "parliament", "parlament", "riksdag",
    "bundestag", "partnership", "partnerskap", "programme", "program", "cooperative", "kooperativ", "society",
    "sällskap", "gesellschaft", "société", "sociedad", "società", "company", "corporation", "ngo",
]
GOV_NOUNS = ["government", "regering", "regierung", "gouvernement", "gobierno", "governo", "rząd", "bundesregierung"]

# Stated functions of persons (lower-case stems).
FUNCTIONS = [
    "generalsekreterare", "ordförande", "borgmästare", "kommunstyrelsens", "kommunalråd", "vd", "verksamhetschef",
    "chef", "direktör", "projektledare", "forskare", "professor", "docent", "mayor", "deputy", "director", "chair",
    "president", "ceo", "secretary", "minister", "councillor", "councilor", "manager", "coordinator", "researcher",
    "founder", "head", "spokesperson", "bürgermeister", "oberbürgermeister", "vorsitzende", "geschäftsführer",
    "leiter", "leiterin", "maire", "directeur", "directrice", "président", "présidente", "alcalde", "alcaldesa",
    "directora", "presidente", "sindaco", "sindaca", "direttore", "direttrice", "prefeito", "prefeita",
    "burgemeester", "wethouder", "voorzitter", "prezydent", "burmistrz", "dyrektor",
]

# Role cues: word starts (lower case), matched at the start of a word ("grant" is not in "immigrants").
# Funding: the actor funds when it is the subject of one of these, or named after "by"/"av"/"from"... in a
# sentence that has one.
FUND = [
    "bevilja", "fördela", "finansier", "bidrag", "grant", "fund", "financ", "award", "sponsor", "subsid", "förder",
    "gefördert", "finanz", "subvention", "gefinancierd",
]
# Support: money when someone gives it ("with support from", "stöd från"); as a verb often not ("supports youth").
SUPPORT = ["support", "stöd", "unterstütz", "soutien", "soutenu", "apoyo", "apoyad", "sostegno", "sostenut",
           "apoio", "apoiad", "steun", "gesteund"]
# Giving: funding only where the sentence has a number ("gave €2 million"; not "gave a talk").
GIVE = ["gave", "given", "gives", "donat", "allocat", "contribut", "skänk", "spende", "gespendet", "versé",
        "donne", "donné", "donó", "aportó", "stanzia", "donou", "destinou", "schonk", "doneer"]
# Receiving: the subject of these is the recipient.
RECEIVE = [
    "receiv", "won ", "wins ", "got ", "gets ", "obtain", "fick ", "får ", "erhåll", "erhielt", "erhält", "bekam",
    "bekommt", "reçoi", "reçu", "obtien", "obtenu", "recib", "obtuvo", "ricev", "ottenut", "receb", "obteve",
    "ontv", "kreeg", "krijgt", "tilldela",
]
ORGANISE = [
    "organis", "organiz", "arrangera", "anordna", "veranstalt", "host", "run by", "creat", "establish", "founded",
    "convene", "launch", "initiat", "set up", "lädt", "startet", "initiier", "lance", "lancé", "lanza", "lanzó",
    "convoca", "lancia", "promuove", "promosso", "lança", "lançou", "promove", "startar", "startade", "lanserar",
    "bjuder in", "organiseer", "georganiseerd", "lanceer",
]

# Words that open a sentence or clause and never a name: "When Linköping Municipality …", "Damit der …"
OPENERS = frozenset(
    "when while if although after before since because damit wenn als weil dass mit bei für ein eine einen einem "
    "einer eines quand lorsque cuando quando toen wanneer när eftersom".split()
)
AND = frozenset(["and", "und", "och", "et", "y", "e", "en"])

# Words each pattern needs (lower case): most texts have none, and a substring test is far cheaper.
GATES = {
    "before": (
        "city", "town", "municipality", "borough", "county", "village", "stadt", "gemeinde", "kreis", "ville",
        "commune", "comune", "città", "ciudad", "ayuntamiento", "municipio", "prefeitura", "gemeente", "gmina",
        "miasto", "kommune", "stad", "cidade", "câmara",
    ),
    "after": ("kommun", "kunta", "council", "municipality", "gemeinde", "stadtverwaltung", "stad", "city hall"),
    "region_before": ("region", "región", "région", "landkreis", "provinc", "län"),
    "region_after": ("län", "region", "county council", "fylkeskommune", "landsting"),
}
