"""/api/v1/export: the matching cases in an export format, streamed as they are written (memory stays flat
and the download starts at once, however many cases there are)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from civicatlas import Atlas
from civicatlas.filters import CaseFilter
from civicatlas.web.api.query import case_filter

router = APIRouter(tags=["export"])
MEDIA = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8"}
CHUNKS = 64  # written chunks waiting for the client at most: a slow reader slows the export down
DONE = object()


class _Pipe:
    """A text stream whose writes go to the response; writing fails once the client has gone."""

    def __init__(self, chunks: queue.Queue, gone: threading.Event):
        self.chunks, self.gone = chunks, gone

    def write(self, text: str) -> int:
        while not self.gone.is_set():
            try:
                self.chunks.put(text, timeout=1)
                return len(text)
            except queue.Full:
                continue
        raise BrokenPipeError("the client went away")

    def flush(self) -> None:
        pass


def _stream(db: str, format: str, filters: CaseFilter) -> Iterator[str]:
    """The export written by a thread of its own (with its own connection), handed over chunk by chunk."""
    chunks: queue.Queue = queue.Queue(maxsize=CHUNKS)
    gone = threading.Event()

    def produce() -> None:
        try:
            with Atlas(db) as a:
                a.export(_Pipe(chunks, gone), format=format, **filters.given())
        except BrokenPipeError:
            pass
        finally:
            if not gone.is_set():
                chunks.put(DONE)

    threading.Thread(target=produce, daemon=True, name="export").start()
    try:
        while (chunk := chunks.get()) is not DONE:
            yield chunk
    finally:
        gone.set()


@router.get("/export", summary="The matching cases as JSONL or CSV, streamed",
            responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}},
                             "description": "JSONL: a metadata line, then one case a line; CSV: one case a row"}})
def export(request: Request, format: Literal["jsonl", "csv"] = Query("jsonl"),
           filters: CaseFilter = Depends(case_filter)) -> StreamingResponse:
    return StreamingResponse(_stream(request.app.state.settings.db, format, filters), media_type=MEDIA[format],
                             headers={"Content-Disposition": f'attachment; filename="cases.{format}"'})
