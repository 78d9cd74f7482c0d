"""Datasette metadata for a case database: what each table and column holds, facets that make sense, the
full-text index of items, and the tables only the machinery reads hidden.

    civicatlas datasette-metadata --db atlas.db -o metadata.json
    datasette atlas.db -m metadata.json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLES: dict[str, dict[str, Any]] = {
    "cases": {
        "description": "One row a case: an initiative across sources and languages. Its items are in case_items.",
        "columns": {"id": "case id (c…)", "title": "best title in the language of the case's first item",
                    "summary": "first paragraph of that item", "languages": "JSON list of ISO 639-1 languages",
                    "titles": "JSON: language → best title, summary and item", "created_at": "first stored (UTC)",
                    "updated_at": "last changed (UTC)"},
        "facets": [{"array": "languages"}],
        "sort_desc": "updated_at",
    },
    "items": {
        "description": "One row an item: an initiative as found in one document, with its extract record (JSON).",
        "columns": {"id": "item id (i…)", "document_id": "the document it was found in", "position": "order in it",
                    "title": "title, if the item has one", "text": "the item's text", "caption": "photo caption",
                    "language": "ISO 639-1", "content_key": "hash of the normalised title and text (exact copies)",
                    "record": "JSON: every mention with its evidence (the extract contract)",
                    "updated_at": "last changed (UTC)"},
        "facets": ["language"],
        "fts_table": "items_fts",
        "fts_pk": "rowid",
    },
    "documents": {
        "description": "One row an input: a page or file as read.",
        "columns": {"uri": "where it was read from", "content_type": "text, markdown or html",
                    "encoding": "detected encoding", "sha256": "of the raw bytes", "pipeline": "enrichers and versions",
                    "title": "document title", "text": "parsed plain text", "metadata": "JSON: topics, page shape",
                    "warnings": "JSON list", "ingested_at": "first read (UTC)", "updated_at": "last changed (UTC)"},
        "facets": ["content_type", "pipeline"],
    },
    "mentions": {
        "description": "One row a mention (place, amount, count, date, actor, theme, credit) with its evidence.",
        "columns": {"item_id": "the item", "type": "place, amount, count, date, actor, theme or credit",
                    "field": "title, text or caption", "start": "character offset", "end": "character offset",
                    "text": "the words as written",
                    "key": "what it resolves to: GeoNames id, ISO 4217 currency, ISO date, actor name, vocabulary:key",
                    "country": "ISO 3166-1 alpha-2 (places)", "value": "number (amounts, counts) or score (themes)",
                    "extractor": "name/version", "confidence": "0–1", "data": "JSON: the whole mention"},
        "facets": ["type", "country", "extractor"],
    },
    "case_items": {
        "description": "Which case each item is in, and why.",
        "columns": {"reason": "new, exact, near, semantic, crosslingual or human", "score": "the resolver's score",
                    "matched": "the item this one duplicates", "evidence": "JSON: what the resolver saw"},
        "facets": ["reason"],
    },
    "case_history": {"description": "Every automatic and human move of an item between cases.",
                     "facets": ["reason", "actor"]},
    "decisions": {"description": "Human merge and split decisions; they win over automatic resolution.",
                  "facets": ["kind"]},
    "vectors": {"description": "Embedding cache (float32).", "hidden": True},
    "resolve_keys": {"description": "Resolver lookup keys.", "hidden": True},
    "meta": {"hidden": True},
    "tokens": {"description": "API tokens: names, roles and hashes of their secrets.", "hidden": True},
}


def metadata(db: str | Path) -> dict[str, Any]:
    """Datasette metadata for the database file `db` (Datasette names a database after its file)."""
    return {
        "title": "CivicAtlas",
        "description": "Local-democracy initiatives found in public text: cases, the items they join, and the "
                       "evidence of every value. Columns are described in docs/CODEBOOK.md.",
        "databases": {Path(db).stem: {"tables": TABLES}},
    }
