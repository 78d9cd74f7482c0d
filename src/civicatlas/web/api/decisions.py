"""Human decisions on cases, by curators: merge two cases, split an item off, promote an item set aside.
Each is kept (it wins over every later resolution and survives re-ingest) and audited with who and when."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from civicatlas import Atlas
from civicatlas.web.app import atlas
from civicatlas.web.auth import WRITE_RESPONSES, User, curator

router = APIRouter(tags=["decisions"], responses=WRITE_RESPONSES)
# ids are plain text: no control characters (PostgreSQL text cannot hold NUL)
Id = Annotated[str, Path(pattern=r"^[^\x00-\x1f]{1,200}$", description="A case or item id")]
BodyId = Annotated[str, Field(pattern=r"^[^\x00-\x1f]{1,200}$")]


class Merge(BaseModel):
    other: BodyId = Field(description="The case (or an item of it) whose items join this case")


class Split(BaseModel):
    item: BodyId = Field(description="The item that is not this case's initiative")


@router.post("/cases/{id}/merge", summary="Merge another case into this one (a human decision)")
def merge(id: Id, body: Merge, who: User = Depends(curator), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    case = a.merge(id, body.other, by=who.name)
    return {"case": case, "items": len(a.store.case_members([case]).get(case, [])), "by": who.name}


@router.post("/cases/{id}/split", summary="Take an item out of this case, for good (a human decision)")
def split(id: Id, body: Split, who: User = Depends(curator), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    return {"case": id, "item": body.item, "new_case": a.split(id, body.item, by=who.name), "by": who.name}


@router.post("/items/{id}/promote", summary="An item set aside is an initiative after all (a human decision)")
def promote(id: Id, who: User = Depends(curator), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    return {"item": id, "case": a.promote(id, by=who.name), "by": who.name}
