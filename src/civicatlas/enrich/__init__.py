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
        """Annotate the items. An enricher that raises is run again on each document, then on each item alone,
        so that one bad item loses only that enricher's annotation: the reason goes to `item.errors`, and every
        other item, and every other enricher of that item, goes on."""
        for enricher in self.enrichers:
            before = {id(item): _state(item) for item in items}  # cheap: a few list copies per item
            for item in _isolated(enricher, list(items), before):
                item.enriched_by[enricher.name] = enricher.version
        return items


def _isolated(enricher: Enricher, items: list[Item], before: dict[int, dict[str, object]]) -> list[Item]:
    """Run the enricher over the items; returns those it annotated."""
    try:
        enricher(items)
        return items
    except Exception as e:  # noqa: BLE001 - a failure on untrusted text is that text's, not the batch's
        for item in items:  # no half annotation: each item as it was before this enricher
            item.__dict__.update(_copy(before[id(item)]))
        if len(items) == 1:
            items[0].errors.append(f"{enricher.name}: {type(e).__name__}: {e}")
            return []
    documents = list(dict.fromkeys(item.document_id for item in items))
    if len(documents) > 1:
        parts = [[i for i in items if i.document_id == d] for d in documents]
    else:
        parts = [[i] for i in items]
    return [item for part in parts for item in _isolated(enricher, part, before)]


def _state(item: Item) -> dict[str, object]:
    """The item's fields, with copies of its lists and dicts: enough to undo an enricher that failed midway."""
    return _copy(item.__dict__)


def _copy(state: dict[str, object]) -> dict[str, object]:
    return {k: v.copy() if isinstance(v, list | dict) else v for k, v in state.items()}
