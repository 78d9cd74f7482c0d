"""Evaluation against the gold data in ../shared/eval (see docs/EVALUATION.md).

Each module here adds its own `civicatlas eval NAME` command through `register(app)`, so the CLI stays
thin and one evaluation never imports another's heavy dependencies.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import typer

# ../shared beside the checkout: gold data that is not part of the project.
SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def register_all(app: typer.Typer) -> None:
    for mod in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{mod.name}")
        if hasattr(module, "register"):
            module.register(app)
