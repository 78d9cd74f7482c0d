"""The search page, `/`: a query box, facets with counts, results with their hits marked and how they matched.
Without a query the filtered cases come a page at a time from the store (keyset cursors); with one, its hits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from civicatlas import Atlas
from civicatlas.errors import ConfigError
from civicatlas.web.api.query import case_count
from civicatlas.web.app import atlas
from civicatlas.web.pages.render import page
from civicatlas.web.pages.state import State, facets, hits

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
FACET_VALUES = 12  # values shown per facet, the most frequent


def result(case: dict[str, Any]) -> dict[str, Any]:
    hit = case.get("hit") or {}
    return {"id": case["id"], "title": case["title"] or case["id"], "languages": case["languages"],
            "snippet": hit.get("snippet") or case["summary"] or "", "matched": hit.get("matched", [])}


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, a: Atlas = Depends(atlas)) -> HTMLResponse:
    state = State.of(request)
    filters = state.filters()
    following = previous = None
    if state.q:
        found = hits(a, state)
        total = len(found)
        pages = max(1, -(-total // PER_PAGE))
        state.page = min(state.page, pages)
        shown = found[(state.page - 1) * PER_PAGE: state.page * PER_PAGE]
        if state.page < pages:
            following = state.url(page=state.page + 1)
        if state.page > 1:
            previous = state.url(page=state.page - 1)
    else:
        found = None
        total = case_count(request, a, filters)
        try:
            shown, cursor = a.store.page_cases(filters, after=state.after, limit=PER_PAGE)
        except ConfigError as e:  # a cursor that is not one of ours
            state.error, shown, cursor = str(e), [], None
        following = state.url(after=cursor) if cursor else None
        previous = state.url() if state.after else None  # keyset pages go forward; back to the first
    return page(request, "search.html", state=state, results=[result(c) for c in shown], total=total,
                following=following, previous=previous, facets=facets(request, a, state, found, FACET_VALUES))
