"""The one vocabulary of CivicAtlas: documents, blocks, items and the mentions found in items.

Every mention carries Evidence: which item, which field, which characters, which extractor (name and
version) and how confident it was, so a reader can always click through to the words a value came from.
Offsets are character offsets into the named field of the item (`text` unless `field` says otherwise).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["title", "heading", "paragraph", "list_item", "caption", "credit", "boilerplate", "metadata"]
ItemField = Literal["title", "text", "caption"]


@dataclass
class Document:
    """One input as read: where it came from and its decoded text (HTML stays HTML until parsed)."""

    id: str
    uri: str
    content: str
    content_type: Literal["text", "markdown", "html"]
    sha256: str  # of the raw bytes, to skip unchanged inputs cheaply
    encoding: str = "utf-8"
    text: str = ""  # the parsed plain text that Block and Occurrence offsets index into
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)  # e.g. {"topics": ["Offentlig sektor"]}
    warnings: list[str] = field(default_factory=list)


@dataclass
class Block:
    """A structural unit of a parsed document. `start`/`end` index into the parsed document text."""

    kind: BlockKind
    text: str
    start: int = 0
    end: int = 0
    level: int = 0  # heading level (1–6) or list nesting depth
    group: int | None = None  # blocks sharing a group belong together (a list item and its continuation)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Evidence:
    item_id: str
    start: int
    end: int
    extractor: str
    version: str
    confidence: float = 1.0
    field: ItemField = "text"


@dataclass
class Mention:
    """Base of all mentions: the surface text and where it came from."""

    text: str
    evidence: Evidence

    @property
    def start(self) -> int:
        return self.evidence.start

    @property
    def end(self) -> int:
        return self.evidence.end

    def to_dict(self) -> dict[str, Any]:
        """Flat record for the extract contract: the mention's own fields plus start/end/confidence."""
        out = _as_dict(self, skip="evidence")
        ev = self.evidence
        out.update(start=ev.start, end=ev.end, confidence=round(ev.confidence, 4),
                   extractor=f"{ev.extractor}/{ev.version}")
        if ev.field != "text":
            out["field"] = ev.field
        return out


@dataclass
class Place(Mention):
    name: str = ""
    geonameid: int | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # ISO 3166-2 where known, else GeoNames admin1 code
    kind: Literal["city", "region", "country", "continent", "other"] = "city"
    lat: float | None = None
    lon: float | None = None


@dataclass
class Actor(Mention):
    name: str = ""
    abbreviation: str | None = None
    kind: Literal["organization", "person", "municipality", "region", "government"] = "organization"
    role: str | None = None  # funder, recipient, organiser, partner
    function: str | None = None  # a person's stated function ("generalsekreterare ICLD")


@dataclass
class Amount(Mention):
    value: float | None = None  # in units of the currency
    currency: str | None = None  # ISO 4217
    qualifier: Literal["exact", "more_than", "less_than", "about", "up_to", "range"] = "exact"
    value_max: float | None = None  # upper bound of a range


@dataclass
class Count(Mention):
    value: float | None = None
    unit: str = ""  # canonical English plural where known ("municipalities"), else as written
    unit_text: str = ""  # the unit as written ("kommuner")


@dataclass
class DateRef(Mention):
    value: str = ""  # ISO 8601, as precise as the text: "2020", "2020-06", "2020-06-30"
    precision: Literal["year", "month", "day"] = "year"


@dataclass
class Theme:
    """A label from one of Participedia's vocabularies, with its score and evidence phrase if any."""

    vocabulary: str
    key: str
    score: float
    extractor: str
    version: str
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "score": round(self.score, 4)}
        if self.evidence is not None:
            out.update(start=self.evidence.start, end=self.evidence.end)
            if self.evidence.field != "text":
                out["field"] = self.evidence.field
        return out


@dataclass
class CueWord(Mention):
    """A word that shows what an item is about (a participation, funding or award word…)."""

    kind: str = ""


@dataclass
class Relevance:
    """Whether an item describes an initiative (a democratic innovation, a civic programme, project, grant,
    award or policy of participation) rather than other news: the score, the decision and what decided it."""

    score: float  # probability-like, 0..1
    initiative: bool  # score at or over the threshold (short items also need a cue word)
    reason: str  # model, short (too few words to trust the vector alone) or empty
    extractor: str
    version: str
    cues: list[CueWord] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)  # the head's log-odds from the vector and from the cues

    def to_dict(self) -> dict[str, Any]:
        cues = []
        for c in self.cues:
            cue = {"kind": c.kind, "text": c.text, "start": c.start, "end": c.end}
            cues.append({**cue, "field": c.evidence.field} if c.evidence.field != "text" else cue)
        return {"score": round(self.score, 4), "initiative": self.initiative, "reason": self.reason,
                "parts": {k: round(v, 3) for k, v in self.parts.items()}, "evidence": cues,
                "extractor": f"{self.extractor}/{self.version}"}


@dataclass
class Credit:
    """A photo credit ("Foto: ICLD"): kept apart from the text; never an actor."""

    text: str
    name: str


@dataclass
class Occurrence:
    """Where an item's words stand in its document (an exact duplicate inside a document adds one)."""

    start: int
    end: int
    block: int  # index of the first block of the item


@dataclass
class Item:
    """One initiative as found in one document, with everything the enrichers said about it."""

    id: str
    document_id: str
    position: int  # order in the document
    text: str
    source_uri: str | None = None  # the document's URI: its domain is weak evidence of country
    title: str | None = None
    caption: str | None = None
    credits: list[Credit] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    language: str | None = None  # ISO 639-1
    language_confidence: float | None = None
    places: list[Place] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    themes: dict[str, list[Theme]] = field(default_factory=dict)
    relevance: Relevance | None = None  # None: not judged (a pipeline without the relevance enricher)
    vector: Any = None  # numpy array when an encoder ran; never serialised into records
    enriched_by: dict[str, str] = field(default_factory=dict)  # enricher name -> version
    errors: list[str] = field(default_factory=list)  # "enricher: reason" for each enricher that failed on it
    # Human-entered values of an imported case record (Participedia's fields and vocabulary keys), kept beside
    # what the enrichers find and never overwritten by them; a curated item is an initiative by definition.
    curated: dict[str, Any] = field(default_factory=dict)
    external_ids: dict[str, str] = field(default_factory=dict)  # e.g. {"participedia": "5"}

    def field_text(self, name: ItemField) -> str:
        return {"title": self.title, "text": self.text, "caption": self.caption}[name] or ""

    def fields(self) -> list[tuple[ItemField, str]]:
        """The fields enrichers read, in order; offsets of mentions index into one of these."""
        return [(f, t) for f, t in (("title", self.title), ("text", self.text), ("caption", self.caption)) if t]

    def to_record(self, document: str | None = None) -> dict[str, Any]:
        """The stable `extract` contract (see README): one JSON object per item."""
        return {
            "id": self.id,
            "document": document if document is not None else self.document_id,
            "title": self.title,
            "text": self.text,
            "caption": self.caption,
            "credits": [_as_dict(c) for c in self.credits],
            "occurrences": [_as_dict(o) for o in self.occurrences],
            "language": self.language,
            "places": [p.to_dict() for p in self.places],
            "countries": list(self.countries),
            "amounts": [a.to_dict() for a in self.amounts],
            "counts": [c.to_dict() for c in self.counts],
            "dates": [d.to_dict() for d in self.dates],
            "years": list(self.years),
            "actors": [a.to_dict() for a in self.actors],
            "themes": {vocab: [t.to_dict() for t in labels] for vocab, labels in self.themes.items()},
            "relevance": self.relevance.to_dict() if self.relevance is not None else None,
            # only when there are any: records of items found in documents stay as they were
            **({"curated": self.curated} if self.curated else {}),
            **({"external_ids": self.external_ids} if self.external_ids else {}),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any], position: int = 0) -> Item:
        """The item a `to_record` record describes (an export read back): `to_record` of the result gives the
        record again. What records do not carry (vectors, language confidence) stays empty."""
        iid = record["id"]
        item = cls(id=iid, document_id=record["document"], position=position, text=record["text"],
                   title=record.get("title"), caption=record.get("caption"), language=record.get("language"),
                   countries=list(record.get("countries") or []), years=list(record.get("years") or []),
                   credits=[Credit(**c) for c in record.get("credits") or []],
                   occurrences=[Occurrence(**o) for o in record.get("occurrences") or []],
                   curated=dict(record.get("curated") or {}), external_ids=dict(record.get("external_ids") or {}))
        for name, kind in (("places", Place), ("amounts", Amount), ("counts", Count), ("dates", DateRef),
                           ("actors", Actor)):
            setattr(item, name, [_mention(kind, m, iid) for m in record.get(name) or []])
        if rel := record.get("relevance"):
            extractor, _, version = rel.get("extractor", "").partition("/")
            item.relevance = Relevance(
                rel["score"], rel["initiative"], rel.get("reason", "model"), extractor, version,
                [CueWord(c["text"], Evidence(iid, c["start"], c["end"], extractor, version, 1.0,
                                             c.get("field", "text")), kind=c["kind"])
                 for c in rel.get("evidence") or []], dict(rel.get("parts") or {}))
        for vocab, labels in (record.get("themes") or {}).items():
            item.themes[vocab] = [
                Theme(vocab, t["key"], t["score"], "", "",
                      Evidence(iid, t["start"], t["end"], "", "", t["score"], t.get("field", "text"))
                      if "start" in t else None)
                for t in labels]
        return item


_PLAIN = (str, int, float, type(None))


@functools.cache
def _field_names(cls: type, skip: str) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != skip)


def _as_dict(obj: Any, skip: str = "") -> dict[str, Any]:
    """dataclasses.asdict(obj) without the field `skip`. Plain values (text, numbers, None: every field of a mention,
    credit and occurrence) are taken as they are: asdict copies each value deeply and looks the fields up again on
    every call, which made records slow to write (a stored item's record is made four times)."""
    out = {name: getattr(obj, name) for name in _field_names(type(obj), skip)}
    if all(isinstance(v, _PLAIN) for v in out.values()):
        return out
    return {k: v for k, v in dataclasses.asdict(obj).items() if k != skip}


def _mention(kind: type[Mention], m: dict[str, Any], item_id: str) -> Any:
    """A mention from its flat record (Mention.to_dict), evidence included."""
    extractor, _, version = (m.get("extractor") or "").partition("/")
    evidence = Evidence(item_id, m["start"], m["end"], extractor, version, m.get("confidence", 1.0),
                        m.get("field", "text"))
    own = {f.name for f in dataclasses.fields(kind)} - {"text", "evidence"}
    return kind(text=m.get("text", ""), evidence=evidence, **{k: v for k, v in m.items() if k in own})
