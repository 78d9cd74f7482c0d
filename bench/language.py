"""Language identification (enrich/language.py): accuracy on short sentences, speed, memory.

    python bench/language.py [--shared ../shared] [--out bench/results/language.json]

- webpages (dev): sentences of 20–150 characters (up to 3 an item) of the items of ../shared/eval/webpages'
  real pages whose whole text is 400 characters or more, each labelled by the detector on its item's whole text:
  does a sentence alone get the language its item gets?
- tatoeba (measured only, never tuned on): the non-English side of ../shared/eval/tatoeba's sentence pairs,
  labelled by their file's language.
Reports accuracy overall and per language, microseconds a text, and the process's memory after loading the model.
"""

from __future__ import annotations

import argparse
import collections
import re
import time
from pathlib import Path

from _report import emit

TATOEBA = {"dan": "da", "deu": "de", "fin": "fi", "fra": "fr", "ita": "it", "lit": "lt", "nld": "nl", "pol": "pl",
           "slk": "sk", "spa": "es", "swe": "sv", "ukr": "uk"}


def webpage_sentences(pages: Path) -> list[tuple[str, str]]:
    from civicatlas.enrich.language import detect
    from civicatlas.parse import parse_document
    from civicatlas.read import iter_inputs, read_path

    out = []
    for path in (p for p in iter_inputs([str(pages)]) if isinstance(p, str)):
        for item in parse_document(read_path(path)):
            text = " ".join(t for _, t in item.fields())
            label = detect(text)[0] if len(text) >= 400 else None
            if label:
                sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 20 <= len(s.strip()) <= 150]
                out += [(s, label) for s in sentences[:3]]
    return out


def tatoeba_sentences(folder: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(folder.glob("*-eng.*")):
        if path.suffix[1:] in TATOEBA:
            lang = TATOEBA[path.suffix[1:]]
            out += [(s.strip(), lang) for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
    return out


def score(data: list[tuple[str, str]]) -> dict:
    from civicatlas.enrich.language import detect

    per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    start = time.perf_counter()
    found = [detect(text)[0] for text, _ in data]
    seconds = time.perf_counter() - start
    for got, (_, want) in zip(found, data, strict=True):
        per[want][0] += got == want
        per[want][1] += 1
    return {"texts": len(data), "accuracy": round(sum(a for a, _ in per.values()) / max(len(data), 1), 4),
            "us_per_text": round(seconds / max(len(data), 1) * 1e6, 1),
            "by_language": {k: {"texts": n, "accuracy": round(a / n, 4)} for k, (a, n) in sorted(per.items())}}


def rss_mb() -> float:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return round(int(fields["VmRSS"].split()[0]) / 1024, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    from civicatlas.enrich.language import detect

    before = rss_mb()
    detect("Bürgerrat in Leipzig")  # load the model
    result = {"benchmark": "language", "model_mb": round(rss_mb() - before, 1),
              "webpages_dev": score(webpage_sentences(args.shared / "eval" / "webpages" / "pages")),
              "tatoeba_measure_only": score(tatoeba_sentences(args.shared / "eval" / "tatoeba"))}
    emit(result, args.out)


if __name__ == "__main__":
    main()
