"""`leaflet translate` against a real LibreTranslate server on 127.0.0.1, serving the tiny Argos packages.

LibreTranslate pins its own dependencies (a fork of argostranslate among them), so it runs
from a virtual environment of its own, created once (about a minute; reused while it exists
under the temporary directory). If it cannot be installed the tests are skipped, saying why.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from mt_fixture import build_argosmodel, entry, new_home, po
from conftest import run_cli

from workflow import catalogs
from workflow.source.markup import signature as markup

VENV = Path(os.environ.get("LEAFLET_LIBRETRANSLATE_VENV", Path(tempfile.gettempdir()) / "leaflet-libretranslate-venv"))


def _venv() -> Path:
    """The server's virtual environment: torch's CPU build first, then libretranslate."""
    exe = VENV / "bin" / "libretranslate"
    if exe.is_file():
        return exe
    steps = [[sys.executable, "-m", "venv", str(VENV)],
             [str(VENV / "bin" / "pip"), "install", "-q", "torch==2.13.0"],
             [str(VENV / "bin" / "pip"), "install", "-q", "libretranslate"]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"LibreTranslate could not be installed ({' '.join(step[-2:])}): "
                        f"{(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return exe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A LibreTranslate server with the en→hi and en→bn fixture packages (it wants two or more)."""
    exe = _venv()
    tmp = tmp_path_factory.mktemp("libretranslate")
    home = new_home(tmp / "argos")
    env = {k: v for k, v in home.env().items() if k != "PYTHONPATH"}
    for to_code, name in (("hi", "Hindi"), ("bn", "Bengali")):
        model = build_argosmodel(tmp / "models", to_code=to_code, to_name=name)
        subprocess.run([str(VENV / "bin" / "python"), "-c", "import sys; from argostranslate import package; "
                        "package.install_from_path(sys.argv[1])", str(model)], env=env, check=True, timeout=300)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp / "server.log").open("w")
    process = subprocess.Popen([str(exe), "--host", "127.0.0.1", "--port", str(port), "--load-only", "en,hi,bn",
                                "--disable-web-ui", "--disable-files-translation"],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url + "/languages", timeout=2) as response:
                    json.loads(response.read())
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("LibreTranslate did not start: " + (tmp / "server.log").read_text()[-2000:])
                time.sleep(1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def configure(root: Path, table: str) -> None:
    site = root / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + "\n[translation]\n" + table + "\n", encoding="utf-8")


def test_drafts_from_a_libretranslate_server(mt_project: Path, server: str) -> None:
    configure(mt_project, f'hi = {{ engine = "libretranslate", url = ["{server}", "{server}/"] }}')
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 0, result.output
    catalog = po(mt_project)
    rest = entry(catalog, "Rest for a day")
    assert rest.msgstr == "Rest for a day." and catalogs.is_machine_draft(rest)
    assert catalogs.mt_note(rest) == f"leaflet-mt: libretranslate en→hi {server} (unknown)"  # no score from a server
    bold = entry(catalog, "**Immediate")
    assert "दर्द राहत" in bold.msgstr and markup(bold.msgstr) == markup(bold.msgid)
    m = re.search(r"^hi: (\d+) drafted, (\d+) by fallback", result.output, re.M)
    assert m and int(m.group(1)) > 10, result.output
    for e in catalogs.active(catalog):
        if catalogs.is_machine_draft(e):
            assert markup(e.msgstr) == markup(e.msgid), e.msgid


def test_a_language_the_server_does_not_offer(mt_project: Path, server: str) -> None:
    configure(mt_project, f'mr = {{ engine = "libretranslate", url = "{server}" }}')
    result = run_cli(mt_project, "translate", "--lang", "mr")
    assert result.exit_code == 2
    assert f"LibreTranslate server {server} does not translate en→mr (it offers bn, en, hi)" in result.output


def test_a_server_that_is_down_is_one_line_naming_it(mt_project: Path) -> None:
    down = f"http://127.0.0.1:{_free_port()}"
    configure(mt_project, f'hi = {{ engine = "libretranslate", url = "{down}", timeout = 2 }}')
    before = catalogs.catalog_path(mt_project, "hi", "mt-sample").read_bytes()
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"leaflet: error: LibreTranslate server {down} is unreachable (")
    assert catalogs.catalog_path(mt_project, "hi", "mt-sample").read_bytes() == before


def test_an_api_key_variable_that_is_not_set(mt_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LT_KEY_FOR_TEST", raising=False)
    configure(mt_project, 'hi = { engine = "libretranslate", url = "http://127.0.0.1:9", api_key_env = "LT_KEY_FOR_TEST" }')
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 2 and "read from $LT_KEY_FOR_TEST, which is not set" in result.output
