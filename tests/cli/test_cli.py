"""CLI conventions shared by every command."""

from __future__ import annotations

import os
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


def _light_leaflet(root: Path, *args: str, **run) -> subprocess.CompletedProcess:
    """`leaflet ARGS` in a fresh interpreter where the `[mt]` libraries cannot be imported."""
    code = ("import sys\nsys.path.insert(0, sys.argv.pop(1))\nfrom light_imports import BlockExtras\n"
            "sys.meta_path.insert(0, BlockExtras())\nfrom workflow.cli import main\nmain(prog_name='leaflet')")
    tests = str(Path(__file__).resolve().parents[1])
    return subprocess.run([sys.executable, "-c", code, tests, "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120, **run)


def test_models_list_without_the_mt_extra(project: Path, tmp_path: Path):
    result = _light_leaflet(project, "models", "list",
                            env={**os.environ, "LEAFLET_MODELS_DIR": str(tmp_path / "models")})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "available: Argos Translate is not installed (the [mt] extra)" in result.stdout.splitlines()


def _leaflet_into(stdout: int, root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workflow.cli", "--root", str(root), *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120)


def test_a_closed_pipe_ends_quietly(project: Path):
    """The reader left before leaflet wrote (as `head` does): no message, the exit status of SIGPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = _leaflet_into(write_end, project, "update")
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")
    assert (project / "locales" / "hi" / "LC_MESSAGES" / "site.po").exists()


def test_head_takes_the_first_line_quietly(project: Path):
    """`leaflet status | head -1` through a real shell pipe: the first line, no error, no traceback."""
    pipeline = f"{sys.executable} -m workflow.cli --root {project} status --all | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", pipeline], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert result.stdout.split() [:2] == ["lang", "domain"]
    assert result.stderr == ""
    assert result.returncode in (0, 141)
