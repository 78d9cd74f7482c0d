"""Stores: where documents, items, mentions, cases and vectors live, behind one contract (store/base.py).

`open_store(url)` picks the store from the URL: a path or sqlite:///path is one SQLite file (the default),
postgresql://… a PostgreSQL server with pgvector.
"""

from __future__ import annotations

from pathlib import Path

from civicatlas.errors import StoreError
from civicatlas.store.base import Assignment, ReadStore, ResolverStore, SaveResult, Store, VectorCache, content_key

POSTGRES_SCHEMES = ("postgresql://", "postgres://")  # what libpq (psycopg) connects to


def sqlite_path(url: str | Path) -> str | None:
    """The SQLite file a --db value names (a path or sqlite:///path), or None when it names a PostgreSQL server."""
    text = str(url)
    if text.startswith(POSTGRES_SCHEMES):
        return None
    if text.startswith("sqlite:///"):
        return text.removeprefix("sqlite:///")
    if "://" in text:
        raise StoreError(f"{text}: unknown database URL; use a file path, sqlite:///PATH or postgresql://…")
    return text


def open_store(url: str | Path) -> Store:
    """The store a --db value names: a file path, sqlite:///path, or postgresql://user@host/dbname."""
    path = sqlite_path(url)
    if path is None:
        from civicatlas.store.postgres import PostgresStore

        return PostgresStore(str(url))
    from civicatlas.store.sqlite import SQLiteStore

    return SQLiteStore(path)


__all__ = ["Assignment", "ReadStore", "ResolverStore", "SaveResult", "Store", "VectorCache", "content_key",
           "open_store", "sqlite_path"]
