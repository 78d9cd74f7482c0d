"""Numerals in text, in the languages we read: numbers (digits and words), money amounts and their
currencies, counts of things, dates. Plain libraries of text in, spans and values out; the enrichers of the
same names (civicatlas.enrich) call them."""
