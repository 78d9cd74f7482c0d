"""/api/v1/review: the uncertain decisions a curator should look at first (civicatlas.review), and one-click
accept or reject, stored as a human decision."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from civicatlas import Atlas
from civicatlas.web.api.decisions import Id
from civicatlas.web.app import atlas
from civicatlas.web.auth import WRITE_RESPONSES, User, curator

router = APIRouter(tags=["review"])
Kind = Literal["merge", "place", "amount", "country"]


@router.get("/review", summary="The review queue: uncertain merges, low-confidence places and amounts, cases "
                               "without a country, each with its evidence")
def queue(limit: Annotated[int, Query(ge=1, le=500)] = 50, a: Atlas = Depends(atlas)) -> dict[str, Any]:
    return {"entries": a.review(limit)}


@router.post("/review/{kind}/{id}/{verdict}", responses=WRITE_RESPONSES,
             summary="Accept or reject an entry of the queue (reject a merge: split it; accept: keep it for good)")
def decide(kind: Annotated[Kind, Path()], id: Id, verdict: Annotated[Literal["accept", "reject"], Path()],
           who: User = Depends(curator), a: Atlas = Depends(atlas)) -> dict[str, Any]:
    return {**a.review_decide(kind, id, verdict, by=who.name), "by": who.name}
