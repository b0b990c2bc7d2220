"""A glossary that is not UTF-8 is reported with the line of its first bad byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

BAD = {
    "latin-1-row": (b"source,target,note\npain,\xe9,\n", 2),
    "third-row": ("source,target,note\npain,दर्द,\nfever,बुखार,\n".encode() + b"cough,\xff,\n", 4),
    "bom-then-bad-note": (b"\xef\xbb\xbfsource,target,note\nrest,\xe0\xa4,half a character\n", 2),
}


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("command", [("check", "--lang", "hi"), ("review", "--lang", "hi", "--no-pdf")])
def test_a_glossary_that_is_not_utf8_names_its_line(project: Path, kind: str, command: tuple[str, ...]) -> None:
    raw, line = BAD[kind]
    (project / "locales" / "hi" / "glossary.csv").write_bytes(raw)
    result = run_cli(project, *command)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"leaflet: error: locales/hi/glossary.csv:{line}: not UTF-8"), \
        result.output
