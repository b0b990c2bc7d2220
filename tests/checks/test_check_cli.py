"""`leaflet check` on a small project: exit codes, output formats, thresholds, stale catalogs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import run_cli, unterminate_a_msgstr

from workflow import catalogs

from workflow.catalogs import extract
from workflow.catalogs import merge
from workflow.checks.gate import run_check
from workflow.base.errors import InputError

DATA = Path(__file__).parent.parent / "data" / "check"
LANGS = ["hi", "mr", "ur"]
HI = "locales/hi/LC_MESSAGES/spine-care.po"

NULLABLE_STR = {"type": ["string", "null"]}
SCHEMA = {
    "type": "object",
    "required": ["summary", "catalogs", "problems"],
    "additionalProperties": False,
    "properties": {
        "summary": {"type": "object"},
        "catalogs": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["lang", "domain", "path", "total", "translated", "fuzzy", "untranslated", "obsolete"],
            "properties": {
                "lang": {"type": "string"}, "domain": {"type": "string"}, "path": {"type": "string"},
                **{k: {"type": "integer", "minimum": 0}
                   for k in ("total", "translated", "fuzzy", "untranslated", "obsolete")}}}},
        "problems": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["lang", "domain", "path", "line", "msgid_line", "msgid", "check", "severity",
                         "message"],
            "properties": {
                "lang": NULLABLE_STR, "domain": {"type": "string"}, "path": {"type": "string"},
                "line": {"type": ["integer", "null"], "minimum": 1},
                "msgid_line": {"type": ["integer", "null"], "minimum": 1}, "msgid": NULLABLE_STR,
                "check": {"type": "string"}, "severity": {"enum": ["error", "warning"]},
                "message": {"type": "string", "minLength": 1}}}},
    },
}


@pytest.fixture
def checked(tmp_path: Path) -> Path:
    """The check fixture project with fresh templates and site catalogs (interface strings vary)."""
    root = tmp_path / "project"
    shutil.copytree(DATA.parent.parent / "projects" / "check", root)
    extract.run(root)
    merge.update_catalogs(root, LANGS)
    return root


def msgid_line(path: Path, msgid: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if line == f'msgid "{msgid}"')


def msgstr_line(path: Path, msgid: str) -> int:
    """The line problems are reported on: the entry's msgstr, which the translator edits."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = msgid_line(path, msgid)
    return next(i for i, line in enumerate(lines[start - 1:], start=start) if line.startswith("msgstr"))


def replace_msgstr(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_clean_languages_exit_0(checked: Path):
    result = run_cli(checked, "check", "--lang", "hi", "--lang", "mr")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("no problems in 4 catalogs")


def test_coverage_threshold_per_language_from_site_toml(checked: Path):
    result = run_cli(checked, "check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    coverage = {(p["lang"], p["domain"]) for p in problems if p["check"] == "coverage"}
    assert coverage == {("ur", "spine-care"), ("ur", "site")}  # ur needs 90%, the others 0%
    assert {p["check"] for p in problems} == {"coverage"}


def test_min_coverage_option_overrides_site_toml(checked: Path):
    result = run_cli(checked, "check", "--lang", "hi", "--min-coverage", "50")
    assert result.exit_code == 1
    assert "[coverage]" in result.output and "locales/hi/LC_MESSAGES/site.po" in result.output
    assert "spine-care.po" not in result.output  # 100% translated
    assert run_cli(checked, "check", "--lang", "ur", "--min-coverage", "0").exit_code == 0


def test_a_defect_in_every_format(checked: Path):
    path = checked / HI
    replace_msgstr(path, "लगभग ९०% रोगियों", "लगभग १९% रोगियों")
    line = msgstr_line(path, "About 90% of patients feel less pain within 48 hours.")
    first = msgid_line(path, "About 90% of patients feel less pain within 48 hours.")
    assert line == first + 1

    text = run_cli(checked, "check", "--lang", "hi")
    assert text.exit_code == 1
    assert HI in text.output
    assert re.search(rf"^\s+{line}: error \[numbers\] number 90 is missing", text.output, re.M)

    github = run_cli(checked, "check", "--lang", "hi", "--format", "github")
    assert github.exit_code == 1
    annotations = [l for l in github.output.splitlines() if l.startswith("::")]
    assert annotations == [f"::error file={HI},line={line},title=leaflet check%3A numbers::"
                           "number 90 is missing (the translation has 19 instead) "
                           '(msgid "About 90%25 of patients feel less pain within 48 hours.")']

    as_json = run_cli(checked, "check", "--lang", "hi", "--format", "json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    jsonschema.validate(data, SCHEMA)
    assert [(p["path"], p["line"], p["msgid_line"], p["check"], p["severity"]) for p in data["problems"]] == \
        [(HI, line, first, "numbers", "error")]
    assert data["summary"]["errors"] == 1 and data["summary"]["ok"] is False


def test_json_shape_of_a_clean_run(checked: Path):
    result = run_cli(checked, "check", "--format", "json")
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA)
    hi = next(c for c in data["catalogs"] if c["lang"] == "hi" and c["domain"] == "spine-care")
    assert hi == {"lang": "hi", "domain": "spine-care", "path": HI, "total": 7, "translated": 7,
                  "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    mr = next(c for c in data["catalogs"] if c["lang"] == "mr" and c["domain"] == "spine-care")
    assert (mr["translated"], mr["fuzzy"], mr["untranslated"]) == (5, 1, 1)


def test_warnings_alone_do_not_fail(checked: Path):
    replace_msgstr(checked / HI, "मिलती है।", "मिलती है.")
    result = run_cli(checked, "check", "--lang", "hi")
    assert result.exit_code == 0
    assert "warning [punctuation]" in result.output and "0 errors, 1 warning" in result.output


def test_suppression_flag_in_a_catalog(checked: Path):
    path = checked / HI
    replace_msgstr(path, "लगभग ९०% रोगियों", "लगभग १९% रोगियों")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgid "About 90%', '#, leaflet-ignore:numbers\nmsgid "About 90%')
    path.write_text(text, encoding="utf-8")
    assert run_cli(checked, "check", "--lang", "hi").exit_code == 0


def test_a_misspelt_suppression_flag_is_a_warning_and_silences_nothing(checked: Path):
    path = checked / HI
    replace_msgstr(path, "लगभग ९०% रोगियों", "लगभग १९% रोगियों")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "About 90%', '#, leaflet-ignore:nubmers\nmsgid "About 90%'),
                    encoding="utf-8")
    line = msgstr_line(path, "About 90% of patients feel less pain within 48 hours.")
    result = run_cli(checked, "check", "--lang", "hi", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert [(p["line"], p["check"], p["severity"]) for p in problems] == \
        [(line, "numbers", "error"), (line, "flags", "warning")]


def test_machine_drafts_and_fuzzy_entries_are_not_checked(checked: Path):
    path = checked / "locales/mr/LC_MESSAGES/spine-care.po"
    replace_msgstr(path, "१-२ आठवड्यांत", "३-४ आठवड्यांत")  # a wrong number in a machine draft
    assert run_cli(checked, "check", "--lang", "mr").exit_code == 0


def test_malformed_catalog_exits_2_naming_file_and_line(checked: Path):
    path = checked / HI
    text = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, l in enumerate(text) if l.startswith('msgstr "क्या'))
    text[number] = text[number].rstrip('"')
    path.write_text("\n".join(text), encoding="utf-8")
    result = run_cli(checked, "check")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"leaflet: error: {HI}:{number + 1}: "
                                     "malformed PO string (unterminated or with a stray quote)")


def test_unknown_language_exits_2(checked: Path):
    result = run_cli(checked, "check", "--lang", "xx")
    assert result.exit_code == 2 and "unknown language 'xx'" in result.output


def test_stale_template_after_a_source_edit_then_stale_catalogs(checked: Path):
    article = checked / "source/articles/spine-care.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nKeep your follow-up appointment.\n",
                       encoding="utf-8")
    first = run_check(checked, ["hi"])
    assert [(p.path, p.check, p.msgid) for p in first.problems] == [
        ("locales/templates/spine-care.pot", "stale", "Keep your follow-up appointment.")]
    assert "source/articles/spine-care.md:15" in first.problems[0].message
    assert "leaflet extract" in first.problems[0].message

    extract.run(checked)
    second = run_check(checked, ["hi"])
    assert [(p.path, p.check) for p in second.problems] == [(HI, "stale")]
    assert "leaflet update --lang hi" in second.problems[0].message

    merge.update_catalogs(checked, ["hi"])
    assert run_check(checked, ["hi"]).problems == []


def test_missing_catalog_and_uninitialised_language(checked: Path):
    (checked / HI).unlink()
    shutil.rmtree(checked / "locales/mr")
    result = run_check(checked, ["hi", "mr"])
    assert [(p.lang, p.path, p.check) for p in result.problems] == [
        ("hi", HI, "stale"), ("mr", "locales/mr", "stale")]


def test_a_pool_gives_the_same_result_as_one_process(checked: Path):
    replace_msgstr(checked / HI, "लगभग ९०% रोगियों", "लगभग १९% रोगियों")
    assert run_check(checked, jobs=2) == run_check(checked, jobs=1)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_malformed_catalog_stops_check_in_a_pool_too(checked: Path, jobs: int):
    path = checked / "locales/ur/LC_MESSAGES/spine-care.po"
    line = unterminate_a_msgstr(path)
    with pytest.raises(InputError) as caught:
        run_check(checked, jobs=jobs)
    assert (caught.value.path, caught.value.line) == ("locales/ur/LC_MESSAGES/spine-care.po", line)


def test_check_asks_catalogs_which_languages_are_initialised(checked: Path, monkeypatch):
    monkeypatch.setattr(catalogs, "initialized_languages", lambda root, langs: [l for l in langs if l != "mr"])
    result = run_check(checked, jobs=1)
    assert ("mr", "locales/mr", "stale") in [(p.lang, p.path, p.check) for p in result.problems]
    assert "mr" not in {r.lang for r in result.catalogs}


def test_check_imports_no_machine_translation_or_pdf_library(checked: Path):
    code = ("import sys\nfrom click.testing import CliRunner\nfrom workflow.cli.main import main\n"
            f"r = CliRunner().invoke(main, ['--root', {str(checked)!r}, 'check'])\n"
            "assert r.exit_code in (0, 1), r.output\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('argostranslate', 'torch', 'weasyprint', 'ctranslate2', 'stanza')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_pre_commit_hook_runs_leaflet_check(checked: Path):
    import yaml
    repo = Path(__file__).resolve().parents[2]
    [hook] = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    command, *args = hook["entry"].split()
    script = Path(sys.executable).parent / command
    clean = subprocess.run([str(script), *args, "--lang", "hi"], cwd=checked, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    replace_msgstr(checked / HI, "लगभग ९०% रोगियों", "लगभग १९% रोगियों")
    broken = subprocess.run([str(script), *args, "--lang", "hi"], cwd=checked, capture_output=True, text=True)
    assert broken.returncode == 1 and "[numbers]" in broken.stdout


def test_a_catalog_left_behind_by_a_removed_article_is_a_warning(checked: Path):
    (checked / "source/articles/spine-care.md").unlink()
    extract.run(checked)  # removes the template
    result = run_check(checked, ["hi"])
    assert [(p.path, p.check, p.severity) for p in result.problems] == [(HI, "stale", "warning")]
    assert not result.failed and [r.domain for r in result.catalogs] == ["site"]


def test_github_annotations_name_files_from_the_working_directory(checked: Path, monkeypatch):
    replace_msgstr(checked / HI, "लगभग ९०% रोगियों", "लगभग १९% रोगियों")
    monkeypatch.chdir(checked.parent)
    result = run_cli("project", "check", "--lang", "hi", "--format", "github")
    assert result.exit_code == 1
    assert result.output.startswith(f"::error file=project/{HI},line=")


def test_new_article_without_template_and_template_without_article(checked: Path):
    new = checked / "source/articles/new-article.md"
    new.write_text("---\ntitle: A new article\n---\n\nSome text.\n", encoding="utf-8")
    (checked / "source/articles/spine-care.md").unlink()
    problems = [(p.path, p.check, p.severity) for p in run_check(checked, ["hi"]).problems]
    assert ("source/articles/new-article.md", "stale", "error") in problems
    assert ("locales/templates/spine-care.pot", "stale", "error") in problems
