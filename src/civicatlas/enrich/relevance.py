"""The "relevance" enricher: is the item an initiative at all? Sets `item.relevance` (score, decision, the
cue words and the parts of the head's log-odds), so non-initiatives are stored but do not become cases.

Runs after "embed" and reuses its vectors (items without one are embedded here). The head only reads vectors
of the model it was trained on: with another encoder the items are left unjudged (relevance None), which
the store treats as before relevance existed: every item is an initiative.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civicatlas.encode import Encoder, get_encoder
from civicatlas.encode.cache import embed_texts
from civicatlas.encode.passage import model_id, passage_text
from civicatlas.enrich import register
from civicatlas.model import Item
from civicatlas.relevance import head as heads
from civicatlas.relevance import judge


class RelevanceEnricher:
    name = "relevance"
    base_version = "1"
    requires = ("title", "text", "caption", "vector", "curated")
    assigns = ("relevance", "vector")

    def __init__(self, encoder: Encoder | str | None = None, head: heads.Head | None | bool = True):
        self.encoder = encoder if encoder is not None and not isinstance(encoder, str) else get_encoder(encoder)
        loaded = heads.load() if head is True else (head or None)
        self.head = loaded if loaded is not None and loaded.model == model_id(self.encoder) else None

    @property
    def version(self) -> str:
        return f"{self.base_version}+{model_id(self.encoder)}{'' if self.head else '+unjudged'}"

    def __call__(self, items: Sequence[Item]) -> None:
        if self.head is None or not items:
            return
        dim = self.encoder.dim
        missing = [it for it in items if it.fields() and (it.vector is None or np.shape(it.vector)[-1] != dim)]
        if missing:
            for it, vec in zip(missing, embed_texts([passage_text(it) for it in missing], self.encoder), strict=True):
                it.vector = vec
        for item, relevance in zip(items, judge(items, self.head, self.name, self.version), strict=True):
            if item.curated:  # a case people entered (an imported Participedia case) is an initiative by definition
                relevance.initiative, relevance.reason = True, "curated"
            item.relevance = relevance


@register("relevance")
def _factory(encoder: Encoder | str | None = None) -> RelevanceEnricher:
    return RelevanceEnricher(encoder)
