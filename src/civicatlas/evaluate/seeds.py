"""`civicatlas eval seeds`: everything the default pipeline says about the two seed documents, field by
field, against ../shared/gold/seeds.jsonl (25 initiatives).

Scores are micro precision/recall over all 25 items; every miss and false hit is listed so a reader can
see exactly what went wrong. Matching rules: a place matches by name (case-insensitive, or overlapping
surface text) and country; an amount by value, currency and qualifier; a count by value and unit; a
person or organisation by name or abbreviation (credited photographers count as persons mentioned, not
as actors); general issues by appearing among the item's top three.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer

from civicatlas.evaluate import SHARED


def _key(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("’", "'")).strip().casefold()


def _org_names(gold: str) -> set[str]:
    """'Internationellt Centrum för Lokal Demokrati (ICLD)' → {full name, 'icld'}."""
    m = re.match(r"^(.*?)\s*\(([^)]+)\)$", gold)
    return {_key(m.group(1)), _key(m.group(2))} if m else {_key(gold)}


class _Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.misses: list[str] = []
        self.false: list[str] = []

    def add(self, gold: list[Any], pred: list[Any], same, label: str, show=str) -> None:
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred) if i not in used and same(g, p)), None)
            if hit is None:
                self.fn += 1
                self.misses.append(f"{label}: {show(g)}")
            else:
                used.add(hit)
                self.tp += 1
        for i, p in enumerate(pred):
            if i not in used:
                self.fp += 1
                self.false.append(f"{label}: {show(p)}")

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "misses": self.misses, "false": self.false}


def evaluate(shared: Path = SHARED) -> dict[str, Any]:
    from civicatlas.atlas import extract

    gold = [json.loads(line) for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()]
    records = [r for r in extract([str(shared / "seeds")]) if isinstance(r, dict)]
    fields = {name: _Score() for name in ("items", "language", "places", "countries", "amounts", "counts", "years",
                                          "persons", "organizations", "general_issues_top3")}
    for g in gold:
        matches = [r for r in records if g["match_text"] in (r["title"] or "") or g["match_text"] in r["text"]]
        label = g["match_text"][:40]
        fields["items"].add([label], [label] if len(matches) == 1 else [], lambda a, b: a == b, "item")
        if len(matches) != 1:
            continue
        r = matches[0]
        fields["language"].add([g["language"]], [r["language"]], lambda a, b: a == b, label)
        # the gold lists each place once; a place named twice (title and text) is one prediction
        places = list({(p.get("geonameid") or _key(p.get("name")), p.get("country")): p for p in r["places"]}.values())
        counts = list({(c.get("value"), _key(c.get("unit"))): c for c in r["counts"]}.values())
        fields["places"].add(
            g["places"], places,
            lambda gp, pp: gp["country"] == pp.get("country") and (
                _key(gp["name"]) in (_key(pp.get("name")), _key(pp.get("text")))
                or _key(gp["name"]) in _key(pp.get("text")) or _key(pp.get("text")) in _key(gp["name"])),
            label, lambda p: f"{p.get('name') or p.get('text')} ({p.get('country')})")
        fields["countries"].add(g["countries"], r["countries"], lambda a, b: a == b, label)
        fields["amounts"].add(
            g["amounts"], r["amounts"],
            lambda ga, pa: ga["value"] == pa.get("value") and ga["currency"] == pa.get("currency")
            and ga["qualifier"] == pa.get("qualifier"), label, lambda a: a.get("text"))
        fields["counts"].add(g["counts"], counts,
                             lambda gc, pc: gc["value"] == pc.get("value") and _key(gc["unit"]) == _key(pc.get("unit")),
                             label, lambda c: f"{c.get('value')} {c.get('unit')}")
        fields["years"].add(g["years"], r["years"], lambda a, b: a == b, label)
        # a credited photographer is a person mentioned; a credited organisation ("Foto: ICLD") is not
        credited = [c["name"] for c in r["credits"] if len(c["name"].split()) >= 2 and not c["name"].isupper()]
        persons = [a["name"] for a in r["actors"] if a.get("kind") == "person"] + credited
        fields["persons"].add(g["persons"], list(dict.fromkeys(persons)), lambda a, b: _key(a) == _key(b), label)
        orgs = [a for a in r["actors"] if a.get("kind") != "person"]
        fields["organizations"].add(
            g["organizations"], orgs,
            lambda go, po: bool(_org_names(go) & {_key(po.get("name")), _key(po.get("abbreviation"))}),
            label, lambda o: o if isinstance(o, str) else o.get("name"))
        top3 = [t["key"] for t in (r.get("themes") or {}).get("general_issues", [])[:3]]
        fields["general_issues_top3"].add(g["general_issues"], [k for k in top3 if k in g["general_issues"]],
                                          lambda a, b: a == b, label)
    return {name: s.as_dict() for name, s in fields.items()}


def table(results: dict[str, Any]) -> str:
    lines = ["| field | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        scores = " | ".join(f"{r[k]:.3f}" for k in ("precision", "recall", "f1"))
        lines.append(f"| {name} | {scores} | {r['tp']} | {r['fp']} | {r['fn']} |")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("seeds")
    def seeds_cmd(
        data: Path = typer.Option(SHARED, "--data", help="The shared folder (with gold/ and seeds/)."),
        output: Path = typer.Option(None, "--output", "-o", help="Write the JSON results here too."),
    ) -> None:
        """Score the default pipeline on the two seed documents against gold/seeds.jsonl."""
        if not (data / "gold" / "seeds.jsonl").is_file():
            typer.echo(f"error: {data}: no gold/seeds.jsonl here (pass --data PATH/TO/shared)", err=True)
            raise typer.Exit(2)
        results = evaluate(data)
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        typer.echo(table(results))
        for name, r in results.items():
            for line in r["misses"]:
                typer.echo(f"miss  {name}: {line}")
            for line in r["false"]:
                typer.echo(f"false {name}: {line}")
