"""The "dates" enricher: the dates and years of each item's fields (civicatlas.numerals.dates); numerals the
money and counts enrichers (which run first) read in the same field are no years."""

from __future__ import annotations

from collections.abc import Sequence

from civicatlas.enrich import register
from civicatlas.model import DateRef, Evidence, Item
from civicatlas.numerals.dates import find_dates


class DatesEnricher:
    name = "dates"
    version = "1"
    requires = ("title", "text", "caption", "language", "amounts", "counts")
    assigns = ("dates", "years")

    def __call__(self, items: Sequence[Item]) -> None:
        for item in items:
            dates: list[DateRef] = []
            for fname, text in item.fields():
                # numerals already read as money or counts ("2000 kronor", "2020 people") are not years
                skip = [(m.start, m.end) for m in (*item.amounts, *item.counts) if m.evidence.field == fname]
                for f in find_dates(text, item.language, skip):
                    ev = Evidence(
                        item.id, f.start, f.end, self.name, self.version, 0.95 if f.precision != "year" else 0.8, fname
                    )
                    dates.append(DateRef(text[f.start : f.end], ev, f.value, f.precision))  # type: ignore[arg-type]
            item.dates = dates
            item.years = sorted({int(d.value[:4]) for d in dates})


@register("dates")
def _factory() -> DatesEnricher:
    return DatesEnricher()
