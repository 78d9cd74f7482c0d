"""Places: every place named in an item, resolved to GeoNames, and the countries the item is about.

All items of one document are geoparsed together, so a Swedish listing of Swedish municipalities tells
the resolver that its Lund and Falkenberg are Swedish. The gazetteer loads on first call, not at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from civicatlas.enrich import register
from civicatlas.model import Evidence, Item, Place
from civicatlas.places.gazetteer import BUILD_VERSION

# The resolver's revision and the gazetteer's: a new gazetteer re-enriches stored items too.
VERSION = f"6.g{BUILD_VERSION}"


class PlacesEnricher:
    name = "places"
    version = VERSION
    requires = ("title", "text", "caption", "language", "source_uri")
    assigns = ("places", "countries")

    def __init__(self) -> None:
        self._parser = None

    @property
    def parser(self):
        if self._parser is None:
            from civicatlas.places import geoparser

            self._parser = geoparser()
        return self._parser

    def __call__(self, items: Sequence[Item]) -> None:
        from civicatlas.places import Text

        ordered = sorted(range(len(items)), key=lambda n: items[n].document_id)
        for _, group in groupby(ordered, key=lambda n: items[n].document_id):
            doc = [items[n] for n in group]
            texts, langs, owners = [], [], []
            for unit, item in enumerate(doc):
                for field_name, text in item.fields():
                    texts.append(Text(text, unit, field_name))
                    langs.append(item.language)
                    owners.append(item)
            uri = next((it.source_uri for it in doc if it.source_uri), None)
            results = self.parser.parse_units(texts, langs, uri)
            for item in doc:
                item.places = []
            for t, item, res in zip(texts, owners, results, strict=True):
                for r in res:
                    e = r.entry
                    unresolved = e is None
                    item.places.append(
                        Place(
                            text=r.span.surface,
                            evidence=Evidence(
                                item.id, r.span.start, r.span.end, self.name, self.version, r.confidence, t.field
                            ),
                            name=r.span.surface,
                            geonameid=None if unresolved else e.geonameid,
                            country=r.country,
                            admin1=None if unresolved else e.admin1,
                            kind=r.kind,
                            lat=None if unresolved else e.lat,
                            lon=None if unresolved else e.lon,
                        )
                    )
            for item in doc:
                item.countries = sorted({p.country for p in item.places if p.country})


@register("places")
def _factory() -> PlacesEnricher:
    return PlacesEnricher()
