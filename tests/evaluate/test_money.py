"""The money evaluation: scoring rules on specs we write, the CLI command, and a run on ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from civicatlas.evaluate import money as ev


def _case(text: str, found: str, value: str, unit: str, iso: str | None = None) -> dict:
    start = text.index(found)
    res = {"value": value, "unit": unit} | ({"isoCurrency": iso} if iso else {})
    return {
        "Input": text,
        "Results": [
            {"Text": found, "TypeName": "currency", "Resolution": res, "Start": start, "End": start + len(found) - 1}
        ],
    }


SPECS = [
    _case("they paid $ 75 million for it", "$ 75 million", "75000000", "Dollar"),
    _case("a fee of 50 cents", "50 cents", "50", "Cent"),
    _case("sold for 420 million finnish markka .", "420 million finnish markka", "420000000", "Finnish markka"),
    _case("it cost 3 usd only", "3 usd", "3", "United States dollar"),
    _case("ten bitcoins", "ten bitcoins", "10", "Bitcoin"),  # not ISO: a miss for an ISO-only extractor
    {"Input": "nothing here costs money", "Results": []},
]


def test_gold_currency_families() -> None:
    assert ev._family("Dollar", "en") >= {"USD", "CAD", "AUD"}
    assert ev._family("Finnish markka", "en") == {"FIM"}
    assert "USD" in ev._family("United States dollar", "de") and "EUR" not in ev._family("United States dollar", "de")
    assert ev.gold_span(SPECS[1]["Results"][0], "en").value == pytest.approx(0.5)  # subunits in units


def test_scores_on_our_own_specs(tmp_path: Path) -> None:
    (tmp_path / "english.json").write_text(json.dumps(SPECS), encoding="utf-8")
    report = ev.evaluate(tmp_path, baseline=False, repeats=1)
    row = report["languages"]["en"]
    assert row["gold"] == 5
    assert row["civicatlas"]["tp"] == 4 and row["civicatlas"]["fn"] == 1 and row["civicatlas"]["fp"] == 0
    assert row["civicatlas"]["f1"] == pytest.approx(2 * 1.0 * 0.8 / 1.8, abs=1e-4)
    assert row["gold_without_iso_code"] == 1 and row["recall_ceiling"] == pytest.approx(0.8)  # the bitcoins
    assert "| en | 6 | 5 | 0.800 |" in ev.markdown(report)


def test_a_wrong_value_or_currency_is_no_hit() -> None:
    gold = ev.Span(0, 5, 75.0, frozenset({"USD"}))
    assert ev._hit(ev.Span(0, 5, 75.0, frozenset({"USD"})), gold)
    assert not ev._hit(ev.Span(0, 5, 76.0, frozenset({"USD"})), gold)
    assert not ev._hit(ev.Span(0, 5, 75.0, frozenset({"EUR"})), gold)
    assert not ev._hit(ev.Span(6, 9, 75.0, frozenset({"USD"})), gold)


def test_cli_command_writes_json(tmp_path: Path) -> None:
    (tmp_path / "english.json").write_text(json.dumps(SPECS), encoding="utf-8")
    app = typer.Typer()
    ev.register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps typer from collapsing the app into one command
        pass

    out = tmp_path / "out" / "money.json"
    result = CliRunner().invoke(app, ["money", "--data", str(tmp_path), "--out", str(out), "--no-baseline"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["languages"]["en"]["civicatlas"]["tp"] == 4


def test_shared_specs_run(shared: Path, tmp_path: Path) -> None:
    data = shared / "eval" / "money"
    if not data.is_dir():
        pytest.skip("no money specs in ../shared")
    one = tmp_path / "specs"
    one.mkdir()
    (one / "german.json").write_bytes((data / "german.json").read_bytes())
    report = ev.evaluate(one, baseline=False, repeats=1)
    assert report["languages"]["de"]["gold"] > 0
    assert 0.0 <= report["languages"]["de"]["civicatlas"]["f1"] <= 1.0


def test_a_range_is_scored_as_the_amounts_the_specs_tag() -> None:
    spans = ev.civicatlas_predict("between €5m and €10m", "en")
    assert [(s.start, s.end, s.value) for s in spans] == [(8, 11, 5e6), (16, 20, 1e7)]
    (upper,) = ev.civicatlas_predict("10–15 miljoner kronor", "sv")  # the lower bound has no currency of its own
    assert (upper.start, upper.value) == (3, 15e6)
