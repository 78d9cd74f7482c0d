"""Filters select cases in the store (SQL), the same way for every format."""

from __future__ import annotations

import io
import json

import pytest

from civicatlas import Atlas
from civicatlas.errors import ConfigError
from civicatlas.filters import CaseFilter


def titles(atlas: Atlas, **filters) -> set[str]:
    out = io.StringIO()
    n = atlas.export(out, "jsonl", **filters)
    header, *cases = [json.loads(line) for line in out.getvalue().splitlines()]
    assert header["metadata"]["records"] == n == len(cases) == atlas.store.count_cases(CaseFilter.of(**filters))
    return {c["title"].split()[0] for c in cases}


def test_each_filter_selects_its_cases(atlas: Atlas) -> None:
    assert titles(atlas) == {"Umeå", "Leipzig", "Lund"}
    assert titles(atlas, country="se") == {"Umeå", "Lund"}
    assert titles(atlas, country=["DE", "SE"], language="de") == {"Leipzig"}
    assert titles(atlas, year_from=2023) == {"Umeå", "Leipzig"}
    assert titles(atlas, year_from=2022, year_to=2023) == {"Leipzig", "Lund"}
    assert titles(atlas, general_issue="environment") == {"Lund"}
    assert titles(atlas, method_type="deliberative", country="SE") == {"Lund"}
    assert titles(atlas, has_coordinates=True) == {"Umeå", "Leipzig", "Lund"}
    assert titles(atlas, has_coordinates="false") == set()
    assert titles(atlas, source="example.org") == {"Lund"}
    assert titles(atlas, source=["umea.txt", "leipzig"]) == {"Umeå", "Leipzig"}


def test_batches_give_the_same_cases(atlas: Atlas) -> None:
    assert list(atlas.store.iter_cases(batch=1)) == list(atlas.store.iter_cases())


@pytest.mark.parametrize(("given", "message"), [
    ({"country": "Sweden"}, "country: expected an ISO 3166-1 alpha-2 code"),
    ({"language": "swe"}, "language: expected an ISO 639-1 code"),
    ({"year_from": "last year"}, "year_from: expected a year"),
    ({"year_from": 2024, "year_to": 2020}, "year_from 2024 is after year_to 2020"),
    ({"general_issue": "climate"}, "'climate' is not a Participedia general_issues key"),
    ({"method_type": "poll"}, "'poll' is not a Participedia method_types key"),
    ({"has_coordinates": "maybe"}, "has_coordinates: expected true or false"),
    ({"continent": "EU"}, "unknown filter 'continent'"),
])
def test_bad_filters_say_what_they_expect(given: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        CaseFilter.of(**given)


def test_given_lists_only_the_filters_in_use() -> None:
    assert CaseFilter.of(country=["se"], year_to="2020", has_coordinates=None).given() == {
        "country": ["SE"], "year_to": 2020}
    assert not CaseFilter.of()
