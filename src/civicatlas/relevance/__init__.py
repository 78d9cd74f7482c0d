"""Is an item an initiative at all? A score and the evidence for "describes a democratic innovation or a
civic initiative (a participatory process, a programme, a project, a grant, an award, a policy of
participation)", so that recipes, car reviews and football tables found on real web pages are stored but
do not become cases.

The head (head.py) reads the item's e5 vector, which the embed enricher computed already, and a few cue
features (cues.py); fit.py trains it (`civicatlas train relevance`), data.py assembles what it learns from.
Items too short to judge have a defined outcome (see `judge`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civicatlas.encode.passage import passage_text
from civicatlas.model import CueWord, Evidence, Item, Relevance
from civicatlas.relevance import cues as cue_words
from civicatlas.relevance.head import Head

MIN_WORDS = 4  # fewer words than this: a vector says little, so the decision also needs a cue word
STRONG_CUES = ("participation", "funding", "award")  # the kinds that can vouch for a short item


def words_of(item: Item) -> int:
    return len(passage_text(item).split())


def cue_matrix(items: Sequence[Item]) -> tuple[np.ndarray, list[list[cue_words.Cue]]]:
    found = [cue_words.find(it) for it in items]
    rows = [cue_words.features(f, words_of(it)) for it, f in zip(items, found, strict=True)]
    return np.array(rows, dtype=np.float32).reshape(len(items), -1), found


def judge(items: Sequence[Item], head: Head, extractor: str, version: str) -> list[Relevance]:
    """One Relevance per item (items must have vectors of the head's model, except empty ones).

    - no words at all: score 0, not an initiative (reason "empty");
    - fewer than MIN_WORDS words (a bare heading, a caption): the head's score, but an initiative only with
      a participation, funding or award cue (reason "short");
    - otherwise: an initiative when the head's score reaches its threshold (reason "model").
    """
    out: list[Relevance | None] = [None] * len(items)
    words = [words_of(it) for it in items]
    todo = [n for n, w in enumerate(words) if w]
    for n, w in enumerate(words):
        if not w:
            out[n] = Relevance(0.0, False, "empty", extractor, version)
    if todo:
        subset = [items[n] for n in todo]
        features, found = cue_matrix(subset)
        vectors = np.vstack([np.asarray(it.vector, dtype=np.float32) for it in subset])
        v_part, c_part = head.parts(vectors, features)
        scores = 1.0 / (1.0 + np.exp(-(v_part + c_part)))
        for k, n in enumerate(todo):
            item, score = items[n], float(scores[k])
            short = words[n] < MIN_WORDS
            initiative = score >= head.threshold and (not short or any(c.kind in STRONG_CUES for c in found[k]))
            cues = [CueWord(c.text, Evidence(item.id, c.start, c.end, extractor, version, field=c.field), c.kind)
                    for c in found[k]]
            out[n] = Relevance(score, initiative, "short" if short else "model", extractor, version, cues,
                               {"vector": float(v_part[k]), "cues": float(c_part[k])})
    return [r for r in out if r is not None]
