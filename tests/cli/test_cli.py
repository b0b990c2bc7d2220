"""CLI conventions shared by every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from conftest import run_cli
from workflow.cli.main import main

HEAVY = ("argostranslate", "torch", "stanza", "ctranslate2", "weasyprint", "markdown_it", "jinja2", "babel")


def test_help_imports_nothing_heavy():
    code = ("import sys\nfrom workflow.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_root_from_environment(project: Path, monkeypatch):
    monkeypatch.setenv("LEAFLET_ROOT", str(project))
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 0, result.output
    assert (project / "locales" / "templates" / "site.pot").exists()


def test_lang_and_all_conventions(project: Path):
    runner = CliRunner()
    both = runner.invoke(main, ["--root", str(project), "init", "--lang", "hi", "--all"])
    assert both.exit_code == 2 and "either --lang or --all" in both.output
    neither = runner.invoke(main, ["--root", str(project), "init"])
    assert neither.exit_code == 2 and "--lang" in neither.output
    unknown_option = runner.invoke(main, ["--root", str(project), "init", "--bogus"])
    assert unknown_option.exit_code == 2


def test_unwritable_output_is_one_line(project: Path, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    result = run_cli(project, "publish", "--lang", "hi", "--output", str(blocker / "out"))
    assert result.exit_code == 2
    assert result.output.startswith("leaflet: error: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_check_and_status_take_all(project: Path):
    for command in ("check", "status"):
        result = run_cli(project, command, "--all")
        assert result.exit_code in (0, 1), result.output
        assert "hi" in result.output and "ur" in result.output
