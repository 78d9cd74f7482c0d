"""Geoparsing: recognise places in text in any European language and resolve them to GeoNames, offline.

    >>> from civicatlas.places import geoparse, resolve
    >>> [(p.span.surface, p.country) for p in geoparse("Kommunerna Lund och Falkenberg", language="sv")]
    [('Lund', 'SE'), ('Falkenberg', 'SE')]
    >>> resolve("Bristol").country
    'GB'

The gazetteer is compiled from installed packages on first use and cached (see `gazetteer`).
"""

from civicatlas.places.geoparsing import Context, Entry, Geoparser, Resolved, Text, geoparse, geoparser, resolve

__all__ = ["Context", "Entry", "Geoparser", "Resolved", "Text", "geoparse", "geoparser", "resolve"]
