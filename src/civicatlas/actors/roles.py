"""Roles of actors: funder, recipient, organiser or partner, from the words around a mention in its sentence.

The small word before a mention ("funded by", "in partnership with", "awarded … to") or the verb it is the
subject of, active or passive ("ICLD granted", "Region Gotland har beviljats"), decides; the words themselves
are in `lexicon`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from civicatlas.actors.lexicon import FUND, GIVE, ORGANISE, RECEIVE, SUPPORT

if TYPE_CHECKING:
    from civicatlas.actors.finder import FoundActor


def _cue_rx(stems: list[str]) -> re.Pattern[str]:
    # not the nouns and adjectives: "organisations", "initiative", "financiación", "creation", "financial"
    words = "|".join(re.escape(s) for s in sorted(set(stems), key=len, reverse=True))
    nouns = "ation|ación|acion|azion|ação|ações|atie|ive|iv|ion|ial|ment"
    return re.compile(rf"(?<![\w/.-])(?:{words})(?!{nouns})")  # nor inside URLs


_FUND_RX, _SUPPORT_RX, _GIVE_RX, _RECEIVE_RX, _ORGANISE_RX = map(_cue_rx, (FUND, SUPPORT, GIVE, RECEIVE, ORGANISE))
ANY_CUE = _cue_rx(FUND + SUPPORT + GIVE + RECEIVE + ORGANISE)
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


# not the dots of "St. Paul", "€1.5 million"; a run of marks is tried once, from its first ("....a" is linear)
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+(?=\s+[^\W\d_a-zà-ÿ]|\s*$)")
# How far before a mention its marking words are looked for ("funded by", "a grant from"): a sentence
# longer than this (a run-on line of a scraped page) is not searched from its start for every mention.
LOOK_BEHIND = 300
LOOK_AHEAD = 300  # and after it, for its verb (which must start within 80 characters)


@lru_cache(maxsize=8)  # every mention of a text asks for its sentence
def _sentence_ends(text: str) -> tuple[int, ...]:
    return tuple(m.end() for m in _SENTENCE_END.finditer(text))


def sentence(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence `pos` is in."""
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
    s0, s1 = sentence(text, a.start)
    low_after = text[a.end : min(s1, a.end + LOOK_AHEAD)].lower()
    role = marked_role(text[max(s0, a.start - LOOK_BEHIND) : a.start], low_after)
    if role:
        return role
    # the subject of the first cue after it, unless another actor stands between as the subject
    money = _has_digit(text, s0, s1)
    first_after = bisect.bisect_left(others, a.end, key=lambda b: b.start)
    for m in ANY_CUE.finditer(low_after):
        ahead = low_after[: m.start()]
        if m.start() > 80 or _NOUN_BEFORE.search(ahead) or _OTHER_SUBJECT.search(ahead):
            break  # too far to be its verb; "for funding", "the grant" are nouns; "; they have created"
        pos = a.end + m.start()
        if _subject_between(text, s0, others, first_after, pos):
            return None
        cue, passive = m.group(0), is_passive(low_after, m)
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
        if b.end <= pos and not _AGENT.search(text[max(s0, b.start - LOOK_BEHIND) : b.start]):
            return True
        i += 1
    return False


def is_passive(low: str, cue: re.Match[str]) -> bool:
    return any(p.start() <= cue.start() < p.end() for p in _PASSIVE.finditer(low, 0, cue.end() + 20))


def marked_role(before: str, low_after: str) -> str | None:
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


ROLE_RANK = {"funder": 0, "recipient": 1, "organiser": 2, "partner": 3, None: 4}
