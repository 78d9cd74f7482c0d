"""Which cases a reader wants: the filters shared by export, search and the REST API (one set of names).

A case matches when every given filter matches (AND); a filter given several values matches any of them
(OR). A case matches a filter when any of its items does (a case is what all its sources say).
The store turns a CaseFilter into SQL, so filtering never reads the cases it leaves out.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from civicatlas.errors import ConfigError

_ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISO_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class CaseFilter:
    country: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 countries the case is about
    language: tuple[str, ...] = ()  # ISO 639-1 languages of its sources
    year_from: int | None = None  # a year the case mentions is ≥ year_from …
    year_to: int | None = None  # … and ≤ year_to
    general_issue: tuple[str, ...] = ()  # Participedia general_issues keys
    method_type: tuple[str, ...] = ()  # Participedia method_types keys
    has_coordinates: bool | None = None  # True: a place with lat/lon; False: none
    source: tuple[str, ...] = ()  # a document id, or text its URI contains (a domain, a file name)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, **given: Any) -> CaseFilter:
        """Build from keyword values (a string or a list each; None or empty means not given), checking
        every value: a bad one is a ValueError naming the filter and what it expects."""
        names = {f.name for f in fields(cls)} - {"extra"}
        if unknown := sorted(set(given) - names):
            raise ConfigError(f"unknown filter {unknown[0]!r}; filters: {', '.join(sorted(names))}")
        values: dict[str, Any] = {}
        for name in ("country", "language", "general_issue", "method_type", "source"):
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
        if given.get("has_coordinates") is not None:
            values["has_coordinates"] = _boolean(given["has_coordinates"])
        return cls(**values)

    def given(self) -> dict[str, Any]:
        """The filters in use, as plain JSON values (what an export's metadata records)."""
        out = {}
        for name, value in asdict(self).items():
            if name == "extra" or value in ((), None):
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
    elif name in ("general_issue", "method_type"):
        from civicatlas.themes import VOCABULARIES

        vocab = "general_issues" if name == "general_issue" else "method_types"
        value = value.lower()
        if value not in VOCABULARIES[vocab]:
            raise ConfigError(f"{name}: {value!r} is not a Participedia {vocab} key; "
                             f"one of {', '.join(VOCABULARIES[vocab])}")
    return value


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes"):
        return True
    if text in ("0", "false", "no"):
        return False
    raise ConfigError(f"has_coordinates: expected true or false, got {value!r}")
