from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from civicatlas import train
from civicatlas.encode import get_encoder
from civicatlas.themes import heads

TEXTS = {
    "deliberative": [
        "A citizens' jury deliberated for three days on {x}.",
        "Randomly selected residents discussed {x}.",
    ],
    "protest": ["Thousands marched through the streets against {x}.", "Activists blocked the square to oppose {x}."],
}
TOPICS = ["the new airport", "school closures", "water prices", "a motorway"]


def _cases(path: Path) -> None:
    rows = []
    for label, templates in TEXTS.items():
        for t in templates:
            for x in TOPICS:
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "title_lowercased": "",
                        "description": t.format(x=x),
                        "split": "dev",
                        "method_types": [label],
                        "approaches": ["protest" if label == "protest" else "consultation"],
                    }
                )
    rows.append({"id": 99, "description": "held out", "split": "test", "method_types": ["protest"]})
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")


def test_train_command_writes_heads_and_prototypes(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    _cases(cases)
    app = typer.Typer()
    train.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `themes` a named sub-command
    out = tmp_path / "heads.npz"
    result = CliRunner().invoke(app, ["themes", "--cases", str(cases), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["method_types"]["n"] == 16  # dev rows only
    trained = heads.load(out)
    assert trained is not None and trained.model == report["model"]
    assert (tmp_path / "prototypes.npz").exists()
    head = trained.heads["method_types"]
    vec = get_encoder().encode(["Demonstrators marched against the tax."])
    assert head.predict(vec) == [["protest"]]
