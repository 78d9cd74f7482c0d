"""The case page, `/cases/{id}`: what the case is, per language, and every source with the words each field
came from marked; a field links to its words (#ev-…), so the evidence shows without JavaScript too. Its
corrections, and for a signed-in curator the forms that correct, split and merge (pages/curate.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from civicatlas import Atlas
from civicatlas.atlas import CORRECTABLE
from civicatlas.search import same_kind_elsewhere, similar_cases
from civicatlas.web.app import atlas
from civicatlas.web.pages.map import located
from civicatlas.web.pages.render import page

router = APIRouter(include_in_schema=False)
SIMILAR = 5  # similar cases and cases of the same kind elsewhere, each
FIELDS = ("title", "text", "caption")


def span_id(evidence: dict[str, Any]) -> str:
    return f"ev-{evidence['item']}-{evidence['field']}-{evidence['start']}-{evidence['end']}"


def marked_fields(item: dict[str, Any], spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The item's fields cut at every evidence boundary: [{field, runs: [{text, starts, covers}]}], where
    `starts` are the ids of the spans that begin at the run (the link targets) and `covers` those it is part
    of (spans nest and overlap: "Stadt Görlitz" is an actor, "Görlitz" in it a place)."""
    out = []
    for name in FIELDS:
        text = item.get(name) or ""
        if not text:
            continue
        mine = [e for e in spans if e["field"] == name and 0 <= e["start"] < e["end"] <= len(text)]
        cuts = sorted({0, len(text), *(e["start"] for e in mine), *(e["end"] for e in mine)})
        runs = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            covering = sorted((e for e in mine if e["start"] <= a and b <= e["end"]), key=lambda e: -e["end"])
            runs.append({"text": text[a:b], "starts": list(dict.fromkeys(span_id(e) for e in covering
                                                                           if e["start"] == a)),
                         "covers": list(dict.fromkeys(span_id(e) for e in covering))})
        out.append({"field": name, "runs": runs})
    return out


def themes(case: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    """vocabulary → (key, best score among the items), best first."""
    best: dict[str, dict[str, float]] = {}
    for item in case["items"]:
        for vocab, labels in (item.get("themes") or {}).items():
            for t in labels:
                scores = best.setdefault(vocab, {})
                scores[t["key"]] = max(scores.get(t["key"], 0.0), float(t.get("score") or 0.0))
    return {v: sorted(s.items(), key=lambda kv: -kv[1]) for v, s in best.items()}


def sources(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Each source document with its items, each item's fields marked with all the evidence that points there."""
    spans: dict[str, list[dict[str, Any]]] = {}
    for entries in case["mentions"].values():
        for entry in entries if isinstance(entries, list) else []:
            for e in entry.get("evidence", []) if isinstance(entry, dict) else []:
                if e.get("start") is not None and e.get("end") is not None:
                    spans.setdefault(e["item"], []).append(e)
    out = []
    for source in case["sources"]:
        items = [i for i in case["items"] if i.get("document") == source["document"]]
        out.append({**source, "items": [{**i, "fields": marked_fields(i, spans.get(i["id"], []))} for i in items]})
    return out


DONE = {"correct": "Corrected.", "split": "Split: the item is a case of its own now.",
        "merge": "Merged: the other case's items are in this case now."}


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(case_id: str, request: Request, a: Atlas = Depends(atlas)) -> Response:
    return show(request, a, case_id)


def show(request: Request, a: Atlas, case_id: str, error: str | None = None, status_code: int = 200) -> Response:
    """The case page; `error`: why a curator's form was refused (shown above the forms)."""
    case = a.store.get_case(case_id)
    if case is None:
        if successor := a.store.successor(case_id):  # merged away: its items are in this case now
            return RedirectResponse(f"/cases/{successor}", status_code=308)
        return page(request, "missing.html", status_code=404, what=case_id)
    map_data = {"markers": located(case), "tiles": request.app.state.settings.tile_url}
    done = DONE.get(request.query_params.get("done", "")) if error is None else None
    return page(request, "case.html", status_code=status_code, case=case, sources=sources(case),
                themes=themes(case), history=a.history(case_id), map_data=map_data,
                similar=similar_cases(a.store, case, SIMILAR), elsewhere=same_kind_elsewhere(a.store, case, SIMILAR),
                curated=a.curated(case_id), fields=CORRECTABLE, done=done, error=error,
                new_case=request.query_params.get("new_case") if done else None)
