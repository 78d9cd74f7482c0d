"""What a block is, independent of its markup: boilerplate, page metadata, a photo credit, a title.

The phrase tables are data (navigation phrases and metadata labels in the languages we read); the
shape tests (title-like, sentence-like) are language-independent.
"""

from __future__ import annotations

import re

from civicatlas.model import Block

# Navigation and chrome that web pages repeat everywhere: "skip to content", "read more", "menu".
_BOILERPLATE = re.compile(
    r"""^(?:
      skip\ to\ (?:the\ )?(?:main\ )?content|skip\ navigation|jump\ to\ (?:main\ )?content|go\ to\ content
    | gå\ (?:direkt\ )?till\ (?:huvud)?innehåll(?:et)?|hoppa\ till\ (?:huvud)?innehåll(?:et)?
    | (?:direkt\ )?zum\ (?:haupt)?inhalt(?:\ springen|\ wechseln|\ gehen)?|inhalt\ überspringen
    | aller\ (?:directement\ )?au\ contenu(?:\ principal)?|passer\ au\ contenu(?:\ principal)?|accéder\ au\ contenu
    | (?:ir|saltar)\ al\ contenido(?:\ principal)?|(?:vai|salta)\ al\ contenuto(?:\ principale)?
    | przejdź\ do\ (?:treści|zawartości)|spring\ naar\ (?:de\ )?(?:hoofd)?inhoud|gå\ til\ (?:hoved)?indhold
    | hop\ til\ indhold|siirry\ (?:suoraan\ )?sisältöön|перейти\ до\ змісту|přejít\ na\ obsah|preskočiť\ na\ obsah
    | menu|meny|menü|main\ menu|huvudmeny|hauptmenü|navigation|navigering
    | search|sök|suche|rechercher|buscar|cerca|szukaj|zoeken
    | read\ more|läs\ mer|weiterlesen|mehr\ (?:lesen|erfahren)|lire\ la\ suite|en\ savoir\ plus|leer\ más|leggi\ di\ più
    | czytaj\ więcej|lees\ meer|læs\ mere|les\ mer
    | share|dela|teilen|partager|compartir|condividi|udostępnij|delen
    | print|skriv\ ut|drucken|imprimer|imprimir
    | back\ to\ top|till\ toppen|nach\ oben|haut\ de\ page|volver\ arriba
    | previous|next|föregående|nästa|zurück|weiter|précédent|suivant
    | home|hem|startsida|startseite|accueil|inicio
    )\s*[.:›»>→]*$""",
    re.I | re.X,
)
_COOKIE = re.compile(r"cookie|\bkakor\b|\btémoins de connexion\b", re.I)
# Pointers to other articles that sites put inside the article body: "Read also: …", "Czytaj też", "MIRA:".
# Words that may also start a sentence ("Related to this…", "Mira Berg said…") count only as a label.
RELATED = re.compile(
    r"""^(?:
      read\ (?:also|more)|see\ also|more\ (?:on|about|from)\b|you\ (?:may|might)\ also\ like|most\ read
    | (?:related(?:\ (?:articles?|stories|posts|news))?|recommended(?:\ for\ you)?|mira|mire)\s*(?:[:?»›]|$)
    | lesen\ sie\ auch|auch\ interessant|das\ könnte\ sie\ (?:auch\ )?interessieren|schon\ gelesen
    | zum\ weiterlesen|weiterlesen|mehr\ zum\ thema|weitere\ (?:artikel|beiträge|themen)
    | top-themen|am\ meisten\ gelesen|meistgelesen|vorschau\ auf\ den\ nächsten
    | à\ lire\ (?:aussi|également)|lire\ aussi|voir\ aussi|sur\ le\ même\ sujet
    | le\ puede\ interesar|te\ puede\ interesar|lee\ también|lea\ también|más\ sobre|ver\ también
    | leggi\ anche|potrebbe\ interessarti|czytaj\ (?:też|także|również)|zobacz\ (?:też|także)|dowiedz\ się\ więcej
    | läs\ (?:också|även)|lees\ ook|læs\ også|les\ også
    )\b""",
    re.I | re.X,
)
# Calls to subscribe, sign up, follow or log in, and copyright and comment-widget lines: short blocks only,
# so an article that discusses newsletters or copyright keeps its paragraphs.
_CALL = re.compile(
    r"""\b(?:subscribe|subscribers?|sign\ up|signing\ up|newsletter|follow\ (?:us|\w+\ on)|log\ in\ for
    | jetzt\ (?:abonnieren|anmelden|registrieren)|abonnieren\ sie|folge\ uns|folgen\ sie\ uns|nicht\ eingeloggt
    | abonnez|inscrivez|suivez-nous|s[ií]guenos|suscr[ií]b\w*|únete|hazte\ miembro
    | iscriviti|seguici|zapisz\ się|subskryb\w*|obserwuj\ nas
    | prenumerera|följ\ oss|abonneer|volg\ ons)\b""",
    re.I | re.X,
)
_RIGHTS = re.compile(
    r"^(?:©|\(c\)|copyright\b)|\b(?:all|some)\ rights\ reserved|alle\ rechte\ vorbehalten|tous\ droits\ réservés"
    r"|todos\ los\ derechos\ reservados|tutti\ i\ diritti\ riservati|chroniony\ prawem\ autorskim"
    r"|copyrighted\ property",
    re.I | re.X,
)
_WIDGET = re.compile(
    r"^(?:(?:keine|\d+)\ kommentare?|kommentare\ insgesamt|no\ comments|\d+\ comments?|leave\ a\ (?:comment|reply)"
    r"|gefällt\ mir|wird\ geladen|loading|like\ this|bewerten|teilen\ mit)\b",
    re.I | re.X,
)
_SHORT_CHROME = 250  # a call to subscribe or a copyright line is a sentence or two, not a paragraph of prose

# "Label: value" lines that describe the page, not an initiative.
_METADATA = re.compile(
    r"""^(?P<label>
      ämnen?|taggar|etiketter|kategori(?:er)?|publicerad|publicerat|uppdaterad|författare|skribent
    | topics?|tags?|categor(?:y|ies)|filed\ under|published|updated|posted|author|written\ by
    | themen?|schlagw(?:ö|o)rt(?:e|er)?|kategorien?|veröffentlicht|aktualisiert|autor(?:in)?
    | sujets?|thèmes?|thématiques?|mots-clés|étiquettes|catégories?|publié(?:\ le)?|mis\ à\ jour|auteur
    | temas?|etiquetas|categorías?|publicado|argomenti|categorie|pubblicato
    | tematy|tagi|kategorie|opublikowano|onderwerpen|trefwoorden|emner|aiheet|avainsanat
    )\s*:\s*(?P<value>.{1,200})$""",
    re.I | re.X,
)
TOPIC_LABELS = re.compile(
    r"^(ämnen?|taggar|etiketter|kategori|topics?|tags?|categor|themen?|schlagw|sujets?|thèmes?|thémat|mots-cl|"
    r"étiquettes|catégor|temas?|etiquetas|argomenti|tematy|tagi|onderwerpen|trefwoorden|emner|aiheet|avainsanat)",
    re.I,
)

# A photo credit at the end of a caption ("… Zimbabwe. Foto: ICLD") or standing alone.
_CREDIT = re.compile(
    r"""(?:^|(?<=\s))(?P<credit>
      (?:foto(?:graf)?|photo(?:graph)?(?:\ credit)?|photographer|bild(?:quelle)?|image|picture|illustration
       |crédit(?:\ photo)?
       |credit|kuva|zdjęcie|zdj\.|fot\.|quelle|fuente|immagine|afbeelding|billede|kilde)
      \s*(?::|by|von|par|de)\s*(?P<name>[^:]{2,80}?)
      | (?:fot|zdj|phot)\.\s+(?P<name3>[^:]{2,80}?)
      | ©\s*(?P<name2>[^:]{2,80}?)
    )\s*\.?\s*$""",
    re.I | re.X,
)
_SENTENCE_END = re.compile(r"""[.!?…](?:["'”’»)\]]+)?$""")


_CRUMB_SEPARATOR = re.compile(r"\s+[›»>/|→]\s+")


def is_boilerplate(text: str) -> bool:
    t = text.strip()
    if _BOILERPLATE.match(t) or _is_breadcrumb(t) or (len(t) <= 400 and _COOKIE.search(t)):
        return True
    return len(t) <= _SHORT_CHROME and bool(
        RELATED.match(t) or _CALL.search(t) or _RIGHTS.search(t) or _WIDGET.match(t))


def _is_breadcrumb(text: str) -> bool:
    """'Home › Stories › Women in local politics': three or more short parts joined by arrows."""
    parts = _CRUMB_SEPARATOR.split(text)
    return len(parts) >= 3 and all(0 < len(p.split()) <= 6 for p in parts)


def metadata(text: str) -> tuple[str, str] | None:
    """('Ämnen', 'Offentlig sektor') for a page-metadata line, else None."""
    m = _METADATA.match(text.strip())
    return (m.group("label"), m.group("value").strip()) if m else None


def split_credit(text: str) -> tuple[str, str | None, str | None]:
    """(caption without credit, credit as written, credited name) — credit parts None when absent."""
    m = _CREDIT.search(text)
    if not m:
        return text, None, None
    credit = m.group("credit").strip().rstrip(".")
    # "Duy Pham, Unsplash": the credited person comes first, the agency or site after the comma.
    name = (m.group("name") or m.group("name2") or m.group("name3") or "").split(",")[0].strip().rstrip(".")
    return text[: m.start("credit")].rstrip(), credit, name


def is_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.strip()))


def is_titleish(text: str) -> bool:
    """Looks like a headline: short, no sentence-final full stop, not a label ending in ':'."""
    t = text.strip()
    if not t or len(t) > 180 or len(t.split()) > 25 or t.endswith((":", ",", ";")):
        return False
    return not t.endswith((".", "…")) or t.endswith("...") and len(t.split()) <= 12


def classify(blocks: list[Block]) -> list[Block]:
    """Mark boilerplate, metadata and standalone credits in place; split credits off captions."""
    for b in blocks:
        if b.kind in ("boilerplate", "metadata", "credit"):
            continue
        if is_boilerplate(b.text):
            b.kind = "boilerplate"
        elif b.kind != "heading" and (meta := metadata(b.text)):
            b.kind = "metadata"
            b.meta["label"], b.meta["value"] = meta
        elif b.kind != "heading":
            rest, credit, name = split_credit(b.text)
            if credit and not rest.strip():
                b.kind = "credit"
                b.meta.update(credit=credit, name=name)
            elif credit:  # text that ends in a photo credit is a caption, wherever it stands
                b.kind = "caption"
                b.text = rest
                b.meta.update(credit=credit, name=name)
    return blocks
