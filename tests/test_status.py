"""`leaflet status`: every language × domain at a glance, with drafts awaiting review."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from workflow import catalogs, extract
from workflow.check import run_status
from workflow.cli import main
from workflow.report import progress_bar

DATA = Path(__file__).parent / "data" / "check"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA / "project", root)
    extract.run(root)
    catalogs.update_catalogs(root, ["hi", "mr", "ur"])
    return root


def test_table_has_every_language_and_domain(project: Path):
    result = CliRunner().invoke(main, ["--root", str(project), "status"])
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split()[:2]) for line in result.output.splitlines()[2:] if line[:2] in ("hi", "mr", "ur")}
    assert {(lang, domain) for lang in ("hi", "mr", "ur") for domain in ("site", "spine-care")} <= rows
    hi = next(l for l in result.output.splitlines() if l.startswith("hi") and "spine-care" in l)
    assert "[####################]" in hi and "100.0%" in hi
    ur = next(l for l in result.output.splitlines() if l.startswith("ur") and "spine-care" in l)
    assert "[#########...........]" in ur and "42.9%" in ur
    verdicts = {l.split()[0]: l for l in result.output.splitlines() if "leaflet publish --all" in l}
    assert "skips it" in verdicts["ur"] and "below min_coverage 90%" in verdicts["ur"]
    assert "includes it" in verdicts["mr"]  # threshold 0


def test_machine_drafts_awaiting_review(project: Path):
    reports = {(r.lang, r.domain): r for r in run_status(project)}
    mr = reports[("mr", "spine-care")]
    assert (mr.total, mr.reviewed, mr.machine_drafts, mr.fuzzy, mr.untranslated) == (7, 5, 1, 1, 1)
    assert progress_bar(mr) == "[##############~~~...]"
    text = CliRunner().invoke(main, ["--root", str(project), "status", "--lang", "mr"]).output
    assert "1 machine draft awaiting review" in text


def test_status_json_and_language_selection(project: Path):
    result = CliRunner().invoke(main, ["--root", str(project), "status", "--lang", "ur", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    rows = data["catalogs"]
    assert {r["lang"] for r in rows} == {"ur"}
    article = next(r for r in rows if r["domain"] == "spine-care")
    assert (article["reviewed"], article["total"]) == (3, 7)
    [ur] = data["languages"]
    assert (ur["lang"], ur["threshold"], ur["publishable"]) == ("ur", 90.0, False)


def test_status_reports_a_malformed_catalog(project: Path):
    path = project / "locales/hi/LC_MESSAGES/spine-care.po"
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "status"])
    assert result.exit_code == 2
    assert "locales/hi/LC_MESSAGES/spine-care.po:" in result.stderr
