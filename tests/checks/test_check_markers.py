"""`leaflet check` names the markers a catalog lost, against its template and its previous version in git,
after real round trips through msgcat and po2xliff/xliff2po."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib

from conftest import run_cli
from workflow import catalogs
from workflow.catalogs.markers import markers

ARTICLE = "kyphoplasty-vs-vertebroplasty"
TOOLS = Path(sys.executable).parent


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Translator", "-c", "user.email=t@example.invalid", "-C", str(root),
                    *args], check=True, capture_output=True)


def lost_markers(root: Path) -> list[tuple[str, int, str, str]]:
    result = run_cli(root, "check", "--lang", "hi", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [(p["path"], p["line"], p["msgid"], p["severity"])
            for p in json.loads(result.output)["problems"] if p["check"] == "markers"]


def mark(path: Path, msgid: str, *, tcomment: str | None = None, flags: tuple[str, ...] = ()) -> None:
    catalog = polib.pofile(str(path), wrapwidth=79)
    entry = catalog.find(msgid)
    if tcomment is not None:
        entry.tcomment = "\n".join(filter(None, [entry.tcomment, tcomment]))
    entry.flags.extend(flags)
    catalogs.write_catalog(catalog, path)


def msgstr_line(path: Path, msgid: str) -> int:
    catalog = catalogs.read_catalog(path)
    return catalog.msgstr_line(catalog.find(msgid))


def msgcat(path: Path) -> None:
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)


def xliff_round_trip(path: Path, tmp_path: Path) -> None:
    xliff = tmp_path / "hi.xlf"
    subprocess.run([str(TOOLS / "po2xliff"), "--progress=none", str(path), str(xliff)], check=True)
    subprocess.run([str(TOOLS / "xliff2po"), "--progress=none", str(xliff), str(path)], check=True)


def test_flags_msgcat_dropped_are_named_against_the_previous_version(project: Path):
    path = catalogs.catalog_path(project, "hi", ARTICLE)
    shown = path.relative_to(project).as_posix()
    mark(path, "Technique", flags=("no-mt", "leaflet-ignore:length"))
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "catalogs with the old marker flags")
    assert lost_markers(project) == []
    msgcat(path)  # a translator's round trip, not yet committed: compared with HEAD
    line = msgstr_line(path, "Technique")
    assert lost_markers(project) == [(shown, line, "Technique", "warning")]
    message = next(p["message"] for p in json.loads(run_cli(project, "check", "--lang", "hi", "--format",
                   "json").output)["problems"] if p["check"] == "markers")
    assert message.startswith("lost `# leaflet-ignore: length`, `# leaflet-no-mt` that the previous version had")
    git(project, "commit", "-qam", "round trip through msgcat")  # committed: compared with HEAD^
    assert lost_markers(project) == [(shown, line, "Technique", "warning")]
    github = run_cli(project, "check", "--lang", "hi", "--format", "github").output
    assert f"::warning file={shown},line={line},title=leaflet check%3A markers::lost " in github


def test_the_comment_form_survives_msgcat_and_xliff_and_check_stays_quiet(project: Path, tmp_path: Path):
    path = catalogs.catalog_path(project, "hi", ARTICLE)
    mark(path, "Technique", tcomment="leaflet-no-mt\nleaflet-ignore: length")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "catalogs with markers as comments")
    msgcat(path)
    xliff_round_trip(path, tmp_path)
    assert markers(polib.pofile(str(path)).find("Technique")) == {"no-mt", "ignore:length"}
    assert lost_markers(project) == []


def test_an_xliff_round_trip_of_the_old_flags_is_named(project: Path, tmp_path: Path):
    path = catalogs.catalog_path(project, "hi", ARTICLE)
    mark(path, "Cost", flags=("leaflet-ignore:numbers",))
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "old flags")
    xliff_round_trip(path, tmp_path)
    assert [m[2] for m in lost_markers(project)] == ["Cost"]


def test_markers_the_template_carries_are_named_when_the_catalog_lost_them(project: Path):
    template = catalogs.template_path(project, ARTICLE)
    mark(template, "Technique", tcomment=None)
    pot = polib.pofile(str(template), wrapwidth=79)
    pot.find("Technique").comment += "\nleaflet-no-mt"
    catalogs.write_catalog(pot, template)
    path = catalogs.catalog_path(project, "hi", ARTICLE)
    assert lost_markers(project) == [(path.relative_to(project).as_posix(), msgstr_line(path, "Technique"),
                                      "Technique", "warning")]
    assert run_cli(project, "update", "--lang", "hi").exit_code == 0  # the merge brings it back
    assert lost_markers(project) == []


def test_outside_git_there_is_no_previous_version(project: Path):
    path = catalogs.catalog_path(project, "hi", ARTICLE)
    mark(path, "Technique", flags=("no-mt",))
    msgcat(path)
    assert lost_markers(project) == []
