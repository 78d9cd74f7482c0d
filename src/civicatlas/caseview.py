"""What a case shows from its items: the best title and summary per language, and the merged mentions
(one entry per place, amount, actor, year…, each listing every piece of evidence it came from). Items
keep their own records; this is a view over them, so nothing an item said is ever lost."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from civicatlas.words import normalise

SUMMARY_CHARS = 600


# A sentence ends at . ! ? before a letter, outside quotes, and not after an abbreviation: a short
# capitalised word ("Mio.", "Dr."), a word of one or two letters ("ca."), or a dotted one ("z.B.").
_SENTENCE_END = re.compile(r"(\S*)[.!?](?=\s+[\"'“‘«„(]?[^\W\d_])")
_OPEN_QUOTES, _CLOSE_QUOTES = "“«„", "”»"


def _abbreviation(word: str) -> bool:
    return "." in word or len(word) <= 2 or (len(word) <= 3 and word[:1].isupper())


def headline(text: str, limit: int = 120) -> str:
    """A title for an untitled item: its first sentence, cut at a word boundary."""
    first = text.split("\n", 1)[0]
    for m in _SENTENCE_END.finditer(first[: limit + 1]):
        before = first[: m.end()]
        quoted = sum(before.count(q) for q in _OPEN_QUOTES) > sum(before.count(q) for q in _CLOSE_QUOTES)
        if not quoted and not _abbreviation(m.group(1).lstrip("\"'“‘«„(")):
            first = before
            break
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def _summary(text: str) -> str:
    """The first paragraph, cut at a sentence end when it is long."""
    first = text.strip().split("\n\n", 1)[0].strip()
    if len(first) <= SUMMARY_CHARS:
        return first
    cut = first[:SUMMARY_CHARS]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > SUMMARY_CHARS // 3 else cut.rsplit(" ", 1)[0] + "…"


def _quality(record: dict[str, Any]) -> tuple[int, int, int, int]:
    # A title or summary a person wrote comes first; then an item with a title of its own, which reads better
    # than a headline cut from a text; then the one that says more (up to a summary's length: a long article is
    # not a better summary than a teaser).
    text = record.get("text") or ""
    return (bool(_curated(record, "title") or _curated(record, "summary")), bool(record.get("title")),
            min(len(text), SUMMARY_CHARS), -len(record.get("occurrences") or []))


def _curated(record: dict[str, Any], field: str) -> Any:
    """A person's value for a field of the item (a correction, or an imported case's own), else None."""
    return (record.get("curated") or {}).get(field)


def language_of(record: dict[str, Any]) -> str:
    """The item's language as a person corrected it, else as found ("und" when unknown)."""
    return _curated(record, "language") or record.get("language") or "und"


def titles_by_language(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """language → {"title", "summary", "item"} from the best item in that language."""
    best: dict[str, dict[str, Any]] = {}
    for r in records:
        lang = language_of(r)
        if lang not in best or _quality(r) > _quality(best[lang]):
            best[lang] = r
    return {lang: {"title": _curated(r, "title") or r.get("title") or headline(r.get("text") or ""),
                   "summary": _curated(r, "summary") or _summary(r.get("text") or ""), "item": r["id"]}
            for lang, r in best.items()}


def case_heading(records: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """(title, summary) of a case: the best in the language of its first item (the one that founded it)."""
    if not records:
        return "", ""
    chosen = titles_by_language(records)[language_of(records[0])]
    return chosen["title"], chosen["summary"]


def _evidence(record: dict[str, Any], m: dict[str, Any]) -> dict[str, Any]:
    return {"item": record["id"], "field": m.get("field", "text"), "start": m.get("start"), "end": m.get("end"),
            "text": m.get("text"), "extractor": m.get("extractor"), "confidence": m.get("confidence")}


_KEYS = {
    "places": lambda m: m.get("geonameid") or normalise(m.get("name") or m.get("text") or ""),
    "amounts": lambda m: (m.get("currency"), m.get("value"), m.get("qualifier")),
    "counts": lambda m: (m.get("value"), m.get("unit")),
    "dates": lambda m: m.get("value"),
    "actors": lambda m: normalise(m.get("name") or m.get("text") or ""),
}
_DROP = {"start", "end", "text", "extractor", "confidence", "field"}


def merged_mentions(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One entry per distinct place, amount, count, date and actor across the items, with all its evidence;
    plus the union of countries and years."""
    out: dict[str, Any] = {}
    for kind, key_of in _KEYS.items():
        entries: dict[Any, dict[str, Any]] = {}
        for r in records:
            for m in r.get(kind, []):
                key = key_of(m)
                entry = entries.setdefault(key, {**{k: v for k, v in m.items() if k not in _DROP}, "evidence": []})
                entry["evidence"].append(_evidence(r, m))
        out[kind] = list(entries.values())
    out["countries"] = sorted({c for r in records for c in r.get("countries", [])})
    out["years"] = sorted({y for r in records for y in r.get("years", [])})
    return out
