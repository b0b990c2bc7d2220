"""`pybabel extract` with the `leaflet_markdown` method skips what leaflet refuses, with one
warning and no traceback; `SOURCE_DATE_EPOCH` that is not a date is one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import workflow
from conftest import run_cli

REFUSED = {
    "raw-html": ("---\ntitle: Raw\n---\n\nText.\n\n<div>raw</div>\n", b""),
    "inline-html": ("---\ntitle: Inline\n---\n\nSome <b>bold</b> text.\n", b""),
    "reference": ("---\ntitle: Ref\n---\n\nSee [the page][1].\n\n[1]: https://example.org\n", b""),
    "latin-1": ("", b"---\ntitle: Caf\xe9\n---\n\nText.\n"),
    "bad-byte-in-body": ("", b"---\ntitle: Body\n---\n\nLine one.\n\nCaf\xff\n"),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_pybabel_skips_a_refused_article_with_one_warning(project: Path, tmp_path: Path, kind: str) -> None:
    text, raw = REFUSED[kind]
    bad = project / "source" / "articles" / f"{kind}.md"
    if raw:
        bad.write_bytes(raw)
    else:
        bad.write_text(text, encoding="utf-8")
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[leaflet_markdown: **.md]\n", encoding="utf-8")
    pot = tmp_path / "messages.pot"
    env = {**os.environ, "PYTHONPATH": str(Path(workflow.__file__).resolve().parents[1])}
    done = subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", str(mapping),
                           "-o", str(pot), str(project / "source" / "articles")],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    warnings = [line for line in done.stderr.splitlines() if f"{kind}.md" in line and "skipped" in line]
    assert len(warnings) == 1, done.stderr
    assert f"{kind}.md:" in warnings[0]
    assert "Kyphoplasty" in pot.read_text(encoding="utf-8")


@pytest.mark.parametrize("epoch", ["abc", "1e9", "99999999999999999999", "-5", "1700000000000000"])
@pytest.mark.parametrize("command", [("extract",), ("review", "--lang", "hi", "--no-pdf")])
def test_source_date_epoch_that_is_not_a_date_is_one_line(project: Path, epoch: str,
                                                           command: tuple[str, ...]) -> None:
    before = sorted(p for p in project.rglob("*"))
    result = run_cli(project, *command, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: SOURCE_DATE_EPOCH="), result.output
    assert sorted(p for p in project.rglob("*")) == before
