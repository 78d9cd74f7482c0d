"""/api/v1/cases: the cases, filtered, searched, sorted and paged; one case whole; cases like it."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import RedirectResponse

from civicatlas import Atlas
from civicatlas.errors import NotFound
from civicatlas.filters import CaseFilter
from civicatlas.search import same_kind_elsewhere, search, similar_cases
from civicatlas.web.api.models import PROBLEMS, Case, CaseList, CaseSummary, ListMeta, Similar
from civicatlas.web.api.query import (
    MAX_PAGE,
    MAX_QUERY,
    cached,
    case_count,
    case_filter,
    facet_counts,
    fields,
    limited,
)
from civicatlas.web.app import atlas, not_modified

router = APIRouter(tags=["cases"], responses=PROBLEMS)
CASE_ID = Path(..., max_length=100, description="a case id (a merged-away id redirects to the case holding it now)")


def summary(case: dict[str, Any], request: Request, **extra: Any) -> CaseSummary:
    """What a listing shows of a case."""
    return CaseSummary(id=case["id"], title=case["title"], summary=case.get("summary"), languages=case["languages"],
                       countries=case["mentions"]["countries"], years=case["mentions"]["years"],
                       sources=len(case["sources"]), created_at=case["created_at"], updated_at=case["updated_at"],
                       url=str(request.url_for("get_case", case_id=case["id"])), **extra)


@router.get("/cases", response_model=CaseList, summary="Cases: filter, search, page")
def list_cases(
    request: Request,
    filters: CaseFilter = Depends(case_filter),
    q: str | None = Query(None, max_length=MAX_QUERY, description="words or a description to search for"),
    by: Literal["words", "meaning", "both"] = Query("words", description="how `q` matches: words, meaning or both"),
    sort: Literal["created", "-created", "updated", "-updated"] = Query(
        "created", description="order (ignored with `q`: best match first); `-` newest first"),
    cursor: str | None = Query(None, max_length=500, description="`meta.next_cursor` of the page before"),
    limit: int = Query(20, ge=1, le=MAX_PAGE, description=f"cases per page (at most {MAX_PAGE})"),
    group_by: str | None = Query(None, max_length=MAX_QUERY,
                                 description="facet counts for the same filters, e.g. country,language"),
    a: Atlas = Depends(atlas),
) -> Any:
    fields_of = fields(group_by)

    def page() -> tuple[bytes, str | None]:
        following = None
        if q and q.strip():
            encoder = a.encoder if by != "words" else None
            hits = cached(request, a, ("search", q, by), lambda: search(a.store, q, MAX_PAGE, by, encoder))
            if filters:
                keep = a.store.matching(filters, [h["id"] for h in hits])
                hits = [h for h in hits if h["id"] in keep]
            hits = hits[:limit]
            cases = {h["id"]: a.store.get_case(h["id"]) for h in hits}
            results = [summary(cases[h["id"]], request, snippet=h["snippet"], score=h["score"], matched=h["matched"])
                       for h in hits if cases[h["id"]]]
            count = len(results)
        else:
            listed, following = a.store.page_cases(filters, after=cursor, limit=limit, sort=sort)
            results = [summary(c, request) for c in listed]
            count = cached(request, a, ("count", filters), lambda: case_count(request, a, filters))
        facets = cached(request, a, ("facets", filters, tuple(fields_of)),
                        lambda: facet_counts(request, a, filters, fields_of)) if fields_of else None
        meta = ListMeta(count=count, limit=limit, sort=None if q else sort, next_cursor=following,
                        filters=filters.given())
        return CaseList(meta=meta, results=results, group_by=facets).model_dump_json().encode(), following

    with limited(request, a):  # the same URL gives the same page until a case changes: kept, like the counts
        body, following = cached(request, a, ("page", str(request.url)), page)
    link = {"Link": f'<{request.url.include_query_params(cursor=following)}>; rel="next"'} if following else {}
    return Response(body, media_type="application/json", headers=link)


def _case_or_redirect(a: Atlas, case_id: str, request: Request, suffix: str = "") -> dict[str, Any] | Response:
    case = a.store.get_case(case_id)
    if case is not None:
        return case
    now = a.store.successor(case_id)
    if now is None:
        raise NotFound(f"{case_id}: no case with this id")
    return RedirectResponse(str(request.url_for("get_case", case_id=now)) + suffix, status_code=308)


@router.get("/cases/{case_id}", response_model=Case, summary="One case: its items, sources, mentions, evidence",
            responses={304: {"description": "not modified (If-None-Match)"},
                       308: {"description": "the case was merged into another: its URL"}})
def get_case(request: Request, case_id: str = CASE_ID, a: Atlas = Depends(atlas)) -> Any:
    def whole() -> tuple[str, str] | None:
        found = a.store.get_case(case_id)
        if found is None:
            return None
        found["history"] = [{k: v for k, v in h.items() if k != "id"} for h in a.store.history(case_id)]
        body = json.dumps(found, sort_keys=True, ensure_ascii=False, default=str)
        return body, '"' + hashlib.sha1(body.encode()).hexdigest() + '"'

    with limited(request, a):  # kept until a case changes, like the listings
        kept = cached(request, a, ("case", case_id), whole)
        if kept is None:  # merged away (a redirect) or never there
            return _case_or_redirect(a, case_id, request)
    body, etag = kept
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    return Response(body, media_type="application/json", headers={"ETag": etag})


@router.get("/cases/{case_id}/similar", response_model=Similar,
            summary="Cases like this one: by meaning, and the same kind elsewhere",
            responses={308: {"description": "the case was merged into another: its URL"}})
def similar(request: Request, case_id: str = CASE_ID, limit: int = Query(10, ge=1, le=50),
            a: Atlas = Depends(atlas)) -> Any:
    with limited(request, a):
        found = _case_or_redirect(a, case_id, request, "/similar")
        if isinstance(found, Response):
            return found
        near = similar_cases(a.store, found, limit)
        cases = {c["id"]: c for c in (a.store.get_case(n["id"]) for n in near) if c}
        elsewhere = same_kind_elsewhere(a.store, found, limit)
    return Similar(similar=[summary(cases[n["id"]], request, score=n["score"]) for n in near if n["id"] in cases],
                   same_kind_elsewhere=[summary(c, request) for c in elsewhere])
