"""Web reading throughput on loopback, and memory while streaming a large WARC file.

    python bench/fetch.py [--pages 2000] [--repeats 3] [--workers N] [--warc-mb 1000] [--out bench/results/fetch.json]

- parse:       read + parse the generated pages from disk (the baseline)
- fetch:       fetch the same pages from a loopback server in another process (politeness off: no delay, robots.txt
               read once), then parse in this process
- fetch+workers: the same with parsing in --workers processes (default: what ingest uses, the other cores):
               what `civicatlas ingest URL-LIST` does before enrichment
- warc stream: documents read from a WARC of about --warc-mb MB written from the same pages (warcio), with the
               resident set size sampled as it goes: flat memory means the reader streams
Medians over the repeats, each in a fresh subprocess; ratios against the parse baseline of the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import emit
from ingest import make_corpus


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker(mode: str, corpus: Path, extra: str) -> dict:
    from civicatlas.parse import parse_document
    from civicatlas.read import iter_inputs, read_path

    files = sorted(p for p in iter_inputs([str(corpus)]) if isinstance(p, str))
    if mode == "parse":
        start = time.perf_counter()
        items = sum(len(parse_document(read_path(p))) for p in files)
        return {"pages": len(files), "items": items, "seconds": time.perf_counter() - start}
    if mode.startswith("fetch"):
        from civicatlas.parse.workers import Parsers
        from civicatlas.read import iter_sources
        from civicatlas.read.fetch import Fetcher

        urls, workers = Path(extra.split(",")[0]), int(extra.split(",")[1])
        start = time.perf_counter()
        pages = items = errors = 0
        with Fetcher(allow_private=["127.0.0.1/32"], delay=0.0, per_host=8, workers=8) as f, Parsers(workers) as p:
            for _doc, parsed in p.map(iter_sources([str(urls)], fetcher=f),
                                      lambda doc: doc if hasattr(doc, "content") else None):
                if parsed is None or parsed[2] is not None:
                    errors += 1
                    continue
                pages += 1
                items += len(parsed[1])
        return {"pages": pages, "items": items, "errors": errors, "seconds": time.perf_counter() - start,
                "workers": workers}
    from civicatlas.read.web import archive  # warc

    start, docs, samples = time.perf_counter(), 0, []
    for _doc in archive(Path(extra), 20_000_000):
        docs += 1
        if docs % 2000 == 0:
            samples.append(round(_rss_mb(), 1))
    return {"pages": docs, "seconds": time.perf_counter() - start, "rss_mb_every_2000": samples}


def serve(corpus: Path) -> subprocess.Popen:
    """A plain static server for the corpus in its own process, so that it does not share the fetcher's GIL."""
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ..."
    proc.port = int(line.split(" port ")[1].split()[0])  # type: ignore[attr-defined]
    return proc


def write_warc(corpus: Path, target: Path, megabytes: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [(p.name, p.read_bytes()) for p in sorted(corpus.glob("*.html"))]
    written = 0
    with open(target, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        while f.tell() < megabytes * 1_000_000:
            for name, body in pages:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"https://example.org/{written}/{name}", "response",
                                                              payload=io.BytesIO(body), http_headers=headers))
                written += 1
    return written


def run(mode: str, corpus: Path, extra: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", mode, str(corpus), extra],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, help="parsing processes for fetch+workers (default: ingest's)")
    ap.add_argument("--warc-mb", type=int, default=1000, help="size of the WARC to stream (0: skip)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        mode, corpus, extra = args.worker
        print(json.dumps(worker(mode, Path(corpus), extra)))
        return
    if args.workers is None:
        from civicatlas.parse.workers import default_workers

        args.workers = default_workers()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, args.pages)
        server = serve(corpus)
        try:
            urls = Path(tmp) / "pages.urls"
            urls.write_text("".join(f"http://127.0.0.1:{server.port}/{p.name}\n"  # type: ignore[attr-defined]
                                    for p in sorted(corpus.glob("*.html"))), encoding="utf-8")
            for mode, extra in (("parse", ""), ("fetch", f"{urls},0"), ("fetch+workers", f"{urls},{args.workers}")):
                runs = [run(mode, corpus, extra) for _ in range(args.repeats)]
                secs = statistics.median(r["seconds"] for r in runs)
                results[mode] = {"pages": runs[0]["pages"], "items": runs[0]["items"],
                                 "errors": runs[0].get("errors", 0), "median_seconds": round(secs, 3),
                                 "pages_per_s": round(runs[0]["pages"] / secs, 1),
                                 "runs_seconds": [round(r["seconds"], 3) for r in runs],
                                 **({"workers": runs[0]["workers"]} if "workers" in runs[0] else {})}
        finally:
            server.terminate()
        for mode in ("fetch", "fetch+workers"):
            results[mode]["time_vs_parse"] = round(results[mode]["median_seconds"] / results["parse"]["median_seconds"],
                                                   2)
        if args.warc_mb:
            warc = Path(tmp) / "big.warc.gz"
            written = write_warc(corpus, warc, args.warc_mb)
            r = run("warc", corpus, str(warc))
            samples = r["rss_mb_every_2000"]
            results["warc_stream"] = {"mb": round(warc.stat().st_size / 1e6), "records": written,
                                      "pages": r["pages"], "pages_per_s": round(r["pages"] / r["seconds"], 1),
                                      "rss_mb_first": samples[0] if samples else None,
                                      "rss_mb_last": samples[-1] if samples else None,
                                      "rss_last_vs_first": round(samples[-1] / samples[0], 3) if samples else None,
                                      "rss_mb_every_2000": samples}
    emit({"benchmark": "fetch", "pages": args.pages, "repeats": args.repeats, "python": sys.version.split()[0],
          "results": results}, args.out)


if __name__ == "__main__":
    main()
