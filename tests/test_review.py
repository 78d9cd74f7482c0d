"""The review queue's evidence as a person reads it."""

from __future__ import annotations

from civicatlas.review import _readable


def test_shared_places_by_name_and_sums_as_amounts() -> None:
    record = {"places": [{"name": "Besançon", "geonameid": 3033123}, {"name": "Doubs", "geonameid": 3020989}]}
    shared = {"city": ["3033123", "999"], "region": ["g3020989"], "amount": ["('EUR', 300000.0)", "odd"],
              "number": ["16"]}
    assert _readable(shared, record) == {"city": ["Besançon (3033123)", "999"], "region": ["Doubs (g3020989)"],
                                         "amount": ["EUR 300,000", "odd"], "number": ["16"]}
