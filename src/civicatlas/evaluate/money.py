"""`civicatlas eval money`: money amounts against the Recognizers-Text currency specs, side by side with
Microsoft's own Python package (recognizers-text-suite) on the languages it supports.

A hit is a predicted amount whose span overlaps a gold span, with an equal value and the same currency.
The specs name currencies by English or local unit names ("Dollar", "Dólar canadense", "Krone") and
only sometimes by ISO code; a generic name ("Dollar", "Pound") accepts every currency of that family,
a subunit ("Cent", "Pence", "Øre") is compared in units of its currency (50 cents = 0.50). Units that
are not ISO currencies (Bitcoin, colloquial coin names) can never be hit by an ISO-only extractor and
are left in as misses. Every case is scored, including those the specs mark NotSupported for some
platform. The spec files are used for measuring only.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from civicatlas.evaluate import SHARED

LANGUAGES = {
    "english": "en",
    "dutch": "nl",
    "french": "fr",
    "german": "de",
    "italian": "it",
    "portuguese": "pt",
    "spanish": "es",
    "swedish": "sv",
}
# The Python package of Recognizers-Text has NumberWithUnit models for these (plus Chinese).
BASELINE_CULTURES = {"en": "en-us", "fr": "fr-fr", "es": "es-es", "pt": "pt-br"}
SUBUNITS = frozenset(
    [
        "cent",
        "cents",
        "centavo",
        "centavos",
        "centime",
        "centimes",
        "céntimo",
        "céntimos",
        "pence",
        "penny",
        "pennies",
        "pêni",
        "penique",
        "peniques",
        "øre",
        "öre",
        "penni",
        "sen",
        "pesewa",
    ]
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int  # exclusive
    value: float
    currencies: frozenset[str] | None  # acceptable ISO codes; None: any


def _family(unit: str, lang: str) -> frozenset[str]:
    """ISO codes a unit name can mean: its exact CLDR name, else every currency whose names share its stem."""
    from civicatlas.numerals.currency import currencies

    low = unit.lower().strip()
    tables = [currencies(lang).names, currencies("en").names]
    for names in tables:
        if low in names and len(low.split()) > 1:
            return frozenset({names[low]})

    def stem_family(word: str) -> set[str]:
        stem = word[:4]
        return {code for names in tables for name, code in names.items() for w in name.split() if w.startswith(stem)}

    # "United States dollar": the currencies every known word of the name points to; else its noun's family
    families = [f for f in (stem_family(w) for w in low.split() if len(w) >= 3) if f]
    if not families:
        return frozenset()
    both = set.intersection(*families)
    return frozenset(both or max(families, key=len))


def gold_span(result: dict[str, Any], lang: str, text: str = "") -> Span:
    res = result.get("Resolution") or {}
    unit = str(res.get("unit") or "")
    raw = res.get("value")
    value = float(str(raw).replace(",", ".")) if raw not in (None, "") else math.nan  # a unit without a number
    if "Start" in result and "End" in result:
        start, end = int(result["Start"]), int(result["End"]) + 1  # the specs' End is inclusive
    else:  # some cases give only the text: its first occurrence
        start = max(0, text.lower().find(str(result.get("Text", "")).lower()))
        end = start + len(str(result.get("Text", "")))
    if unit.lower() in SUBUNITS:
        return Span(start, end, value / 100, None)
    iso = res.get("isoCurrency")
    return Span(start, end, value, frozenset({iso}) if iso else _family(unit, lang))


def _hit(pred: Span, gold: Span) -> bool:
    if not (pred.start < gold.end and gold.start < pred.end):
        return False
    if not math.isnan(gold.value) and not math.isclose(pred.value, gold.value, rel_tol=1e-6, abs_tol=1e-9):
        return False
    if gold.currencies is None or pred.currencies is None:
        return True
    return bool(pred.currencies & gold.currencies)


def _match(preds: list[Span], golds: list[Span], strict: bool = True) -> int:
    used: set[int] = set()
    tp = 0
    for p in preds:
        for i, g in enumerate(golds):
            if i in used:
                continue
            if _hit(p, g) if strict else (p.start < g.end and g.start < p.end):
                used.add(i)
                tp += 1
                break
    return tp


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": n_pred - tp,
        "fn": n_gold - tp,
    }


def civicatlas_predict(text: str, lang: str) -> list[Span]:
    """Our amounts as spec spans. The specs have no ranges: they tag each number that carries a currency.
    So a range counts as its upper bound ("10–15 MSEK": the "15 MSEK" part) plus, when the lower bound is
    written as an amount of its own ("€5m to €10m"), that lower amount."""
    from civicatlas.numerals.money import find_amounts

    out = []
    for a in find_amounts(text, lang):
        codes = frozenset({a.currency}) if a.currency else None
        if a.qualifier == "range" and a.value_max is not None and a.high_start is not None:
            if a.low_end is not None:
                out.append(Span(a.start, a.low_end, a.value, codes))
            out.append(Span(a.high_start, a.end, a.value_max, codes))
        else:
            out.append(Span(a.start, a.end, a.value, codes))
    return out


class Baseline:
    """Microsoft's Python recognizers-text-suite currency model for one culture."""

    def __init__(self, lang: str):
        _patch_emoji()
        from recognizers_number_with_unit import NumberWithUnitRecognizer

        culture = BASELINE_CULTURES[lang]
        self.lang = lang
        self.model = NumberWithUnitRecognizer(culture).get_currency_model(culture)

    def predict(self, text: str) -> list[Span]:
        out = []
        for r in self.model.parse(text):
            res = r.resolution or {}
            try:
                value = float(str(res.get("value")).replace(",", "."))
            except ValueError:
                continue
            unit = str(res.get("unit") or "")
            end = int(r.end) + 1
            if unit.lower() in SUBUNITS:
                out.append(Span(int(r.start), end, value / 100, None))
                continue
            iso = res.get("isoCurrency")
            out.append(Span(int(r.start), end, value, frozenset({iso}) if iso else _family(unit, self.lang)))
        return out


def _patch_emoji() -> None:
    # recognizers-text 1.0.2a2 imports emoji.UNICODE_EMOJI, which emoji 2.x renamed EMOJI_DATA; alias it.
    import emoji

    if not hasattr(emoji, "UNICODE_EMOJI"):
        emoji.UNICODE_EMOJI = emoji.EMOJI_DATA  # type: ignore[attr-defined]


def evaluate(data: Path, baseline: bool = True, repeats: int = 3) -> dict[str, Any]:
    """Scores per language for CivicAtlas and (where supported) the Recognizers-Text Python package."""
    report: dict[str, Any] = {"data": str(data), "languages": {}}
    for name, lang in LANGUAGES.items():
        path = data / f"{name}.json"
        if not path.exists():
            continue
        cases = json.loads(path.read_text(encoding="utf-8-sig"))
        golds = [
            [
                gold_span(r, lang, c["Input"])
                for r in c.get("Results", [])
                if r.get("TypeName", "currency") == "currency"
            ]
            for c in cases
        ]
        texts = [c["Input"] for c in cases]
        systems: dict[str, Any] = {"civicatlas": lambda t, lang=lang: civicatlas_predict(t, lang)}
        if baseline and lang in BASELINE_CULTURES:
            systems["recognizers_text"] = Baseline(lang).predict
        row: dict[str, Any] = {"cases": len(cases), "gold": sum(map(len, golds))}
        # gold units that name no ISO currency (Bitcoin, coin names) cannot be hit: recall's ceiling
        row["gold_without_iso_code"] = sum(g.currencies == frozenset() for gs in golds for g in gs)
        row["recall_ceiling"] = round(1 - row["gold_without_iso_code"] / max(1, row["gold"]), 4)
        for sysname, predict in systems.items():
            predict(texts[0])  # warm caches outside the timing
            timings = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                preds = [predict(t) for t in texts]
                timings.append(time.perf_counter() - t0)
            tp = sum(_match(p, g) for p, g in zip(preds, golds, strict=True))
            span_tp = sum(_match(p, g, strict=False) for p, g in zip(preds, golds, strict=True))
            n_pred = sum(map(len, preds))
            scores = _prf(tp, n_pred, row["gold"])
            scores["span_f1"] = _prf(span_tp, n_pred, row["gold"])["f1"]
            scores["ms_per_case_median"] = round(1000 * statistics.median(timings) / max(1, len(texts)), 3)
            row[sysname] = scores
        report["languages"][lang] = row
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| language | cases | gold | recall ceiling | CivicAtlas P | R | F1 | Recognizers-Text (Python) P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for lang, row in report["languages"].items():
        ca = row["civicatlas"]
        rt = row.get("recognizers_text")
        base = f"{rt['precision']:.3f} | {rt['recall']:.3f} | {rt['f1']:.3f}" if rt else "not supported | | "
        lines.append(
            f"| {lang} | {row['cases']} | {row['gold']} | {row['recall_ceiling']:.3f} | "
            f"{ca['precision']:.3f} | {ca['recall']:.3f} | {ca['f1']:.3f} | {base} |"
        )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("money")
    def money(
        data: Annotated[Path, typer.Option("--data", help="folder of <language>.json specs")] = SHARED
        / "eval"
        / "money",
        out: Annotated[Path, typer.Option("--out", help="where to write the JSON results")] = Path(
            "docs/eval/money.json"
        ),
        baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="also run recognizers-text")] = True,
    ) -> None:
        """Money extraction P/R/F1 per language, beside Microsoft Recognizers-Text (Python)."""
        if not data.is_dir():
            typer.echo(f"no money specs at {data}", err=True)
            raise typer.Exit(1)
        report = evaluate(data, baseline=baseline)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        typer.echo(markdown(report))
