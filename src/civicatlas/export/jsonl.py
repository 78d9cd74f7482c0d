"""JSONL: a first line `{"metadata": {...}}`, then each case whole (items, mentions with evidence, sources)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def write(cases: Iterable[dict[str, Any]], out: TextIO, meta: dict[str, Any]) -> int:
    out.write(json.dumps({"metadata": meta}, ensure_ascii=False) + "\n")
    n = 0
    for case in cases:
        out.write(json.dumps(case, ensure_ascii=False) + "\n")
        n += 1
    return n
