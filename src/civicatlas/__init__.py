"""CivicAtlas: find, understand, deduplicate and serve democratic innovations from messy multilingual text."""

from civicatlas.atlas import Atlas, IngestReport, extract, extract_records

__version__ = "0.1.0"
__all__ = ["Atlas", "IngestReport", "extract", "extract_records", "__version__"]
