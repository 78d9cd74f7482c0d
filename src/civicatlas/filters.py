"""Which cases a reader wants: the filters shared by export, search and the REST API (one set of names).

A case matches when every given filter matches (AND); a filter given several values matches any of them
(OR). A case matches a filter when any of its items does (a case is what all its sources say).
The store turns a CaseFilter into SQL, so filtering never reads the cases it leaves out.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from civicatlas.errors import ConfigError

_ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISO_LANGUAGE = re.compile(r"^[a-z]{2}$")
_ISO_CURRENCY = re.compile(r"^[A-Z]{3}$")
# filter name -> the Participedia vocabulary its keys come from
VOCABULARY = {"general_issue": "general_issues", "method_type": "method_types", "approach": "approaches",
              "targeted_participant": "targeted_participants"}


@dataclass(frozen=True)
class CaseFilter:
    country: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 countries the case is about
    language: tuple[str, ...] = ()  # ISO 639-1 languages of its sources
    year_from: int | None = None  # a year the case mentions is ≥ year_from …
    year_to: int | None = None  # … and ≤ year_to
    general_issue: tuple[str, ...] = ()  # Participedia general_issues keys
    method_type: tuple[str, ...] = ()  # Participedia method_types keys
    approach: tuple[str, ...] = ()  # Participedia approaches keys
    targeted_participant: tuple[str, ...] = ()  # Participedia targeted_participants keys
    has_coordinates: bool | None = None  # True: a place with lat/lon; False: none
    source: tuple[str, ...] = ()  # a document id, or text its URI contains (a domain, a file name)
    city: tuple[str, ...] = ()  # GeoNames ids of places the case mentions
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat of a place it mentions
    near: tuple[str, float] | None = None  # (GeoNames id, km): a place it mentions is within km of that place
    amount_min: float | None = None  # an amount it mentions is ≥ amount_min …
    amount_max: float | None = None  # … and ≤ amount_max …
    currency: tuple[str, ...] = ()  # … in one of these ISO 4217 currencies
    exclude: CaseFilter | None = None  # cases that match these filters are left out
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, **given: Any) -> CaseFilter:
        """Build from keyword values (a string or a list each; None or empty means not given), checking
        every value: a bad one is a ValueError naming the filter and what it expects."""
        names = {f.name for f in fields(cls)} - {"extra", "exclude"}
        if unknown := sorted(set(given) - names - {"exclude"}):
            raise ConfigError(f"unknown filter {unknown[0]!r}; filters: {', '.join(sorted(names))}")
        values: dict[str, Any] = {}
        for name in ("country", "language", "general_issue", "method_type", "approach", "targeted_participant",
                     "source", "city", "currency"):
            raw = given.get(name)
            items = [raw] if isinstance(raw, str) else list(raw or [])
            values[name] = tuple(_check(name, str(v).strip()) for v in items if str(v).strip())
        for name in ("year_from", "year_to"):
            raw = given.get(name)
            if raw is not None and raw != "":
                try:
                    values[name] = int(raw)
                except (TypeError, ValueError):
                    raise ConfigError(f"{name}: expected a year such as 2020, got {raw!r}") from None
        if values.get("year_from") is not None and values.get("year_to") is not None \
                and values["year_from"] > values["year_to"]:
            raise ConfigError(f"year_from {values['year_from']} is after year_to {values['year_to']}")
        for name in ("amount_min", "amount_max"):
            raw = given.get(name)
            if raw is not None and raw != "":
                values[name] = _number(name, raw)
        if values.get("amount_min") is not None and values.get("amount_max") is not None \
                and values["amount_min"] > values["amount_max"]:
            raise ConfigError(f"amount_min {values['amount_min']} is above amount_max {values['amount_max']}")
        if given.get("bbox") not in (None, "", ()):
            values["bbox"] = _bbox(given["bbox"])
        if given.get("near") not in (None, "", ()):
            values["near"] = _near(given["near"])
        if exclude := given.get("exclude"):
            exclude = exclude if isinstance(exclude, CaseFilter) else cls.of(**exclude)
            values["exclude"] = exclude or None
        if given.get("has_coordinates") is not None:
            values["has_coordinates"] = _boolean(given["has_coordinates"])
        return cls(**values)

    def given(self) -> dict[str, Any]:
        """The filters in use, as plain JSON values (what an export's metadata records)."""
        out = {}
        for name, value in asdict(self).items():
            if name == "extra" or value in ((), None):
                continue
            if name == "exclude":
                out[name] = self.exclude.given()  # type: ignore[union-attr]
                continue
            out[name] = list(value) if isinstance(value, tuple) else value
        return out

    def __bool__(self) -> bool:
        return bool(self.given())


def _check(name: str, value: str) -> str:
    if name == "country":
        value = value.upper()
        if not _ISO_COUNTRY.match(value):
            raise ConfigError(f"country: expected an ISO 3166-1 alpha-2 code such as SE, got {value!r}")
    elif name == "language":
        value = value.lower()
        if not _ISO_LANGUAGE.match(value):
            raise ConfigError(f"language: expected an ISO 639-1 code such as sv, got {value!r}")
    elif name in VOCABULARY:
        from civicatlas.themes import VOCABULARIES

        vocab = VOCABULARY[name]
        value = value.lower()
        if value not in VOCABULARIES[vocab]:
            raise ConfigError(f"{name}: {value!r} is not a Participedia {vocab} key; "
                             f"one of {', '.join(VOCABULARIES[vocab])}")
    elif name == "city" and not value.isdigit():
        raise ConfigError(f"city: expected a GeoNames id such as 2702261, got {value!r}")
    elif name == "currency":
        value = value.upper()
        if not _ISO_CURRENCY.match(value):
            raise ConfigError(f"currency: expected an ISO 4217 code such as SEK, got {value!r}")
    return value


def _number(name: str, raw: Any) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name}: expected a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise ConfigError(f"{name}: expected a finite number, got {raw!r}")
    return value


def _bbox(raw: Any) -> tuple[float, float, float, float]:
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    if len(parts) != 4:
        raise ConfigError(f"bbox: expected min_lon,min_lat,max_lon,max_lat, got {raw!r}")
    west, south, east, north = (_number("bbox", p) for p in parts)
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ConfigError(f"bbox: expected -180 ≤ min_lon ≤ max_lon ≤ 180 and -90 ≤ min_lat ≤ max_lat ≤ 90, "
                          f"got {raw!r}")
    return west, south, east, north


def _near(raw: Any) -> tuple[str, float]:
    parts = raw.split(":") if isinstance(raw, str) else list(raw)
    if len(parts) != 2 or not str(parts[0]).strip().isdigit():
        raise ConfigError(f"near: expected a GeoNames id and a distance in km such as 2702261:50, got {raw!r}")
    km = _number("near", parts[1])
    if not 0 < km <= 20_000:
        raise ConfigError(f"near: expected a distance between 0 and 20000 km, got {parts[1]!r}")
    return str(parts[0]).strip(), km


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes"):
        return True
    if text in ("0", "false", "no"):
        return False
    raise ConfigError(f"has_coordinates: expected true or false, got {value!r}")
