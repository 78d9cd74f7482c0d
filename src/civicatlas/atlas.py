"""Atlas: the facade users hold. The CLI verbs are its methods: ingest, extract, export, show, search, stats.

    from civicatlas import Atlas
    atlas = Atlas("atlas.db")
    report = atlas.ingest(["examples/"])
    for case in atlas.cases(): ...
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civicatlas.enrich import Enricher, Pipeline
from civicatlas.model import Item
from civicatlas.parse import parse_document
from civicatlas.read import DEFAULT_MAX_BYTES, InputError, iter_inputs, read_path
from civicatlas.resolve import resolve
from civicatlas.store import SQLiteStore


@dataclass
class IngestReport:
    documents: int = 0  # inputs read and stored (changed or new)
    items: int = 0  # items found in those documents
    new: int = 0  # items not stored before
    updated: int = 0  # items whose content or annotations changed
    removed: int = 0  # items a changed page no longer has
    skipped: int = 0  # inputs unchanged since the last ingest
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "items": self.items, "new": self.new, "updated": self.updated,
                "removed": self.removed, "skipped": self.skipped, "errors": len(self.errors),
                "warnings": len(self.warnings)}


Progress = Callable[[str], None]


def make_pipeline(enrichers: Sequence[Enricher | str] | None = None, cache: Any = None) -> Pipeline:
    pipeline = Pipeline(enrichers)
    for enricher in pipeline.enrichers:  # give vector caches to the enrichers that keep one
        if cache is not None and getattr(enricher, "cache", False) is None:
            enricher.cache = cache  # type: ignore[attr-defined]
    return pipeline


def extract(
    paths: Iterable[str], pipeline: Pipeline | None = None, include: list[str] | None = None,
    exclude: list[str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[dict[str, Any] | InputError]:
    """Items of documents as extract-contract records, without a database; an InputError per bad input."""
    pipeline = pipeline or make_pipeline()
    for source in iter_inputs(paths, include, exclude):
        if isinstance(source, InputError):
            yield source
            continue
        try:
            doc = read_path(source, max_bytes)
            items = parse_document(doc)
            pipeline(items)
        except InputError as e:
            yield e
            continue
        except Exception as e:  # one bad file never aborts the batch
            yield InputError(source, f"failed to process: {type(e).__name__}: {e}")
            continue
        name = Path(source).name if source != "-" else "<stdin>"
        for item in items:
            yield item.to_record(document=name)


def extract_records(
    lines: Iterable[str], source: str = "<stdin>", pipeline: Pipeline | None = None, batch: int = 64,
) -> Iterator[dict[str, Any] | InputError]:
    """JSONL input, one item a line: {"id", "text", "language"?}. No segmentation; the output record
    carries the same id and exactly the input text. A bad line is an InputError naming its line."""
    pipeline = pipeline or make_pipeline()
    pending: list[Item] = []

    def flush() -> Iterator[dict[str, Any]]:
        pipeline(pending)
        yield from (item.to_record(document=source) for item in pending)
        pending.clear()

    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError('expected an object with a string "text"')
        except ValueError as e:
            yield InputError(f"{source}:{n}", f"invalid record: {e}")
            continue
        item_id = str(obj.get("id", n))
        pending.append(Item(id=item_id, document_id=source, position=n, text=obj["text"],
                            title=obj.get("title"), language=obj.get("language")))
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()


class Atlas:
    """A case database in one SQLite file."""

    def __init__(self, db: str | Path, enrichers: Sequence[Enricher | str] | None = None):
        self.store = SQLiteStore(db)
        self._enrichers = enrichers
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:  # built on first use: reading needs no models
            self._pipeline = make_pipeline(self._enrichers, cache=self.store)
        return self._pipeline

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Atlas:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self, paths: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None,
    ) -> IngestReport:
        """Read, parse, enrich, resolve and store every input; unchanged inputs are skipped."""
        report = IngestReport()
        for source in iter_inputs(paths, include, exclude):
            if progress:
                progress(str(source.source if isinstance(source, InputError) else source))
            if isinstance(source, InputError):
                report.errors.append(str(source))
                continue
            try:
                self._ingest_one(source, max_bytes, report)
            except InputError as e:
                report.errors.append(str(e))
            except Exception as e:  # one bad file never aborts the batch; the store rolled it back
                report.errors.append(f"{source}: failed to process: {type(e).__name__}: {e}")
        return report

    def _ingest_one(self, source: str, max_bytes: int, report: IngestReport) -> None:
        doc = read_path(source, max_bytes)
        report.warnings.extend(f"{source}: {w}" for w in doc.warnings)
        signature = self.pipeline.signature
        if self.store.document_state(doc.id) == (doc.sha256, signature):
            report.skipped += 1
            return
        items = parse_document(doc)
        if not items:
            doc.warnings.append("no initiatives found")
            report.warnings.append(f"{source}: no initiatives found (page shape: {doc.metadata.get('shape')})")
        self.pipeline(items)
        result = self.store.save(doc, signature, items, resolve(items, self.store))
        report.documents += 1
        report.items += len(items)
        report.new += result.new
        report.updated += result.updated
        report.removed += result.removed

    # --- reading ---------------------------------------------------------------------------------
    def cases(self) -> Iterator[dict[str, Any]]:
        return self.store.iter_cases()

    def get(self, any_id: str) -> tuple[str, dict[str, Any]] | None:
        """('case' | 'item' | 'document', record) for an id, or None."""
        return self.store.find_id(any_id)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        return self.store.search(query, limit)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def export(self, out: Any, format: str = "jsonl") -> int:
        """Write every case to a text stream; returns the number written."""
        from civicatlas.export import write

        return write(self.cases(), out, format)
