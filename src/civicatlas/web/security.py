"""Headers every response carries: a strict Content-Security-Policy (no inline scripts or styles, nothing from
elsewhere unless the operator configured a tile server), no MIME sniffing, no referrer to other sites, never in
a frame."""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response


def content_security_policy(tile_origin: str | None = None) -> str:
    images = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src " + images + "; connect-src 'self'; "
            "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next) -> Response:  # type: ignore[no-untyped-def]
        response = await call_next(request)
        settings = request.app.state.settings
        tile_origin = None
        if settings.tile_url:
            from urllib.parse import urlsplit

            parts = urlsplit(settings.tile_url.replace("{s}", "a"))
            tile_origin = f"{parts.scheme}://{parts.netloc}"
        if request.url.path.startswith("/docs"):  # the interactive API docs are FastAPI's own page
            response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        else:
            response.headers.setdefault("Content-Security-Policy", content_security_policy(tile_origin))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
