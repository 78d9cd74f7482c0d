"""The "themes" enricher: Participedia labels with a score and, where there is one, the evidence phrase.

Per vocabulary:
- method_types, approaches: trained heads on the item vector when they match the encoder (else
  zero-shot); labels over their trained thresholds, at least the most probable one.
- general_issues: zero-shot similarity to multilingual descriptions, nudged by cue words; the top
  three are kept (an item is about a few issues, and ranks are what users browse).
- targeted_participants, recruitment_method: cue phrases decide (vectors do not say who took part);
  the zero-shot score orders them.
- scope_of_influence: places, actors and scale words (themes/scope.py).
Runs after "embed"; embeds items itself when they have no vector (a pipeline without embed).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from civicatlas.encode import Encoder, get_encoder
from civicatlas.encode.cache import embed_texts
from civicatlas.encode.passage import model_id, passage_text
from civicatlas.enrich import register
from civicatlas.model import Evidence, Item, ItemField, Theme
from civicatlas.themes import SUPERVISED, cues, heads, scope
from civicatlas.themes.zeroshot import ZeroShot

GENERAL_TOP = 3
ZERO_SHOT_MIN = 0.3  # fixed, not tuned: a second zero-shot label needs a clear share of the softmax mass
CUE_WEIGHT = 0.25  # a cue word is strong but not decisive evidence of an issue next to the vector's view
Span = tuple[ItemField, int, int]
# Cue phrases that may add a supervised label on their own: those whose cue is right ≥ 75% of the time on
# Participedia's dev cases (deliberative 0.94, public 0.88, planning 0.77, participatory 0.75). The others
# (research 0.21, protest 0.44, direct 0.57) only point at evidence.
LABELLING_CUES = {"method_types": ("deliberative", "public", "planning", "participatory")}


class ThemesEnricher:
    name = "themes"
    # 2: organisations' names are no cues of general issues; watching public money is governance.
    # 3: "ausgeloste", "slumpvis utvalda" are random selection
    base_version = "3"
    requires = ("title", "text", "caption", "vector", "places", "countries", "actors")
    assigns = ("themes", "vector")

    def __init__(
        self, encoder: Encoder | str | None = None, trained: heads.Heads | None | bool = True, cue_labels: bool = True
    ):
        self.cue_labels = cue_labels
        self.encoder = encoder if encoder is not None and not isinstance(encoder, str) else get_encoder(encoder)
        self.zeroshot = ZeroShot(self.encoder)
        loaded = heads.load() if trained is True else (trained or None)
        # Heads only fit vectors of the model they were trained on.
        self.heads = loaded if loaded is not None and loaded.model == model_id(self.encoder) else None

    @property
    def version(self) -> str:
        # Labels depend on the model (and on the heads shipped for it): another model re-tags.
        return f"{self.base_version}+{model_id(self.encoder)}{'' if self.heads else '+zeroshot'}"

    def _evidence(self, item: Item, span: Span | None, score: float) -> Evidence | None:
        if span is None:
            return None
        field, start, end = span
        return Evidence(item.id, start, end, self.name, self.version, confidence=score, field=field)

    def _theme(self, item: Item, vocab: str, key: str, score: float, span: Span | None) -> Theme:
        return Theme(vocab, key, float(score), self.name, self.version, self._evidence(item, span, score))

    def __call__(self, items: Sequence[Item]) -> None:
        todo = [it for it in items if it.fields()]
        if not todo:
            return
        # Items without a vector, or with one from a model of another size, are embedded here.
        missing = [it for it in todo if it.vector is None or np.shape(it.vector)[-1] != self.encoder.dim]
        if missing:
            for it, vec in zip(missing, embed_texts([passage_text(it) for it in missing], self.encoder), strict=True):
                it.vector = vec
        vectors = np.vstack([np.asarray(it.vector, dtype=np.float32) for it in todo])
        spans = {v: [cues.find(it, v) for it in todo] for v in cues.CUES}

        for vocab in SUPERVISED:
            head = self.heads.heads.get(vocab) if self.heads else None
            if head is not None:
                keys, probs = head.keys, head.proba(vectors)
                chosen = head.predict(vectors)
                floor = dict(zip(keys, head.thresholds.tolist(), strict=True))
            else:
                keys, probs = self.zeroshot.scores(vectors, vocab)
                chosen = [
                    [k for k, p in zip(keys, row, strict=True) if p >= ZERO_SHOT_MIN] or [keys[int(np.argmax(row))]]
                    for row in probs
                ]
                floor = dict.fromkeys(keys, ZERO_SHOT_MIN)
            for i, it in enumerate(todo):
                found = spans.get(vocab, [{}] * len(todo))[i]
                score = {k: float(probs[i, keys.index(k)]) for k in chosen[i]}
                if self.cue_labels:
                    # A named method ("Bürgerhaushalt", "référendum") is the label, whatever the vector says.
                    adding = {k for k in found if k in LABELLING_CUES.get(vocab, ())}
                    score.update({k: max(float(probs[i, keys.index(k)]), floor[k]) for k in adding})
                labels = sorted(score, key=lambda k: -score[k])
                it.themes[vocab] = [self._theme(it, vocab, k, score[k], found.get(k)) for k in labels]

        scopes = [scope.scope(it) for it in todo]
        for it, found_scope in zip(todo, scopes, strict=True):
            it.themes["scope_of_influence"] = [
                self._theme(it, "scope_of_influence", k, s, sp) for k, s, sp in found_scope
            ]

        keys, zs = self.zeroshot.scores(vectors, "general_issues")
        for i, it in enumerate(todo):
            found = spans["general_issues"][i]
            # Work across countries is international affairs, whatever words the text uses for it.
            multinational = [sp for k, _, sp in scopes[i] if k == "multinational"]
            if multinational and "international" not in found:
                found["international"] = multinational[0]
            cue = np.array([1.0 if k in found else 0.0 for k in keys])
            score = (1 - CUE_WEIGHT) * zs[i] + CUE_WEIGHT * cue / max(cue.sum(), 1.0)
            top = np.argsort(-score)[:GENERAL_TOP]
            it.themes["general_issues"] = [
                self._theme(it, "general_issues", keys[j], score[j], found.get(keys[j])) for j in top
            ]

        for vocab in ("targeted_participants", "recruitment_method"):
            keys, zs = self.zeroshot.scores(vectors, vocab)
            for i, it in enumerate(todo):
                found = spans[vocab][i]
                # Random selection stratified by demographics is both labels in Participedia's scheme.
                if vocab == "recruitment_method" and "stratified" in found and "random" not in found:
                    found["random"] = found["stratified"]
                scored = [(k, 0.5 + 0.5 * zs[i, keys.index(k)], span) for k, span in found.items()]
                it.themes[vocab] = [
                    self._theme(it, vocab, k, s, sp) for k, s, sp in sorted(scored, key=lambda t: -t[1])
                ]


@register("themes")
def _factory(encoder: Encoder | str | None = None) -> ThemesEnricher:
    return ThemesEnricher(encoder)
