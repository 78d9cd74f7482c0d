"""Errors as JSON problem details (RFC 9457), mapped once: every CivicAtlas error and every bad request gets
its status, a title and what was wrong, never a traceback or an HTML page from the API."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from civicatlas.errors import CivicAtlasError, ConfigError, InputError, NotFound, QueryTimeout, StoreError

STATUS = {NotFound: 404, ConfigError: 400, InputError: 400, QueryTimeout: 504, StoreError: 503}
MEDIA_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, **({"detail": detail} if detail else {}), **extra}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def _status(error: CivicAtlasError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 500)


def install(app: FastAPI) -> None:
    @app.exception_handler(CivicAtlasError)
    async def civicatlas_error(request: Request, error: CivicAtlasError) -> JSONResponse:
        status = _status(error)
        return problem(status, {404: "Not found", 400: "Bad request", 503: "Database unavailable",
                                  504: "Query took too long"}.get(
            status, "Server error"), str(error))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
                  for e in error.errors()]
        return problem(400, "Bad request", "; ".join(f"{e['where']}: {e['problem']}" for e in errors), errors=errors)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        response = problem(error.status_code, str(error.detail) if error.detail else "Error")
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
