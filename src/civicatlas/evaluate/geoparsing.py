"""`civicatlas eval geoparsing`: toponym recognition and resolution on LGL, GeoWebNews and TR-News.

Per corpus: recognition precision/recall/F1 (a predicted span counts when it overlaps a gold span),
resolution accuracy end to end (a gold toponym counts when an overlapping prediction has its GeoNames id,
or lies within 161 km of its coordinates) and given the gold spans (`Geoparser.resolve_gold`).
GeoWebNews annotates non-toponyms too: its `Literal_Expression`, `Non_Lit_Expression` and `Non_Toponym`
spans are left out of the gold toponyms.
"""

from __future__ import annotations

import json
import math
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from civicatlas.evaluate import SHARED

CORPORA = {"LGL": "lgl.xml", "GeoWebNews": "GWN.xml", "TR-News": "TR-News.xml"}
GWN_NOT_TOPONYMS = {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}
KM = 161.0


@dataclass
class Toponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Article:
    text: str
    url: str | None
    toponyms: list[Toponym] = field(default_factory=list)


def _f(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def _fix_offsets(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """Some TR-News offsets do not point at their phrase: move the span to the phrase's nearest occurrence."""
    if text[start:end] == phrase or not phrase:
        return start, end
    best, pos = None, text.find(phrase)
    while pos >= 0:
        if best is None or abs(pos - start) < abs(best - start):
            best = pos
        pos = text.find(phrase, pos + 1)
    return (best, best + len(phrase)) if best is not None else (start, end)


def load_corpus(path: Path) -> list[Article]:
    """LGL and TR-News (`gaztag` elements) and GeoWebNews (`geonamesID`/`latitude` elements)."""
    root = ET.parse(path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        url = (art.findtext("url") or art.findtext("link") or art.findtext("domain") or "").strip() or None
        a = Article(text, url)
        for t in art.iter("toponym"):
            if (t.findtext("type") or "") in GWN_NOT_TOPONYMS:
                continue
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            phrase = t.findtext("phrase") or t.findtext("extractedName") or text[start:end]
            start, end = _fix_offsets(text, start, end, phrase)
            gaz = t.find("gaztag")
            if gaz is not None:
                gid = gaz.get("geonameid")
                a.toponyms.append(Toponym(start, end, phrase, int(gid) if gid else None, _f(gaz.findtext("lat")),
                                          _f(gaz.findtext("lon"))))
            else:
                gid = (t.findtext("geonamesID") or "").strip()
                a.toponyms.append(Toponym(start, end, phrase, int(gid) if gid.isdigit() else None,
                                          _f(t.findtext("latitude")), _f(t.findtext("longitude"))))
        out.append(a)
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def correct(gold: Toponym, gid: int | None, lat: float | None, lon: float | None) -> tuple[bool, bool]:
    """(same GeoNames id, within 161 km); the same id counts as within 161 km."""
    exact = gold.geonameid is not None and gid == gold.geonameid
    near = exact or (None not in (gold.lat, gold.lon, lat, lon) and km(gold.lat, gold.lon, lat, lon) <= KM)
    return exact, near


def _has_gold(t: Toponym) -> bool:
    return t.geonameid is not None or t.lat is not None


def _accuracy(counts: list[int]) -> dict[str, Any]:
    exact, near, with_id, n = counts
    return {"exact": round(exact / max(with_id, 1), 4), "within_161km": round(near / max(n, 1), 4),
            "n_with_id": with_id, "n": n}


def evaluate_corpus(articles: list[Article], limit: int | None = None) -> dict[str, Any]:
    from civicatlas.places import geoparser

    gp = geoparser()
    known = set(gp.g.gid.tolist())
    articles = articles[:limit] if limit else articles
    tp_pred = n_pred = tp_gold = n_gold = 0
    # exact, near, gold toponyms with a GeoNames id (the denominator of exact), with an id or coordinates
    # (of near): GeoWebNews places some toponyms by coordinates only, and no answer can have their id
    e2e = [0, 0, 0, 0]
    given = [0, 0, 0, 0]
    covered = 0  # gold toponyms whose GeoNames id the gazetteer has: the ceiling of exact resolution
    t0 = time.perf_counter()
    for a in articles:
        pred = gp.parse(a.text, "en", a.url)
        n_pred += len(pred)
        n_gold += len(a.toponyms)
        tp_pred += sum(any(p.span.start < t.end and t.start < p.span.end for t in a.toponyms) for p in pred)
        for t in a.toponyms:
            hits = [p for p in pred if p.span.start < t.end and t.start < p.span.end]
            tp_gold += bool(hits)
            if not _has_gold(t):
                continue
            e2e[2] += t.geonameid is not None
            e2e[3] += 1
            if hits and hits[0].entry is not None:
                ex, nr = correct(t, hits[0].entry.geonameid, hits[0].entry.lat, hits[0].entry.lon)
                e2e[0] += ex
                e2e[1] += nr
        golds = [t for t in a.toponyms if _has_gold(t)]
        entries = gp.resolve_gold(a.text, [(t.start, t.end) for t in golds], "en", a.url)
        for t, e in zip(golds, entries, strict=True):
            given[2] += t.geonameid is not None
            given[3] += 1
            covered += t.geonameid in known
            if e is not None:
                ex, nr = correct(t, e.geonameid, e.lat, e.lon)
                given[0] += ex
                given[1] += nr
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "predicted": n_pred,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "end_to_end": _accuracy(e2e),
        "given_spans": _accuracy(given),
        "gold_ids_in_gazetteer": round(covered / max(given[2], 1), 4),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def run(data: Path, limit: int | None = None) -> dict[str, Any]:
    results = {}
    for name, fname in CORPORA.items():
        path = data / fname
        if path.exists():
            results[name] = evaluate_corpus(load_corpus(path), limit)
    return results


def register(app: typer.Typer) -> None:
    @app.command("geoparsing")
    def geoparsing_cmd(
        data: Path = typer.Option(SHARED / "eval" / "geoparsing", help="folder with lgl.xml, GWN.xml, TR-News.xml"),
        out: Path | None = typer.Option(None, help="write the results JSON here"),
        limit: int | None = typer.Option(None, help="first N articles of each corpus"),
    ) -> None:
        """Toponym recognition and resolution scores per corpus."""
        if not data.exists():
            typer.echo(f"no geoparsing data at {data}")
            raise typer.Exit(1)
        results = run(data, limit)
        text = json.dumps(results, indent=2)
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text + "\n")
        typer.echo(text)
