"""The review queue: the uncertain decisions a curator should look at first, each with its evidence, and the
verdicts that take them out of it.

- merge: an automatic merge that was not certain (near, semantic or cross-lingual, score below REVIEW_BELOW),
  weakest first. Accept: a human merge decision (it wins over every later resolution); reject: a split.
- place, amount: a place or sum found with low confidence (below LOW_CONFIDENCE), least confident first.
- country: an initiative whose items name no country (a correction of `country` also takes it out).
Verdicts are kept by item id (and a mention's field and offset), so they survive re-ingest and re-resolution.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from civicatlas.errors import ConfigError, NotFound
from civicatlas.store.base import REVIEW_KINDS

if TYPE_CHECKING:
    from civicatlas.atlas import Atlas

REVIEW_BELOW = 0.95  # automatic merges scoring less than this are worth a human look
LOW_CONFIDENCE = 0.6  # places and amounts found with less confidence than this
CONTEXT = 80  # characters shown either side of a mention's words
VERDICTS = ("accept", "reject")


def queue(atlas: Atlas, limit: int = 50) -> list[dict[str, Any]]:
    """Up to `limit` entries: uncertain merges first (weakest first), then low-confidence places and amounts
    (least confident first), then initiatives without a country."""
    entries = []
    for row in atlas.store.review_queue(LOW_CONFIDENCE, limit):
        if row["kind"] == "merge" and (row["score"] or 0) < REVIEW_BELOW:
            evidence = {"reason": row["reason"], "matched": row["matched"], **(row["evidence"] or {})}
            if evidence.get("shared"):
                evidence["shared"] = _readable(evidence["shared"], atlas.store.get_item(row["item_id"]) or {})
            entries.append({"kind": "merge", "id": row["target"], "case": row["case_id"], "item": row["item_id"],
                            "title": row["title"], "score": row["score"], "evidence": evidence})
        elif row["kind"] in ("place", "amount"):
            entries.append({"kind": row["kind"], "id": row["target"], "case": row["case_id"], "item": row["item_id"],
                            "title": row["title"], "score": row["confidence"],
                            "evidence": {"text": row["text"], "key": row["key"], "field": row["field"],
                                         "start": row["start"], "end": row["end"], "context": _context(row),
                                         "mention": row["data"]}})
        elif row["kind"] == "country":
            entries.append({"kind": "country", "id": row["target"], "case": row["case_id"], "item": None,
                            "title": row["title"], "score": None, "evidence": {"countries": []}})
    return entries[:limit]


def _readable(shared: dict[str, list[str]], record: dict[str, Any]) -> dict[str, list[str]]:
    """The resolver's shared anchors as a person reads them: places by name (the resolver keeps GeoNames ids),
    sums as currency and amount (it keeps them as a (currency, value) pair written out)."""
    names = {str(p.get("geonameid")): p.get("name") for p in record.get("places") or [] if p.get("geonameid")}
    out = {}
    for kind, values in shared.items():
        if kind in ("city", "region"):
            values = [f"{name} ({v})" if (name := names.get(v.removeprefix("g"))) else v for v in values]
        elif kind == "amount":
            values = [_sum(v) for v in values]
        out[kind] = values
    return out


def _sum(pair: str) -> str:
    """"('EUR', 300000.0)" → "EUR 300,000"."""
    try:
        currency, value = ast.literal_eval(pair)
        return f"{currency} {float(value):,.0f}" if float(value).is_integer() else f"{currency} {float(value):,.2f}"
    except (ValueError, SyntaxError, TypeError):
        return pair


def _context(row: dict[str, Any]) -> str | None:
    """The mention's words with some of the text around them."""
    text = row["item_caption"] if row["field"] == "caption" else row["item_text"] if row["field"] == "text" else None
    if not text or row["start"] is None or row["end"] is None:
        return None
    return text[max(0, row["start"] - CONTEXT):row["end"] + CONTEXT]


def decide(atlas: Atlas, kind: str, target: str, verdict: str, by: str) -> dict[str, Any]:
    """Record a curator's verdict on a queue entry as a human decision. Returns what was done."""
    if kind not in REVIEW_KINDS:
        raise ConfigError(f"unknown review kind {kind!r}; use {', '.join(REVIEW_KINDS)}")
    if verdict not in VERDICTS:
        raise ConfigError(f"unknown verdict {verdict!r}; use accept or reject")
    store = atlas.store
    done: dict[str, Any] = {"kind": kind, "id": target, "verdict": verdict}
    with store.transaction():
        if kind == "merge":
            case = store.case_of_items([target]).get(target)
            if case is None:
                raise NotFound(f"{target}: no item in a case with this id")
            if verdict == "reject":
                done["new_case"] = atlas.split(case, target, by=by)
            else:
                other = next((m for m in store.case_members([case]).get(case, []) if m != target), None)
                if other is not None:  # the same initiative: a decision every later resolution keeps
                    store.decide("merge", [(other, target)], {})
                done["case"] = case
        elif kind == "country":
            if store.get_case(target) is None:
                raise NotFound(f"{target}: no case with this id")
        else:
            item = target.split(":", 1)[0]
            if store.get_item(item) is None:
                raise NotFound(f"{target}: no item {item}")
        store.review_verdict(kind, target, verdict, by)
        store.log(by, "review", target, done)
    return done
