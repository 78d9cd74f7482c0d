"""Participedia cases (../shared/eval/participedia/cases.jsonl) as Items, for training and evaluation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from civicatlas.model import Item
from civicatlas.themes import VOCABULARIES


@dataclass
class Case:
    id: int
    split: str
    item: Item
    labels: dict[str, list[str]]


def load(path: Path, split: str | None = None, vocabulary: str | None = None) -> list[Case]:
    """Cases of `split` (all when None); with `vocabulary`, only those that have human labels in it."""
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if split is not None and row.get("split") != split:
                continue
            labels = {v: list(row.get(v) or []) for v in VOCABULARIES if row.get(v)}
            if vocabulary is not None and not labels.get(vocabulary):
                continue
            item = Item(
                id=f"participedia:{row['id']}",
                document_id=str(row.get("url") or row["id"]),
                position=0,
                title=row.get("title_lowercased"),
                text=row.get("description") or "",
            )
            out.append(Case(int(row["id"]), str(row.get("split")), item, labels))
    return out


def label_matrix(cases: Sequence[Case], vocabulary: str, keys: Sequence[str]) -> np.ndarray:
    return np.array([[k in c.labels.get(vocabulary, []) for k in keys] for c in cases], dtype=bool)
