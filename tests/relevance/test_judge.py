"""civicatlas.relevance.judge: the decision rules around the head (empty, short, cue words, threshold)."""

from __future__ import annotations

import numpy as np

from civicatlas.model import Item
from civicatlas.relevance import MIN_WORDS, judge
from civicatlas.relevance.cues import KINDS
from civicatlas.relevance.head import Head

DIM = 4


def head(bias: float, threshold: float = 0.5, cue_weight: float = 0.0) -> Head:
    # A real head with chosen parameters: the vector part is the bias alone, cues add `cue_weight` each.
    return Head("m@1", np.zeros(DIM, np.float32), np.full(len(KINDS), cue_weight, np.float32), bias, threshold)


def item(text: str, title: str | None = None) -> Item:
    return Item(id="i1", document_id="d", position=0, text=text, title=title, vector=np.ones(DIM, np.float32) / 2)


def test_an_empty_item_scores_zero_and_is_no_initiative() -> None:
    (r,) = judge([Item(id="e", document_id="d", position=0, text="  ")], head(bias=5.0), "relevance", "1")
    assert (r.score, r.initiative, r.reason) == (0.0, False, "empty")


def test_over_the_threshold_is_an_initiative_with_its_cue_words_as_evidence() -> None:
    text = "Residents decide in a participatory budget how the grant of 50,000 euros is spent."
    (r,) = judge([item(text)], head(bias=1.0), "relevance", "1")
    assert r.initiative and r.reason == "model" and np.isclose(r.score, 1 / (1 + np.exp(-1.0)))
    kinds = {c.kind: text[c.start : c.end] for c in r.cues}
    assert kinds["participation"] == "participatory budget" and kinds["funding"] == "grant"
    assert r.parts == {"vector": 1.0, "cues": 0.0}
    record = r.to_dict()
    assert record["initiative"] is True and record["evidence"][0]["text"] in text


def test_under_the_threshold_is_set_aside() -> None:
    (r,) = judge([item("United beat City 3-2 in a thrilling derby on Saturday.")], head(bias=-2.0), "relevance", "1")
    assert not r.initiative and r.reason == "model" and r.score < 0.5


def test_a_short_item_needs_a_participation_funding_or_award_word() -> None:
    assert MIN_WORDS > 2
    bare, vouched = judge([item("Weekly news"), item("Citizens' assembly")], head(bias=3.0), "relevance", "1")
    assert bare.reason == vouched.reason == "short"
    assert not bare.initiative and vouched.initiative
    (low,) = judge([item("Citizens' assembly")], head(bias=-3.0), "relevance", "1")
    assert not low.initiative  # a cue word vouches for a short item, it does not overrule the head


def test_cue_features_move_the_score() -> None:
    text = "The town awards grants for participation projects."
    plain, cued = (judge([item(text)], head(bias=0.0, cue_weight=w), "r", "1")[0] for w in (0.0, 1.0))
    assert cued.score > plain.score and cued.parts["cues"] > 0
