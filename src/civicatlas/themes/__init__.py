"""Participedia's controlled vocabularies and how CivicAtlas assigns them to items.

Keys are Participedia's (participedia/api shared field options), so records interoperate with the
largest open case database. Three sources of evidence are combined by the `themes` enricher:
zero-shot similarity to multilingual label descriptions (labels.py, zeroshot.py), small supervised
heads trained on Participedia's own cases (heads.py, trained by `civicatlas train themes`), and
multilingual cue phrases that give the evidence span (cues.py); scope_of_influence also reads places.
"""

from __future__ import annotations

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "general_issues": (
        "agriculture", "arts", "business", "economics", "education", "energy", "environment", "governance",
        "health", "housing", "human", "identity", "immigration", "international", "labor", "law", "media",
        "national", "planning", "science", "social", "transportation",
    ),
    "approaches": (
        "advocacy", "citizenship", "civil", "cogovernance", "coproduction", "coproduction_form", "consultation",
        "direct", "independent", "informal", "informal_engagement", "leadership", "evaluation", "protest",
        "research", "social",
    ),
    "method_types": (
        "collaborative", "community", "deliberative", "direct", "evaluation", "experiential", "informal",
        "informal_participation", "internal", "longterm", "participantled", "participatory", "planning", "protest",
        "public", "public_meetings", "research",
    ),
    "targeted_participants": (
        "appointed", "lgbt", "elderly", "elected", "experts", "indigenous", "immigrants", "lowincome", "men",
        "people", "racialethnic", "religious", "stakeholder", "students", "women", "youth",
    ),
    "scope_of_influence": (
        "organization", "neighbourhood", "city/town", "metropolitan", "regional", "national", "multinational",
        "no_geo",
    ),
    "recruitment_method": ("captive", "random", "stratified", "appointment", "election", "not"),
}  # fmt: skip

# Vocabularies with Participedia human labels to train heads on (cases.jsonl, dev split).
SUPERVISED = ("method_types", "approaches")
