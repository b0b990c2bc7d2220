"""A LibreTranslate server that answers badly, started for real on 127.0.0.1 (`libre_fixture`):
control characters in its answers never reach a catalog, and an answer of megabytes is cut off
at a bound, not read for minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from libre_fixture import FakeServers
from mt_fixture import entry, po
from conftest import run_cli

from workflow import catalogs

Answer = Callable[[str], str]
#: 5 MB of Hindi letters: what a broken server answered per string.
BIG = "क" * (5 * 1024 * 1024 // 3)


def configure(root: Path, url: str) -> None:
    site = root / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8")
                    + f'\n[translation]\nhi = {{ engine = "libretranslate", url = "{url}", timeout = 10 }}\n',
                    encoding="utf-8")


def _hindi(q: str) -> str:
    return q.replace("Rest for a day", "एक दिन आराम करें").replace("Walk a little", "थोड़ा चलें")


@pytest.mark.parametrize("poison", ["\x00", "\x1b[2J", "\u2028", "\x08", "\u0301" * 200])
def test_control_characters_in_an_answer_never_reach_the_catalog(mt_project: Path, serve: FakeServers, poison: str) -> None:
    url = serve(lambda q: _hindi(q).replace("आराम", "आ" + poison + "राम"))
    configure(mt_project, url)
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 0, result.output
    catalog = po(mt_project)  # reading refuses any control character: the file is clean
    poisoned = entry(catalog, "Rest for a day")
    assert poisoned.msgstr == "" and not catalogs.is_machine_draft(poisoned)
    assert catalogs.is_machine_draft(entry(catalog, "Walk a little")), result.output
    rejected = [line for line in result.output.splitlines() if line.lstrip().startswith("rejected")]
    assert len(rejected) == 1 and "'Rest for a day.'" in rejected[0], result.output
    assert "the engine returned text with" in rejected[0]


@pytest.mark.parametrize("with_length, answer", [
    (True, lambda q: BIG),           # 5 MB per string, announced
    (False, lambda q: BIG),          # the same, streamed until the connection closes
    (False, lambda q: "x" * (3 * 1024 * 1024) if "Rest" in q else _hindi(q)),  # one string is megabytes
])
def test_an_answer_of_megabytes_is_cut_off_and_refused(mt_project: Path, serve: FakeServers, with_length: bool,
                                                        answer: Answer) -> None:
    url = serve(answer, with_length)
    configure(mt_project, url)
    before = catalogs.catalog_path(mt_project, "hi", "mt-sample").read_bytes()
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"leaflet: error: LibreTranslate server {url} answered more than "), result.output
    assert catalogs.catalog_path(mt_project, "hi", "mt-sample").read_bytes() == before
