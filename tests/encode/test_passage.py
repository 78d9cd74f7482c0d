from __future__ import annotations

from civicatlas.encode.passage import passage_text
from civicatlas.model import Item


def test_passage_text_joins_title_and_text_and_uses_caption_only_when_short() -> None:
    item = Item(
        id="x",
        document_id="d",
        position=0,
        title="Title",
        text="Body of the teaser: a municipality lets residents decide on part of its budget.",
        caption="A photo of people on a square. Photo: X",
    )
    assert (
        passage_text(item) == "Title. Body of the teaser: a municipality lets residents decide on part of its budget."
    )
    bare = Item(id="y", document_id="d", position=0, text="Short.", caption="Youth council meeting in Falun")
    assert passage_text(bare) == "Short. Youth council meeting in Falun"
    repeated = Item(id="z", document_id="d", position=0, title="Same start", text="Same start and more words.")
    assert passage_text(repeated) == "Same start and more words."
