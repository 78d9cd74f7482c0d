"""Toponym resolution: pick one gazetteer entry per recognised name, and decide whether it is a place.

Each candidate gets a log-linear score: a population prior, the kind of entry, whether the name is its
main name, and context (countries named in the item and its document, the text's language, the source
domain, "X, Y" patterns, distance to the other places resolved in the same text). A second pass adds the
geographic coherence of the first pass's choices. The weights are set by hand on the seeds and on the
`dev` split of the Participedia cases.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from civicatlas.places.build import CITY, CONTINENT, COUNTRY, REGION
from civicatlas.places.gazetteer import Entry, Gazetteer
from civicatlas.places.recognize import Span

W_ALT_NAME = -1.0  # the name is only an alternate name of the entry
W_KIND = {CITY: 0.0, REGION: -0.5, COUNTRY: 1.5, CONTINENT: 1.5}
W_ADMIN_CUE = 3.0  # "Region Gotland", "Skåne County" favour the region
W_SEAT = -1.5  # a bare "Lüttich" or "Reggio Emilia" is the city, not the province named after it
SEAT_SHARE = 0.1  # ... when the city holds at least this share of the province's population
W_CAPITAL = 1.0  # a national capital is named for its government too ("Washington" approved), beyond its size
W_CONTEXT_ITEM = 2.5  # the entry's country is named in the same item
W_CONTEXT_DOC = 1.5  # ... or elsewhere in the document
W_STATE = 2.5  # the entry lies in a first-level region the document names: as strong as its country named
W_LANGUAGE = 1.5  # the text is in a language of the entry's country
W_ENGLISH = 0.5  # English is spoken in many countries: weaker evidence
W_TLD = 1.0
W_PAIR = 3.0  # "Alexandria, Louisiana"; and "Louisiana" there is the state, not a town
W_NEAR = 1.5  # close to another place of the text
W_CUE = 1.0  # "in X"
W_ADMIN_HEAD = 2.0  # "City of X", "X kommun", "Stadt X"
W_INFLECTED = -1.0
W_PERSON = -3.0  # "Jackson said"
W_PERSON_TITLE = -6.0  # "Mr Jackson", and every other "Jackson" of the text (one sense per text)
W_RUN_BEFORE = -2.5  # "Johan Lilja": the end of a longer name
W_RUN_AFTER = -0.5  # "Winnipeg Office": the start of one
W_FEATURE_AFTER = -4.0
W_COMMON = (2.0, 3.0)  # per Zipf point by which a name is commoner than its population says (mid, sentence start)
ACCEPT = 4.2  # minimum score of a recognised name to count as a place


@dataclass
class Context:
    """What is known around a name: language, source domain, countries named nearby."""

    language: str | None = None
    tld_country: str | None = None
    item_countries: Counter = field(default_factory=Counter)
    doc_countries: Counter = field(default_factory=Counter)
    states: frozenset[tuple[str, str]] = frozenset()  # (country, admin1) of the first-level regions in the document
    # name key → the countries and (country, admin1) states that only this name put into the context
    sole: dict[str, list] = field(default_factory=dict)
    vector: np.ndarray | None = field(default=None, repr=False, compare=False)  # cached by the resolver


@dataclass
class Resolved:
    span: Span
    entry: Entry | None  # None for a demonym without a country entry
    country: str | None
    kind: str
    score: float
    confidence: float


def tld_country(g: Gazetteer, uri: str | None) -> str | None:
    if not uri:
        return None
    from urllib.parse import urlparse

    host = urlparse(uri if "//" in uri else "//" + uri).hostname or ""
    tld = host.rsplit(".", 1)[-1].lower()
    if tld == "uk":
        return "GB"
    return g.tlds.get(tld) if tld not in ("com", "org", "net", "info", "eu", "int") else None


def _dist_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances, broadcasting the arrays."""
    p1, p2 = np.radians(lat1.astype(np.float64)), np.radians(lat2.astype(np.float64))
    dl = np.radians(lon1.astype(np.float64) - lon2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.minimum(np.maximum(a, 0.0), 1.0)))  # (clip is slow on small arrays)


class Resolver:
    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer
        # what an entry scores before any context: its size and kind (and, by its own name, being a capital)
        kind_w = np.array([W_KIND[k] for k in range(len(W_KIND))])
        self._prior = np.log10(gazetteer.pop + 100.0) + kind_w[gazetteer.kind]
        self._capital = gazetteer.capital * W_CAPITAL
        self._code_pos = {c: n for n, c in enumerate(gazetteer.codes)}
        self._lang_vectors: dict[str | None, np.ndarray] = {}
        # Cities and counties are small enough for distances between them to say something; states are not.
        self._local = (gazetteer.kind == CITY) | (gazetteer.level == 2)
        # (country, admin1) of every entry as one number, to compare states without Python loops
        self._state_id: dict[tuple[int, str], int] = {}
        self._state = np.fromiter((self._state_id.setdefault(k, len(self._state_id)) for k in zip(
            gazetteer.country_idx.tolist(), gazetteer.admin1, strict=True)), dtype=np.int64, count=len(gazetteer.kind))

    def _language_vector(self, lang: str | None) -> np.ndarray:
        v = self._lang_vectors.get(lang)
        if v is None:
            v = np.zeros(len(self.g.codes) + 1)
            if lang:
                for n, c in enumerate(self.g.codes):
                    if lang in self.g.country_langs.get(c, ()):
                        v[n] = W_ENGLISH if lang == "en" else W_LANGUAGE
            self._lang_vectors[lang] = v
        return v

    def _context_vector(self, ctx: Context) -> np.ndarray:
        """Bonus per country code from context (last slot: entries without a country)."""
        if ctx.vector is None:
            v = self._language_vector(ctx.language).copy()
            pos = self._code_pos
            for c in ctx.doc_countries:
                if c in pos and not ctx.item_countries.get(c):
                    v[pos[c]] += W_CONTEXT_DOC
            for c, k in ctx.item_countries.items():
                if c in pos and k:
                    v[pos[c]] += W_CONTEXT_ITEM
            if ctx.tld_country in pos:
                v[pos[ctx.tld_country]] += W_TLD
            ctx.vector = v
        return ctx.vector

    def _scores(self, span: Span, ctx: Context, pair: Span | None,
                inner: Span | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidates, their scores, and which of them the name is a main name of."""
        g = self.g
        n = len(span.entries)
        idx = np.fromiter((i for i, _ in span.entries), dtype=np.int64, count=n)
        main = np.fromiter((m for _, m in span.entries), dtype=bool, count=n)
        kind = g.kind[idx]
        seat = np.zeros(n, dtype=bool)
        if (kind == REGION).any() and (kind == CITY).any():
            named, seat = self._named_after_a_city(idx, kind)
            if seat.any():
                # "New York" is only an alternate name of New York City, but the region's name is the city's,
                # unless a town there has it as its own name (New Delhi, beside Delhi).
                state = self._state[idx]
                owned = set(state[main & (kind == CITY)].tolist())
                main = main.copy()
                for k in np.flatnonzero(seat):
                    main[k] = main[k] or state[k] not in owned
        s = self._prior[idx] + np.where(main, 0.0, W_ALT_NAME)
        s += self._capital[idx] * main  # by its own name: "Victoria" was Hong Kong's too
        if span.city_word:
            s += np.where(kind == CITY, W_ADMIN_CUE, 0.0)
        elif span.admin_after or span.admin_before:
            s += np.where(kind == REGION, W_ADMIN_CUE, 0.0)
        elif seat.any():
            s += W_SEAT * named
        s += self._context_vector(ctx)[g.country_idx[idx]]
        mine = ctx.sole.get(span.key, ())  # a name is no evidence for itself
        for c in mine:
            if isinstance(c, str) and c in self._code_pos:
                s[g.country_idx[idx] == self._code_pos[c]] -= (
                    W_CONTEXT_ITEM if ctx.item_countries.get(c) else W_CONTEXT_DOC)
        if ctx.states:
            named = self._state_ids(ctx.states) - self._state_ids(frozenset(m for m in mine if isinstance(m, tuple)))
            if named:
                s += W_STATE * ((kind != COUNTRY) & np.fromiter(
                    (sid in named for sid in self._state[idx].tolist()), dtype=bool, count=n))
        if pair is not None:
            for k, i in enumerate(idx):
                c = g.country(int(i))
                if c is not None:
                    s[k] += self._pair_bonus(int(i), c, pair)
        if inner is not None:
            s += W_PAIR * self._contains(idx, kind, inner)
        return idx, s, main

    @lru_cache(maxsize=256)  # noqa: B019 - one resolver per gazetteer, kept for the process
    def _state_ids(self, states: frozenset[tuple[str, str]]) -> frozenset[int]:
        """(country code, admin1) pairs as the numbers of `_state`."""
        pos = self._code_pos
        return frozenset(self._state_id.get((pos.get(c, -1), a), -1) for c, a in states) - {-1}

    def _named_after_a_city(self, idx: np.ndarray, kind: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Regions among the candidates that share the name with a large city of theirs (its capital), and
        those cities."""
        r, c = np.flatnonzero(kind == REGION), np.flatnonzero(kind == CITY)
        state, pop = self._state[idx], self.g.pop[idx]
        seat = (state[r][:, None] == state[c][None, :]) & (pop[c][None, :] >= SEAT_SHARE * pop[r][:, None])
        regions, cities = np.zeros(len(idx), dtype=bool), np.zeros(len(idx), dtype=bool)
        regions[r], cities[c] = seat.any(axis=1), seat.any(axis=0)
        return regions, cities

    def _contains(self, idx: np.ndarray, kind: np.ndarray, inner: Span) -> np.ndarray:
        """Candidates that are a country or a state holding a candidate of the name before ("Montreal, Quebec")."""
        g = self.g
        held = [i for i, _ in inner.entries if g.kind[i] != COUNTRY]
        # sets, not np.isin: it is slow on a few values, and this runs for every "X, Y"
        countries, states = set(g.country_idx[held].tolist()), set(self._state[held].tolist())
        return np.fromiter(((k == COUNTRY and c in countries) or (lv == 1 and st in states)
                            for k, c, lv, st in zip(kind.tolist(), g.country_idx[idx].tolist(),
                                                    g.level[idx].tolist(), self._state[idx].tolist(), strict=True)),
                           dtype=bool, count=len(idx))

    def _pair_bonus(self, i: int, country: str, pair: Span) -> float:
        # "X, Y": Y is the region or country X lies in.
        g = self.g
        for j, _ in pair.entries:
            kj = g.kind[j]
            if kj == COUNTRY and g.country(j) == country:
                return W_PAIR
            if kj == REGION and g.country(j) == country and (g.admin1[j] == g.admin1[i] or country != "US"):
                return W_PAIR
        if pair.demonym and country in pair.demonym:
            return W_PAIR
        return 0.0

    def _penalty(self, span: Span) -> float:
        """What the words around a name say, the same for all its candidates."""
        p = 0.0
        if span.run_before:
            p += W_RUN_BEFORE
        elif span.run_after:
            # "Basic Income Network", "Metro Council": a common word opening a name is that name's word.
            p += W_RUN_AFTER if span.commonness < 3.5 else W_RUN_BEFORE
        if span.feature_after:
            p += W_FEATURE_AFTER
        if span.person_before:
            p += W_PERSON_TITLE
        if span.inflected:
            p += W_INFLECTED
        if span.admin_before or span.admin_after:
            p += W_ADMIN_HEAD
        elif span.cue_before:
            p += W_CUE
        return p

    def _candidate_penalty(self, span: Span, idx: np.ndarray, main: np.ndarray, lang: str | None) -> np.ndarray:
        """What depends on the candidate: how common the name is as a word for a place of its size."""
        g = self.g
        # GeoNames' main name is often the English one ("Vienna"): in the country's own language its name
        # ("Wien" in German) is as frequent as a main name, not a stray alternate. (English is left out: it
        # is spoken in too many countries, and their alternates are mostly codes and variants, "Part" for Perth.)
        if lang and lang != "en":
            main = main | (self._language_vector(lang)[g.country_idx[idx]] > 0)
        pop = g.pop[idx].astype(np.float64)
        p = np.zeros(len(idx))
        if span.person_after:  # "Jackson said"; a capital may speak for its government ("Moscow said")
            p += np.where(pop < 100_000, W_PERSON, 0.0)
        if span.commonness > 0:
            # A common word may still be a big city's name ("Nice"); as an alternate name ("Part" for Perth)
            # it is far more often just the word.
            excess = span.commonness - (np.log10(pop + 100.0) - np.where(main, 1.0, 2.5))
            p -= np.maximum(excess, 0.0) * W_COMMON[1 if span.sentence_initial else 0]
        return p

    def resolve_spans(self, spans: list[Span], ctx: Context, threshold: float | None = ACCEPT) -> list[Resolved]:
        """Resolve every span; with a threshold, keep only those that score as places."""
        g = self.g
        pairs: dict[int, Span] = {}
        inner: dict[int, Span] = {}  # the other way round: b → a
        for a, b in zip(spans, spans[1:], strict=False):
            if a.field == b.field and b.start - a.end <= 2 and (b.entries or b.demonym):
                pairs[id(a)] = b
                if a.entries:
                    inner[id(b)] = a
        persons = {sp.key for sp in spans if sp.person_before}
        for sp in spans:
            sp.person_before = sp.person_before or sp.key in persons
        first: list[tuple[Span, np.ndarray, np.ndarray, np.ndarray]] = []
        for sp in spans:
            if sp.entries:
                idx, s, main = self._scores(sp, ctx, pairs.get(id(sp)), inner.get(id(sp)))
                first.append((sp, idx, s, main))
        # Second pass: closeness to the other names' first choices (cities and counties; countries are large).
        # Each first choice once, with the names that chose it: the nearest of them is what counts, however
        # often it is named (and a long text names a few places thousands of times).
        chosen: dict[int, set[str]] = {}
        for sp, idx, s, _ in first:
            i = int(idx[int(np.argmax(s))])
            if self._local[i] and not np.isnan(g.lat[i]):
                chosen.setdefault(i, set()).add(sp.key)
        others_of: dict[str, list[int]] = {}
        out: list[Resolved] = []
        for sp, idx, s, main in first:
            # Other names only: repeating a name is no evidence for where it is.
            others = others_of.get(sp.key)
            if others is None:
                others = others_of[sp.key] = [i for i, keys in chosen.items() if keys != {sp.key}]
            if others and len(idx) > 1:
                # Only candidates that could still win are worth the distances.
                near = np.flatnonzero((s >= s.max() - W_NEAR) & self._local[idx])
                if len(near):
                    d = _dist_km(g.lat[idx[near]][:, None], g.lon[idx[near]][:, None],
                                 g.lat[others][None, :], g.lon[others][None, :])
                    closest = d.min(axis=1)
                    closest[np.isnan(closest)] = 1e9  # no position: not close
                    s[near] += W_NEAR * np.exp(closest / -300.0)
            s = s + self._candidate_penalty(sp, idx, main, ctx.language)
            best = int(np.argmax(s))
            score = float(s[best]) + self._penalty(sp)
            if sp.demonym:
                score = max(score, 6.0 + (W_CUE if sp.cue_before else 0.0))
            if threshold is not None and score < threshold:
                continue
            z = np.exp(s - s[best])
            conf = float(1.0 / z.sum()) * (1.0 / (1.0 + math.exp(-(score - (threshold or ACCEPT)))))
            e = g.entry(int(idx[best]))
            out.append(Resolved(sp, e, e.country, e.kind, score, conf))
        for sp in spans:
            if sp.demonym and not sp.entries:
                ei, c = g.demonym_target(sp.demonym[0])
                e = g.entry(ei) if ei is not None else None
                kind = e.kind if e is not None else "country"
                out.append(Resolved(sp, e, c, kind, 6.0, 0.9 if len(sp.demonym) == 1 else 0.6))
        out.sort(key=lambda r: (r.span.field, r.span.start))
        return out
