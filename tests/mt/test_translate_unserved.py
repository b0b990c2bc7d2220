"""`translate` when nothing can serve a language: `--all` with no engine for any language fails
with a message, and without the `[mt]` extra the message names the extra, not a missing model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import workflow
from conftest import run_cli

#: The [mt] extra's modules, made unimportable as on a light install.
EXTRA = ("argostranslate", "ctranslate2", "sentencepiece", "pysbd")
CT2 = '\n[translation]\ndefault = "argos"\nta = { engine = "ctranslate2", model = "no-such-model" }\n'


def light_install(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`leaflet ARGS` in a child process where the `[mt]` extra's modules cannot be imported."""
    code = ("import sys\nfor m in %r: sys.modules[m] = None\nsys.argv = ['leaflet'] + sys.argv[1:]\n"
            "from workflow.cli import main\nmain()\n" % (EXTRA,))
    env = {**os.environ, "PYTHONPATH": str(Path(workflow.__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-c", code, "--root", str(root), *args],
                          capture_output=True, text=True, env=env)


@pytest.mark.parametrize("lang", ["mr", "hi", "ta"])
def test_without_the_extra_the_message_names_it(project: Path, lang: str) -> None:
    with (project / "source" / "site.toml").open("a", encoding="utf-8") as handle:
        handle.write(CT2)
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    done = light_install(project, "translate", "--lang", lang)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: "), done.stderr
    assert "pip install 'leaflet-workflow[mt]'" in lines[0] and "no translation model" not in lines[0]
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before


def test_all_without_the_extra_fails(project: Path) -> None:
    done = light_install(project, "translate", "--all")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: no language could be translated"), lines
    assert "pip install 'leaflet-workflow[mt]'" in lines[0]


@pytest.mark.parametrize("config", ["argos", "ctranslate2", "all-ctranslate2"])
def test_all_with_no_engine_for_any_language_fails(project: Path, empty_argos_home, tmp_path: Path,  # noqa: ANN001
                                                   monkeypatch: pytest.MonkeyPatch, config: str) -> None:
    monkeypatch.setenv("LEAFLET_MODELS_DIR", str(tmp_path / "no-models"))
    site = project / "source" / "site.toml"
    if config == "ctranslate2":
        site.write_text(site.read_text(encoding="utf-8") + CT2, encoding="utf-8")
    elif config == "all-ctranslate2":
        site.write_text(site.read_text(encoding="utf-8")
                        + '\n[translation]\ndefault = { engine = "ctranslate2", model = "nllb-absent" }\n',
                        encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    result = run_cli(project, "translate", "--all")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: no language could be translated"), lines
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before
