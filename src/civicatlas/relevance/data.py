"""What the relevance head learns from, as Items with a label and a group (the text they were cut from).

Positives: Participedia's `dev` descriptions, the items of the seeds and of the bundled examples, and the
initiatives written for this project (data/relevance/written.jsonl). Negatives: the items the current
parser makes of the real web pages of ../shared/eval/webpages (a dev set of news, blogs, shops…) and the
non-initiatives written for this project (road closures, obituaries, zoning minutes, sport, recipes…).

Pages are segmented in many ways (a whole article, a section, a teaser, one line), so every text also
gives shorter passages: its lead (title and first sentence, first three sentences) and, for negatives,
a window of a few sentences from inside. Only Participedia's `dev` split is read: `test` is for measuring.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from civicatlas.model import Item

WRITTEN = Path(__file__).resolve().parents[1] / "data" / "relevance" / "written.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
SEED = 0


@dataclass
class Example:
    item: Item
    label: bool  # an initiative
    group: str  # the text it was cut from: cross-validation keeps a group's passages together
    source: str  # participedia, seeds, examples, written, webpages
    kind: str  # full, lead1, lead3, window


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(" ".join(text.split())) if s]


def passages(item: Item, label: bool, group: str, source: str, rng: random.Random) -> Iterator[Example]:
    """The item itself, then its leads; for a negative also a window from inside (an initiative's middle
    sentences are often about something else — a town's size, a date — and would teach the wrong thing)."""
    yield Example(item, label, group, source, "full")
    body = sentences(item.text)
    if len(body) < 3:
        return
    cuts = {"lead1": (item.title, body[:1]), "lead3": (item.title, body[:3])}
    if not label and len(body) >= 6:
        start = rng.randrange(1, len(body) - 3)
        cuts["window"] = (None, body[start : start + rng.choice((2, 3, 4))])
    for kind, (title, part) in cuts.items():
        cut = Item(id=f"{item.id}#{kind}", document_id=item.document_id, position=0, title=title, text=" ".join(part))
        yield Example(cut, label, group, source, kind)


def participedia(cases_path: Path, rng: random.Random) -> Iterator[Example]:
    from civicatlas.themes import cases

    for case in cases.load(cases_path, split="dev"):  # never `test`
        if case.item.text.strip():
            yield from passages(case.item, True, f"participedia:{case.id}", "participedia", rng)


def parsed(paths: Iterable[Path], label: bool, source: str, rng: random.Random) -> Iterator[Example]:
    """The items the current parser makes of each file, with their passages."""
    from civicatlas.parse import parse_document
    from civicatlas.read import read_path

    for path in paths:
        for item in parse_document(read_path(str(path))):
            yield from passages(item, label, f"{source}:{path.name}", source, rng)


def written(rng: random.Random, path: Path = WRITTEN) -> Iterator[Example]:
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        item = Item(id=f"written:{row['id']}", document_id=row["id"], position=0, text=row["text"])
        yield from passages(item, bool(row["initiative"]), f"written:{row['id']}", "written", rng)


def webpage_files(webpages: Path) -> list[Path]:
    rows = [json.loads(line) for line in (webpages / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    return [webpages / r["file"] for r in rows]


def examples(shared: Path, bundled: Path) -> list[Example]:
    """Every training example, in a fixed order (the seed of the windows is fixed too)."""
    rng = random.Random(SEED)
    out = list(participedia(shared / "eval" / "participedia" / "cases.jsonl", rng))
    out += parsed(sorted((shared / "seeds").iterdir()), True, "seeds", rng)
    out += parsed(sorted(p for p in bundled.iterdir() if p.is_file()), True, "examples", rng)
    out += written(rng)
    out += parsed(webpage_files(shared / "eval" / "webpages"), False, "webpages", rng)
    return out
