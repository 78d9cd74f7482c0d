"""The overview page, `/overview`: cases by year, country, theme and method as bar charts drawn on the server
(SVG), each bar a link to the search filtered by it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from civicatlas import Atlas
from civicatlas.web.api.query import facet_counts
from civicatlas.web.app import atlas
from civicatlas.web.pages.render import page
from civicatlas.web.pages.state import State

router = APIRouter(include_in_schema=False)
BARS = 15  # bars per chart, the largest
CHARTS = [("year", "Cases by year"), ("country", "Cases by country"), ("general_issue", "Cases by theme"),
          ("method_type", "Cases by method")]


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request, a: Atlas = Depends(atlas)) -> HTMLResponse:
    counts = facet_counts(request, a, None, [name for name, _ in CHARTS], limit=BARS)
    state = State()
    charts = []
    for name, title in CHARTS:
        values = [(str(v["value"]), v["count"]) for v in counts[name]]
        if name == "year":
            values.sort()
        top = max((n for _, n in values), default=1)
        charts.append({"name": name, "title": title, "top": top,
                       "bars": [{"label": v, "count": n, "share": n / top, "url": state.toggle(name, v)}
                                for v, n in values]})
    return page(request, "overview.html", charts=charts, total=a.stats()["cases"])
