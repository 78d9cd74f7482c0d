"""Records of items: mentions, credits and occurrences flatten exactly as dataclasses.asdict does (model._as_dict
skips asdict's deep copies where the values are plain, for speed)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from civicatlas.model import Credit, Evidence, Item, Mention, Occurrence


def _old_to_dict(mention: Mention) -> dict:
    """Mention.to_dict as it was written with asdict."""
    out = {k: v for k, v in dataclasses.asdict(mention).items() if k != "evidence"}
    ev = mention.evidence
    out.update(start=ev.start, end=ev.end, confidence=round(ev.confidence, 4), extractor=f"{ev.extractor}/{ev.version}")
    if ev.field != "text":
        out["field"] = ev.field
    return out


@dataclass
class Listed(Mention):
    """A mention with a field that is no plain value: asdict's copy is kept there."""

    names: list[str] = field(default_factory=list)


def _subclasses(cls: type) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_subclasses(sub))]


def test_every_mention_flattens_as_asdict_did() -> None:
    kinds = _subclasses(Mention)
    assert len(kinds) >= 7 and Listed in kinds
    for n, kind in enumerate(kinds):
        values = {}
        for f in dataclasses.fields(kind):  # a value of each field's type, most not its default
            if f.name in ("text", "evidence"):
                continue
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
            values[f.name] = (["a", "b"] if isinstance(default, list) else 3 if f.name.startswith("geo")
                              else 1.5 if f.name in ("lat", "lon", "value", "value_max") else default or f"{f.name}!")
        mention = kind(text="Växjö", evidence=Evidence("i1", n, n + 5, "x", "2", 0.123456, "title"), **values)
        assert mention.to_dict() == _old_to_dict(mention), kind
    listed = Listed("Lund", Evidence("i1", 0, 4, "x", "1"), names=["a"])
    assert listed.to_dict()["names"] is not listed.names  # a copy, as asdict made


def test_credits_and_occurrences_in_records_are_as_asdict_made_them() -> None:
    item = Item(id="i1", document_id="d1", position=0, text="Text", credits=[Credit("Foto: Anna", "Anna")],
                occurrences=[Occurrence(0, 4, 1), Occurrence(10, 14, 3)])
    record = item.to_record()
    assert record["credits"] == [dataclasses.asdict(c) for c in item.credits]
    assert record["occurrences"] == [dataclasses.asdict(o) for o in item.occurrences]
