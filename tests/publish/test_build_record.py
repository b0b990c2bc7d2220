"""A damaged build record (`output/.leaflet-build.json`) means "rebuild", said in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from test_publish import only_small_article

DAMAGE = {
    "files-list": lambda r: dict(r, files=[1]),
    "files-value": lambda r: dict(r, files={"en/back-care.html": 1}),
    "coverage-string": lambda r: dict(r, coverage="x"),
    "languages-list": lambda r: dict(r, languages=["en"]),
    "report-counts": lambda r: dict(r, languages={"en": {"report": {"articles": {"back-care": "x"}}}}),
    "report-string": lambda r: dict(r, languages={"en": {"report": "x"}}),
    "published": lambda r: dict(r, languages={"en": {"published": {"en": 3}}}),
    "array": lambda r: [r],
}


@pytest.fixture
def built(project: Path) -> Path:
    only_small_article(project)
    result = run_cli(project, "publish", "--lang", "en")
    assert result.exit_code == 0, result.output
    return project


@pytest.mark.parametrize("kind", [*DAMAGE, "not-json", "nested"])
def test_a_damaged_record_rebuilds_everything_and_says_so(built: Path, kind: str) -> None:
    record = built / "output" / ".leaflet-build.json"
    page = built / "output" / "en" / "back-care.html"
    page.write_text("stale", encoding="utf-8")
    if kind == "not-json":
        record.write_text('{"version": 1, "files": ', encoding="utf-8")
    elif kind == "nested":
        record.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    else:
        record.write_text(json.dumps(DAMAGE[kind](json.loads(record.read_text(encoding="utf-8")))),
                          encoding="utf-8")
    result = run_cli(built, "publish", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    notes = [line for line in result.output.splitlines() if "damaged (" in line]
    assert len(notes) == 1 and "output/.leaflet-build.json" in notes[0] and "rebuilt" in notes[0], result.output
    assert page.read_text(encoding="utf-8") != "stale"
    assert json.loads(record.read_text(encoding="utf-8"))["files"]["en/back-care.html"]
    again = run_cli(built, "publish", "--lang", "en")
    assert again.exit_code == 0 and "damaged (" not in again.output and "0 written" in again.output, again.output
