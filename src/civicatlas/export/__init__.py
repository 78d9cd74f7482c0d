"""Open exports of the case database, one module per format, all streamed: cases are read from the store a
batch at a time and written as they come, so memory stays flat whatever the size of the database.

| format        | what                                                          | metadata                    |
|---------------|---------------------------------------------------------------|-----------------------------|
| jsonl         | each case whole: items, mentions, evidence, sources           | first line `{"metadata"…}`  |
| csv           | one row a case, flat columns (codebook); `tables`: long CSVs  | `PATH.meta.json` sidecar    |
| geojson       | a FeatureCollection, one Point feature per case and place     | `metadata` member           |
| parquet       | one row a case, typed lists and structs                       | schema metadata `civicatlas`|
| jsonld        | schema.org Projects in a Dataset (inline context)             | `metadata` member (@json)   |
| participedia  | a CSV in Participedia's case columns                          | `PATH.meta.json` sidecar    |
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from civicatlas.errors import ConfigError

FORMATS = ("jsonl", "csv", "geojson", "parquet", "jsonld", "participedia")
BINARY = {"parquet"}
# Formats whose metadata cannot go inside the file: it goes beside it, as PATH.meta.json.
SIDECAR = {"csv", "participedia"}


def metadata(format: str, filters: dict[str, Any], pipelines: Iterable[str], records: int) -> dict[str, Any]:
    """What every export says about itself: format, filters, time, versions, number of records."""
    from civicatlas import __version__

    extractors: dict[str, list[str]] = {}
    for signature in pipelines:  # "language/1,places/6.g19,…": each enricher's name and version
        for part in signature.replace(" (incomplete)", "").split(","):
            name, _, version = part.partition("/")
            if name and version not in extractors.setdefault(name, []):
                extractors[name].append(version)
    return {"civicatlas": __version__, "format": format, "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "filters": filters, "extractors": {k: sorted(v) for k, v in sorted(extractors.items())},
            "records": records, "codebook": "docs/CODEBOOK.md"}


def writer(format: str) -> Callable[..., int]:
    """The writer of a format: `write(cases, out, meta, **options) -> records written`."""
    if format == "jsonl":
        from civicatlas.export.jsonl import write
    elif format == "csv":
        from civicatlas.export.tables import write
    elif format == "geojson":
        from civicatlas.export.geojson import write
    elif format == "parquet":
        from civicatlas.export.parquet import write
    elif format == "jsonld":
        from civicatlas.export.jsonld import write
    elif format == "participedia":
        from civicatlas.export.participedia import write
    else:
        raise ConfigError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    return write


def export(cases: Iterable[dict[str, Any]], out: str | Path | IO[Any] | None, format: str, meta: dict[str, Any],
           bom: bool = False, tables: bool = False) -> int:
    """Write `cases` in `format` to a path, a stream, or stdout (None). `tables` (csv only) writes a folder of
    long tables beside the case table; `bom` starts CSV with a byte-order mark for Excel."""
    write = writer(format)
    if tables and format != "csv":
        raise ConfigError("tables: only the csv format has long tables")
    if tables:
        if out is None or not isinstance(out, str | Path):
            raise ConfigError("tables: give a folder to write the tables into (-o FOLDER)")
        from civicatlas.export.tables import write_tables

        return write_tables(cases, Path(out), meta, bom=bom)
    options = {"bom": bom} if format in SIDECAR else {}
    if isinstance(out, str | Path):
        path = Path(out)
        mode = "wb" if format in BINARY else "w"
        with open(path, mode, **({} if format in BINARY else {"encoding": "utf-8", "newline": ""})) as f:
            n = write(cases, f, meta, **options)
        if format in SIDECAR:
            write_sidecar(path, meta)
        return n
    stream = out if out is not None else (sys.stdout.buffer if format in BINARY else sys.stdout)
    if format in BINARY and isinstance(stream, io.TextIOBase):
        raise ConfigError(f"{format} is binary: write it to a file (-o PATH), not to a terminal or text stream")
    return write(cases, stream, meta, **options)


def write_sidecar(path: Path, meta: dict[str, Any]) -> None:
    Path(f"{path}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
