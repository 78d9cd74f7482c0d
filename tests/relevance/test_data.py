from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from civicatlas.model import Item
from civicatlas.relevance import data


def test_training_examples_come_from_every_source_and_never_from_test(tiny_shared: tuple[Path, Path]) -> None:
    shared, examples = tiny_shared
    rows = data.examples(shared, examples)
    by_source = Counter((e.source, e.label) for e in rows if e.kind == "full")
    assert by_source[("participedia", True)] == 6 and by_source[("seeds", True)] == 3
    assert by_source[("examples", True)] == 1 and by_source[("webpages", False)] == 3
    assert by_source[("written", True)] > 40 and by_source[("written", False)] > 60
    assert not [e for e in rows if "MARKER" in e.item.text]
    assert [e.group for e in rows] == [e.group for e in data.examples(shared, examples)]  # reproducible


def test_passages_are_leads_and_for_negatives_an_inside_window() -> None:
    text = " ".join(f"Sentence number {n} is here." for n in range(8))
    item = Item(id="i", document_id="d", position=0, title="Title", text=text)
    pos = list(data.passages(item, True, "g", "s", random.Random(0)))
    neg = list(data.passages(item, False, "g", "s", random.Random(0)))
    assert [p.kind for p in pos] == ["full", "lead1", "lead3"] and [p.kind for p in neg][-1] == "window"
    assert pos[1].item.text == "Sentence number 0 is here." and pos[1].item.title == "Title"
    window = neg[-1].item
    assert window.title is None and window.text in text and not window.text.startswith("Sentence number 0 ")
    assert {p.group for p in pos + neg} == {"g"}
    assert [p.kind for p in data.passages(Item(id="s", document_id="d", position=0, text="Short. Two."), True, "g",
                                          "s", random.Random(0))] == ["full"]
