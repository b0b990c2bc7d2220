"""site.toml nested too deep for the TOML parser: one line with the line it happens on."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

DEEP = {
    "array": ("languages = ['hi']\nx = " + "[" * 5000 + "]" * 5000 + "\n", 2),
    "inline-table": ("languages = ['hi']\n\n# a comment with [ and {\nname = \"a [b\"\ny = "
                     + "{a=" * 5000 + "1" + "}" * 5000 + "\n", 5),
    "in-a-table": ("languages = ['hi']\n[centre]\nname = 'X'\nphones = ['1']\n\nz = " + "[" * 5000
                   + "]" * 5000 + "\n", 6),
}


@pytest.mark.parametrize("kind", sorted(DEEP))
@pytest.mark.parametrize("command", [("extract",), ("check",)])
def test_deep_nesting_names_its_line(project: Path, kind: str, command: tuple[str, ...]) -> None:
    text, line = DEEP[kind]
    (project / "source" / "site.toml").write_text(text, encoding="utf-8")
    result = run_cli(project, *command)
    assert result.exit_code == 2, result.output
    assert result.output.strip() == f"leaflet: error: source/site.toml:{line}: malformed TOML: nested too deeply"
