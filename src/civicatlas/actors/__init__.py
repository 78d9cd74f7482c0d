"""Actors in text: who funds, receives, organises or partners, by rules that work alike in every language we
read. `finder` finds the names, `roles` reads what each does, `lexicon` holds the words both look for."""

from civicatlas.actors.finder import FoundActor, find_actors
from civicatlas.actors.roles import role_of

__all__ = ["FoundActor", "find_actors", "role_of"]
