"""Parsing in worker processes and on Ray: the same cases as a serial ingest, and a page that breaks the
parser in a worker is one error line while the rest goes on."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.errors import ConfigError
from civicatlas.model import Document
from civicatlas.parse import workers
from civicatlas.parse.workers import Parsers

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
def serial(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    atlas = Atlas(tmp_path_factory.mktemp("serial") / "atlas.db")
    report = atlas.ingest(_inputs(request), workers=0)
    assert report.errors == [] and report.documents > 10
    return _cases(atlas)


def test_two_parsing_processes_store_the_same_cases(serial, request, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)  # every page through the workers
    monkeypatch.setattr(workers, "IN_FLIGHT", 2)  # and a short window, so that results wait for each other
    atlas = Atlas(tmp_path / "atlas.db")
    report = atlas.ingest(_inputs(request), workers=2)
    assert report.errors == []
    assert _cases(atlas) == serial
    again = atlas.ingest(_inputs(request), workers=2)
    assert again.documents == 0 and again.skipped == report.documents


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed")
def test_a_local_two_worker_ray_cluster_stores_the_same_cases(serial, request, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(workers, "INLINE", 0)
    atlas = Atlas(tmp_path / "atlas.db")
    report = atlas.ingest(_inputs(request), workers=2, ray="local")
    assert report.errors == []
    assert _cases(atlas) == serial


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
