"""POST /api/v1/documents: a curator adds one document, as JSON {url?, title?, text, language?} or as an HTML page
(Content-Type: text/html, its address in ?url=); it is parsed, enriched, resolved and stored like an ingested
file, and the cases its items joined come back."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from civicatlas.errors import InputError
from civicatlas.ids import make_id
from civicatlas.model import Document
from civicatlas.read import read_bytes
from civicatlas.web.auth import WRITE_RESPONSES, User, curator

MAX_BYTES = 2_000_000  # one page; bigger inputs go through `civicatlas ingest`
URL = r"^https?://[^\s\x00-\x1f]{1,2000}$"  # a web address only: never javascript: or data:

router = APIRouter(tags=["documents"])
_lock = threading.Lock()


class NewDocument(BaseModel):
    text: str = Field(min_length=1, description="The document's text")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, pattern=URL, description="Where it was published (http or https)")
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}$", description="ISO 639 code of its language")


BODY = {"required": True, "content": {
    "application/json": {"schema": NewDocument.model_json_schema()},
    "text/html": {"schema": {"type": "string", "maxLength": MAX_BYTES}}}}


@router.post("/documents", status_code=201, summary="Add one document (JSON or an HTML page)",
             responses={**WRITE_RESPONSES, 413: {"description": "Larger than MAX_BYTES"},
                        415: {"description": "Neither JSON nor HTML"}},
             openapi_extra={"requestBody": BODY})
async def add(request: Request, who: User = Depends(curator),
              url: Annotated[str | None, Query(pattern=URL, description="The HTML page's address")] = None
              ) -> JSONResponse:
    data = await _body(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        doc, language = _from_json(data)
    elif kind == "text/html":
        uri = url or f"api:{hashlib.sha256(data).hexdigest()[:16]}.html"
        try:
            doc, language = read_bytes(data, uri, name="the request body", max_bytes=MAX_BYTES, html=True), None
        except InputError as e:
            raise HTTPException(400, str(e)) from None
    else:
        raise HTTPException(415, "send application/json ({text, title?, url?, language?}) or text/html")
    answer = await asyncio.get_running_loop().run_in_executor(_ingester(request.app), _ingest, request, doc,
                                                              language, who.name)
    return JSONResponse(answer, status_code=201 if answer["stored"] else 200)


async def _body(request: Request) -> bytes:
    """The request body, refused past MAX_BYTES without reading it all."""
    if int(request.headers.get("content-length") or 0) > MAX_BYTES:
        raise HTTPException(413, f"a document of at most {MAX_BYTES} bytes")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BYTES:
            raise HTTPException(413, f"a document of at most {MAX_BYTES} bytes")
    return bytes(data)


def _from_json(data: bytes) -> tuple[Document, str | None]:
    try:
        body = NewDocument.model_validate(json.loads(data))
    except (ValueError, ValidationError) as e:  # bad JSON, bad UTF-8, or not the fields asked for
        raise HTTPException(400, f"expected JSON {{text, title?, url?, language?}}: {' '.join(str(e).split())}"
                            ) from None
    # the title heads the text as it would a page's, so the parser takes it for the item's title
    content = (f"# {body.title.strip()}\n\n" if body.title and body.title.strip() else "") + body.text
    digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    uri = body.url or f"api:{digest[:16]}"
    return Document(id=make_id("d", uri), uri=uri, content=content, content_type="markdown", sha256=digest,
                    title=body.title), body.language


def _ingester(app: FastAPI) -> ThreadPoolExecutor:
    """One thread ingests for the whole app: one Atlas loads the enrichers' models once, and ingests, which
    write anyway one at a time, queue there instead of holding the threads that serve reads."""
    with _lock:
        if getattr(app.state, "ingester", None) is None:
            app.state.ingester = ThreadPoolExecutor(1, thread_name_prefix="civicatlas-ingest")
        return app.state.ingester


def _ingest(request: Request, doc: Document, language: str | None, by: str) -> dict[str, Any]:
    a = request.app.state.atlases.get()  # the ingest thread's Atlas
    report = a.ingest_document(doc, language=language, by=by)
    if report.errors and not report.documents:
        raise HTTPException(400, "; ".join(report.errors))
    stored = a.store.get_document(doc.id)
    items = stored["items"] if stored else []
    return {"document": doc.id, "stored": bool(report.documents), "report": report.as_dict(),
            "warnings": report.warnings, "cases": sorted(set(a.store.case_of_items(items).values())), "by": by}
