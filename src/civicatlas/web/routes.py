"""Every route of the app, in one place: the API resources (web/api/) and the explorer pages (web/pages/)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from civicatlas.web import auth
from civicatlas.web.api import corrections, decisions, documents, health, review, tokens


def include(app: FastAPI) -> None:
    from civicatlas.web.app import STATIC

    app.include_router(health.router, prefix="/api/v1")
    auth.install(app)
    app.include_router(documents.router, prefix="/api/v1")
    app.include_router(decisions.router, prefix="/api/v1")
    app.include_router(corrections.router, prefix="/api/v1")
    app.include_router(review.router, prefix="/api/v1")
    app.include_router(tokens.router, prefix="/api/v1")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
