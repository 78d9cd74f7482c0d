"""What every listing of the API reads from the URL: the case filters, in one syntax, and the limits.

`filter=country:SE|DK,year:2019-2021,general_issue:!health` (OpenAlex's syntax): filters joined by commas all
apply; `a|b` is either value; `!a|b` leaves out cases with either. Each filter can also be given as its own
query parameter with the same value (`country=SE|DK`). Values: ISO codes for country, language and currency;
Participedia keys for the theme vocabularies; GeoNames ids for city; `year` and `amount` take `FROM-TO`,
`FROM-` or `-TO`; `bbox` is `min_lon,min_lat,max_lon,max_lat`; `near` is `GEONAMEID:KM`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from fastapi import Query, Request

from civicatlas import Atlas
from civicatlas.errors import ConfigError
from civicatlas.filters import CaseFilter

T = TypeVar("T")
MAX_PAGE = 100  # cases per page at most
MAX_QUERY = 300  # characters of a search query or a filter expression at most
LISTS = ("country", "language", "general_issue", "method_type", "approach", "targeted_participant", "source", "city",
         "currency")
RANGES = {"year": ("year_from", "year_to"), "amount": ("amount_min", "amount_max")}
SINGLE = ("bbox", "near", "has_coordinates")
NAMES = (*LISTS, *RANGES, *SINGLE)

FILTER_HELP = ("Filters joined by commas, e.g. `country:SE|DK,year:2019-2021,general_issue:!health`: `a|b` either "
               "value, `!a|b` neither. Names: " + ", ".join(NAMES) + ".")


def case_filter(
    request: Request,
    filter: str | None = Query(None, max_length=MAX_QUERY, description=FILTER_HELP),
    country: str | None = Query(None, max_length=MAX_QUERY, description="ISO 3166-1 codes, e.g. SE|DK"),
    language: str | None = Query(None, max_length=MAX_QUERY, description="ISO 639-1 codes, e.g. sv|da"),
    year: str | None = Query(None, max_length=20, description="a year or FROM-TO, e.g. 2019-2021"),
    general_issue: str | None = Query(None, max_length=MAX_QUERY, description="Participedia general_issues keys"),
    method_type: str | None = Query(None, max_length=MAX_QUERY, description="Participedia method_types keys"),
    approach: str | None = Query(None, max_length=MAX_QUERY, description="Participedia approaches keys"),
    targeted_participant: str | None = Query(None, max_length=MAX_QUERY,
                                             description="Participedia targeted_participants keys"),
    source: str | None = Query(None, max_length=MAX_QUERY, description="a document id or text of its URI"),
    city: str | None = Query(None, max_length=MAX_QUERY, description="GeoNames ids of places mentioned"),
    has_coordinates: bool | None = Query(None, description="a place with coordinates (true) or none (false)"),
    bbox: str | None = Query(None, max_length=100, description="min_lon,min_lat,max_lon,max_lat"),
    near: str | None = Query(None, max_length=40, description="GEONAMEID:KM, e.g. 2702261:50"),
    amount: str | None = Query(None, max_length=60, description="an amount range FROM-TO, e.g. 10000-500000"),
    currency: str | None = Query(None, max_length=MAX_QUERY, description="ISO 4217 codes of that amount, e.g. SEK"),
) -> CaseFilter:
    """The filters of a request (a FastAPI dependency): bad ones are a 400 problem naming them."""
    plain = {"country": country, "language": language, "year": year, "general_issue": general_issue,
             "method_type": method_type, "approach": approach, "targeted_participant": targeted_participant,
             "source": source, "city": city, "bbox": bbox, "near": near, "amount": amount, "currency": currency,
             "has_coordinates": None if has_coordinates is None else str(has_coordinates).lower()}
    given = [(name, value) for name, value in plain.items() if value is not None]
    given += parse(filter or "")
    return to_filter(given)


def parse(expression: str) -> list[tuple[str, str]]:
    """`a:x|y,b:!z` → [(a, "x|y"), (b, "!z")]; a part without a colon continues the one before (bbox's commas)."""
    out: list[tuple[str, str]] = []
    for part in expression.split(","):
        name, colon, value = part.partition(":")
        if colon and name.strip() in NAMES:
            out.append((name.strip(), value.strip()))
        elif out and not colon:
            out[-1] = (out[-1][0], f"{out[-1][1]},{part.strip()}")
        elif part.strip():
            raise ConfigError(f"filter: {part.strip()!r} is not NAME:VALUE with a NAME of {', '.join(NAMES)}")
    return out


def to_filter(given: list[tuple[str, str]]) -> CaseFilter:
    chosen: dict[str, Any] = {}
    excluded: dict[str, Any] = {}
    seen: set[str] = set()
    for name, value in given:
        if name in seen:
            raise ConfigError(f"filter {name!r} is given twice; give its values once, joined by |")
        seen.add(name)
        if name in LISTS:
            values = [v.strip() for v in value.lstrip("!").split("|") if v.strip()]
            (excluded if value.startswith("!") else chosen)[name] = values
        elif value.startswith("!"):
            raise ConfigError(f"filter {name!r} cannot be negated (only {', '.join(LISTS)} can)")
        elif name in RANGES:
            low, high = RANGES[name]
            first, dash, last = value.partition("-") if not value.startswith("-") else ("", "-", value[1:])
            chosen[low], chosen[high] = first or None, (last or None) if dash else first
            if not (first or last):
                raise ConfigError(f"{name}: expected FROM-TO, FROM- or -TO, got {value!r}")
        else:
            chosen[name] = value
    if excluded:
        chosen["exclude"] = excluded
    return CaseFilter.of(**chosen)


def limited(request: Request, a: Atlas) -> AbstractContextManager[None]:
    """Reads inside are cut off after the operator's query timeout (a 504 problem), not left to hold a worker."""
    return a.store.deadline(request.app.state.settings.query_timeout)


def cached(request: Request, a: Atlas, key: Hashable, count: Callable[[], T]) -> T:
    """What `count` computes (a page, counts, search hits), reused while no case changes (see web.api.cache)."""
    return request.app.state.kept.get(a, key, count)


def facet_counts(request: Request, a: Atlas, filters: CaseFilter | None, fields: Sequence[str], all: bool = False,
                 limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """The store's facet counts of the matching cases, from the server's facet index when it can (web.api.cache)."""
    return request.app.state.facet_counts.facets(a, filters, fields, all, limit)


def case_count(request: Request, a: Atlas, filters: CaseFilter | None, all: bool = False) -> int:
    """The store's number of matching cases, from the server's facet index when it can (web.api.cache)."""
    return request.app.state.facet_counts.count(a, filters, all)


def fields(group_by: str | None) -> list[str]:
    """`group_by=country,language` → the facet fields asked for."""
    from civicatlas.store.base import FACETS

    names = [n.strip() for n in (group_by or "").split(",") if n.strip()]
    if bad := [n for n in names if n not in FACETS]:
        raise ConfigError(f"group_by: cannot count by {bad[0]!r}; fields: {', '.join(FACETS)}")
    return list(dict.fromkeys(names))
