"""The store contract: the types the stages exchange with a store, and what each stage needs of one.

Stages never see SQL or a connection: the resolver, search, export, watch and the Atlas facade call these
methods, and any store that has them (SQLite, PostgreSQL) serves them all. Each Protocol names what one
stage reads and writes, so a new store knows what it must offer and a stage declares what it depends on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import numpy as np

from civicatlas.encode.cache import VectorCache
from civicatlas.errors import ConfigError
from civicatlas.filters import CaseFilter
from civicatlas.ids import make_id, normalise
from civicatlas.model import Document, Item


def content_key(title: str | None, text: str) -> str:
    """Exact duplicates share it: the hash of the normalised title and text."""
    return make_id("k", normalise(title or ""), normalise(text))


@dataclass(frozen=True)
class Prior:
    """A caller's own score of stored vectors x for a query q (ReadStore.nearest), higher is nearer:
    weight · (q·x) + of(x), where weight > 0 and `of` depends on the vector alone (search's CSLS: 2 · cosine − the
    vector's hubness). `name` says what `of` is made from, for a store that keeps of(x) with each vector (the SQLite
    store's graph, store/ann.py) to know when to make it again."""

    name: str
    weight: float
    of: Callable[[np.ndarray], np.ndarray]  # (n, dim) -> (n,)

    def score(self, vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
        return self.weight * (vectors @ query) + self.of(vectors)

    def lift(self, vectors: np.ndarray) -> np.ndarray:
        """of(x) / weight: the coordinate after x that makes x's inner product with (q, 1) its score / weight."""
        return self.of(vectors) / self.weight


def nearest_counts(limit: int, widen: int) -> tuple[int, int]:
    """(rows to read back, vectors to propose) for ReadStore.nearest: some vectors have no item (any more), some
    have several, so a quarter and ten more rows than items asked for; `widen` × as many vectors to rank."""
    take = limit + limit // 4 + 10
    return take, take + limit * (widen - 1)

# What cases can be counted by (ReadStore.facets): filters' names, and the places, themes and actors mentioned
FACETS = ("country", "language", "year", "general_issue", "method_type", "approach", "targeted_participant", "source",
          "place", "theme", "actor")


def check_facets(fields: Sequence[str]) -> None:
    """ConfigError unless every field is one facets can count by."""
    if bad := [name for name in fields if name not in FACETS]:
        raise ConfigError(f"cannot count by {bad[0]!r}; fields: {', '.join(FACETS)}")


def facet_value(field: str, value: Any, count: int, label: str | None = None) -> dict[str, Any]:
    """One facet value as both stores give it: years as numbers, other values as text; places with a name."""
    out: dict[str, Any] = {"value": int(value) if field == "year" else str(value), "count": int(count)}
    if field == "place":
        out["label"] = label
    return out


def top_facets(fields: Sequence[str], rows: Sequence[Mapping[str, Any]], limit: int) -> dict[str, list[dict[str, Any]]]:
    """Each field's `limit` values with the most cases (ties by value: years as numbers, else code point order, as
    both stores sort text) from rows of field, value, label and n, the number of cases."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in fields}
    for r in rows:
        out[r["field"]].append(facet_value(r["field"], r["value"], r["n"], r["label"]))
    for values in out.values():
        values.sort(key=lambda v: (-v["count"], v["value"]))
        del values[limit:]
    return out


KM_PER_DEGREE = 111.19  # of latitude (and of longitude at the equator): the great circle's length / 360
# Great-circle distance in km between two points in degrees (haversine), in the SQL both stores speak
HAVERSINE = ("(12742.0 * asin(sqrt(power(sin(radians({lat2} - {lat1}) / 2), 2) + cos(radians({lat1})) * "
             "cos(radians({lat2})) * power(sin(radians({lon2} - {lon1}) / 2), 2))))")


# page_cases sorts: name -> (cases column, newest first); ties are broken by case id, so pages never overlap
SORTS = {"created": ("created_at", False), "-created": ("created_at", True),
         "updated": ("updated_at", False), "-updated": ("updated_at", True)}


def cursor_of(sort: str, value: str, case_id: str) -> str:
    """An opaque cursor: where the page after the case (`value` of its sort column, its id) starts."""
    return base64.urlsafe_b64encode(json.dumps([sort, value, case_id]).encode()).decode().rstrip("=")


def read_cursor(cursor: str, sort: str) -> tuple[str, str]:
    """(value, case id) of a cursor that cursor_of gave for this sort; anything else is a clear error."""
    try:
        given, value, case_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if given == sort and isinstance(value, str) and isinstance(case_id, str):
            return value, case_id
    except (ValueError, TypeError):
        pass
    raise ConfigError(f"cursor: {cursor[:40]!r} is not a cursor of this listing (sort {sort!r}); "
                      "start again without one")


def keyset(sort: str, after: str | None, mark: str) -> tuple[str, str, list[str]]:
    """(condition, ORDER BY, arguments) for the page of cases `c` after a cursor, in a store's placeholder."""
    if sort not in SORTS:
        raise ConfigError(f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    column, newest = SORTS[sort]
    order = f"c.{column} {'DESC' if newest else 'ASC'}, c.id {'DESC' if newest else 'ASC'}"
    if after is None:
        return "TRUE", order, []
    value, case_id = read_cursor(after, sort)
    op = "<" if newest else ">"
    return f"(c.{column} {op} {mark} OR (c.{column} = {mark} AND c.id {op} {mark}))", order, [value, value, case_id]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")  # orders the changes of one second (watch digests)


@dataclass
class SaveResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class Assignment:
    """Which case an item belongs to, and why (the resolver decides; the store records)."""

    case_id: str
    reason: str  # new, exact, near, semantic, crosslingual, human
    score: float = 1.0
    matched: str | None = None  # the item this one duplicates
    evidence: dict[str, Any] | None = None  # what the resolver saw: containment, cosine, shared anchors


class ResolverStore(VectorCache, Protocol):
    """What resolution reads (candidates, their records and cases, human decisions) and writes."""

    def transaction(self) -> AbstractContextManager[Any]: ...
    # a long write (an ingest) inside: the store's memory stays flat however large the database grows
    def ingesting(self) -> AbstractContextManager[None]: ...
    # searches will rank the model's vectors by the prior `prior()` makes: a store whose index keeps each vector's
    # lift under it (PostgreSQL's) makes it, to lift vectors as they are stored; another need not call it
    def rank_vectors_by(self, model: str, prior: Callable[[], Prior]) -> None: ...
    def document_state(self, doc_id: str) -> tuple[str, str] | None: ...
    def case_of_items(self, item_ids: Sequence[str]) -> dict[str, str]: ...
    def cases_by_content_key(self, keys: Sequence[str], exclude_document: str) -> dict[str, str]: ...
    def items_sharing_keys(self, keys: Sequence[str], exclude_document: str, limit: int = 100) -> list[str]: ...
    def records(self, item_ids: Sequence[str], known: Mapping[str, str] | None = None
                ) -> dict[str, dict[str, Any]]: ...
    def iter_records(self, batch: int = 2000) -> Iterator[dict[str, Any]]: ...
    def records_without_keys(self, after: int = 0, limit: int = 2000) -> list[dict[str, Any]]: ...
    def case_members(self, case_ids: Sequence[str]) -> dict[str, list[str]]: ...
    def case_order(self) -> dict[str, int]: ...
    def memberships(self, item_ids: Sequence[str]) -> dict[str, tuple[str, float | None]]: ...
    def decisions(self, item_ids: Sequence[str] | None = None) -> list[tuple[str, str, str]]: ...
    def vector_model(self) -> str | None: ...
    def put_keys(self, keys: Mapping[str, Sequence[str]]) -> None: ...
    def save(self, doc: Document, pipeline: str, items: Sequence[Item], cases: Mapping[str, Assignment],
             keys: Mapping[str, Sequence[str]] | None = None) -> SaveResult: ...
    def reserve_cases(self, created: Mapping[str, str]) -> None: ...
    def decide(self, kind: str, pairs: Sequence[tuple[str, str]], moves: Mapping[str, Assignment]) -> None: ...
    def reassign(self, moves: Mapping[str, Assignment], keys: Mapping[str, Sequence[str]] | None = None) -> None: ...
    def promote(self, item_id: str) -> str | None: ...


class ReadStore(Protocol):
    """What search, export, the API and the explorer read."""

    def reading(self) -> AbstractContextManager[Any]: ...
    def get_case(self, case_id: str) -> dict[str, Any] | None: ...
    def get_item(self, item_id: str) -> dict[str, Any] | None: ...
    def get_document(self, doc_id: str) -> dict[str, Any] | None: ...
    def find_id(self, any_id: str) -> tuple[str, dict[str, Any]] | None: ...
    def iter_cases(self, filters: CaseFilter | None = None, batch: int = 256, all: bool = False
                   ) -> Iterator[dict[str, Any]]: ...
    def count_cases(self, filters: CaseFilter | None = None, all: bool = False) -> int: ...
    def facets(self, filters: CaseFilter | None, fields: Sequence[str], all: bool = False, limit: int = 50
               ) -> dict[str, list[dict[str, Any]]]: ...
    def page_cases(self, filters: CaseFilter | None = None, after: str | None = None, limit: int = 20,
                   sort: str = "created", all: bool = False) -> tuple[list[dict[str, Any]], str | None]: ...
    def successor(self, case_id: str) -> str | None: ...
    def matching(self, filters: CaseFilter | None, case_ids: Sequence[str], all: bool = False) -> set[str]: ...
    def deadline(self, seconds: float | None) -> AbstractContextManager[None]: ...
    def item_cases(self, item_ids: Sequence[str]) -> dict[str, dict[str, Any]]: ...
    def records(self, item_ids: Sequence[str], known: Mapping[str, str] | None = None
                ) -> dict[str, dict[str, Any]]: ...
    # {item, snippet} best first; without the snippets when not `snippets` (snippets() makes those a caller keeps)
    def search_items(self, query: str, limit: int, snippets: bool = True) -> list[dict[str, Any]]: ...
    def snippets(self, query: str, item_ids: Sequence[str]) -> dict[str, str]: ...
    # the first `chars` characters of each item's text (a search hit's snippet, without reading its whole record)
    def text_starts(self, item_ids: Sequence[str], chars: int) -> dict[str, str]: ...
    def vector_model(self) -> str | None: ...
    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...
    def nearest(self, model: str, vector: np.ndarray, limit: int, prior: Prior | None = None, widen: int = 1
                ) -> list[tuple[str, np.ndarray]]: ...
    # the indexes search_items and nearest (by this model and prior) use brought up to date now, not by a search
    def prepare_search(self, model: str | None, prior: Prior | None) -> None: ...
    def history(self, any_id: str) -> list[dict[str, Any]]: ...
    def pipelines(self) -> list[str]: ...
    def stats(self, all: bool = False) -> dict[str, Any]: ...
    # changes with every committed change of any case (its items, facets, initiative flag): what was read
    # (counts, facets) while it stood is still true; a cache key across connections and processes
    def data_version(self) -> int: ...
    def facet_rows(self) -> Iterator[tuple[str, int, str | None, str | None, str | None]]: ...  # store.facet_index


class WatchStore(Protocol):
    """What `watch` keeps of web sources and its runs."""

    def validators(self, url: str, pipeline: str) -> tuple[str | None, str | None] | None: ...
    def checked_source(self, url: str, name: str | None, errors: Sequence[str], done: Any = None) -> None: ...
    def sources(self) -> list[dict[str, Any]]: ...
    def start_run(self) -> tuple[int, str | None]: ...
    def finish_run(self, run: int) -> None: ...
    def cases_changed_since(self, since: str | None) -> Iterator[dict[str, Any]]: ...


# --- curation over the web: tokens, audit, corrections, the review queue -------------------------
ROLES = ("curator", "admin")
REVIEW_KINDS = ("merge", "place", "amount", "country")


def new_secret() -> str:
    """A token's secret: 256 random bits, shown to the operator once."""
    return "ca_" + secrets.token_urlsafe(32)


def token_hash(secret: str) -> str:
    """What a store keeps of a secret: its sha256 (the secret is random, so no salt or slow hash is needed)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()  # any string a client sends


def check_token_args(name: str, role: str) -> None:
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r}; use {' or '.join(ROLES)}")
    if not name.strip() or len(name) > 100 or any(ord(c) < 32 for c in name):
        raise ConfigError("a token needs a name of 1 to 100 characters, none of them control characters")


def minute_before(stamp: str) -> str:
    return (datetime.fromisoformat(stamp) - timedelta(minutes=1)).isoformat(timespec="microseconds")


def same_hash(stored: str, given: str) -> bool:
    """Compare two hashes in constant time."""
    return hmac.compare_digest(stored.encode(), given.encode())


class CurationStore(Protocol):
    """What the write API and the review queue keep: tokens, who did what, corrections, review verdicts.
    Every write method takes part in an enclosing transaction (the action and its audit row are one)."""

    def create_token(self, name: str, role: str) -> str: ...
    def check_token(self, secret: str) -> dict[str, Any] | None: ...
    def check_token_hash(self, digest: str) -> dict[str, Any] | None: ...
    def revoke_token(self, name: str) -> None: ...
    def list_tokens(self) -> list[dict[str, Any]]: ...
    def log(self, actor: str, action: str, target: str, payload: Mapping[str, Any] | None = None) -> None: ...
    def audit(self, target: str | None = None, limit: int = 100) -> list[dict[str, Any]]: ...
    def correct(self, item_id: str, field: str, value: Any, actor: str) -> None: ...
    def corrections(self, item_ids: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]: ...
    def review_queue(self, low_confidence: float, limit: int) -> list[dict[str, Any]]: ...
    def review_verdict(self, kind: str, target: str, verdict: str, actor: str) -> None: ...


class Store(ResolverStore, ReadStore, WatchStore, CurationStore, Protocol):
    """A whole store: every stage's needs, and its lifetime."""

    url: str

    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...
