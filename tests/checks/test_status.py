"""`leaflet status`: every language × domain at a glance, with drafts awaiting review."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli, unterminate_a_msgstr

from workflow import catalogs

from workflow.catalogs import extract
from workflow.catalogs import merge
from workflow.checks.status import run_status
from workflow.base.errors import InputError
from workflow.publish.pipeline import publish
from workflow.cli.report import progress_bar

DATA = Path(__file__).parent.parent / "data" / "check"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA.parent.parent / "projects" / "check", root)
    extract.run(root)
    merge.update_catalogs(root, ["hi", "mr", "ur"])
    return root


def test_table_has_every_language_and_domain(project: Path):
    result = run_cli(project, "status")
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split()[:2]) for line in result.output.splitlines()[2:] if line[:2] in ("hi", "mr", "ur")}
    assert {(lang, domain) for lang in ("hi", "mr", "ur") for domain in ("site", "spine-care")} <= rows
    hi = next(l for l in result.output.splitlines() if l.startswith("hi") and "spine-care" in l)
    assert "[####################]" in hi and "100.0%" in hi
    ur = next(l for l in result.output.splitlines() if l.startswith("ur") and "spine-care" in l)
    assert "[#########...........]" in ur and "42.9%" in ur
    verdicts = {l.split()[0]: l for l in result.output.splitlines() if "leaflet publish --all" in l}
    assert "skips it" in verdicts["ur"] and "no edition at min_coverage 90%" in verdicts["ur"]
    assert "publishes 1 edition (spine-care)" in verdicts["mr"]  # threshold 0


def test_machine_drafts_awaiting_review(project: Path):
    reports = {(r.lang, r.domain): r for r in run_status(project).catalogs}
    mr = reports[("mr", "spine-care")]
    assert (mr.total, mr.reviewed, mr.machine_drafts, mr.fuzzy, mr.untranslated) == (7, 5, 1, 1, 1)
    assert progress_bar(mr) == "[##############~~~...]"
    text = run_cli(project, "status", "--lang", "mr").output
    assert "1 machine draft awaiting review" in text


def test_status_json_and_language_selection(project: Path):
    result = run_cli(project, "status", "--lang", "ur", "--format", "json")
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
    result = run_cli(project, "status")
    assert result.exit_code == 2
    assert "locales/hi/LC_MESSAGES/spine-care.po:" in result.stderr


def status_verdicts(root: Path) -> dict[str, bool]:
    result = run_cli(root, "status", "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    return {lang["lang"]: lang["publishable"] for lang in json.loads(result.output)["languages"]}


def test_status_says_what_publish_all_does(project: Path):
    """Where the two used to differ: a catalog of a removed article (publish ignores it), a missing
    catalog (publish counts its template as unreviewed), a language without catalogs (publish
    counts it at 0%, which a threshold of 0 lets through)."""
    site = project / "source/site.toml"
    site.write_text(site.read_text(encoding="utf-8").replace("default = 0", "default = 25")
                    .replace("ur = 90", "ur = 0"), encoding="utf-8")
    hi = project / "locales/hi/LC_MESSAGES"
    shutil.copy(hi / "site.po", hi / "removed-article.po")  # hi: 7 of 27 reviewed, 26%
    (project / "locales/mr/LC_MESSAGES/site.po").unlink()  # mr: 5 of 7 in catalogs, 5 of 27 for publish
    shutil.rmtree(project / "locales/ur")
    verdicts = status_verdicts(project)
    published = publish(project, all_=True)
    assert verdicts == {"hi": False, "mr": False, "ur": True}
    assert {lang for lang, ok in verdicts.items() if ok} | {"en"} == set(published.languages)  # and the source
    assert set(published.skipped) == {"hi", "mr"}
    text = run_cli(project, "status").output
    assert "mr    Marathi: 18.5% reviewed (5 of 27)" in text and "skips it" in text
    assert "ur    Urdu: 0.0% reviewed (0 of 27), no catalogs yet (`leaflet init --lang ur`)" in text


@pytest.mark.parametrize("threshold", [0, 20, 21, 29, 30, 100])
def test_status_and_publish_all_agree_at_every_threshold(project: Path, threshold: int):
    from workflow.publish.pipeline import planned_editions
    site = project / "source/site.toml"
    site.write_text(site.read_text(encoding="utf-8").replace("default = 0", f"default = {threshold}")
                    .replace("ur = 90", f"ur = {threshold}"), encoding="utf-8")
    shutil.copy(project / "locales/hi/LC_MESSAGES/site.po", project / "locales/hi/LC_MESSAGES/gone.po")
    (project / "locales/mr/LC_MESSAGES/site.po").unlink()
    chosen = planned_editions(project, (), True)
    assert {lang for lang, ok in status_verdicts(project).items() if ok} == {l for l, s in chosen.items() if s}


def test_status_asks_catalogs_which_languages_are_initialised(project: Path, monkeypatch):
    monkeypatch.setattr(catalogs, "initialized_languages", lambda root, langs: [l for l in langs if l != "mr"])
    status = run_status(project, jobs=1)
    assert {r.lang for r in status.catalogs} == {"hi", "ur"}
    assert [(s.lang, s.initialized) for s in status.languages] == [("hi", True), ("mr", False), ("ur", True)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_malformed_catalog_stops_status_in_a_pool_too(project: Path, jobs: int):
    path = project / "locales/ur/LC_MESSAGES/spine-care.po"
    line = unterminate_a_msgstr(path)
    with pytest.raises(InputError) as caught:
        run_status(project, jobs=jobs)
    assert (caught.value.path, caught.value.line) == ("locales/ur/LC_MESSAGES/spine-care.po", line)
