"""The sign-in page, `/sign-in`: a curator pastes a token (`civicatlas token create`); the form posts to
/signin (web/auth.py), which sets the session cookie and sends the browser back where it was."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from civicatlas.web.auth import local_path
from civicatlas.web.pages.render import page

router = APIRouter(include_in_schema=False)


def form(request: Request, target: str | None, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    """The page with its form; `target`: the local path to go on to; `error`: why the last try failed."""
    return page(request, "signin.html", status_code=status_code, target=target or "/", error=error)


@router.get("/sign-in", response_class=HTMLResponse)
def signin_page(request: Request) -> HTMLResponse:
    return form(request, local_path(request.query_params.get("next")))
