"""A translator's work is never lost, and bad input is one line and exit 2, never a traceback.

The read/write race is made deterministic through `catalogs.before_replace`, which runs right
before a catalog is checked and replaced: that is where an editor's save lands in real life.
Every malformed catalog is run through GNU msgfmt too, so "refused" means what gettext means.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from conftest import error_line, write_article

from workflow import catalogs
from workflow.base import files, lock
from workflow.base.errors import InputError
from workflow.catalogs import plurals
from workflow.catalogs.pofile import read_catalog
from workflow.catalogs.repository import catalog_path
from workflow.cli.main import main

MSGFMT = shutil.which("msgfmt")


def leaflet(root: Path, *args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["--root", str(root), *args])


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` and its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def save_like_an_editor(path: Path, text: str) -> None:
    """What Poedit does: write a new file beside the catalog, then rename it over the catalog."""
    tmp = path.with_name(path.name + "~new")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def translate_first(text: str, msgstr: str) -> str:
    """The catalog text with its first message given a new, reviewed translation."""
    po = polib.pofile(text)
    entry = next(e for e in po if not e.obsolete and not e.msgid_plural)
    entry.msgstr = msgstr
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    return po.__unicode__()


# ---------------------------------------------------------------- a save during update

@pytest.fixture
def changed_sources(project: Path) -> Path:
    """The project with a new paragraph in the article, extracted: `update` has work to do."""
    article = next((project / "source" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\n\nA paragraph added today.\n", encoding="utf-8")
    assert leaflet(project, "extract").exit_code == 0
    return project


def test_a_save_made_while_update_merges_is_merged_not_lost(changed_sources: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = changed_sources
    domain = next((root / "source" / "articles").glob("*.md")).stem
    target = catalog_path(root, "hi", domain)
    saved: list[str] = []

    def translator_saves(path: Path) -> None:
        if path == target and not saved:
            text = translate_first(target.read_text(encoding="utf-8"), "अनुवादक का काम")
            saved.append(text)
            save_like_an_editor(target, text)

    monkeypatch.setattr(catalogs.pofile, "before_replace", translator_saves)
    result = leaflet(root, "update", "--lang", "hi")
    assert result.exit_code == 0, result.output
    assert saved, "the hook never ran: the race was not exercised"
    po = read_catalog(target, root)
    assert any(e.msgstr == "अनुवादक का काम" for e in po), "the translator's save was overwritten"
    assert any(e.msgid == "A paragraph added today." for e in po), "the template was not merged"


def test_a_catalog_that_keeps_changing_stops_update_naming_it(changed_sources: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = changed_sources
    domain = next((root / "source" / "articles").glob("*.md")).stem
    target = catalog_path(root, "hi", domain)
    count = [0]

    def translator_keeps_saving(path: Path) -> None:
        if path == target:
            count[0] += 1
            text = target.read_text(encoding="utf-8")
            save_like_an_editor(target, text + f"\n# save {count[0]}\n")

    monkeypatch.setattr(catalogs.pofile, "before_replace", translator_keeps_saving)
    result = leaflet(root, "update", "--lang", "hi")
    line = error_line(result)
    assert f"locales/hi/LC_MESSAGES/{domain}.po" in line and "changed on disk" in line
    assert target.read_text(encoding="utf-8").endswith(f"# save {count[0]}\n"), "the last save was replaced"


def test_init_does_not_replace_a_catalog_created_meanwhile(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(project / "locales" / "mr")
    target = catalog_path(project, "mr", "site")

    def someone_creates(path: Path) -> None:
        if path == target and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(catalog_path(project, "hi", "site").read_text(encoding="utf-8"), encoding="utf-8")

    monkeypatch.setattr(catalogs.pofile, "before_replace", someone_creates)
    before = catalog_path(project, "hi", "site").read_bytes()
    line = error_line(leaflet(project, "init", "--lang", "mr"))
    assert "locales/mr/LC_MESSAGES/site.po" in line
    assert target.read_bytes() == before


def test_a_second_command_writing_locales_waits_then_stops_with_a_message(
        changed_sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(changed_sources / "locales")
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.0)
    with lock.project_lock(changed_sources):
        for command in (["update", "--lang", "hi"], ["init", "--lang", "hi"], ["extract"]):
            line = error_line(leaflet(changed_sources, *command))
            assert "another leaflet command is writing locales/" in line, command
    assert tree(changed_sources / "locales") == before
    assert leaflet(changed_sources, "update", "--lang", "hi").exit_code == 0  # released: it runs


# ---------------------------------------------------------------- catalogs msgfmt refuses

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Language: hi\\n"\n"Plural-Forms: {forms}\\n"\n\n')
TWO = "nplurals=2; plural=(n > 1);"
PLURAL = 'msgid "One day"\nmsgid_plural "%d days"\n'

MALFORMED = {
    "plural index out of range": (TWO, PLURAL + 'msgstr[0] "एक"\nmsgstr[5] "दिन"\n', 10),
    "plural message with a plain msgstr": (TWO, PLURAL + 'msgstr "दिन"\n', 9),
    "plural forms missing": (TWO, PLURAL + 'msgstr[0] "दिन"\n', 7),
    "msgstr[0] without msgid_plural": (TWO, 'msgid "Day"\nmsgstr[0] "दिन"\n', 8),
    "invalid escape \\q": (TWO, 'msgid "Day"\nmsgstr "दि\\qन"\n', 8),
    "invalid escape in msgid": (TWO, 'msgid "D\\ay\\e"\nmsgstr "दिन"\n', 7),
    "nplurals=banana": ("nplurals=banana; plural=((((;", 'msgid "Day"\nmsgstr "दिन"\n', 5),
    "plural that does not parse": ("nplurals=2; plural=((((;", 'msgid "Day"\nmsgstr "दिन"\n', 5),
    "plural index too large": ("nplurals=2; plural=n+5;", 'msgid "Day"\nmsgstr "दिन"\n', 5),
    "plural index too large for some n": ("nplurals=2; plural=n>500 ? 2 : n!=1;", 'msgid "Day"\nmsgstr "दिन"\n', 5),
    "plural dividing by zero": ("nplurals=2; plural=n%0;", 'msgid "Day"\nmsgstr "दिन"\n', 5),
    "nplurals=0": ("nplurals=0; plural=0;", 'msgid "Day"\nmsgstr "दिन"\n', 5),
}


def msgfmt_accepts(path: Path) -> bool:
    return subprocess.run([MSGFMT, "--check-format", "-c", "-o", os.devnull, str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_catalogs_msgfmt_refuses_are_refused_with_file_and_line(project: Path, case: str) -> None:
    forms, body, line = MALFORMED[case]
    path = catalog_path(project, "hi", "site")
    path.write_text(HEADER.format(forms=forms) + body, encoding="utf-8")
    assert not msgfmt_accepts(path), f"msgfmt accepts {case!r}: the case tests nothing"
    before = tree(project)
    for command in (["update", "--lang", "hi"], ["check", "--lang", "hi"], ["status", "--lang", "hi"]):
        message = error_line(leaflet(project, *command))
        assert message.startswith(f"leaflet: error: locales/hi/LC_MESSAGES/site.po:{line}: "), (command, message)
    assert tree(project) == before


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
def test_what_msgfmt_and_polib_both_read_back_is_accepted_and_kept(project: Path) -> None:
    path = catalog_path(project, "hi", "site")
    path.write_text(HEADER.format(forms=TWO) + 'msgid "Day"\nmsgstr "\\"दिन\\"\\t\\\\q"\n\n'
                    + PLURAL + 'msgstr[0] "एक दिन"\nmsgstr[1] "%d दिन"\n', encoding="utf-8")
    assert msgfmt_accepts(path)
    po = read_catalog(path, project)
    assert po.find("Day").msgstr == '"दिन"\t\\q'
    catalogs.write_catalog(po, path)
    assert read_catalog(path, project).find("Day").msgstr == '"दिन"\t\\q'


def test_escapes_polib_cannot_read_back_are_refused_not_rewritten(project: Path) -> None:
    path = catalog_path(project, "hi", "site")
    for escape in ("\\x41", "\\101", "\\a"):
        path.write_text(HEADER.format(forms=TWO) + f'msgid "Day"\nmsgstr "दिन{escape}"\n', encoding="utf-8")
        with pytest.raises(InputError, match="not supported") as info:
            read_catalog(path, project)
        assert info.value.line == 8


def test_bundled_catalogs_and_every_registered_plural_rule_are_accepted(project: Path) -> None:
    from workflow.base.languages import language
    for path in sorted((project / "locales").rglob("*.po")) + sorted((project / "locales").rglob("*.pot")):
        read_catalog(path, project)
    for code in ("hi", "mr", "gu", "bn", "pa", "ta", "te", "kn", "ml", "or", "ur", "ar", "ru", "pl", "ja"):
        assert plurals.problem(language(code).plural_forms) is None, code


# ---------------------------------------------------------------- sources and site.toml

def test_impossible_dates_are_one_line_naming_the_line(project: Path) -> None:
    for date in ("2026-02-30", "2026-13-01"):
        path = write_article(project, "bad-date", "Body text.", date=date)
        before = tree(project)
        for command in ("extract", "publish"):
            args = [command] + (["--lang", "hi"] if command == "publish" else [])
            line = error_line(leaflet(project, *args))
            assert line.startswith("leaflet: error: source/articles/bad-date.md:3: "), line
        assert tree(project) == before
        path.unlink()


@pytest.mark.parametrize("setting, words", [
    ('languages = ["hi", "xx"]', "'xx', a language code Babel does not know"),
    ('languages = ["qqq"]', "'qqq', a language code Babel does not know"),
    ('source_language = "zz"', "'zz', a language code Babel does not know"),
    ("source_language = 5", "'source_language' must be a language code"),
])
def test_site_languages_babel_does_not_know_are_refused_on_load(project: Path, setting: str, words: str) -> None:
    site = project / "source" / "site.toml"
    text = site.read_text(encoding="utf-8")
    key = setting.split(" =")[0]
    lines = [line for line in text.splitlines() if not line.startswith(f"{key} =")]
    lines.insert(0, setting)
    site.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = tree(project)
    for args in (["extract"], ["publish", "--lang", "hi"], ["update", "--lang", "hi"]):
        line = error_line(leaflet(project, *args))
        assert line.startswith("leaflet: error: source/site.toml:1: ") and words in line, line
    assert tree(project) == before


def test_an_article_that_is_not_a_regular_file_is_refused_not_read(project: Path) -> None:
    link = project / "source" / "articles" / "endless.md"
    link.symlink_to("/dev/zero")
    line = error_line(leaflet(project, "extract"))
    assert "source/articles/endless.md: not a regular file" in line
    link.unlink()
    os.mkfifo(link)
    line = error_line(leaflet(project, "extract"))
    assert "source/articles/endless.md: not a regular file" in line


def test_sources_and_catalogs_above_the_limit_are_refused_naming_it(project: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    big = write_article(project, "big", "word " * 1000)
    monkeypatch.setattr("workflow.source.articles.MAX_SOURCE_BYTES", 1000)
    line = error_line(leaflet(project, "extract"))
    assert line.startswith("leaflet: error: source/articles/big.md: too large: ") and "limit is 1000" in line
    big.unlink()
    monkeypatch.undo()
    monkeypatch.setattr("workflow.catalogs.pofile.MAX_CATALOG_BYTES", 1000)
    line = error_line(leaflet(project, "check", "--lang", "hi"))
    assert line.startswith("leaflet: error: locales/") and "too large" in line and "limit is 1000" in line


def test_a_non_utf8_article_names_line_and_byte(project: Path) -> None:
    path = project / "source" / "articles" / "latin1.md"
    path.write_bytes("---\ntitle: Caf\u00e9\n---\n\nBody.\n".encode("utf-8") + "Na\u00efve\n".encode("latin-1"))
    line = error_line(leaflet(project, "extract"))
    assert line.startswith("leaflet: error: source/articles/latin1.md:6: not UTF-8 (byte "), line


# ---------------------------------------------------------------- writing

def test_a_full_disk_names_the_target_not_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "page.html"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(InputError) as info:
        files.write_atomic(target, b"new")
    assert str(info.value) == f"{target}: cannot write: no space left on device"
    assert target.read_bytes() == b"old" and os.listdir(target.parent) == ["page.html"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_names_the_target(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(InputError) as info:
            files.write_atomic(folder / "page.html", b"new")
        assert str(info.value) == f"{folder / 'page.html'}: cannot write: permission denied"
    finally:
        folder.chmod(0o755)


def test_leftovers_of_a_killed_run_are_removed_and_nothing_else(project: Path) -> None:
    folder = project / "locales" / "hi" / "LC_MESSAGES"
    leftover = folder / ".site.po.k2j3h4g5.leaflet-tmp"
    leftover.write_text("half a catalog", encoding="utf-8")
    kept = [folder / "notes.tmp", folder / ".site.po.bak", folder / ".site.po.tmp", project / "locales" / "x.tmp",
            folder / ".site.po.k2j3h4g5.tmp"]
    for path in kept:
        path.write_text("mine", encoding="utf-8")
    assert leaflet(project, "update", "--lang", "hi").exit_code == 0
    assert not leftover.exists()
    assert all(path.exists() for path in kept)


def test_output_leftovers_are_removed_by_the_next_run_holding_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "output"
    staging = files.staging_folder(out)
    (staging / "hi__a.pdf").write_bytes(b"%PDF")
    (out / "hi").mkdir()
    (out / "hi" / ".a.html.zz99yy88.leaflet-tmp").write_text("<p>", encoding="utf-8")
    (out / "hi" / "a.html").write_text("<p>", encoding="utf-8")
    (out / ".leaflet-notes").mkdir()
    with lock.output_lock(out) as held:
        assert held
        removed = files.remove_leftovers(out, staging=True)
    assert sorted(p.relative_to(out).as_posix() for p in removed) == [staging.name, "hi/.a.html.zz99yy88.leaflet-tmp"]
    assert (out / "hi" / "a.html").exists() and (out / ".leaflet-notes").is_dir()


def test_a_refused_run_leaves_no_lock_file_or_folder_behind(bare_project: Path) -> None:
    error_line(leaflet(bare_project, "update", "--lang", "hi"))  # no templates yet
    assert not (bare_project / "locales").exists()


# ---------------------------------------------------------------- pybabel

def test_pybabel_extract_skips_markdown_that_is_not_an_article(project: Path, tmp_path: Path) -> None:
    (project / "source" / "articles" / "README.md").write_text("# Notes\n\nNot an article.\n", encoding="utf-8")
    (project / "source" / "articles" / "broken.md").write_text("---\ntitle: [\n---\nText.\n", encoding="utf-8")
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[leaflet_markdown: **.md]\n", encoding="utf-8")
    pot = tmp_path / "messages.pot"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", str(mapping),
                           "-o", str(pot), str(project / "source" / "articles")],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "README.md: skipped, not an article" in done.stderr
    assert "broken.md:2: malformed front matter" in done.stderr and "; skipped" in done.stderr
    assert "Kyphoplasty" in pot.read_text(encoding="utf-8")


# ---------------------------------------------------------------- publish with nothing to do

def test_publish_with_nothing_to_rebuild_writes_nothing(project: Path) -> None:
    from conftest import only_small_article
    only_small_article(project)
    assert leaflet(project, "extract").exit_code == 0
    assert leaflet(project, "update", "--lang", "hi").exit_code == 0
    assert leaflet(project, "publish", "--lang", "hi").exit_code == 0
    out = project / "output"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    files.staging_folder(out)  # a killed run's staging folder
    result = leaflet(project, "publish", "--lang", "hi")
    assert result.exit_code == 0, result.output
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert after == before, "an unchanged run replaced files (and so fails on a read-only output)"
    assert not (out / ".leaflet-k2j3h4g5").exists()


def test_control_characters_that_break_catalog_lines_are_refused_in_sources(project: Path) -> None:
    for char in ("\x1e", "\u2028", "\x00"):
        path = write_article(project, "control", f"Rest your back.\n\nCall us{char} today.")
        line = error_line(leaflet(project, "extract"))
        assert line.startswith(f"leaflet: error: source/articles/control.md:6: control character U+{ord(char):04X}")
    path.unlink()
