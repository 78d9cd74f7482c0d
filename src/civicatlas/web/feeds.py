"""/feeds/new.atom: the initiatives new or changed lately, for feed readers (the digest `watch` writes, live)."""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from civicatlas import Atlas
from civicatlas.errors import ConfigError
from civicatlas.watch import atom, digest_rows
from civicatlas.web.app import atlas

router = APIRouter(include_in_schema=False)
DAYS = 30  # the default window
ENTRIES = 500  # the newest changes kept when the window holds more


@router.get("/feeds/new.atom")
def new_initiatives(request: Request, since: str | None = Query(None, description="ISO 8601 time; default: "
                    f"{DAYS} days ago"), a: Atlas = Depends(atlas)) -> Response:
    if since is not None:
        try:
            datetime.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"since={since!r}: expected an ISO 8601 time such as 2026-11-01T00:00:00+00:00") \
                from None
    start = since or (datetime.now(UTC) - timedelta(days=DAYS)).isoformat(timespec="microseconds")
    newest = deque(a.changed_since(start), maxlen=ENTRIES)  # oldest change first: keep the last ones
    now = datetime.now(UTC).isoformat(timespec="seconds")
    body = atom(digest_rows(reversed(newest), start), now, case_url=str(request.base_url) + "cases/{id}")
    return Response(body, media_type="application/atom+xml")
