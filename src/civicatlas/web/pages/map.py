"""The map page, `/map`: the cases of the current query and filters as clustered markers over offline country
outlines; a marker opens a card that links to the case. Without JavaScript the same cases show as a list."""

from __future__ import annotations

import dataclasses
from itertools import islice
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from civicatlas import Atlas
from civicatlas.web.app import atlas
from civicatlas.web.pages.render import page
from civicatlas.web.pages.state import State, hits

router = APIRouter(include_in_schema=False)
MAP_CASES = 5000  # cases drawn at most: a browser clusters a few thousand markers well


def located(case: dict[str, Any]) -> list[dict[str, Any]]:
    """One marker per distinct place of the case with coordinates."""
    return [{"id": case["id"], "title": case["title"] or case["id"], "place": p.get("name") or p.get("text") or "",
             "lat": p["lat"], "lon": p["lon"]}
            for p in case["mentions"]["places"] if p.get("lat") is not None and p.get("lon") is not None]


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, a: Atlas = Depends(atlas)) -> HTMLResponse:
    state = State.of(request)
    if state.q:
        cases = hits(a, state)
    else:  # only the cases with coordinates are read
        filters = dataclasses.replace(state.filters(), has_coordinates=True)
        cases = list(islice(a.store.iter_cases(filters), MAP_CASES))
    markers = [m for c in cases for m in located(c)]
    return page(request, "map.html", state=state, total=len(cases), markers=markers,
                map_data={"markers": markers, "tiles": request.app.state.settings.tile_url, "cluster": True})
