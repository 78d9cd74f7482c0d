"""README's command table against the real CLI: every command is in it, every command and option has help text,
and each command's Python column is the Atlas method of the same name (the CLI and the API are the same verbs)."""

from __future__ import annotations

import re

import click
import pytest
import typer.main

from civicatlas import Atlas
from civicatlas.cli import app
from tests.conftest import ROOT

COMMAND_ONLY = {"eval", "train"}  # about gold data and models, not a database: no Atlas method


def commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    """Every command and subcommand by its full name ('eval seeds')."""
    found = {}
    for name, command in group.commands.items():
        found[prefix + name] = command
        if isinstance(command, click.Group):
            found.update(commands(command, f"{prefix}{name} "))
    return found


CLI = commands(typer.main.get_command(app))  # type: ignore[arg-type]


def readme_table() -> dict[str, str]:
    """The command table's rows: command (with its subcommand: 'token create') → its Python column."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `civicatlas ([a-z-]+(?: [a-z][a-z-]*)?)[^`]*` \|([^|]*)\|", text, re.MULTILINE))


def test_the_readme_lists_every_command_and_no_other() -> None:
    top = {name for name in CLI if " " not in name}
    assert {name.split()[0] for name in readme_table()} == top
    # the subcommands of a group with an Atlas method each ('token create') have a row each
    assert {name for name in CLI if " " in name and name.split()[0] not in COMMAND_ONLY} <= set(readme_table())


@pytest.mark.parametrize("name", sorted(CLI))
def test_every_command_and_option_has_help(name: str) -> None:
    command = CLI[name]
    assert (command.help or "").strip(), f"`civicatlas {name}` has no help text"
    for param in command.params:
        assert (getattr(param, "help", None) or "").strip(), f"`civicatlas {name}`: {param.name} has no help text"


@pytest.mark.parametrize(("command", "python"), sorted(readme_table().items()), ids=sorted(readme_table()))
def test_each_command_is_the_atlas_method_of_its_name(command: str, python: str) -> None:
    if command.split()[0] in COMMAND_ONLY:
        assert not python.strip()
        return
    verb = command.replace(" ", "_").replace("-", "_")
    assert f"`Atlas(db).{verb}(" in python
    assert callable(getattr(Atlas, verb, None)), f"Atlas has no method {verb} for `civicatlas {command}`"


def test_the_layout_section_names_every_module_and_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("```", 2)[1]
    package = ROOT / "src" / "civicatlas"
    parts = [p.name + "/" for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    parts += [p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    missing = [name for name in sorted(parts) if not re.search(rf"(?<![\w/]){re.escape(name)}", layout)]
    assert missing == []
