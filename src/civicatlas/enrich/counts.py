"""The "counts" enricher: the counts of things in each item's fields (civicatlas.numerals.counts)."""

from __future__ import annotations

from collections.abc import Sequence

from civicatlas.enrich import register
from civicatlas.model import Count, Evidence, Item
from civicatlas.numerals.counts import find_counts


class CountsEnricher:
    name = "counts"
    version = "3"  # 2: "1½ million", "5,00,000"; 3: "Bürgerinnen", "bewoners", "vecinos", "asambleas"
    requires = ("title", "text", "caption", "language")
    assigns = ("counts",)

    def __call__(self, items: Sequence[Item]) -> None:
        for item in items:
            counts: list[Count] = []
            for fname, text in item.fields():
                for start, end, value, unit, unit_text in find_counts(text, item.language):
                    ev = Evidence(item.id, start, end, self.name, self.version, 0.9, fname)
                    counts.append(Count(text[start:end], ev, value, unit, unit_text))
            item.counts = counts


@register("counts")
def _factory() -> CountsEnricher:
    return CountsEnricher()
