"""Publish touches only what is its own: the files its record lists, staging folders and temp
files carrying its marker, an output folder outside the project's inputs, articles under source/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import error_line, run_cli
from test_publish import only_small_article
from workflow.base import files, lock


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}


# ---------------------------------------------------------------- leftovers: only ours

#: Files and folders of a user that happen to look like leftovers of a killed run.
USERS = {".leaflet-archive1/old.pdf": b"%PDF user", ".leaflet-ab12cd34/keep.txt": b"mine",
         ".notes.abcdefgh.tmp": b"mine", "hi/.a.html.zz99yy88.tmp": b"mine",
         ".leaflet-staging-ab12cd34/notes.txt": b"mine, no marker"}


def test_leftovers_are_removed_only_when_they_carry_the_marker(tmp_path: Path) -> None:
    out = tmp_path / "output"
    for rel, data in USERS.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    ours = files.staging_folder(out)
    (ours / "hi__a.pdf").write_bytes(b"%PDF half")
    empty = out / ".leaflet-staging-zz11yy22"  # killed right after mkdtemp, before the marker
    empty.mkdir()
    temp = files.temp_beside(out / "hi" / "a.html")
    with lock.output_lock(out) as held:
        assert held
        removed = files.remove_leftovers(out, staging=True)
    assert sorted(removed) == sorted([ours, empty, temp])
    assert tree(out) == USERS


def test_publish_into_a_users_folder_leaves_the_users_files(project: Path, tmp_path: Path) -> None:
    only_small_article(project)
    out = tmp_path / "mine"
    for rel, data in USERS.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    (out / "hi" / "notes.html").write_bytes(b"mine too")
    (out / "en").mkdir()
    (out / "en" / "other.html").write_bytes(b"a page this tool never wrote")
    for _ in range(2):
        result = run_cli(project, "publish", "--lang", "en", "--output", str(out))
        assert result.exit_code == 0, result.output
    after = tree(out)
    assert {rel: after.get(rel) for rel in USERS} == USERS
    assert after["hi/notes.html"] == b"mine too" and after["en/other.html"] == b"a page this tool never wrote"
    assert "en/back-care.pdf" in after


# ---------------------------------------------------------------- no output among the inputs

@pytest.mark.parametrize("where", ["source", "source/articles", "locales", "locales/hi/LC_MESSAGES", ".",
                                   "link-to-source"])
@pytest.mark.parametrize("command", [("publish", "--lang", "hi"), ("review", "--lang", "hi", "--no-pdf")])
def test_output_into_the_projects_inputs_is_refused(project: Path, where: str, command: tuple[str, ...]) -> None:
    (project / "link-to-source").symlink_to(project / "source")
    before = tree(project)
    line = error_line(run_cli(project, *command, "--output", str(project / where)))
    assert "--output" in line and ("source/" in line or "locales/" in line or "project folder" in line)
    assert tree(project) == before


def test_output_through_a_symlinked_default_folder_is_refused(project: Path) -> None:
    (project / "output").symlink_to(project / "locales")
    before = tree(project)
    error_line(run_cli(project, "publish", "--lang", "hi"))
    assert tree(project) == before


# ---------------------------------------------------------------- articles are files under source/

@pytest.mark.parametrize("command", [("extract",), ("check", "--lang", "hi"), ("publish", "--lang", "en")])
@pytest.mark.parametrize("target", ["outside", "relative", "locales"])
def test_an_article_linked_to_a_file_outside_source_is_refused(project: Path, tmp_path: Path,
                                                               command: tuple[str, ...], target: str) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\n\nNot for publishing.\n", encoding="utf-8")
    inside = project / "locales" / "notes.md"
    inside.write_text(secret.read_text(encoding="utf-8"), encoding="utf-8")
    link = project / "source" / "articles" / "leak.md"
    link.symlink_to({"outside": secret, "relative": Path("../../../secret.md"), "locales": inside}[target])
    before = tree(project)
    line = error_line(run_cli(project, *command))
    assert "source/articles/leak.md" in line and "outside source/" in line
    assert tree(project) == before


# ---------------------------------------------------------------- no write through a link out of the output

@pytest.mark.parametrize("link, to", [("hi", "source/articles"), ("assets", "locales"), ("en", "../elsewhere"),
                                      ("review", "source")])
def test_a_folder_of_the_output_linked_elsewhere_is_refused(project: Path, link: str, to: str) -> None:
    only_small_article(project)
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (project / "output").mkdir()
    (project / "output" / link).symlink_to(project / to if not to.startswith("..") else elsewhere)
    before, outside = tree(project), tree(elsewhere)
    command = ("review", "--lang", "hi", "--no-pdf") if link == "review" else ("publish", "--lang", "hi")
    line = error_line(run_cli(project, *command))
    assert "is a link out of" in line, line
    assert tree(project) == before and tree(elsewhere) == outside
