"""Stores: where documents, items, mentions, cases and vectors live. SQLite is the default."""

from civicatlas.store.sqlite import Assignment, SaveResult, SQLiteStore, content_key

__all__ = ["Assignment", "SaveResult", "SQLiteStore", "content_key"]
