"""/api/v1/places: the places the matching cases mention (GeoNames ids, with their names), by how many cases."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from civicatlas import Atlas
from civicatlas.filters import CaseFilter
from civicatlas.web.api.counts import counted
from civicatlas.web.api.models import CountList
from civicatlas.web.api.query import MAX_PAGE, case_filter
from civicatlas.web.app import atlas

router = APIRouter(tags=["counts"])


@router.get("/places", response_model=CountList,
            summary="Places of the matching cases, with counts")
def places(request: Request, filters: CaseFilter = Depends(case_filter), limit: int = Query(50, ge=1, le=MAX_PAGE),
       a: Atlas = Depends(atlas)) -> CountList:
    return counted(request, a, "place", filters, limit)
