from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

INITIATIVES = [
    "Residents of the district vote on how to spend 300,000 euros of the council's budget.",
    "Fifty randomly selected citizens deliberate for four weekends on the city's climate plan.",
    "A youth council gives pupils a say in decisions about parks, transport and schools.",
    "The town runs a participatory budget in which residents propose and vote on projects.",
    "A grant programme funds neighbourhood groups that involve residents in planning their streets.",
    "An online platform lets citizens petition the council and debate proposals in public.",
]
PAGES = [
    "<html><body><article><h1>Derby ends 3-2</h1><p>United came from behind to beat City 3-2 on Saturday. The winner "
    "came in stoppage time. It lifts United to fourth in the table. Fans celebrated late into the night.</p>"
    "</article></body></html>",
    "<html><body><article><h1>Banana bread</h1><p>Mash three ripe bananas. Stir in melted butter and sugar. Fold in "
    "flour and baking soda. Bake for 55 minutes. Let it cool before slicing.</p></article></body></html>",
    "<html><body><article><h1>Road closed</h1><p>Main Street is closed from Monday for resurfacing. Diversions are "
    "signposted. Buses skip the Market Square stop. Works end on Friday.</p></article></body></html>",
]


@pytest.fixture()
def tiny_shared(tmp_path: Path) -> tuple[Path, Path]:
    """A shared folder and an examples folder of the shape `civicatlas train relevance` reads, a few texts each.
    The one `test` case carries a marker that training must never see."""
    shared, examples = tmp_path / "shared", tmp_path / "examples"
    (shared / "eval" / "participedia").mkdir(parents=True)
    rows = [{"id": n, "title_lowercased": "", "description": t, "split": "dev"} for n, t in enumerate(INITIATIVES)]
    rows.append({"id": 99, "title_lowercased": "", "description": "MARKER test row, held out.", "split": "test"})
    (shared / "eval" / "participedia" / "cases.jsonl").write_text("\n".join(map(json.dumps, rows)), encoding="utf-8")
    (shared / "seeds").mkdir()
    (shared / "seeds" / "awards.txt").write_text(
        "A city lets children design their playgrounds with architects.\n"
        "A region trains volunteers to moderate village meetings with the council.\n"
        "A town hands a budget to its neighbourhood councils, which residents elect.\n", encoding="utf-8")
    pages = shared / "eval" / "webpages" / "pages"
    pages.mkdir(parents=True)
    gold = []
    for n, html in enumerate(PAGES):
        (pages / f"p{n}.html.gz").write_bytes(gzip.compress(html.encode()))
        gold.append({"url": None, "file": f"pages/p{n}.html.gz", "with": [], "without": []})
    (shared / "eval" / "webpages" / "gold.jsonl").write_text("\n".join(map(json.dumps, gold)), encoding="utf-8")
    examples.mkdir()
    (examples / "pb.md").write_text("# Participatory budget\n\nResidents decide on 200,000 euros for their parks "
                                    "and vote on the projects the council funds.\n", encoding="utf-8")
    return shared, examples
