"""What the counting resources share: one facet of the matching cases as a counted list."""

from __future__ import annotations

from fastapi import Request

from civicatlas import Atlas
from civicatlas.filters import CaseFilter
from civicatlas.web.api.models import Counted, CountList, ListMeta
from civicatlas.web.api.query import cached, facet_counts, limited


def counted(request: Request, a: Atlas, field: str, filters: CaseFilter, limit: int) -> CountList:
    with limited(request, a):
        values = cached(request, a, ("facets", filters, (field,), limit),
                         lambda: facet_counts(request, a, filters, [field], limit=limit))[field]
    results = [Counted(value=str(v["value"]), label=v.get("label"), count=v["count"]) for v in values]
    return CountList(meta=ListMeta(count=len(results), limit=limit, filters=filters.given()), results=results)
