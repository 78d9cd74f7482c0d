"""Items → Cases: exact, near (MinHash/LSH) and cross-lingual duplicates, merged into cases whose ids stay
stable; human merge/split decisions always win. `resolve` runs at ingest, `reresolve` over a whole store."""

from civicatlas.resolve.resolver import (
    Resolution,
    item_profiles,
    keys_of,
    reresolve,
    resolve,
    resolve_keys,
    resolve_profiles,
)

__all__ = ["Resolution", "item_profiles", "keys_of", "reresolve", "resolve", "resolve_keys", "resolve_profiles"]
