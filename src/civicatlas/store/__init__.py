"""Stores: where documents, items, mentions, cases and vectors live, behind one contract (store/base.py).

`open_store(url)` picks the store from the URL: a path or sqlite:///path is one SQLite file (the default),
postgresql://… a PostgreSQL server with pgvector.
"""

from __future__ import annotations

from pathlib import Path

from civicatlas.errors import StoreError
from civicatlas.store.base import Assignment, ReadStore, ResolverStore, SaveResult, Store, VectorCache, content_key

POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def open_store(url: str | Path) -> Store:
    """The store a --db value names: a file path, sqlite:///path, or postgresql://user@host/dbname."""
    text = str(url)
    if text.startswith(POSTGRES_SCHEMES):
        from civicatlas.store.postgres import PostgresStore

        return PostgresStore(text)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise StoreError(f"{text}: unknown database URL; use a file path, sqlite:///PATH or postgresql://…")
    from civicatlas.store.sqlite import SQLiteStore

    return SQLiteStore(text)


def is_url(url: str | Path) -> bool:
    """Whether a --db value names a server rather than a file."""
    return str(url).startswith(POSTGRES_SCHEMES)


__all__ = ["Assignment", "ReadStore", "ResolverStore", "SaveResult", "Store", "VectorCache", "content_key",
           "open_store", "is_url"]
