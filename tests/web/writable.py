"""For the write endpoints' tests: a copy of the examples database with tokens on it (the `writable` fixture)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from civicatlas import Atlas
from civicatlas.web.app import Settings, create_app


@dataclass
class Writable:
    db: str
    curator: str  # secrets
    admin: str
    revoked: str

    def client(self, private: bool = False, base_url: str = "http://testserver") -> TestClient:
        return TestClient(create_app(Settings(self.db, private=private)), base_url=base_url)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def writable_copy(examples_db: str, tmp_path: Path) -> Writable:
    db = str(tmp_path / "atlas.db")
    with sqlite3.connect(examples_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)  # with what other tests' open connections hold in the WAL
    with Atlas(db) as atlas:
        tokens = Writable(db, atlas.token_create("ana", "curator"), atlas.token_create("root", "admin"),
                          atlas.token_create("old", "curator"))
        atlas.token_revoke("old")
    return tokens
