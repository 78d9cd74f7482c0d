"""Parquet: one row a case with a real schema (lists, structs, numbers), written in row groups of
BATCH cases so memory stays flat. The export's metadata is the Arrow schema's metadata key `civicatlas`
(JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from civicatlas.export.flat import flatten
from civicatlas.themes import VOCABULARIES

BATCH = 2048


def schema() -> Any:
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return pa.schema([
        ("id", pa.string()), ("title", pa.string()), ("summary", pa.string()),
        ("languages", strings), ("countries", strings),
        ("places", pa.list_(pa.struct([("name", pa.string()), ("geonameid", pa.int64()), ("country", pa.string()),
                                       ("admin1", pa.string()), ("kind", pa.string()), ("lat", pa.float64()),
                                       ("lon", pa.float64())]))),
        ("latitude", pa.float64()), ("longitude", pa.float64()), ("has_coordinates", pa.bool_()),
        ("years", pa.list_(pa.int32())), ("dates", strings), ("first_date", pa.string()), ("last_date", pa.string()),
        ("amounts", pa.list_(pa.struct([("value", pa.float64()), ("currency", pa.string()),
                                        ("qualifier", pa.string()), ("value_max", pa.float64())]))),
        ("participants", pa.float64()),
        ("actors", pa.list_(pa.struct([("name", pa.string()), ("abbreviation", pa.string()), ("kind", pa.string()),
                                       ("role", pa.string())]))),
        ("themes", pa.struct([(vocab, strings) for vocab in VOCABULARIES])),
        ("sources", pa.list_(pa.struct([("document", pa.string()), ("uri", pa.string()), ("title", pa.string())]))),
        ("items", pa.list_(pa.struct([("id", pa.string()), ("language", pa.string()), ("title", pa.string()),
                                      ("text", pa.string())]))),
        ("curated", pa.bool_()), ("participedia_id", pa.string()),
        ("created_at", pa.timestamp("s", tz="UTC")), ("updated_at", pa.timestamp("s", tz="UTC")),
    ])


def row(case: dict[str, Any]) -> dict[str, Any]:
    from datetime import datetime

    flat = flatten(case)
    m = case["mentions"]
    return {
        **{k: flat[k] for k in ("id", "title", "summary", "languages", "countries", "latitude", "longitude",
                                "has_coordinates", "years", "first_date", "last_date", "participants", "curated",
                                "participedia_id")},
        "places": [{k: p.get(k) for k in ("name", "geonameid", "country", "admin1", "kind", "lat", "lon")}
                   for p in m["places"]],
        "dates": sorted({d["value"] for d in m["dates"] if d.get("value")}),
        "amounts": [{k: a.get(k) for k in ("value", "currency", "qualifier", "value_max")} for a in m["amounts"]],
        "actors": [{k: a.get(k) for k in ("name", "abbreviation", "kind", "role")} for a in m["actors"]],
        "themes": {vocab: flat[vocab] for vocab in VOCABULARIES},
        "sources": case["sources"],
        "items": [{k: i.get(k) for k in ("id", "language", "title", "text")} for i in case["items"]],
        "created_at": datetime.fromisoformat(case["created_at"]),
        "updated_at": datetime.fromisoformat(case["updated_at"]),
    }


def write(cases: Iterable[dict[str, Any]], out: IO[bytes], meta: dict[str, Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # the count is known before writing (the store counts in the same snapshot), so the metadata can be
    # the schema's: every Arrow reader (pandas, polars, DuckDB, R arrow) shows it
    s = schema().with_metadata({"civicatlas": json.dumps(meta, ensure_ascii=False)})
    n = 0
    with pq.ParquetWriter(out, s, compression="zstd") as writer:
        rows: list[dict[str, Any]] = []
        for case in cases:
            rows.append(row(case))
            n += 1
            if len(rows) >= BATCH:
                writer.write_table(pa.Table.from_pylist(rows, schema=s))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=s))
    return n
