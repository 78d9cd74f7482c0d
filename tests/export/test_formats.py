"""Each export format written from a real database and read back by its home library."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.export import FORMATS
from civicatlas.export.participedia import columns as participedia_columns
from civicatlas.export.tables import LONG, case_columns

UMEA = (63.8, 20.3)


def near_umea(lat: float, lon: float) -> bool:
    return abs(lat - UMEA[0]) < 0.2 and abs(lon - UMEA[1]) < 0.2


def test_every_format_carries_its_metadata(atlas: Atlas, tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"cases.{fmt}"
        assert atlas.export(out, fmt, country="SE") == 2
        if fmt == "jsonl":
            meta = json.loads(out.read_text(encoding="utf-8").splitlines()[0])["metadata"]
        elif fmt in ("geojson", "jsonld"):
            meta = json.loads(out.read_text(encoding="utf-8"))["metadata"]
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            meta = json.loads(pq.read_schema(out).metadata[b"civicatlas"])
        else:
            meta = json.loads(Path(f"{out}.meta.json").read_text(encoding="utf-8"))
        assert meta["format"] == fmt and meta["records"] == 2 and meta["filters"] == {"country": ["SE"]}
        assert meta["civicatlas"] and meta["exported_at"].startswith("20")
        assert "places" in meta["extractors"] and meta["extractors"]["themes"] == ["test"]


def test_jsonl_is_the_whole_case(atlas: Atlas) -> None:
    out = io.StringIO()
    assert atlas.export(out, "jsonl") == 3
    header, *cases = [json.loads(line) for line in out.getvalue().splitlines()]
    assert header["metadata"]["records"] == 3
    assert cases == list(atlas.cases())
    umea = next(c for c in cases if "Umeå" in c["title"])
    assert umea["items"][0]["places"][0]["extractor"].startswith("places/")  # evidence kept
    assert umea["mentions"]["places"][0]["evidence"][0]["text"] == "Umeå"


def test_csv_opens_in_pandas_with_flat_and_numbered_columns(atlas: Atlas, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / "cases.csv"
    atlas.export(out, "csv", bom=True)
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns) == case_columns() and len(frame) == 3
    umea = frame[frame["title"].str.contains("Umeå")].iloc[0]
    assert umea["countries"] == "SE" and umea["countries_1"] == "SE" and umea["countries_2"] == ""
    assert near_umea(umea["latitude"], umea["longitude"])
    assert umea["has_coordinates"] == 1 and umea["curated"] == 0
    assert umea["amounts_1"] == "2000000 SEK" and umea["participants"] == "300"
    assert umea["years_1"] == 2024 and umea["first_date"] == "2024"
    assert len(umea["created_at"]) == 10 and umea["created_at"][4] == "-"
    lund = frame[frame["id"] == "clund"].iloc[0]
    assert lund["general_issues"] == "environment" and lund["method_types_1"] == "deliberative"


def test_csv_long_tables_join_on_case_id(atlas: Atlas, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    assert atlas.export(tmp_path / "tables", "csv", tables=True) == 3
    cases = pd.read_csv(tmp_path / "tables" / "cases.csv")
    for name, cols in LONG.items():
        table = pd.read_csv(tmp_path / "tables" / f"{name}.csv")
        assert list(table.columns) == cols and set(table["case_id"]) <= set(cases["id"])
    places = pd.read_csv(tmp_path / "tables" / "places.csv")
    assert set(places["name"]) == {"Umeå", "Leipzig", "Lund"}
    evidence = pd.read_csv(tmp_path / "tables" / "evidence.csv")
    assert {"place", "amount", "count"} <= set(evidence["type"])
    themes = pd.read_csv(tmp_path / "tables" / "themes.csv")
    assert ("general_issues", "environment") in set(zip(themes["vocabulary"], themes["key"], strict=True))
    with pytest.raises(ValueError, match="only the csv format"):
        atlas.export(tmp_path / "t2", "jsonl", tables=True)


def _wkb_point(blob: bytes) -> tuple[float, float]:
    order = "<" if blob[0] == 1 else ">"
    return struct.unpack(f"{order}dd", blob[5:21])


def test_geojson_opens_with_gdal_lon_lat(atlas: Atlas, tmp_path: Path) -> None:
    raw = pytest.importorskip("pyogrio.raw")
    out = tmp_path / "cases.geojson"
    assert atlas.export(out, "geojson") == 3
    meta, _, geometry, values = raw.read(out)
    assert meta["geometry_type"] == "Point" and len(geometry) == 3
    fields = dict(zip(meta["fields"], values, strict=True))
    at = list(fields["place"]).index("Umeå")
    lon, lat = _wkb_point(geometry[at])
    assert near_umea(lat, lon)
    assert fields["case_id"][at].startswith("c") and "Umeå" in fields["title"][at]
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["metadata"]["features"] == 3


def test_parquet_has_a_real_schema(atlas: Atlas, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "cases.parquet"
    atlas.export(out, "parquet")
    table = pq.read_table(out)
    assert table.num_rows == 3
    assert table.schema.field("places").type.value_type == pa.struct(
        [("name", pa.string()), ("geonameid", pa.int64()), ("country", pa.string()), ("admin1", pa.string()),
         ("kind", pa.string()), ("lat", pa.float64()), ("lon", pa.float64())])
    assert table.schema.field("years").type == pa.list_(pa.int32())
    rows = {r["title"]: r for r in table.to_pylist()}
    umea = next(r for t, r in rows.items() if "Umeå" in t)
    assert near_umea(umea["places"][0]["lat"], umea["places"][0]["lon"])
    assert umea["amounts"][0] == {"value": 2000000.0, "currency": "SEK", "qualifier": "exact", "value_max": None}
    assert rows["Lund climate assembly"]["themes"]["general_issues"] == ["environment"]


def test_parquet_needs_a_binary_destination(atlas: Atlas) -> None:
    with pytest.raises(ValueError, match="binary"):
        atlas.export(io.StringIO(), "parquet")


def test_jsonld_expands_without_the_network(atlas: Atlas, tmp_path: Path) -> None:
    jsonld = pytest.importorskip("pyld.jsonld")

    def no_network(url: str, options: dict) -> dict:
        raise AssertionError(f"the export made the processor fetch {url}")

    out = tmp_path / "cases.jsonld"
    atlas.export(out, "jsonld")
    doc = json.loads(out.read_text(encoding="utf-8"))
    expanded = jsonld.expand(doc, {"documentLoader": no_network})
    flat = json.dumps(expanded)
    assert "https://schema.org/Project" in flat and "https://schema.org/GeoCoordinates" in flat
    assert "https://sws.geonames.org/602150/" in flat  # Umeå's GeoNames id as an IRI
    assert "https://schema.org/MonetaryGrant" in flat and "https://schema.org/DefinedTerm" in flat
    (dataset,) = expanded
    projects = dataset["https://schema.org/hasPart"]
    assert len(projects) == 3
    umea = next(p for p in projects if "Umeå" in p["https://schema.org/name"][0]["@value"])
    geo = umea["https://schema.org/location"][0]["https://schema.org/geo"][0]
    assert near_umea(geo["https://schema.org/latitude"][0]["@value"], geo["https://schema.org/longitude"][0]["@value"])
    meta = dataset["urn:civicatlas:export-metadata"][0]
    assert meta["@type"] == "@json" and meta["@value"]["records"] == 3


def test_participedia_csv_has_participedias_columns(atlas: Atlas, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / "participedia.csv"
    atlas.export(out, "participedia")
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == participedia_columns()
    for column in ("id", "type", "title", "url", "description", "original_language", "city", "country", "latitude",
                   "general_issues_1", "scope_of_influence_1", "approaches_1", "number_of_participants_1",
                   "method_types_1", "primary_organizer_title", "funder", "funder_types_1"):
        assert column in frame.columns
    umea = frame[frame["city"] == "Umeå"].iloc[0]
    assert umea["country"] == "Sweden" and umea["type"] == "case" and umea["original_language"] == "sv"
    assert near_umea(umea["latitude"], umea["longitude"]) and umea["number_of_participants_1"] == "300"
    lund = frame[frame["id"] == "clund"].iloc[0]
    assert lund["general_issues_1"] == "environment" and lund["method_types_1"] == "deliberative"


def test_unknown_format_is_a_clear_error(atlas: Atlas) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        atlas.export(io.StringIO(), "xml")
