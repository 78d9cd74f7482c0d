"""requirements.lock pins every dependency pyproject.toml declares, within its bounds (refresh: bash .ci/lock)."""

from __future__ import annotations

import tomllib

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def _pins() -> dict[str, list[tuple[str, Marker | None]]]:
    pins: dict[str, list[tuple[str, Marker | None]]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            req = Requirement(line)
            (spec,) = req.specifier
            pins.setdefault(canonicalize_name(req.name), []).append((spec.version, req.marker))
    return pins


def test_every_declared_dependency_is_pinned_within_its_bounds() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]
    pins = _pins()
    for req in declared:
        versions = [v for v, marker in pins.get(canonicalize_name(req.name), []) if marker is None or marker.evaluate()]
        assert versions, f"{req.name} is not in requirements.lock: run `bash .ci/lock`"
        assert all(req.specifier.contains(v, prereleases=True) for v in versions), f"{req} vs lock {versions}"
