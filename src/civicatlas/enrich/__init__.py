"""Enrichment: an ordered list of named, versioned enrichers over Items.

An enricher is any object with `name`, `version` and `__call__(items) -> None` that annotates the
items it is given (in batches, so encoders can batch). It reads only the items — never the source —
and records itself in `item.enriched_by`. New enrichers register a factory under their name; the
default pipeline is the list in DEFAULT_PIPELINE, in data-flow order (later ones may read what earlier
ones wrote, e.g. themes read places).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, runtime_checkable

from civicatlas.model import Item


@runtime_checkable
class Enricher(Protocol):
    name: str
    version: str

    def __call__(self, items: Sequence[Item]) -> None: ...


_REGISTRY: dict[str, Callable[[], Enricher]] = {}

# Data-flow order. Names not registered (an enricher whose issue has not landed) are left out.
DEFAULT_PIPELINE: list[str] = [
    "language", "places", "money", "counts", "dates", "actors", "embed", "themes", "relevance"]


def register(name: str) -> Callable[[Callable[[], Enricher]], Callable[[], Enricher]]:
    """Register a zero-argument factory for the enricher called `name`."""

    def deco(factory: Callable[[], Enricher]) -> Callable[[], Enricher]:
        _REGISTRY[name] = factory
        return factory

    return deco


def available() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def create(name: str) -> Enricher:
    _load_builtins()
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise ValueError(f"unknown enricher {name!r}; available: {', '.join(available())}") from None


def _load_builtins() -> None:
    # Importing the modules runs their @register decorators. Modules must keep heavy work (gazetteer,
    # models) out of import time and inside the factory or first call.
    import importlib
    import pkgutil

    for mod in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{mod.name}")


class Pipeline:
    """Runs enrichers in order over batches of items."""

    def __init__(self, enrichers: Iterable[Enricher | str] | None = None):
        names = [n for n in DEFAULT_PIPELINE if n in available()] if enrichers is None else enrichers
        self.enrichers: list[Enricher] = [create(e) if isinstance(e, str) else e for e in names]

    @property
    def signature(self) -> str:
        """Names and versions of the enrichers: stored with documents so a new pipeline re-enriches."""
        return ",".join(f"{e.name}/{e.version}" for e in self.enrichers)

    def __call__(self, items: Sequence[Item]) -> Sequence[Item]:
        for enricher in self.enrichers:
            enricher(items)
            for item in items:
                item.enriched_by[enricher.name] = enricher.version
        return items
