"""Catalogs: headers, merging like msgmerge, gettext's layout, atomic and lossless writes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import run_cli
from workflow import catalogs
from workflow.catalogs.markers import no_mt
from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.states import is_machine_draft, is_reviewed, is_untranslated

ARTICLE = "kyphoplasty-vs-vertebroplasty"


def ok(root: Path, *args: str) -> str:
    result = run_cli(root, *args)
    assert result.exit_code == 0, result.output
    return result.output


def po_path(root: Path, lang: str = "hi", domain: str = ARTICLE) -> Path:
    return catalogs.catalog_path(root, lang, domain)


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def translate_all(path: Path) -> None:
    """Stand in for a translator: every entry gets a translation, some get comments and markers."""
    po = read_catalog(path)
    for i, entry in enumerate(catalogs.active(po)):
        entry.msgstr = f"HI {entry.msgid}"
        if i % 10 == 0:
            entry.tcomment = f"translator note {i}"
        if i % 10 == 5:
            entry.tcomment = "leaflet-no-mt"
    write_catalog(po, path)


@pytest.fixture
def translated(bare_project: Path) -> Path:
    ok(bare_project, "extract")
    ok(bare_project, "init", "--lang", "hi", "--lang", "mr")
    translate_all(po_path(bare_project))
    return bare_project


@pytest.mark.parametrize("lang, plural, team", [
    ("hi", "nplurals=2; plural=(n > 1);", "Hindi"),
    ("bn", "nplurals=2; plural=(n > 1);", "Bangla"),
    ("mr", "nplurals=2; plural=(n != 1);", "Marathi"),
    ("ur", "nplurals=2; plural=(n != 1);", "Urdu"),
])
def test_init_header(bare_project: Path, lang: str, plural: str, team: str):
    ok(bare_project, "extract")
    ok(bare_project, "init", "--lang", lang)
    for domain in (ARTICLE, "site"):
        path = po_path(bare_project, lang, domain)
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == lang
        assert po.metadata["Plural-Forms"] == plural
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert po.metadata["Language-Team"] == team
        assert all(is_untranslated(e) for e in catalogs.active(po))
        msgfmt_check(path)


def test_init_never_overwrites(translated: Path):
    before = po_path(translated).read_bytes()
    assert "exists" in ok(translated, "init", "--lang", "hi")
    assert po_path(translated).read_bytes() == before


def test_update_without_changes_keeps_bytes(translated: Path):
    before = po_path(translated).read_bytes()
    out = ok(translated, "update")
    assert "unchanged" in out
    assert po_path(translated).read_bytes() == before


def _states(po: polib.POFile) -> dict[str, str]:
    result = {}
    for e in po:
        if e.msgid == "":
            continue
        result[e.msgid] = "obsolete" if e.obsolete else ("fuzzy" if e.fuzzy and e.msgstr else
                                                          "translated" if e.msgstr else "untranslated")
    return result


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "source" / "articles" / f"{ARTICLE}.md"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_round_trip_agrees_with_msgmerge(translated: Path, tmp_path: Path):
    """Edit a paragraph, reorder blocks, delete a table row: every entry's state as msgmerge says."""
    old_po = tmp_path / "old.po"
    shutil.copy(po_path(translated), old_po)
    marked = {e.msgid for e in read_catalog(old_po) if no_mt(e)}
    assert marked
    _edit(translated, "rapid relief of pain.", "rapid relief of back pain.")
    article = translated / "source" / "articles" / f"{ARTICLE}.md"
    text = article.read_text("utf-8")
    first, second = "## Understanding Kyphoplasty\n", "## Understanding Vertebroplasty\n"
    a, b, c = text.index(first), text.index(second), text.index("## Key Differences")
    article.write_text(text[:a] + text[b:c] + text[a:b] + text[c:], "utf-8")  # swap the two sections
    _edit(translated, "| Cost | Generally more expensive due to additional equipment and steps involved "
                      "| Less expensive compared to kyphoplasty |\n", "")
    ok(translated, "extract")
    ok(translated, "update", "--lang", "hi")
    ours = read_catalog(po_path(translated))
    theirs_path = tmp_path / "msgmerge.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(theirs_path), str(old_po),
                    str(catalogs.template_path(translated, ARTICLE))], check=True)
    theirs = polib.pofile(str(theirs_path))
    assert _states(ours) == _states(theirs)
    for mine in ours:
        other = theirs.find(mine.msgid, include_obsolete_entries=True)
        assert mine.msgstr == other.msgstr
        assert mine.previous_msgid == other.previous_msgid
        assert mine.tcomment == other.tcomment
        assert mine.flags == other.flags
        # leaflet's markers are translator comments, which msgmerge keeps as update does.
        if mine.msgid in marked:
            assert no_mt(mine) and no_mt(other)
    edited = ours.find("**Immediate Pain Relief:** One of the most compelling benefits of kyphoplasty is the rapid "
                       "relief of back pain. Patients often experience significant pain reduction within hours "
                       "to days after the procedure.")
    assert edited.fuzzy and edited.previous_msgid is not None and not is_machine_draft(edited)
    assert edited.msgstr.startswith("HI **Immediate Pain Relief:**") and "back pain" not in edited.msgstr
    assert ours.find("Cost", include_obsolete_entries=True).obsolete
    msgfmt_check(po_path(translated))
    # The row comes back: its translation is revived, reviewed, with its comments.
    _edit(translated, "| Risk of Cement Leakage |", "| Cost | Generally more expensive due to additional "
          "equipment and steps involved | Less expensive compared to kyphoplasty |\n| Risk of Cement Leakage |")
    ok(translated, "extract")
    ok(translated, "update")
    revived = read_catalog(po_path(translated)).find("Cost")
    assert revived is not None and not revived.obsolete and is_reviewed(revived)
    assert revived.msgstr == "HI Cost" and revived.occurrences


def test_translations_survive_moves_and_keep_comments_and_flags(translated: Path):
    before = {e.msgid: (e.msgstr, e.tcomment, e.flags) for e in catalogs.active(read_catalog(po_path(translated)))}
    article = translated / "source" / "articles" / f"{ARTICLE}.md"
    article.write_text(article.read_text("utf-8").replace("---\n\n", "---\n\n\n\n\n", 1), "utf-8")
    ok(translated, "extract")
    ok(translated, "update")
    after = read_catalog(po_path(translated))
    assert {e.msgid: (e.msgstr, e.tcomment, e.flags) for e in catalogs.active(after)} == before
    assert after.find("Understanding Kyphoplasty").occurrences == [(f"source/articles/{ARTICLE}.md", "13")]


def test_written_catalogs_read_back_and_need_no_reflow(translated: Path, tmp_path: Path):
    path = po_path(translated)
    po = read_catalog(path)
    po.find("Technique").msgstr = "तकनीक — \"quoted\"\twith tab\nand a newline"
    write_catalog(po, path)
    msgfmt_check(path)
    again = polib.pofile(str(path))
    assert [(e.msgid, e.msgstr, e.obsolete) for e in again] == [(e.msgid, e.msgstr, e.obsolete) for e in po]
    # msgcat (the layout msgmerge and Poedit share) changes nothing: no diff churn.
    recat = tmp_path / "recat.po"
    subprocess.run(["msgcat", "-o", str(recat), str(path)], check=True)
    assert recat.read_text("utf-8") == path.read_text("utf-8")


def test_malformed_catalog_is_reported_and_nothing_written(translated: Path):
    bad = po_path(translated, "mr")
    text = bad.read_text("utf-8").replace('msgid "Technique"', 'msgid "Technique', 1)
    bad.write_text(text, "utf-8")
    line = text.split("\n").index('msgid "Technique') + 1
    hi_before = po_path(translated).read_bytes()
    _edit(translated, "Understanding Kyphoplasty", "Understanding Kyphoplasty Better")
    ok(translated, "extract")
    result = run_cli(translated, "update")
    assert result.exit_code == 2
    assert f"locales/mr/LC_MESSAGES/{ARTICLE}.po:{line}:" in result.output
    assert "Traceback" not in result.output
    assert po_path(translated).read_bytes() == hi_before  # hi was not half-updated either


def test_write_is_atomic(translated: Path, monkeypatch):
    path = po_path(translated)
    before = path.read_bytes()
    po = read_catalog(path)
    po.find("Technique").msgstr = "changed"

    def crash(src, dst):  # the rename never happens: as if the process died just before it
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_catalog(po, path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_entry_states():
    entry = polib.POEntry(msgid="a", msgstr="")
    assert is_untranslated(entry)
    entry.msgstr = "x"
    assert is_reviewed(entry)
    entry.flags = ["fuzzy"]
    assert entry.fuzzy and not is_reviewed(entry) and not is_machine_draft(entry)
    entry.tcomment = "leaflet-mt: argos en→hi 1.9"
    assert is_machine_draft(entry) and not is_reviewed(entry)
    entry.previous_msgid = "b"
    assert entry.fuzzy and entry.previous_msgid is not None and not is_machine_draft(entry)
    entry.flags, entry.previous_msgid = [], None
    assert is_reviewed(entry)  # the provenance comment stays after review
    plural = polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "x", 1: ""})
    assert is_untranslated(plural)


def test_duplicate_message_is_reported_with_its_line(translated: Path):
    path = po_path(translated)
    text = path.read_text("utf-8")
    text += '\nmsgid "Technique"\nmsgstr "again"\n'
    path.write_text(text, "utf-8")
    result = run_cli(translated, "update")
    assert result.exit_code == 2
    assert f"{ARTICLE}.po:{text.count(chr(10)) - 1}: duplicate message 'Technique'" in result.output


def test_not_utf8_catalog(translated: Path):
    path = po_path(translated)
    path.write_bytes(path.read_bytes() + b'\nmsgid "x"\nmsgstr "\xff"\n')
    result = run_cli(translated, "update")
    assert result.exit_code == 2 and "not UTF-8" in result.output and f"{ARTICLE}.po:" in result.output
