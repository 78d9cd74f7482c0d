"""Where tables built from installed packages are kept between runs (the gazetteer, wordfreq's word lists):
platformdirs' user cache directory for civicatlas, or $CIVICATLAS_CACHE. Each file's name carries what it was
built from, so an upgrade builds a new one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def cache_dir() -> Path:
    env = os.environ.get("CIVICATLAS_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("civicatlas"))


def write_whole(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a cache file through `write`, then rename it into place: a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o644)  # a shared cache: readable by every user of the machine
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
