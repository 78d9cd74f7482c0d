"""Human corrections of an item's fields (country, title, summary, language, year), and what a case's items
were corrected to and who changed a case: kept apart from what the enrichers found, so re-ingest and
re-resolution keep them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from civicatlas import Atlas
from civicatlas.atlas import CORRECTABLE
from civicatlas.errors import NotFound
from civicatlas.web.api.decisions import Id
from civicatlas.web.app import atlas
from civicatlas.web.auth import WRITE_RESPONSES, User, curator

router = APIRouter(tags=["corrections"])


class Correction(BaseModel):
    field: str = Field(description="One of: " + ", ".join(CORRECTABLE))
    value: str | int = Field(description="ISO 3166 alpha-2 country, ISO 639 language, a year, or text")


@router.post("/items/{id}/corrections", status_code=201, responses=WRITE_RESPONSES,
             summary="Correct a field of an item (a curated value)")
def correct(id: Id, body: Correction, who: User = Depends(curator), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    return a.correct(id, body.field, body.value, by=who.name)


@router.get("/cases/{id}/curated", summary="The corrected fields of a case's items, latest first by field",
            responses={404: {"description": "No such case"}})
def curated(id: Id, a: Atlas = Depends(atlas)) -> dict[str, Any]:
    return {"case": id, "curated": a.curated(id)}


@router.get("/cases/{id}/audit", summary="Who changed this case, and when (newest first)",
            responses={404: {"description": "No such case"}})
def audit(id: Id, a: Atlas = Depends(atlas)) -> dict[str, Any]:
    case = a.show(id)
    if case["kind"] != "case":
        raise NotFound(f"{id}: no case with this id")
    entries = a.audit(id) + [e for item in case["items"] for e in a.audit(item["id"])]
    return {"case": id, "audit": sorted(entries, key=lambda e: e["created_at"], reverse=True)}
