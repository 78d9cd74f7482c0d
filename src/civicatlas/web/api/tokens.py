"""/api/v1/tokens: token management for admins (the same as `civicatlas token create|list|revoke`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from civicatlas import Atlas
from civicatlas.web.api.decisions import Id
from civicatlas.web.app import atlas
from civicatlas.web.auth import WRITE_RESPONSES, User, admin

router = APIRouter(tags=["tokens"], responses=WRITE_RESPONSES)


class NewToken(BaseModel):
    name: Annotated[str, Field(pattern=r"^[^\x00-\x1f]{1,100}$")]
    role: Literal["curator", "admin"] = "curator"


@router.get("/tokens", summary="Every token: name, role, created, last used, revoked (never a secret)")
def tokens(who: User = Depends(admin), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    return {"tokens": a.token_list()}


@router.post("/tokens", status_code=201, summary="Create a token; its secret is in this answer only")
def create(body: NewToken, who: User = Depends(admin), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    secret = a.token_create(body.name, body.role)
    a.store.log(who.name, "token", body.name, {"created": body.role})
    return {"name": body.name, "role": body.role, "secret": secret}


@router.post("/tokens/{id}/revoke", summary="Revoke a token by name")
def revoke(id: Id, who: User = Depends(admin), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    a.token_revoke(id)
    a.store.log(who.name, "token", id, {"revoked": True})
    return {"revoked": id, "by": who.name}
