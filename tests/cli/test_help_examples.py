"""Every example a command's `--help` shows runs as written on a copy of the bundled project.

Examples that name a file or model the copy does not have end in one `leaflet: error:` line
naming what is missing; none may be refused as a usage error (an option or argument that does
not exist) or end in a traceback.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest

from conftest import run_cli
from workflow.cli import main

#: Examples that need what a test project has not: an MT model, a saved page. They still parse.
NEEDS_MORE = ("translate", "import")


def examples() -> list[tuple[str, list[str]]]:
    """(command, argv) of every example line in every command's help, `&&` chains split."""
    found = []
    ctx = click.Context(main)
    for name, command in sorted(main.commands.items()):
        epilog = command.epilog or ""
        for line in epilog.splitlines():
            line = line.strip()
            if not line.startswith("leaflet "):
                continue
            for part in line.split("&&"):
                argv = shlex.split(part.split(">")[0])[1:]
                found.append((name, argv))
    assert ctx and found
    return found


EXAMPLES = examples()


def test_every_command_shows_examples() -> None:
    shown = {name for name, _ in EXAMPLES}
    missing = sorted(set(main.commands) - shown - {"models"})
    assert not missing, f"commands whose --help shows no example: {missing}"


@pytest.mark.parametrize("name,argv", EXAMPLES, ids=[" ".join(a) for _, a in EXAMPLES])
def test_help_example_runs(name: str, argv: list[str], project: Path, tmp_path: Path) -> None:
    if "--root" in argv:  # the example's own root: this project under that name
        argv[argv.index("--root") + 1] = str(project)
        root = None
    else:
        root = project
    argv = [str(tmp_path / "out") if a == "/tmp/review" else a for a in argv]
    for setup in (["extract"], ["update"]):
        assert run_cli(project, *setup).exit_code == 0
    result = run_cli(root, *argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "Usage:" not in result.output and "No such option" not in result.output, result.output
    if name in NEEDS_MORE:
        assert result.exit_code == 2 and result.output.strip().startswith("leaflet: error:"), result.output
    else:
        assert result.exit_code in (0, 1), result.output
