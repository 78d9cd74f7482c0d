"""What every benchmark does with its result: print it as JSON and, with --out, keep it in a file; latencies as
percentiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np


def emit(result: dict[str, Any], out: Path | None) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    print(text)


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50, p95 and p99 of timings in seconds, as milliseconds."""
    ms = np.array(seconds) * 1000
    return {f"p{q}_ms": round(float(np.percentile(ms, q)), 2) for q in (50, 95, 99)}
