"""CivicAtlas: find, understand, deduplicate and serve democratic innovations from messy multilingual text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from civicatlas.atlas import Atlas, IngestReport, extract, extract_records

__version__ = "0.1.0"
__all__ = ["Atlas", "IngestReport", "extract", "extract_records", "__version__"]


def __getattr__(name: str) -> Any:
    # Loaded when first asked for: a parsing process imports civicatlas.parse, which needs none of the rest
    if name in __all__:
        from civicatlas import atlas

        return getattr(atlas, name)
    raise AttributeError(f"module 'civicatlas' has no attribute {name!r}")
