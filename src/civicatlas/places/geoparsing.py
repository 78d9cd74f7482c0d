"""The geoparser: places recognised in the texts of a document, resolved together, each text's context the
countries and states the others name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from civicatlas.places.gazetteer import Entry, Gazetteer, load
from civicatlas.places.normalize import key
from civicatlas.places.recognize import Recognizer, Span
from civicatlas.places.resolve import ACCEPT, Context, Resolved, Resolver, tld_country
from civicatlas.words import fold

CONTEXT_MIN = ACCEPT + 1.0  # a city counts as context only when clearly a place
PASSES = 3  # resolution passes at most: without context, then with what the previous pass found


@dataclass
class Text:
    """One text to geoparse: a field of an item, with the item (context unit) it belongs to."""

    text: str
    unit: int = 0  # texts with the same unit share item-level context (title, text, caption of one item)
    field: str = "text"


class Geoparser:
    def __init__(self, gazetteer: Gazetteer | None = None):
        self.g = gazetteer or load()
        self.recognizer = Recognizer(self.g)
        self.resolver = Resolver(self.g)

    def _countries(self, resolved: Iterable[Resolved]) -> Counter:
        return Counter(r.country for r in resolved if self._country_evidence(r))

    def _country_evidence(self, r: Resolved) -> bool:
        return bool(r.country) and (r.kind in ("country", "region")
                                    or (r.score >= CONTEXT_MIN and self._unambiguous(r)))

    def _sole(self, resolved: Sequence[Resolved], states: dict[tuple[str, str], set[str]]) -> dict[str, list]:
        """The countries and states only one name put into the context, by that name: a name is no evidence
        for itself ("Punjab" first read as Pakistan's must not hold on to Pakistan against "Indian officials")."""
        by: dict = dict(states)
        for r in resolved:
            if self._country_evidence(r):
                by.setdefault(r.country, set()).add(r.span.key)
        out: dict[str, list] = {}
        for what, keys in by.items():
            if len(keys) == 1:
                out.setdefault(next(iter(keys)), []).append(what)
        return out

    def _states(self, resolved: Sequence[Resolved]) -> dict[tuple[str, str], set[str]]:
        """The first-level regions a text names, or lies in, with the names that say so: a state named, a
        clearly resolved place's ("Douglas County, near Minneapolis" → Minnesota's Douglas County), or the
        state where the likely first readings of two or more names agree ("Columbus", "Worthington" → Ohio)."""
        named: dict[tuple[str, str], set[str]] = {}
        agree: dict[tuple[str, str], set[str]] = {}
        for r in resolved:
            e = r.entry
            if e is None or not e.country or not e.admin1 or e.kind == "country":
                continue
            state = (e.country, e.admin1)
            if r.confidence >= 0.5:  # a reading more likely than not
                agree.setdefault(state, set()).add(r.span.key)
            if self.g.level[e.index] == 1 or (r.score >= CONTEXT_MIN and r.confidence >= 0.9):
                named.setdefault(state, set()).add(r.span.key)
        for state, keys in agree.items():
            if len(keys) >= 2:
                named.setdefault(state, set()).update(keys)
        return named

    def _unambiguous(self, r: Resolved) -> bool:
        """A city name whose sizeable namesakes all lie in one country ("Umeå", not "Alexandria")."""
        g = self.g
        countries = {g.country(i) for i, _ in r.span.entries if g.pop[i] >= 1000 or i == r.entry.index}
        return len(countries) == 1

    def parse_units(self, texts: Sequence[Text], language: str | Sequence[str | None] | None = None,
                    source_uri: str | None = None) -> list[list[Resolved]]:
        """Places of each text; all texts are one document and give each other context."""
        langs = [language] * len(texts) if language is None or isinstance(language, str) else list(language)
        tld = tld_country(self.g, source_uri)
        spans = [self.recognizer.find(t.text, lang, t.field) for t, lang in zip(texts, langs, strict=True)]
        # Pass 1 without context finds the countries and states the document is about; the next pass uses them,
        # and a third the context the second gives, when it differs ("Miami County" beside Kokomo and Peru is
        # Indiana's only once Peru and Kokomo are read as Indiana's).
        res = [self.resolver.resolve_spans(sp, Context(lang, tld)) for sp, lang in zip(spans, langs, strict=True)]
        for n in range(1, PASSES):
            contexts = self._contexts(texts, langs, tld, res)
            res = [self.resolver.resolve_spans(sp, ctx) if ctx.item_countries or ctx.doc_countries or ctx.states else r
                   for sp, ctx, r in zip(spans, contexts, res, strict=True)]
            if n + 1 == PASSES or self._states([r for rs in res for r in rs]).keys() == contexts[0].states:
                break
        out = []
        for sp, ctx, r in zip(spans, contexts, res, strict=True):
            r = [*r, *self._unknown(sp, ctx)]
            r.sort(key=lambda x: x.span.start)
            out.append(r)
        return out

    def _contexts(self, texts: Sequence[Text], langs: Sequence[str | None], tld: str | None,
                  resolved: list[list[Resolved]]) -> list[Context]:
        """Each text's context from the places resolved so far: countries of its item and of the document,
        states of the document."""
        unit_countries: dict[int, Counter] = {}
        for t, res in zip(texts, resolved, strict=True):
            unit_countries.setdefault(t.unit, Counter()).update(self._countries(res))
        doc = Counter()
        for c in unit_countries.values():
            doc.update(c)
        every = [r for res in resolved for r in res]
        states = self._states(every)
        sole = self._sole(every, states)
        return [Context(lang, tld, unit_countries[t.unit], doc, states=frozenset(states), sole=sole)
                for t, lang in zip(texts, langs, strict=True)]

    def _unknown(self, spans: list[Span], ctx: Context) -> list[Resolved]:
        """Names the gazetteer lacks ("i Almedalen"): placed in the country the text is clearly about."""
        out = []
        for counts in (ctx.item_countries, ctx.doc_countries):
            total = sum(counts.values())
            if total:
                country, n = counts.most_common(1)[0]
                if n / total >= 0.6:
                    break
        else:
            return out
        for sp in spans:
            if sp.unknown:
                out.append(Resolved(sp, None, country, "city", ACCEPT, 0.4))
        return out

    def parse(self, text: str, language: str | None = None, source_uri: str | None = None) -> list[Resolved]:
        return self.parse_units([Text(text)], language, source_uri)[0]

    def _gold_span(self, text: str, start: int, end: int, lang: str | None) -> Span:
        """A span known to name a place: its entries, trying harder than recognition does."""
        surface = text[start:end]
        k = key(surface)
        span = Span(start, end, surface, k)
        # A country adjective wins over a town of the same name ("Canadian"), as in recognition.
        span.demonym = self.recognizer.demonym_countries(k, lang, True) or sorted(
            {c for c, _ in self.g.demonyms.get(k, ())})
        if not span.demonym:
            span.entries = self.recognizer.no_foreign_word(self.g.lookup(k), k, lang)
        if not span.entries and not span.demonym:
            abbr = "".join(ch for ch in surface if ch.isalpha())
            codes = self.recognizer.state_codes
            if abbr.isupper() and len(abbr) == 2 and abbr in codes:  # "N.J.", "NJ"
                span.entries = [(codes[abbr], True)]
            elif "." in (surface + text[end : end + 1]) and fold(abbr) in self.recognizer.abbreviations:  # "Ga."
                span.entries = [(self.recognizer.abbreviations[fold(abbr)], True)]
        if not span.entries and not span.demonym:
            # A name inside the phrase ("South Kilburn Estate", "University of California"): the rarest word
            # wins, since the common ones ("South", "University") are the generic part.
            inner = [sp for sp in self.recognizer.find(surface, lang) if sp.entries or sp.demonym]
            if inner:
                sp = min(inner, key=lambda x: (x.commonness, -len(x.key)))
                span.entries, span.demonym, span.key = sp.entries, sp.demonym, sp.key
        return span

    def resolve_gold(self, text: str, spans: Sequence[tuple[int, int]], language: str | None = None,
                     source_uri: str | None = None) -> list[Entry | None]:
        """Resolve given place spans of one text (gold spans): an entry, or None, for each."""
        tld = tld_country(self.g, source_uri)
        found = self.parse(text, language, source_uri)
        gold = [self._gold_span(text, s, e, language) for s, e in spans]
        res = self.resolver.resolve_spans(gold, Context(language, tld))
        for n in range(1, PASSES):  # as in parse_units
            every = [*found, *res]
            countries, states = self._countries(every), self._states(every)
            ctx = Context(language, tld, countries, countries, states=frozenset(states), sole=self._sole(every, states))
            res = self.resolver.resolve_spans(gold, ctx, threshold=None)
            if n + 1 == PASSES or self._states([*found, *res]).keys() == ctx.states:
                break
        by_span = {id(r.span): r.entry for r in res}
        return [by_span.get(id(sp)) for sp in gold]

    def context_of(self, text: str, language: str | None = None, source_uri: str | None = None) -> Context:
        """A resolution context from the text around a name: the countries its places point to."""
        found = self.parse(text, language, source_uri)
        countries = self._countries(found)
        return Context(language, tld_country(self.g, source_uri), countries, countries,
                       states=frozenset(self._states(found)))

    def resolve(self, name: str, context: Context | str | None = None) -> Entry | None:
        """The most likely entry for a name known to be a place (no recognition threshold).

        `context` is a Context, or the text around the name (its places become the context).
        """
        ctx = self.context_of(context) if isinstance(context, str) else context or Context()
        k = key(name)
        span = Span(0, len(name), name, k, entries=self.g.lookup(k))
        if not span.entries:
            dem = self.recognizer.demonym_countries(k, ctx.language, True) or sorted(
                {c for c, _ in self.g.demonyms.get(k, ())})
            for sp in [] if dem else self.recognizer.find(name, ctx.language):  # inflected, or a longer phrase
                if sp.entries:
                    span = Span(0, len(name), name, sp.key, entries=sp.entries)
                    break
                if sp.demonym:  # "the United States": a country inside the phrase
                    dem = sp.demonym
                    break
            if dem:
                ei, _ = self.g.demonym_target(dem[0])
                return self.g.entry(ei) if ei is not None else None
        if not span.entries:
            return None
        res = self.resolver.resolve_spans([span], ctx, threshold=None)
        return res[0].entry if res else None


@lru_cache(maxsize=1)
def geoparser() -> Geoparser:
    return Geoparser()


def geoparse(text: str, language: str | None = None, source_uri: str | None = None) -> list[Resolved]:
    return geoparser().parse(text, language, source_uri)


def resolve(name: str, context: Context | str | None = None) -> Entry | None:
    """Resolve a place name (a gold span) to one gazetteer entry, using what `context` knows (a Context or
    the surrounding text)."""
    return geoparser().resolve(name, context)
