"""The explorer's state lives in the URL, so any view can be shared: the query, how to match it, the filters
(civicatlas.filters names, a filter given several times matches any of its values) and the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from civicatlas.errors import ConfigError
from civicatlas.filters import VOCABULARY, CaseFilter
from civicatlas.web.api.query import facet_counts

LISTS = ("country", "language", "general_issue", "method_type", "approach", "targeted_participant", "source", "city",
         "currency")
SINGLES = ("year_from", "year_to", "has_coordinates", "amount_min", "amount_max", "bbox", "near")
FACETS = ("country", "language", "year", "general_issue", "method_type", "approach", "targeted_participant")
SEARCH_LIMIT = 200  # hits a query can show; the filters then narrow them


@dataclass
class State:
    """What the URL asks for; `url` and `toggle` give the URLs of the states next to it."""

    q: str = ""
    by: str = "both"
    page: int = 1  # with a query: the page of its hits
    after: str | None = None  # without one: the store's cursor of the page (keyset pages)
    given: dict[str, list[str]] = field(default_factory=dict)  # filter name → values, as in the URL
    error: str | None = None  # a bad filter value, shown on the page instead of a traceback

    @classmethod
    def of(cls, request: Request) -> State:
        params = request.query_params
        given = {name: [v for v in params.getlist(name) if v.strip()] for name in LISTS + SINGLES}
        state = cls(q=params.get("q", "").strip(), by=params.get("by", "both"),
                    given={k: v for k, v in given.items() if v})
        if state.by not in ("words", "meaning", "both"):
            state.by = "both"
        try:
            state.page = max(1, int(params.get("page", "1")))
        except ValueError:
            state.page = 1
        state.after = params.get("after") or None
        return state

    def filters(self) -> CaseFilter:
        """The CaseFilter of the URL; a bad value leaves it out and is reported in `error`."""
        values = {k: (v if k in LISTS else v[0]) for k, v in self.given.items()}
        try:
            return CaseFilter.of(**values)
        except ConfigError as e:
            self.error = str(e)
            return CaseFilter()

    def url(self, path: str = "/", **change: Any) -> str:
        """This state's URL at `path` with some parameters changed (None removes one); the page goes back to
        the first."""
        params: dict[str, Any] = {"q": self.q, "by": self.by if self.by != "both" else None, **self.given}
        params.update(change)
        pairs = [(k, x) for k, v in params.items() if v not in (None, "", [])
                 for x in (v if isinstance(v, list) else [v]) if not (k == "page" and x == 1)]
        return path + ("?" + urlencode(pairs) if pairs else "")

    def cleared(self) -> str:
        """The search with no filters."""
        return self.url(**{name: None for name in self.given})

    def toggle(self, name: str, value: str) -> str:
        """The URL with a facet value added, or removed when it is chosen already."""
        if name == "year":
            chosen = self.given.get("year_from") == [value] and self.given.get("year_to") == [value]
            return self.url(year_from=None if chosen else value, year_to=None if chosen else value)
        current = self.given.get(name, [])
        return self.url(**{name: [v for v in current if v != value] if value in current else [*current, value]})

    def chosen(self, name: str, value: str) -> bool:
        if name == "year":
            return self.given.get("year_from") == [value] and self.given.get("year_to") == [value]
        return value in self.given.get(name, [])


def case_values(case: dict[str, Any]) -> dict[str, set[str]]:
    """The facet values of a case, as its filters match them: any of its items' countries, languages, years and
    theme keys (what the enrichers found, and the curated values of imported records)."""
    out: dict[str, set[str]] = {name: set() for name in FACETS}
    for item in case["items"]:
        curated = item.get("curated") or {}
        out["country"].update(item.get("countries") or [])
        if curated.get("country"):
            out["country"].add(curated["country"])
        if item.get("language"):
            out["language"].add(item["language"])
        out["year"].update(str(y) for y in item.get("years") or [])
        for facet, vocab in VOCABULARY.items():
            out[facet].update(t["key"] for t in (item.get("themes") or {}).get(vocab, []))
            out[facet].update(curated.get(vocab) or [])
    return out


def hit_facets(cases: Iterable[dict[str, Any]], limit: int) -> dict[str, list[tuple[str, int]]]:
    """Cases per facet value among a query's hits (the store counts by filters, which a query is not)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for case in cases:
        for name, values in case_values(case).items():
            counts[name].update(values)
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:limit] for name, c in counts.items()}


def facets(request: Request, atlas: Any, state: State, hits: list[dict[str, Any]] | None, limit: int
           ) -> dict[str, list[tuple[str, int]]]:
    """(value, cases) per facet, most cases first: the store counts the filtered cases; a query's hits are
    counted here."""
    if hits is not None:
        return hit_facets(hits, limit)
    counted = facet_counts(request, atlas, state.filters(), FACETS, limit=limit)
    return {name: [(str(v["value"]), v["count"]) for v in values] for name, values in counted.items()}


def hits(atlas: Any, state: State) -> list[dict[str, Any]]:
    """The cases a query finds among the filtered ones, best first, each with its search hit under "hit"."""
    try:
        found = atlas.search(state.q, limit=SEARCH_LIMIT, by=state.by)
    except ConfigError as e:
        state.error = str(e)
        return []
    kept = atlas.store.matching(state.filters(), [h["id"] for h in found])
    cases = []
    for h in found:
        if h["id"] in kept and (case := atlas.store.get_case(h["id"])) is not None:
            cases.append({**case, "hit": h})
    return cases
