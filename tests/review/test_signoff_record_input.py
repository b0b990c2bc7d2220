"""A sign-off record nested too deep for the JSON parser is one line naming it, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

SLUG = "kyphoplasty-vs-vertebroplasty"
NESTED = {
    "arrays": "[" * 100_000 + "]" * 100_000,
    "objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "in-a-field": '{"version": 1, "edition": "hi/' + SLUG + '", "segments": ' + "[" * 100_000 + "]" * 100_000 + "}",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
@pytest.mark.parametrize("command", [("status",), ("check", "--lang", "hi", "--require-signoff")])
def test_a_record_nested_too_deep_is_one_line(project: Path, kind: str, command: tuple[str, ...]) -> None:
    record = project / "locales" / "hi" / "signoff" / f"{SLUG}.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(NESTED[kind], encoding="utf-8")
    result = run_cli(project, *command)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert lines[-1] == f"leaflet: error: locales/hi/signoff/{SLUG}.json: malformed sign-off record: nested too deep", \
        result.output
