"""`civicatlas eval webpages`: main-content extraction on real web pages, CivicAtlas beside trafilatura.

../shared/eval/webpages holds real pages (gzipped HTML) with, per page, phrases the main content must
contain (`with`) and boilerplate it must not (`without`). A page's CivicAtlas text is all its items
joined, each as a reader sees it: title, then text. A `with` phrase found is a true positive, one missing
a false negative; a `without` phrase found is a false positive; whitespace is normalised on both sides.
`trafilatura.extract` with its default settings is scored in the same run on the same decoded pages.

Also reported: the share of pages taken for listings (these pages are nearly all single articles), the
pages that give no item, and — when the records carry `relevance` (its enricher in `--enrichers`) — the
share of pages that give at least one initiative (null otherwise).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from civicatlas.evaluate import SHARED

DOCS_EVAL = Path(__file__).resolve().parents[3] / "docs" / "eval"
COMMAND = "civicatlas eval webpages --data DIR"
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class Score:
    """Phrase-level precision and recall of one extractor over the pages."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, text: str, with_: Iterable[str], without: Iterable[str]) -> None:
        text = squash(text)
        for phrase in with_:
            if squash(phrase) in text:
                self.tp += 1
            else:
                self.fn += 1
        self.fp += sum(squash(phrase) in text for phrase in without)

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def load_gold(data: Path) -> list[dict[str, Any]]:
    path = data / "gold.jsonl"
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append({"file": str(row["file"]), "with": list(row["with"]), "without": list(row["without"])})
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a gold row ({e})") from None
    return rows


def reader_text(records: list[dict[str, Any]]) -> str:
    """All items of a page as a reader sees them: each title, then its text."""
    return "\n\n".join(f"{r['title']}\n{r['text']}" if r.get("title") else r["text"] for r in records)


def evaluate(data: Path, enrichers: list[str] | None = None) -> dict[str, Any]:
    import trafilatura

    from civicatlas.atlas import make_pipeline
    from civicatlas.parse import parse_document
    from civicatlas.read import read_path

    pipeline = make_pipeline(enrichers) if enrichers else None
    ours, theirs = Score(), Score()
    pages = listings = empty = failed = 0
    initiative_pages = 0
    judged = False  # do the records carry relevance at all?
    shapes: dict[str, int] = {}
    for row in load_gold(data):
        pages += 1
        try:
            doc = read_path(str(data / row["file"]))
            items = parse_document(doc)
            if pipeline is not None:
                pipeline(items)
        except Exception as e:  # a page that cannot be read or parsed scores as empty, and is counted
            typer.echo(f"warning: {row['file']}: {type(e).__name__}: {e}", err=True)
            failed += 1
            ours.add("", row["with"], row["without"])
            theirs.add("", row["with"], row["without"])
            continue
        records = [item.to_record(document=row["file"]) for item in items]
        ours.add(reader_text(records), row["with"], row["without"])
        theirs.add(trafilatura.extract(doc.content) or "", row["with"], row["without"])
        shape = doc.metadata.get("shape", "article")
        shapes[shape] = shapes.get(shape, 0) + 1
        listings += shape != "article"
        empty += not records
        relevance = [r["relevance"] for r in records if isinstance(r.get("relevance"), dict)]
        judged = judged or bool(relevance)
        initiative_pages += any(r.get("initiative") for r in relevance)
    return {
        "command": COMMAND + (f" --enrichers {','.join(enrichers)}" if enrichers else ""),
        "pages": pages,
        "civicatlas": ours.as_dict(),
        "trafilatura": theirs.as_dict(),
        "trafilatura_version": trafilatura.__version__,
        "listing_pages": listings,
        "listing_share": round(listings / pages, 3) if pages else None,
        "shapes": dict(sorted(shapes.items())),
        "pages_without_items": empty,
        "pages_failed": failed,
        "initiative_share": round(initiative_pages / pages, 3) if judged and pages else None,
    }


def markdown(result: dict[str, Any]) -> str:
    ours, theirs = result["civicatlas"], result["trafilatura"]
    share = result["initiative_share"]
    return "\n".join([
        f"`{result['command'].replace('DIR', '../shared/eval/webpages')}` ({result['pages']} pages):",
        "",
        "| extractor | precision | recall | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
        *(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['tp']} | {s['fp']} | {s['fn']} |"
          for name, s in (("CivicAtlas (items joined, titles included)", ours),
                          (f"trafilatura {result['trafilatura_version']} `extract` (defaults)", theirs))),
        "",
        f"Pages taken for listings: {result['listing_pages']} ({100 * result['listing_share']:.1f}%; "
        f"shapes {result['shapes']}); pages without items: {result['pages_without_items']}; "
        f"pages that failed: {result['pages_failed']}; share of pages with an initiative: "
        f"{'null (no relevance in the records)' if share is None else share}.",
    ])


def register(app: typer.Typer) -> None:
    @app.command("webpages")
    def webpages_command(
        data: Annotated[Path | None, typer.Option("--data", help="Folder with gold.jsonl and pages/.")] = None,
        enrichers: Annotated[str | None, typer.Option(
            "--enrichers", help="Run these enrichers on the items (comma-separated), e.g. one that adds relevance.",
        )] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="JSON result (default docs/eval/webpages.json).")
        ] = None,
    ) -> None:
        """Main-content precision/recall on real web pages, CivicAtlas beside trafilatura; listing share."""
        folder = data or SHARED / "eval" / "webpages"
        if not (folder / "gold.jsonl").is_file():
            typer.echo(f"error: no gold.jsonl in {folder}", err=True)
            raise typer.Exit(2)
        names = [n.strip() for n in enrichers.split(",") if n.strip()] if enrichers else None
        try:
            result = evaluate(folder, names)
        except ValueError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from None
        target = out or DOCS_EVAL / "webpages.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        typer.echo(markdown(result))
        typer.echo(f"written to {target}")
