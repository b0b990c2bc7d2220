"""`leaflet models list/install` through argostranslate.package, with a package index on 127.0.0.1.

argostranslate reads its directories and ARGOS_PACKAGE_INDEX when it is imported, so the
commands that install run in a fresh process with a private Argos home.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from conftest import run_cli
from mt_fixture import REPO, ArgosHome, new_home



class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def package_index(argos_model: Path, tmp_path: Path) -> Iterator[str]:
    """An Argos package index (index.json + the fixture package) served on 127.0.0.1."""
    served = tmp_path / "index"
    served.mkdir()
    shutil.copy(argos_model, served / argos_model.name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(served)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    (served / "index.json").write_text(json.dumps([{
        "package_version": "1.0", "argos_version": "1.11", "type": "translate",
        "from_code": "en", "from_name": "English", "to_code": "hi", "to_name": "Hindi",
        "links": [url + argos_model.name],
    }]), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def leaflet_process(home: ArgosHome, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workflow.cli", "--root", str(REPO), *args],
                          env=home.env(**env), capture_output=True, text=True, timeout=300)


def test_install_by_language_from_the_package_index(package_index: str, tmp_path: Path) -> None:
    home = new_home(tmp_path / "argos")
    installed = leaflet_process(home, "models", "install", "--lang", "hi", ARGOS_PACKAGE_INDEX=package_index)
    assert installed.returncode == 0, installed.stderr
    assert "installed  en→hi 1.0 (English → Hindi, unknown)" in installed.stdout
    assert (home.packages / "translate-en_hi-1_0" / "model" / "model.bin").is_file()
    assert not any((home.root / "cache").rglob("*.argosmodel"))  # the download is removed

    listed = leaflet_process(home, "models", "list", ARGOS_PACKAGE_INDEX=package_index)
    assert listed.returncode == 0, listed.stderr
    installed_part, available_part = listed.stdout.split("available:")
    assert "en→hi  1.0" in installed_part
    assert "en→hi  1.0      English → Hindi  [unknown]  (installed)" in available_part
    assert "no model for: mr gu bn pa ta te kn ml or ur" in listed.stdout


def test_a_language_missing_from_the_index(package_index: str, tmp_path: Path) -> None:
    home = new_home(tmp_path / "argos")
    result = leaflet_process(home, "models", "install", "--lang", "mr", ARGOS_PACKAGE_INDEX=package_index)
    assert result.returncode == 2
    assert "has no en→mr model" in result.stderr and "Traceback" not in result.stderr
    assert 'mr = { engine = "ctranslate2"' in result.stderr


def test_unreachable_index(tmp_path: Path) -> None:
    home = new_home(tmp_path / "argos")
    listed = leaflet_process(home, "models", "list")
    assert listed.returncode == 0, listed.stderr
    assert "installed:\n  (none)" in listed.stdout
    assert "available: package index unreachable (http://127.0.0.1:9/index.json)" in listed.stdout
    install = leaflet_process(home, "models", "install", "--lang", "hi")
    assert install.returncode == 2
    assert install.stderr.startswith("leaflet: error: the Argos package index is unreachable")
    assert len(install.stderr.strip().splitlines()) == 1


def test_install_from_a_file_then_translate(argos_model: Path, tmp_path: Path) -> None:
    home = new_home(tmp_path / "argos")
    installed = leaflet_process(home, "models", "install", str(argos_model))
    assert installed.returncode == 0, installed.stderr
    assert f"in {home.packages / 'translate-en_hi-1_0'}" in installed.stdout
    project = tmp_path / "project"
    shutil.copytree(REPO / "source", project / "source", ignore=shutil.ignore_patterns("*.md"))
    for step in (["extract"], ["init", "--lang", "hi"], ["translate", "--lang", "hi"]):
        result = subprocess.run([sys.executable, "-m", "workflow.cli", "--root", str(project), *step],
                                env=home.env(), capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    drafted = re.search(r"^hi: (\d+) drafted, 0 by fallback, 0 rejected, 0 from memory, 0 reused, 0 skipped",
                        result.stdout, re.M)
    assert drafted and int(drafted.group(1)) > 0, result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_a_file_that_is_not_a_model(tmp_path: Path, empty_argos_home: ArgosHome) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_text("not a zip", encoding="utf-8")
    result = run_cli(REPO, "models", "install", str(bogus))
    assert result.exit_code == 2 and "not an Argos model" in result.output
    assert not any(empty_argos_home.packages.iterdir())


def test_install_needs_a_language_or_a_file(empty_argos_home: ArgosHome) -> None:
    result = run_cli(REPO, "models", "install")
    assert result.exit_code == 2 and "--lang CODE" in result.output


def test_translate_help_imports_no_machine_translation() -> None:
    code = ("import sys\nfrom workflow.cli.main import main\n"
            "for args in (['translate', '--help'], ['models', '--help']):\n"
            "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
            "import workflow.mt.translate, workflow.mt.masking, workflow.mt.argos, workflow.mt.ctranslate2, workflow.source.translation\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('argostranslate', 'ctranslate2', 'sentencepiece', 'torch', 'stanza', 'minisbd', 'pysbd')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
