"""The web application: the REST API under /api/v1 and the explorer's pages, over one database.

Each worker thread opens its own Atlas on the database (SQLite connections are not shared between threads;
PostgreSQL connections are cheap to keep one per thread), read-only in use except for the write endpoints.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import Response
from starlette.middleware.gzip import GZipMiddleware

from civicatlas import Atlas
from civicatlas.search import prepare
from civicatlas.web.api.cache import FacetCounts, Kept
from civicatlas.web.problems import install as install_problems
from civicatlas.web.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Settings:
    """What the operator chose at `civicatlas serve`."""

    db: str
    private: bool = False  # reads need a token too
    cors: list[str] = field(default_factory=list)  # origins allowed to call the API from a browser; none by default
    tile_url: str | None = None  # a map tile URL template; default: offline country outlines only
    query_timeout: float = 10.0  # seconds a read may take before it is cut off (a 504 problem)

    def to_json(self) -> str:
        return json.dumps(asdict(self))


SETTINGS_VARIABLE = "CIVICATLAS_SERVE_SETTINGS"  # how `serve --workers N` hands its settings to each worker


def from_environment() -> FastAPI:
    """The application of one worker process of `civicatlas serve --workers N` (uvicorn's factory)."""
    return create_app(Settings(**json.loads(os.environ[SETTINGS_VARIABLE])))


class Atlases(threading.local):
    """One Atlas per worker thread, opened on first use."""

    def __init__(self, db: str):
        self.db = db
        self.atlas: Atlas | None = None

    def get(self) -> Atlas:
        if self.atlas is None:
            self.atlas = Atlas(self.db)
        return self.atlas


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # the facet index before the first visitor: counts in memory from the first request (seconds at 100,000 cases)
    app.state.facet_counts.build()
    # and the search indexes, once for every worker thread (each builds a missing one itself: minutes at 1M cases)
    _prepare_search(app.state.settings.db)
    yield


def _prepare_search(db: str) -> None:
    try:
        with Atlas(db) as atlas:
            prepare(atlas.store)
    except Exception as e:  # noqa: BLE001 - each search builds what is missing, and says what is wrong when it does
        logging.getLogger("civicatlas").warning("warning: search indexes of %s not prepared: %s", db, e)


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="CivicAtlas", version="1", openapi_url="/api/v1/openapi.json", docs_url=None,
                  redoc_url=None, description="Democratic innovations found in web pages, as one case database.",
                  lifespan=_lifespan)
    app.state.settings = settings
    app.state.atlases = Atlases(settings.db)
    app.state.kept = Kept()
    app.state.facet_counts = FacetCounts(settings.db)
    install_problems(app)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders)
    if settings.cors:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=settings.cors, allow_methods=["GET"])
    from civicatlas.web.routes import include

    include(app)

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        """The interactive API docs, from the vendored Swagger UI (offline, no CDN)."""
        vendor = "/static/vendor/swagger-ui"
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="CivicAtlas API",
                                   swagger_js_url=f"{vendor}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{vendor}/swagger-ui.css",
                                   swagger_favicon_url=f"{vendor}/favicon-32x32.png")

    return app


def atlas(request: Request) -> Atlas:
    """The request's Atlas (a FastAPI dependency)."""
    return request.app.state.atlases.get()


def not_modified(request: Request, etag: str, headers: dict[str, Any] | None = None) -> Response | None:
    """304 when the client has this version already (If-None-Match), else None."""
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers={"ETag": etag, **(headers or {})})
    return None
