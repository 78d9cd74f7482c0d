"""The "money" enricher: the amounts of each item's fields (civicatlas.numerals.money), with the currency a
shared name or symbol has in the countries the item, else its document, is about."""

from __future__ import annotations

from collections.abc import Sequence

from civicatlas.enrich import register
from civicatlas.model import Amount, Evidence, Item
from civicatlas.numerals.currency import in_context
from civicatlas.numerals.money import find_amounts


class MoneyEnricher:
    name = "money"
    # 2: a shared currency name or symbol is read as the currency of the countries named; 3: vague quantities
    # ("millions of dollars") are no amounts, more local names and symbols, cents after "€" ("2€50")
    # 4: "varios millones" is vague; 5: qualifiers after the amount and more before it, "five grand", "half a
    # dollar", "5:50 kr", names of current currencies before old ones ("leva", "roubles"), "Le 14" no leone,
    # "a nickel", names without their first word ("Taiwan dollars", "Korean won")
    version = "5"
    requires = ("title", "text", "caption", "language", "countries")
    assigns = ("amounts",)

    def __call__(self, items: Sequence[Item]) -> None:
        # The places enricher runs first: an item's countries, else its document's, settle "Kronen" or "$".
        doc_countries: dict[str, set[str]] = {}
        for item in items:
            doc_countries.setdefault(item.document_id, set()).update(item.countries)
        for item in items:
            amounts: list[Amount] = []
            countries = item.countries or sorted(doc_countries[item.document_id])
            for fname, text in item.fields():
                for f in find_amounts(text, item.language):
                    ev = Evidence(item.id, f.start, f.end, self.name, self.version, 0.9 if f.currency else 0.5, fname)
                    surface = text[f.start : f.end]
                    amounts.append(
                        Amount(
                            surface,
                            ev,
                            _round(f.value),
                            f.currency and in_context(surface, f.currency, item.language, countries),
                            f.qualifier,  # type: ignore[arg-type]
                            _round(f.value_max) if f.value_max is not None else None,
                        )
                    )
            item.amounts = amounts


def _round(v: float) -> float:
    # 48.2 * 1e6 is 48200000.00000001 in floating point; amounts never need more than cents
    return round(v, 2)


@register("money")
def _factory() -> MoneyEnricher:
    return MoneyEnricher()
