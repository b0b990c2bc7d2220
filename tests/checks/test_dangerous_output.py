"""What must never reach a page: a digit of another script, a format width a flag re-enabled,
a pile of combining marks, control characters typed as PO escapes, English left in a sentence.
Each is withheld by the gate with a finding (or refused on reading), and the reviewed catalogs
of the bundled project and of the clinic fixture get no new finding."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from conftest import REPO, run_cli
from clinic import CLINIC
from workflow import catalogs
from workflow.catalogs.glossary import load_glossary
from workflow.catalogs.repository import catalog_path
from workflow.checks.findings import check_entry, context_for, is_checked
from workflow.checks.rules import Context
from workflow.editions.shown import usable_translations


def codes(msgid: str, msgstr: str, lang: str = "hi", flags: tuple[str, ...] = ()) -> dict[str, str]:
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags))
    return {f.code: f.message for f in check_entry(entry, Context(lang))}


# ---------------------------------------------------------------- digits of another script

@pytest.mark.parametrize("lang, msgid, msgstr, digit", [
    ("hi", "Take 4 tablets a day.", "दिन में ৪ गोलियाँ लें।", "৪"),          # Bengali four, read as ८ (eight)
    ("hi", "Take 4 tablets a day.", "दिन में ۴ गोलियाँ लें।", "۴"),          # Urdu digits in a Hindi page
    ("hi", "Call within 24 hours.", "२٤ घंटे में फ़ोन करें।", "٤"),          # Arabic-Indic
    ("ur", "Take 4 tablets a day.", "دن میں ४ گولیاں لیں۔", "४"),          # Devanagari in an Urdu page
    ("mr", "Rest for 2 days.", "𝟐 दिवस विश्रांती घ्या.", "𝟐"),              # mathematical bold
    ("ta", "Rest for 2 days.", "੨ நாட்கள் ஓய்வெடுக்கவும்.", "੨"),         # Gurmukhi in Tamil
])
def test_a_digit_of_another_script_is_an_error(lang: str, msgid: str, msgstr: str, digit: str) -> None:
    found = codes(msgid, msgstr, lang)
    assert "digits" in found and repr(digit) in found["digits"], found


@pytest.mark.parametrize("lang, msgid, msgstr", [
    ("hi", "Take 4 tablets a day.", "दिन में ४ गोलियाँ लें।"),
    ("hi", "Take 4 tablets a day.", "दिन में 4 गोलियाँ लें।"),
    ("ur", "Take 4 tablets a day.", "دن میں ۴ گولیاں لیں۔"),
    ("ur", "Take 4 tablets a day.", "دن میں ٤ گولیاں لیں۔"),
    ("bn", "Take 4 tablets a day.", "দিনে ৪টি ট্যাবলেট নিন।"),
])
def test_own_and_ascii_digits_are_fine(lang: str, msgid: str, msgstr: str) -> None:
    assert "digits" not in codes(msgid, msgstr, lang)


# ---------------------------------------------------------------- a flag never lifts a limit

@pytest.mark.parametrize("msgid, msgstr, flags", [
    ("Page %(page)s of %(pages)s", "पृष्ठ %(page)999999999s / %(pages)s", ()),
    ("Page %(page)s of %(pages)s", "पृष्ठ %(page)999999999s / %(pages)s", ("leaflet-ignore:placeholders",)),
    ("Page %(page)s of %(pages)s", "पृष्ठ %(page).999999999s / %(pages)s", ("leaflet-ignore:placeholders",)),
    ("Page {page} of {pages}", "पृष्ठ {page:>999999999} / {pages}", ("leaflet-ignore:placeholders",)),
    ("%s tablets", "%999999999s गोलियाँ", ("python-format", "leaflet-ignore:placeholders")),
])
def test_a_format_width_is_refused_whatever_the_flags(msgid: str, msgstr: str, flags: tuple[str, ...]) -> None:
    found = codes(msgid, msgstr, flags=flags)
    assert "placeholders" in found and "999999999" in found["placeholders"], found


def test_the_flag_still_silences_the_judgement(tmp_path: Path) -> None:
    flags = ("leaflet-ignore:placeholders",)
    assert codes("Page %(page)s of %(pages)s", "पृष्ठ %(page)s", flags=flags) == {}
    assert "placeholders" in codes("Page %(page)s of %(pages)s", "पृष्ठ %(page)s")


def test_publish_withholds_a_widened_placeholder_under_an_ignore_flag(project: Path) -> None:
    path = catalog_path(project, "hi", "site")
    catalog = catalogs.read_catalog(path, project)
    entry = catalog.find("Page %(page)s of %(pages)s")
    entry.msgstr, entry.flags = "पृष्ठ %(page)999999999s / %(pages)s", ["leaflet-ignore:placeholders"]
    catalogs.write_catalog(catalog, path)
    usable = usable_translations(project, "hi", "site")
    assert "Page %(page)s of %(pages)s" not in usable.messages
    assert [(w.msgid, w.code) for w in usable.withheld] == [("Page %(page)s of %(pages)s", "placeholders")]


# ---------------------------------------------------------------- combining marks, control escapes

@pytest.mark.parametrize("pile", ["\u0301" * 100_000, "\u093c\u0941\u0902" * 30_000, "\u094d\u200d" * 50_000])
def test_a_msgstr_piling_up_combining_marks_is_refused_on_its_line(project: Path, pile: str) -> None:
    path = catalog_path(project, "hi", "site")
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and line != 'msgstr ""')
    lines[at] = lines[at][:-1] + pile + '"'
    path.write_text("\n".join(lines), encoding="utf-8")
    for command in (("check", "--lang", "hi"), ("publish", "--lang", "hi")):
        result = run_cli(project, *command)
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"leaflet: error: locales/hi/LC_MESSAGES/site.po:{at + 1}: "), result.output
        assert "combining marks on one letter" in result.output and result.output.count("\n") == 1
    assert not (project / "output").exists()


@pytest.mark.parametrize("escape", ["\\b", "\\f", "\\v"])
def test_control_escapes_in_a_msgstr_are_refused_before_any_page(project: Path, escape: str) -> None:
    path = catalog_path(project, "hi", "site")
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and line != 'msgstr ""')
    lines[at] = lines[at][:-1] + escape + '"'
    path.write_text("\n".join(lines), encoding="utf-8")
    for command in (("check", "--lang", "hi"), ("publish", "--lang", "hi")):
        result = run_cli(project, *command)
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"leaflet: error: locales/hi/LC_MESSAGES/site.po:{at + 1}: escape {escape}")
    assert not (project / "output").exists()


# ---------------------------------------------------------------- a few English words left

@pytest.mark.parametrize("msgid, msgstr, run", [
    ("Keep the wound clean and keep the dressing dry.", "घाव साफ़ और पट्टी सूखा रखें, keep dressing dry।",
     "keep dressing dry"),
    ("Take the tablets with food.", "गोलियाँ with food लें।", "with food"),
    ("Rest for a day, then walk slowly.", "एक दिन आराम करें, then walk धीरे-धीरे।", "then walk"),
    ("Call us if the pain gets worse.", "अगर दर्द gets worse तो हमें फ़ोन करें।", "gets worse"),
    ("Avoid heavy lifting.", "ثقیل وزن avoid heavy lifting۔", "avoid heavy lifting"),
])
def test_a_short_run_of_english_is_an_error(msgid: str, msgstr: str, run: str) -> None:
    lang = "ur" if msgstr.endswith("۔") else "hi"
    found = codes(msgid, msgstr, lang)
    assert "latin" in found and repr(run) in found["latin"], found


@pytest.mark.parametrize("msgid, msgstr", [
    ("Take 500 mg of Paracetamol twice a day.", "दिन में दो बार 500 mg Paracetamol लें।"),
    ("You will have a CT scan or MRI.", "आपका CT scan या MRI होगा।"),
    ("Bone cement is injected.", "बोन सीमेंट (bone cement) डाला जाता है।"),
    ("Take Dolo 650 as needed.", "ज़रूरत हो तो Dolo 650 लें।"),
    ("TACE and mRECIST are explained below.", "TACE और mRECIST नीचे समझाए गए हैं।"),
])
def test_names_units_abbreviations_and_glosses_stay(msgid: str, msgstr: str) -> None:
    assert "latin" not in codes(msgid, msgstr)


@pytest.mark.parametrize("root", [REPO, CLINIC], ids=["bundled", "clinic"])
def test_reviewed_catalogs_get_no_new_finding(root: Path) -> None:
    """The new rules (digits, short English runs, format limits) find nothing in reviewed work."""
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        lang = path.parent.parent.name
        catalog = catalogs.read_catalog(path, root)
        ctx = context_for(lang, catalog, load_glossary(root, lang))
        for entry in catalogs.active(catalog):
            if is_checked(entry):
                found = {f.code: f.message for f in check_entry(entry, ctx)}
                assert "digits" not in found and "latin" not in found, (path, entry.msgid, found)
