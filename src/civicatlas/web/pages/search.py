"""The search page, `/`: a query box, facets with counts, results with their hits marked and how they matched."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from civicatlas import Atlas
from civicatlas.web.app import atlas
from civicatlas.web.pages.render import page
from civicatlas.web.pages.state import State, facet_counts, find

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
FACET_VALUES = 12  # values shown per facet, the most frequent


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, a: Atlas = Depends(atlas)) -> HTMLResponse:
    state = State.of(request)
    cases, hits = find(a, state)
    pages = max(1, -(-len(cases) // PER_PAGE))
    state.page = min(state.page, pages)
    shown = cases[(state.page - 1) * PER_PAGE: state.page * PER_PAGE]
    results = [{"id": c["id"], "title": c["title"] or c["id"], "languages": c["languages"],
                "snippet": hits[c["id"]]["snippet"] if c["id"] in hits else c["summary"] or "",
                "matched": hits.get(c["id"], {}).get("matched", [])} for c in shown]
    facets = {name: values[:FACET_VALUES] for name, values in facet_counts(cases).items()}
    return page(request, "search.html", state=state, results=results, total=len(cases), pages=pages,
                facets=facets)
