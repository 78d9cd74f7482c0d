"""/api/v1/stats: the matching cases counted by year, country, theme, method and language (the overview)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from civicatlas import Atlas
from civicatlas.filters import CaseFilter
from civicatlas.web.api.models import PROBLEMS, Stats
from civicatlas.web.api.query import cached, case_count, case_filter, facet_counts, limited
from civicatlas.web.app import atlas

router = APIRouter(tags=["counts"], responses=PROBLEMS)
BY = {"by_year": "year", "by_country": "country", "by_theme": "general_issue", "by_method": "method_type",
      "by_language": "language"}


@router.get("/stats", response_model=Stats,
            summary="Cases by year, country, theme, method and language")
def stats(request: Request, filters: CaseFilter = Depends(case_filter), limit: int = Query(100, ge=1, le=1000),
          a: Atlas = Depends(atlas)) -> Response:
    def overview() -> bytes:
        counts = cached(request, a, ("facets", filters, tuple(BY.values()), limit),
                        lambda: facet_counts(request, a, filters, list(BY.values()), limit=limit))
        total = cached(request, a, ("count", filters), lambda: case_count(request, a, filters))
        by = {name: counts[field] for name, field in BY.items()}
        by["by_year"] = sorted(by["by_year"], key=lambda v: v["value"])  # a time line, not a ranking
        return Stats(cases=total, filters=filters.given(), **by).model_dump_json().encode()

    with limited(request, a):
        return Response(cached(request, a, ("stats", str(request.url)), overview), media_type="application/json")
