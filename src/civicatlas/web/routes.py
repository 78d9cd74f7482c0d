"""Every route of the app, in one place: the API resources (web/api/) and the explorer pages (web/pages/)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from civicatlas.web import auth, feeds
from civicatlas.web.api import (
    actors,
    cases,
    corrections,
    decisions,
    documents,
    export,
    health,
    places,
    review,
    stats,
    themes,
    tokens,
)
from civicatlas.web.pages import case, curate, map, overview, search, signin
from civicatlas.web.pages import review as review_page


def include(app: FastAPI) -> None:
    from civicatlas.web.app import STATIC

    app.include_router(health.router, prefix="/api/v1")
    app.include_router(feeds.router)
    app.include_router(cases.router, prefix="/api/v1")
    app.include_router(places.router, prefix="/api/v1")
    app.include_router(themes.router, prefix="/api/v1")
    app.include_router(actors.router, prefix="/api/v1")
    app.include_router(stats.router, prefix="/api/v1")
    app.include_router(export.router, prefix="/api/v1")
    app.include_router(search.router)
    app.include_router(map.router)
    app.include_router(case.router)
    app.include_router(overview.router)
    app.include_router(review_page.router)
    app.include_router(signin.router)
    app.include_router(curate.router)
    auth.install(app)
    app.include_router(documents.router, prefix="/api/v1")
    app.include_router(decisions.router, prefix="/api/v1")
    app.include_router(corrections.router, prefix="/api/v1")
    app.include_router(review.router, prefix="/api/v1")
    app.include_router(tokens.router, prefix="/api/v1")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
