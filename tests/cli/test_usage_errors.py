"""Usage errors are one line, `leaflet: error: …`, exit 2, as input errors are; `check --format
json` gives its input errors as JSON too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import workflow
from conftest import run_cli, unterminate_a_msgstr
from workflow.catalogs.repository import catalog_path

USAGE = {
    "root-is-a-file": (["--root", "/etc/passwd", "check"], "'--root'"),
    "format-xml": (["check", "--format", "xml"], "'--format'"),
    "jobs-zero": (["check", "--jobs", "0"], "'--jobs'"),
    "jobs-text": (["publish", "--jobs", "many"], "'--jobs'"),
    "unknown-command": (["frobnicate"], "No such command 'frobnicate'"),
    "signoff-without-by": (["signoff", "--lang", "hi", "back-care"], "'--by'"),
    "unknown-option": (["update", "--langs", "hi"], "--langs"),
    "review-without-lang": (["review"], "'--lang'"),
    "min-coverage-range": (["check", "--min-coverage", "120"], "'--min-coverage'"),
}


def leaflet(*args: str) -> subprocess.CompletedProcess:
    """The installed command's behaviour: `python -m workflow.cli` in a child process."""
    env = {**os.environ, "PYTHONPATH": str(Path(workflow.__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "workflow.cli", *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("kind", sorted(USAGE))
def test_a_usage_error_is_one_line_and_exit_2(project: Path, kind: str) -> None:
    args, named = USAGE[kind]
    args = args if args[0] == "--root" else ["--root", str(project), *args]
    done = leaflet(*args)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: ") and named in lines[0], done.stderr
    assert not (project / "output").exists()


def test_help_and_version_still_exit_0(project: Path) -> None:
    assert leaflet("--version").returncode == 0
    shown = leaflet("check", "--help")
    assert shown.returncode == 0 and "--format" in shown.stdout
    bare = leaflet()
    assert bare.returncode == 2 and "Usage:" in bare.stderr


def test_findings_still_exit_1(project: Path) -> None:
    done = leaflet("--root", str(project), "check", "--lang", "hi", "--min-coverage", "100",
                   "--require-signoff")
    assert done.returncode == 1, done.stderr


BROKEN = {
    "unterminated-msgstr": lambda root: unterminate_a_msgstr(catalog_path(root, "hi", "site")),
    "bad-site-toml": lambda root: (root / "source" / "site.toml").write_text("languages = [\n", encoding="utf-8"),
    "bad-glossary": lambda root: (root / "locales" / "hi" / "glossary.csv").write_text(
        "source,target,note\npain\n", encoding="utf-8"),
    "unknown-language": None,
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_check_json_reports_an_input_error_as_json(project: Path, kind: str) -> None:
    args = ["check", "--format", "json"]
    if BROKEN[kind] is None:
        args += ["--lang", "xx"]
    else:
        BROKEN[kind](project)
    result = run_cli(project, *args)
    assert result.exit_code == 2, result.output
    shown = json.loads(result.stdout)
    assert shown["summary"]["ok"] is False and shown["error"]["message"]
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("leaflet: error: ")
    if kind != "unknown-language":
        assert shown["error"]["file"] and shown["error"]["line"], shown
        assert f"{shown['error']['file']}:{shown['error']['line']}:" in result.stderr
