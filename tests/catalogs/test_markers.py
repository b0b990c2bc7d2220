"""leaflet's markers survive the tools translators use: real msgcat, msgmerge, po2xliff/xliff2po.

The old flag forms (`#, no-mt`, `#, leaflet-ignore:numbers`) are what those tools drop; the comment
forms leaflet now reads and writes are what they keep.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import run_cli
from workflow import catalogs
from workflow.catalogs.markers import as_comments, ignored, lost, markers, no_mt
from workflow.catalogs.pofile import read_catalog

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: hi\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
NEW_FORM = HEADER + """\
# leaflet-ignore: numbers
#. paragraph
#: source/articles/x.md:3
msgid "Most people need 1 or 2 sessions."
msgstr "अधिकतर लोगों को एक या दो सत्र चाहिए।"

# leaflet-no-mt
#. centre name
msgid "CVIC"
msgstr ""

# checked with Dr Rao
# leaflet-ignore: identical, length
msgid "MRI"
msgstr "MRI"
"""
OLD_FORM = HEADER + """\
#. paragraph
#, leaflet-ignore:numbers
msgid "Most people need 1 or 2 sessions."
msgstr "अधिकतर लोगों को एक या दो सत्र चाहिए।"

#. centre name
#, no-mt
msgid "CVIC"
msgstr ""

# checked with Dr Rao
#, leaflet-ignore:identical, leaflet-ignore:length
msgid "MRI"
msgstr "MRI"
"""
EXPECTED = {"Most people need 1 or 2 sessions.": {"ignore:numbers"}, "CVIC": {"no-mt"},
            "MRI": {"ignore:identical", "ignore:length"}}
TOOLS = Path(sys.executable).parent


def _markers(path: Path) -> dict[str, set[str]]:
    return {e.msgid: markers(e) for e in polib.pofile(str(path)) if e.msgid}


def _msgcat(source: Path, out: Path) -> None:
    subprocess.run(["msgcat", "-o", str(out), str(source)], check=True)


def _msgmerge(source: Path, out: Path) -> None:
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(source), str(source)], check=True)


def _xliff(source: Path, out: Path) -> None:
    xliff = out.with_suffix(".xlf")
    subprocess.run([str(TOOLS / "po2xliff"), "--progress=none", str(source), str(xliff)], check=True)
    subprocess.run([str(TOOLS / "xliff2po"), "--progress=none", str(xliff), str(out)], check=True)


ROUND_TRIPS = {"msgcat": _msgcat, "msgmerge": _msgmerge, "po2xliff/xliff2po": _xliff}


@pytest.mark.parametrize("tool", sorted(ROUND_TRIPS))
def test_the_comment_form_survives_a_round_trip(tool: str, tmp_path: Path):
    source = tmp_path / "hi.po"
    source.write_text(NEW_FORM, encoding="utf-8")
    assert _markers(source) == EXPECTED
    out = tmp_path / "out.po"
    ROUND_TRIPS[tool](source, out)
    assert _markers(out) == EXPECTED
    back = read_catalog(out)
    assert ignored(back.find("MRI")) == {"identical", "length"} and no_mt(back.find("CVIC"))


@pytest.mark.parametrize("tool", sorted(ROUND_TRIPS))
def test_the_old_flag_form_is_read_and_is_what_the_tools_drop(tool: str, tmp_path: Path):
    source = tmp_path / "hi.po"
    source.write_text(OLD_FORM, encoding="utf-8")
    assert _markers(source) == EXPECTED
    out = tmp_path / "out.po"
    ROUND_TRIPS[tool](source, out)
    assert not any(_markers(out).values())
    assert [(e.msgid, m) for e, m in lost(read_catalog(out), read_catalog(source))] == [
        ("Most people need 1 or 2 sessions.", ["leaflet-ignore: numbers"]),
        ("CVIC", ["leaflet-no-mt"]),
        ("MRI", ["leaflet-ignore: identical", "leaflet-ignore: length"])]


def test_as_comments_rewrites_flags_once_and_keeps_the_translators_words(tmp_path: Path):
    source = tmp_path / "hi.po"
    source.write_text(OLD_FORM, encoding="utf-8")
    catalog = read_catalog(source)
    assert [as_comments(e) for e in catalog] == [True, True, True]
    mri = catalog.find("MRI")
    assert mri.tcomment == "checked with Dr Rao\nleaflet-ignore: identical\nleaflet-ignore: length"
    assert mri.flags == [] and markers(mri) == EXPECTED["MRI"]
    assert not any(as_comments(e) for e in catalog)


def test_update_rewrites_old_flags_as_comments_that_msgcat_keeps(project: Path, tmp_path: Path):
    path = catalogs.catalog_path(project, "hi", "kyphoplasty-vs-vertebroplasty")
    catalog = read_catalog(path)
    technique = catalog.find("Technique")
    technique.flags.append("no-mt")
    technique.flags.append("leaflet-ignore:length")
    catalog.save(str(path))
    assert run_cli(project, "update", "--lang", "hi").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "#, no-mt" not in text and "leaflet-ignore:length" not in text
    assert "# leaflet-ignore: length\n# leaflet-no-mt\n" in text
    again = run_cli(project, "update", "--lang", "hi")
    assert again.exit_code == 0 and "updated" not in again.output
    recat = tmp_path / "recat.po"
    _msgcat(path, recat)
    assert markers(polib.pofile(str(recat)).find("Technique")) == {"no-mt", "ignore:length"}


@pytest.fixture(autouse=True)
def _tools() -> None:
    if not shutil.which("msgcat") or not (TOOLS / "po2xliff").exists():
        pytest.fail("msgcat (gettext) and po2xliff (translate-toolkit) are needed: make test installs them")
