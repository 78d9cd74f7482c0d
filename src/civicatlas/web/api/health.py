"""/api/v1/health: is the database there, and what is in it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from civicatlas import Atlas
from civicatlas.web.app import atlas

router = APIRouter(tags=["health"])


@router.get("/health", summary="The database answers; its counts")
def health(a: Atlas = Depends(atlas)) -> dict[str, Any]:
    stats = a.stats()
    return {"status": "ok", "cases": stats["cases"], "documents": stats["documents"],
            "schema_version": stats["schema_version"]}
