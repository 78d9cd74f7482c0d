"""The review queue page, `/review`: what a curator should look at first (civicatlas.review), each entry with its
evidence, and one-click Accept / Reject forms for signed-in curators (plain posts, no JavaScript needed). Anyone
may read the queue, as the API's GET /api/v1/review; deciding needs a session."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from civicatlas import Atlas
from civicatlas.errors import CivicAtlasError, NotFound
from civicatlas.review import CONTEXT
from civicatlas.web.app import atlas
from civicatlas.web.auth import User, form_curator, to_signin
from civicatlas.web.pages.render import page

router = APIRouter(include_in_schema=False)
LIMIT = 50  # entries shown, the most uncertain first
DONE = {"accept": "Accepted", "reject": "Rejected"}


def in_context(entry: dict[str, Any]) -> dict[str, str] | None:
    """A place or amount's words within the text around them, as before / words / after."""
    evidence = entry["evidence"]
    context, start, end = evidence.get("context"), evidence.get("start"), evidence.get("end")
    if not context or start is None or end is None:
        return None
    at = min(start, CONTEXT)  # the context begins CONTEXT characters before the words, or at the text's start
    return {"before": context[:at], "words": context[at:at + end - start], "after": context[at + end - start:]}


def show(request: Request, a: Atlas, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    done = request.query_params.get("done")
    message = f"{DONE[done]}: {request.query_params.get('kind', '')} {request.query_params.get('id', '')}" \
        if done in DONE else None
    entries = [{**e, "words": in_context(e)} for e in a.review(LIMIT)]
    return page(request, "review.html", status_code=status_code, entries=entries, message=message, error=error)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, a: Atlas = Depends(atlas)) -> HTMLResponse:
    return show(request, a)


@router.post("/review")
def review_verdict(request: Request, kind: Annotated[str, Form()], id: Annotated[str, Form()],
                   verdict: Annotated[str, Form()], who: User | None = Depends(form_curator),
                   a: Atlas = Depends(atlas)) -> Response:
    """A verdict from the page's form: stored as the API's POST /api/v1/review/{kind}/{id}/{verdict} stores it,
    then back to the queue with what was done."""
    if who is None:
        return to_signin("/review")
    try:
        a.review_decide(kind, id, verdict, by=who.name)
    except CivicAtlasError as e:  # an entry decided or gone meanwhile, or a hand-made post
        return show(request, a, str(e), 404 if isinstance(e, NotFound) else 400)
    return RedirectResponse(f"/review?{urlencode({'done': verdict, 'kind': kind, 'id': id})}", status_code=303)
