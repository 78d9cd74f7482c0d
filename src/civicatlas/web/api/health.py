"""/api/v1/health: is the database there, and what is in it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from civicatlas import Atlas
from civicatlas.web.api.query import cached
from civicatlas.web.app import atlas

router = APIRouter(tags=["health"])


@router.get("/health", summary="The database answers; its counts")
def health(request: Request, a: Atlas = Depends(atlas)) -> dict[str, Any]:
    stats = cached(request, a, ("stats",), a.stats)  # counted once per change of the data: seconds on a large atlas
    return {"status": "ok", "cases": stats["cases"], "documents": stats["documents"],
            "schema_version": stats["schema_version"]}
