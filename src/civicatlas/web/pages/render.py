"""What every page shares: the Jinja2 environment (autoescape on everywhere), the filters that make untrusted
text from ingested pages safe to show (links only to http(s), search hits marked after escaping), and who is
signed in (the header's sign-in or sign-out, the forms' CSRF token)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from civicatlas.web.app import TEMPLATES
from civicatlas.web.auth import User, csrf_token, identify

_HIT = re.compile(r"\[([^\[\]]*)\]")  # the store marks a search hit as [word]


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s), else None: a javascript:, data: or any other scheme is never a link."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def marked(snippet: str | None) -> Markup:
    """A snippet with the store's [hit] marks as <mark>, escaped first so only our own tags are markup."""
    return Markup(_HIT.sub(r"<mark>\1</mark>", str(escape(snippet or ""))))


environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True,
                          default_for_string=True), trim_blocks=True, lstrip_blocks=True)
environment.filters["safe_url"] = safe_url
environment.filters["marked"] = marked


def viewer(request: Request) -> User | None:
    """Who the page is for: a signed-in curator or admin, or None."""
    try:
        return identify(request, request.app.state.atlases.get())
    except HTTPException:  # a bad bearer token: the page as anyone sees it
        return None


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    settings = request.app.state.settings
    who = viewer(request)
    html = environment.get_template(template).render(request=request, tile_url=settings.tile_url, who=who,
                                                     csrf=csrf_token(request) if who else None, **context)
    # a signed-in page holds the session's CSRF token: never kept by a shared cache
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "private, no-store"} if who else None)
