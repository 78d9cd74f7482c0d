"""Every case's facet values in memory, as arrays, so that facet counts over a large atlas take milliseconds
rather than the store's GROUP BY over all of them (hundreds of ms at 100,000 cases, the first time each).

Built from the store's case_facets (`facet_rows`) at one data_version, it answers only while that version stands
and only for filters made of those values (country, language, year range, the vocabularies, city); anything
else is the store's to count. The counts are the store's, to the value: the same rows, the same ties, the same
order (store.base.top_facets).

A field of few values (countries, languages, years, the vocabularies) is kept as one bitmap of cases per value,
so that counting is an AND and a population count per value, and filtering an OR of bitmaps: at 1,000,000 cases
the explorer's seven facet counts took 30–80 ms as gathers over every (case, value) row, and take 2–3 ms so
(bench/facets.py). A field of many values (places, sources) keeps its rows.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import fields as dataclass_fields
from typing import Any

import numpy as np

from civicatlas.filters import VOCABULARY, CaseFilter
from civicatlas.store.base import check_facets, top_facets

# filters read from case_facets, each by its facet field; the rest (source, bbox, amounts…) are not answered here
BY_VALUE = {"country": "country", "language": "language", "city": "place", **{name: name for name in VOCABULARY}}
_ANSWERED = {*BY_VALUE, "year_from", "year_to", "extra"}
BITMAP_BYTES = 64 << 20  # a field is kept as bitmaps if they take at most this (at 1M cases: up to 512 values)


class FacetIndex:
    def __init__(self, rows: Iterable[tuple[str, int, str | None, str | None, str | None]], version: int) -> None:
        """rows: (case id, initiative 0/1, field, value, label), as store.facet_rows gives them (a case without
        facet values once, with field None)."""
        self.version = version
        case_of: dict[str, int] = {}
        initiative: list[bool] = []
        columns: dict[str, tuple[array, array, dict[str, int], dict[int, str]]] = {}  # 4 bytes a number while read
        for case_id, is_initiative, field, value, label in rows:
            n = case_of.get(case_id)
            if n is None:
                n = case_of[case_id] = len(initiative)
                initiative.append(bool(is_initiative))
            if field is None:
                continue
            cases, codes, code_of, labels = columns.setdefault(field, (array("i"), array("i"), {}, {}))
            code = code_of.setdefault(value, len(code_of))
            cases.append(n)
            codes.append(code)
            if label is not None and label > labels.get(code, ""):
                labels[code] = label  # the store's MAX(label)
        self.size = len(initiative)
        self.initiative = _pack(np.array(initiative, dtype=bool))
        self.everything = _pack(np.ones(self.size, dtype=bool))
        # field -> (case numbers, value codes, values by code, labels by code)
        self.columns = {field: (np.frombuffer(cases, dtype=np.int32), np.frombuffer(codes, dtype=np.int32),
                                list(code_of), labels) for field, (cases, codes, code_of, labels) in columns.items()}
        # field -> one bitmap of cases per value code (its rows are then not kept)
        self.bitmaps: dict[str, np.ndarray] = {}
        for field, (cases, codes, values, labels) in list(self.columns.items()):
            if len(values) * _words(self.size) * 8 <= BITMAP_BYTES:
                self.bitmaps[field] = self._bitmaps(cases, codes, len(values))
                self.columns[field] = (cases[:0], codes[:0], values, labels)

    def _bitmaps(self, cases: np.ndarray, codes: np.ndarray, values: int) -> np.ndarray:
        out = np.zeros((values, _words(self.size)), dtype=np.uint64)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(values + 1))
        for code in range(values):
            having = np.zeros(self.size, dtype=bool)
            having[cases[order[bounds[code]:bounds[code + 1]]]] = True
            out[code] = _pack(having)
        return out

    @classmethod
    def of(cls, store: Any) -> FacetIndex:
        """The index of a store as it stands (the version is read first: a change committed while the rows are read
        makes the index older than the data, never newer, so it is rebuilt rather than trusted)."""
        version = store.data_version()
        return cls(store.facet_rows(), version)

    @staticmethod
    def answers(filters: CaseFilter | None) -> bool:
        """Whether these filters are made of facet values alone (what this index can count)."""
        if filters is None:
            return True
        default = CaseFilter()
        return all(getattr(filters, f.name) == getattr(default, f.name)
                   for f in dataclass_fields(CaseFilter) if f.name not in _ANSWERED)

    def count(self, filters: CaseFilter | None, all: bool = False) -> int:
        """What store.count_cases gives for these filters (which must be answered: see answers)."""
        return int(np.bitwise_count(self._chosen(filters, all)).sum())

    def facets(self, filters: CaseFilter | None, fields: Sequence[str], all: bool = False, limit: int = 50
               ) -> dict[str, list[dict[str, Any]]]:
        """What store.facets gives for these filters (which must be answered: see answers)."""
        check_facets(fields)
        chosen = self._chosen(filters, all)
        mask: np.ndarray | None = None
        rows = []
        for field in fields:
            if field not in self.columns:
                continue
            cases, codes, values, labels = self.columns[field]
            if field in self.bitmaps:
                counts = np.bitwise_count(self.bitmaps[field] & chosen).sum(axis=1)
            else:
                mask = _unpack(chosen, self.size) if mask is None else mask
                counts = np.bincount(codes[mask[cases]], minlength=len(values))
            rows += [{"field": field, "value": values[c], "label": labels.get(c), "n": int(counts[c])}
                     for c in np.flatnonzero(counts)]
        return top_facets(fields, rows, limit)

    def _chosen(self, filters: CaseFilter | None, all: bool) -> np.ndarray:
        """The cases that match, as a bitmap."""
        chosen = (self.everything if all else self.initiative).copy()
        if filters is not None:
            for name, field in BY_VALUE.items():
                if wanted := getattr(filters, name):
                    chosen &= self._having(field, lambda values, w=set(wanted): [v in w for v in values])
            if filters.year_from is not None or filters.year_to is not None:
                low = filters.year_from if filters.year_from is not None else -9999
                high = filters.year_to if filters.year_to is not None else 9999
                chosen &= self._having("year", lambda values: [_year_between(v, low, high) for v in values])
        return chosen

    def _having(self, field: str, matches) -> np.ndarray:
        """The cases with a value of `field` for which matches(values) is true, as a bitmap."""
        if field not in self.columns:
            return np.zeros(_words(self.size), dtype=np.uint64)
        cases, codes, values, _ = self.columns[field]
        hit = np.array(matches(values), dtype=bool)
        if field in self.bitmaps:
            return np.bitwise_or.reduce(self.bitmaps[field][hit], axis=0, initial=np.uint64(0))
        having = np.zeros(self.size, dtype=bool)
        having[cases[hit[codes]]] = True
        return _pack(having)


def _words(size: int) -> int:
    return (size + 63) // 64


def _pack(mask: np.ndarray) -> np.ndarray:
    """A bitmap of 64-bit words: bit i of the whole is mask[i] (the padding past the end is 0)."""
    padded = np.zeros(_words(len(mask)) * 64, dtype=bool)
    padded[: len(mask)] = mask
    return np.packbits(padded, bitorder="little").view(np.uint64)


def _unpack(bitmap: np.ndarray, size: int) -> np.ndarray:
    return np.unpackbits(bitmap.view(np.uint8), bitorder="little")[:size].astype(bool)


def _year_between(value: str, low: int, high: int) -> bool:
    try:
        return low <= int(value) <= high
    except ValueError:
        return False
