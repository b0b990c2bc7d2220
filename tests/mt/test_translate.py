"""`leaflet translate` end to end with a real (tiny) Argos package: see mt_fixture.py."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import run_cli
from mt_fixture import REPO, SAMPLE, ArgosHome, entry, po

from workflow import catalogs

from workflow.catalogs import extract
from workflow.catalogs import merge
from workflow.catalogs.markers import no_mt
from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.repository import catalog_path
from polib import POEntry as GettextEntry
from workflow.mt.masking import protect



def edit(root: Path, domain: str, change) -> None:  # noqa: ANN001
    catalog = po(root, domain)
    change(catalog)
    write_catalog(catalog, catalog_path(root, "hi", domain))


def review(catalog: polib.POFile, start: str, msgstr: str) -> None:
    e = entry(catalog, start)
    e.msgstr = msgstr
    if "fuzzy" in e.flags:
        e.flags.remove("fuzzy")


def test_drafts_are_fuzzy_with_provenance_and_keep_markup(mt_project: Path, argos_home: ArgosHome) -> None:
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 0, result.output
    catalog = po(mt_project)
    bold = entry(catalog, "**Immediate")
    assert catalogs.is_machine_draft(bold)
    assert re.fullmatch(r"leaflet-mt: argos en→hi 1\.0 \(unknown\); score (0\.\d\d|1\.00)", catalogs.mt_note(bold))
    assert bold.msgstr == "**Immediate दर्द राहत:** most मरीज़s feel better within 24 hours."  # whole-piece swap
    link = entry(catalog, "See [our")
    assert link.msgstr == ("See [our काइफोप्लास्टी guide](https://cvic.example/kyphoplasty_guide) "
                           "or write to care@cvic.example.")
    assert entry(catalog, "Take 500 mg").msgstr == ("Take 500 mg of paracetamol every 6 hours, and call "
                                                    "0731 4675670 if the दर्द gets worse.")
    assert entry(catalog, "Use `bone_cement`").msgstr == "Use `bone_cement` only as the डॉक्टर says. Keep the wound dry!"
    # Masking the term too would leave 3 of its 6 words masked: the model gets the words.
    assert entry(catalog, "Bone cement sets").msgstr == "Bone सीमेंट sets in 10 minutes."
    assert entry(catalog, "Less after").msgstr == "Less after 2-3 days"
    assert "hi: " in result.output and " drafted" in result.output
    for domain in ("mt-sample", "site"):
        path = catalog_path(mt_project, "hi", domain)
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_a_draft_that_loses_a_number_is_rejected_and_reported(mt_project: Path, argos_home: ArgosHome) -> None:
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 0, result.output
    long_entry = entry(po(mt_project), "a a a")
    assert catalogs.is_untranslated(long_entry)
    # 300 words: the model stops at its length limit before "5 mg", and is not asked again.
    assert "the translation stopped at the model's length limit" in result.output
    assert "5 mg" not in long_entry.msgstr
    assert ", 1 rejected" in result.output
    # The line named is the msgid line in the catalog as written, where check names it too.
    reported = re.search(r"rejected  locales/hi/LC_MESSAGES/mt-sample\.po:(\d+): ", result.output)
    assert reported, result.output
    lines = catalog_path(mt_project, "hi", "mt-sample").read_text(encoding="utf-8").split("\n")
    line = int(reported.group(1))
    assert lines[line - 1].startswith("msgid ")
    assert (lines[line - 1] + lines[line]).replace('"', "").replace("msgid ", "").startswith("a a a")


def test_human_work_is_never_touched(mt_project: Path, argos_home: ArgosHome) -> None:
    def prepare(catalog: polib.POFile) -> None:
        review(catalog, "Pain relief after", "रीढ़ की हड्डी टूटने के बाद दर्द से राहत")
        review(catalog, "Rest for a day", "एक दिन आराम करें।")
        entry(catalog, "Walk a little").flags.append("no-mt")  # the old flag: update makes it a comment
    edit(mt_project, "mt-sample", prepare)
    # A reviewed paragraph whose source then changes becomes fuzzy from update.
    source = mt_project / "source" / "articles" / "mt-sample.md"
    source.write_text(SAMPLE.replace("Rest for a day.", "Rest for a whole day."), encoding="utf-8")
    extract.run(mt_project)
    merge.update_catalogs(mt_project, ["hi"])
    before = po(mt_project)
    human = {e.msgid: str(e) for e in catalogs.active(before) if not catalogs.is_untranslated(e)
             or no_mt(e)}
    assert "# leaflet-no-mt\n" in str(entry(before, "Walk a little"))
    old = entry(before, "Rest for a whole day")
    assert old.fuzzy and old.previous_msgid is not None

    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 0, result.output
    after = po(mt_project)
    assert {e.msgid: str(e) for e in catalogs.active(after) if e.msgid in human} == human
    assert ", 2 skipped" in result.output  # the no-mt entry and the fuzzy one from update
    text = catalog_path(mt_project, "hi", "mt-sample").read_text(encoding="utf-8")
    for block in human.values():
        assert block in text  # byte-identical in the file


def test_a_second_run_changes_nothing(mt_project: Path, argos_home: ArgosHome) -> None:
    assert run_cli(mt_project, "translate", "--lang", "hi").exit_code == 0
    files = sorted((mt_project / "locales" / "hi").rglob("*.po"))
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    again = run_cli(mt_project, "translate", "--lang", "hi")
    assert again.exit_code == 0, again.output
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == snapshot
    assert "hi: 0 drafted, 0 by fallback, 1 rejected, 0 from memory, 0 reused" in again.output
    redraft = run_cli(mt_project, "translate", "--lang", "hi", "--redraft")
    assert redraft.exit_code == 0 and "drafted  " not in redraft.output  # same drafts: nothing written
    assert {p: p.read_bytes() for p in files} == {p: s[0] for p, s in snapshot.items()}


def test_redraft_replaces_only_machine_drafts(mt_project: Path, argos_home: ArgosHome) -> None:
    assert run_cli(mt_project, "translate", "--lang", "hi").exit_code == 0

    def touch(catalog: polib.POFile) -> None:
        entry(catalog, "Rest for a day").msgstr = "stale draft"  # still fuzzy: still a machine draft
        walk = entry(catalog, "Walk a little")
        walk.msgstr = "हर दिन थोड़ा चलें।"
        walk.flags.remove("fuzzy")  # the reviewer accepted an edited draft
    edit(mt_project, "mt-sample", touch)
    result = run_cli(mt_project, "translate", "--lang", "hi", "--redraft")
    assert result.exit_code == 0, result.output
    catalog = po(mt_project)
    assert entry(catalog, "Rest for a day").msgstr == "Rest for a day."
    walk = entry(catalog, "Walk a little")
    assert walk.msgstr == "हर दिन थोड़ा चलें।" and catalogs.is_reviewed(walk)
    assert catalogs.mt_note(walk).startswith("leaflet-mt: argos en→hi 1.0 (unknown); score ")  # stays after review


def test_reviewed_msgid_of_another_catalog_is_reused(mt_project: Path, argos_home: ArgosHome) -> None:
    edit(mt_project, "site", lambda c: review(c, "Indore", "इंदौर"))
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 0, result.output
    reused = entry(po(mt_project), "Indore")
    assert reused.msgstr == "इंदौर" and catalogs.is_machine_draft(reused)
    assert catalogs.mt_note(reused) == "leaflet-mt: reused from site"
    assert ", 1 reused" in result.output


def test_plural_and_python_format_entries(mt_project: Path, argos_home: ArgosHome) -> None:
    def add(catalog: polib.POFile) -> None:
        catalog.append(GettextEntry(msgid="%(count)d patient_file", msgid_plural="%(count)d patient files",
                                    msgstr_plural={0: "", 1: ""}, flags=["python-format"]))
    edit(mt_project, "site", add)
    assert run_cli(mt_project, "translate", "--lang", "hi").exit_code == 0
    plural = entry(po(mt_project, "site"), "%(count)d")
    assert plural.msgstr_plural == {0: "%(count)d मरीज़_file", 1: "%(count)d मरीज़ files"}
    path = catalog_path(mt_project, "hi", "site")
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_no_model_for_an_explicit_language_is_an_error(mt_project: Path, argos_home: ArgosHome) -> None:
    before = catalog_path(mt_project, "mr", "mt-sample").read_bytes()
    result = run_cli(mt_project, "translate", "--lang", "hi", "--lang", "mr")
    assert result.exit_code == 2
    assert "mr (Marathi)" in result.output and "Argos has no model for this language" in result.output
    assert 'mr = { engine = "ctranslate2"' in result.output  # what to do, not a model that does not exist
    assert "--lang mr" not in result.output
    assert catalog_path(mt_project, "mr", "mt-sample").read_bytes() == before
    assert catalogs.is_untranslated(entry(po(mt_project), "Rest for a day"))  # hi not started either


def test_all_skips_languages_without_a_model(mt_project: Path, argos_home: ArgosHome) -> None:
    result = run_cli(mt_project, "translate", "--all")
    assert result.exit_code == 0, result.output
    assert "warning: no translation model installed for en→mr (Marathi)" in result.output
    assert "hi: " in result.output and catalogs.is_machine_draft(entry(po(mt_project), "Rest for a day"))


def test_no_model_at_all(mt_project: Path, empty_argos_home: ArgosHome) -> None:
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 2 and "no translation model installed for en→hi (Hindi)" in result.output


EQUIVALENCE = """
import json, sys
from workflow.mt.argos import load_engine
texts = json.load(open(sys.argv[1], encoding="utf-8"))
ours = load_engine("en", "hi").translate(texts)
from argostranslate import translate
theirs = [translate.translate(t, "en", "hi") for t in texts]
print(json.dumps({"ours": ours, "theirs": theirs}))
"""


def test_batched_output_equals_argostranslate_segment_by_segment(argos_home: ArgosHome, tmp_path: Path) -> None:
    pot = read_catalog(REPO / "locales" / "templates" / "kyphoplasty-vs-vertebroplasty.pot")
    msgids = [e.msgid for e in catalogs.active(pot)][:25]
    texts = msgids + [protect(m).text for m in msgids[:12]] + [
        "", "One. Two! Three? Four", "first paragraph\nsecond one. With two sentences.", "\nleading",
        "trailing\n", "%(user_name)s keeps no underscore", "a  b   c", " spaced ", "हड्डी दर्द. मरीज़ ठीक है।",
    ]
    data = tmp_path / "texts.json"
    data.write_text(json.dumps(texts), encoding="utf-8")
    result = argos_home.run_python(EQUIVALENCE, str(data))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(out["ours"]) == len(texts)
    for text, ours, theirs in zip(texts, out["ours"], out["theirs"]):
        assert ours == theirs, text
    assert any("दर्द" in t for t in out["ours"])  # the model really translated
    assert out["ours"][texts.index("%(user_name)s keeps no underscore")] == "%(user name)s keeps no underscore"


def test_a_language_without_catalogs_stops_the_run_before_any_work(mt_project: Path,
                                                                    argos_home: ArgosHome) -> None:
    result = run_cli(mt_project, "translate", "--lang", "hi", "--lang", "gu")
    assert result.exit_code == 2 and "no catalogs for gu: run `leaflet init --lang gu`" in result.output
    assert catalogs.is_untranslated(entry(po(mt_project), "Rest for a day"))


def test_a_translators_note_on_an_untranslated_entry_is_kept(mt_project: Path, argos_home: ArgosHome) -> None:
    edit(mt_project, "mt-sample", lambda c: setattr(entry(c, "Rest for a day"), "tcomment",
                                                    "Ask Dr Rao about the wording.\n\nKeep it short."))
    assert run_cli(mt_project, "translate", "--lang", "hi").exit_code == 0
    assert entry(po(mt_project), "Rest for a day").tcomment.startswith(
        "Ask Dr Rao about the wording.\n\nKeep it short.\nleaflet-mt: argos en→hi 1.0 (unknown); score ")


def test_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from workflow.cli.translation import _progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress_bar("translating hi") as progress:
        assert progress is not None
        progress(0, 200)
        progress(200, 200)
    assert "translating hi" in terminal.getvalue() and "100%" in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with _progress_bar("translating hi") as progress:
        assert progress is None


def test_a_save_made_while_translating_is_kept_and_named(mt_project: Path, argos_home: ArgosHome,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = catalog_path(mt_project, "hi", "mt-sample")
    saved = catalogs.dumps(po(mt_project)).replace('msgid "Rest for a day."\nmsgstr ""',
                                                   'msgid "Rest for a day."\nmsgstr "एक दिन आराम करें।"')
    assert "एक दिन" in saved

    def translator_saves(path: Path) -> None:  # Poedit's save: a new file renamed over the old
        if path == target and "एक दिन" not in target.read_text(encoding="utf-8"):
            (target.parent / "poedit.tmp").write_text(saved, encoding="utf-8")
            (target.parent / "poedit.tmp").replace(target)

    monkeypatch.setattr(catalogs.pofile, "before_replace", translator_saves)
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith(
        "leaflet: error: locales/hi/LC_MESSAGES/mt-sample.po: changed on disk during translate")
    assert target.read_text(encoding="utf-8") == saved
    monkeypatch.setattr(catalogs.pofile, "before_replace", None)
    assert run_cli(mt_project, "translate", "--lang", "hi").exit_code == 0  # the next run drafts the rest
    assert entry(po(mt_project), "Rest for a day").msgstr == "एक दिन आराम करें।"
    assert catalogs.is_machine_draft(entry(po(mt_project), "Walk a little"))


def test_a_term_given_to_the_model_as_words_is_checked_in_the_draft(mt_project: Path,
                                                                    argos_home: ArgosHome) -> None:
    from workflow.catalogs.glossary import load_glossary
    from workflow.mt.masking import masked_words, protect, protect_for_model

    terms = load_glossary(mt_project, "hi")
    text = "Bone cement sets in 10 minutes."
    assert [(m, w) for _, m, w in masked_words(protect(text, terms))] == [(3, 6)]
    assert [(m, w) for _, m, w in masked_words(protect_for_model(text, terms))] == [(1, 6)]
    long = "**Immediate pain relief:** most patients feel better after bone cement is injected."
    assert protect_for_model(long, terms).text == protect(long, terms).text  # 2 of 12 words: masked
    assert run_cli(mt_project, "translate", "--lang", "hi").exit_code == 0
    result = run_cli(mt_project, "check", "--lang", "hi")
    warned = [line for line in result.output.splitlines() if "machine draft: glossary" in line]
    assert len(warned) == 1 and "'bone cement' should be translated as बोन सीमेंट" in warned[0], result.output
    assert "Bone cement sets in 10 minutes." in warned[0]
