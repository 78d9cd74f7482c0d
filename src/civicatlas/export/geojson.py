"""GeoJSON: a FeatureCollection with one Point feature per case and located place ([lon, lat], WGS 84),
its properties flat (lists joined with "; ") so GIS tools show them as columns. The collection is written
feature by feature; its `metadata` member (a foreign member, which readers keep or ignore) comes last,
when the count is known."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from civicatlas.export.flat import flatten, places

JOIN = "; "
CASE_PROPERTIES = ["title", "summary", "languages", "countries", "years", "first_date", "last_date",
                   "general_issues", "method_types", "approaches", "actors", "funders", "amounts", "sources",
                   "participedia_id"]


def features(case: dict[str, Any]) -> list[dict[str, Any]]:
    flat = flatten(case)
    props = {k: JOIN.join(str(v) for v in flat[k]) if isinstance(flat[k], list) else flat[k]
             for k in CASE_PROPERTIES}
    out = []
    for place in places(case):
        if place["lat"] is None or place["lon"] is None:
            continue
        out.append({"type": "Feature", "id": f"{case['id']}-{place['geonameid'] or place['name']}",
                    "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                    "properties": {"case_id": case["id"], "place": place["name"], "geonameid": place["geonameid"],
                                   "place_kind": place["kind"], "place_country": place["country"], **props}})
    return out


def write(cases: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any]) -> int:
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = features_written = 0
    for case in cases:
        n += 1
        for feature in features(case):
            out.write((",\n" if features_written else "") + json.dumps(feature, ensure_ascii=False))
            features_written += 1
    meta["records"], meta["features"] = n, features_written
    out.write('\n], "metadata": ' + json.dumps(meta, ensure_ascii=False) + "}\n")
    return n
