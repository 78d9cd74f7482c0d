"""The case page's forms for signed-in curators: correct a field of an item, split an item off, merge another
case in. Each does what the API's write does (Atlas.correct, split, merge), then sends the browser back to the
case page; a bad value shows the page again with what was wrong."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from civicatlas import Atlas
from civicatlas.errors import CivicAtlasError, ConfigError, NotFound
from civicatlas.web.app import atlas
from civicatlas.web.auth import User, form_curator, to_signin
from civicatlas.web.pages.case import show

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]


def _done(case_id: str, what: str, **more: str) -> RedirectResponse:
    return RedirectResponse(f"/cases/{quote(case_id, safe='')}?{urlencode({'done': what, **more})}",
                            status_code=303)


def _refused(request: Request, a: Atlas, case_id: str, error: CivicAtlasError) -> Response:
    return show(request, a, case_id, str(error), 404 if isinstance(error, NotFound) else 400)


def _member(a: Atlas, case_id: str, item: str) -> None:
    if item not in a.store.case_members([case_id]).get(case_id, []):
        raise NotFound(f"{item}: not an item of case {case_id}")


@router.post("/cases/{case_id}/correct")
def correct(case_id: str, request: Request, item: Field, field: Field, value: Field,
            who: User | None = Depends(form_curator), a: Atlas = Depends(atlas)) -> Response:
    if who is None:
        return to_signin(f"/cases/{quote(case_id, safe='')}")
    try:
        _member(a, case_id, item)
        a.correct(item, field, int(value) if field == "year" and value.strip().isdigit() else value, by=who.name)
    except CivicAtlasError as e:
        return _refused(request, a, case_id, e)
    return _done(case_id, "correct")


@router.post("/cases/{case_id}/split")
def split(case_id: str, request: Request, item: Field, who: User | None = Depends(form_curator),
          a: Atlas = Depends(atlas)) -> Response:
    if who is None:
        return to_signin(f"/cases/{quote(case_id, safe='')}")
    try:
        new_case = a.split(case_id, item, by=who.name)
        if new_case == case_id:
            raise ConfigError(f"{item} is the case's only item: there is nothing to split it from")
    except CivicAtlasError as e:
        return _refused(request, a, case_id, e)
    return _done(case_id, "split", new_case=new_case)


@router.post("/cases/{case_id}/merge")
def merge(case_id: str, request: Request, other: Field, who: User | None = Depends(form_curator),
          a: Atlas = Depends(atlas)) -> Response:
    if who is None:
        return to_signin(f"/cases/{quote(case_id, safe='')}")
    try:
        kept = a.merge(case_id, other.strip(), by=who.name)
    except CivicAtlasError as e:
        return _refused(request, a, case_id, e)
    return _done(kept, "merge")
