"""Per-entry checks on real catalog files: each defect found with its code and line, nothing else."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest

from workflow import catalogs
from workflow.checks.gate import check_catalog
from workflow.checks.status import counts
from workflow.checks.findings import CHECKS, CODES, check_entry
from workflow.checks.rules import Context
from workflow.checks.writing import expected_end
from workflow.catalogs.glossary import parse_glossary

DATA = Path(__file__).parent.parent / "data" / "check"
REPO = Path(__file__).resolve().parents[2]
GLOSSARY = parse_glossary((DATA / "glossary.hi.csv").read_text(encoding="utf-8"))


def expected_defects(path: Path) -> set[tuple[int, str]]:
    """(msgstr line, code) of every entry marked `# expect: <code>`, found by reading the text:
    problems are reported on the msgstr line, the one the translator edits."""
    expected, pending = set(), None
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        m = re.match(r"# expect: (\S+)", line)
        if m:
            pending = m.group(1)
        elif pending and line.startswith("msgstr"):
            expected.add((number, pending))
            pending = None
    return expected


def found(path: Path, lang: str, glossary=()) -> set[tuple[int, str]]:
    catalog = catalogs.read_catalog(path)
    return {(p.line, p.check) for p in check_catalog(catalog, lang, path.stem, path.name, glossary)}


def test_each_defect_is_found_with_its_code_and_line_and_nothing_else():
    path = DATA / "defects.hi.po"
    expected = expected_defects(path)
    assert {code for _, code in expected} == set(CODES), "the fixture needs one defect per check"
    assert found(path, "hi", GLOSSARY) == expected


@pytest.mark.parametrize("lang", ["hi", "mr", "ur"])
def test_clean_catalogs_pass(lang: str):
    path = DATA / f"clean.{lang}.po"
    assert found(path, lang, GLOSSARY if lang == "hi" else ()) == set()


def test_clean_hindi_catalog_exercises_dandas_digits_and_questions():
    text = (DATA / "clean.hi.po").read_text(encoding="utf-8")
    assert "।" in text and "॥" in text and "?" in text
    assert re.search("[०-९]", text)


def entry(msgid: str, msgstr: str, flags: list[str] | None = None) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags or [])


def codes(msgid: str, msgstr: str, lang: str = "hi", flags: list[str] | None = None, **ctx) -> set[str]:
    return {f.code for f in check_entry(entry(msgid, msgstr, flags), Context(lang, **ctx))}


# ---------------------------------------------------------------- punctuation table

@pytest.mark.parametrize("lang,good,bad", [
    ("hi", "यह सुरक्षित है।", "यह सुरक्षित है."),
    ("bn", "এটি নিরাপদ।", "এটি নিরাপদ."),
    ("pa", "ਇਹ ਸੁਰੱਖਿਅਤ ਹੈ।", "ਇਹ ਸੁਰੱਖਿਅਤ ਹੈ."),
    ("or", "ଏହା ସୁରକ୍ଷିତ।", "ଏହା ସୁରକ୍ଷିତ."),
    ("mr", "हे सुरक्षित आहे.", "हे सुरक्षित आहे।"),
    ("gu", "આ સલામત છે.", "આ સલામત છે।"),
    ("ta", "இது பாதுகாப்பானது.", "இது பாதுகாப்பானது।"),
    ("te", "ఇది సురక్షితం.", "ఇది సురక్షితం।"),
    ("kn", "ಇದು ಸುರಕ್ಷಿತ.", "ಇದು ಸುರಕ್ಷಿತ।"),
    ("ml", "ഇത് സുരക്ഷിതമാണ്.", "ഇത് സുരക്ഷിതമാണ്।"),
    ("ur", "یہ محفوظ ہے۔", "یہ محفوظ ہے."),
])
def test_full_stop_by_language(lang: str, good: str, bad: str):
    assert codes("It is safe.", good, lang) == set()
    assert codes("It is safe.", bad, lang) == {"punctuation"}


@pytest.mark.parametrize("lang,good,bad", [
    ("hi", "क्या यह सुरक्षित है?", "क्या यह सुरक्षित है।"),
    ("ur", "کیا یہ محفوظ ہے؟", "کیا یہ محفوظ ہے?"),
    ("ta", "இது பாதுகாப்பானதா?", "இது பாதுகாப்பானதா."),
])
def test_question_mark_by_language(lang: str, good: str, bad: str):
    assert codes("Is it safe?", good, lang) == set()
    assert codes("Is it safe?", bad, lang) == {"punctuation"}


def test_a_correct_danda_is_never_flagged():
    for lang in ("hi", "bn", "pa", "or"):
        assert "।" in expected_end(lang, ".")
    assert codes("Rest. Then walk.", "आराम करें। फिर चलें।") == set()
    assert codes("Rest.", "आराम करें॥") == set()
    assert codes("**Rest.**", "**आराम करें।**") == set()


def test_punctuation_added_where_the_source_has_none():
    assert codes("Procedure overview", "प्रक्रिया का अवलोकन।") == {"punctuation"}
    assert codes("Procedure overview", "प्रक्रिया का अवलोकन") == set()


# ---------------------------------------------------------------- numbers in every digit system

DIGIT_ZERO = {"Devanagari": 0x0966, "Bengali": 0x09E6, "Gurmukhi": 0x0A66, "Gujarati": 0x0AE6,
              "Odia": 0x0B66, "Tamil": 0x0BE6, "Telugu": 0x0C66, "Kannada": 0x0CE6, "Malayalam": 0x0D66,
              "Arabic-Indic": 0x0660, "Extended Arabic-Indic": 0x06F0}


def native(number: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in number)


@pytest.mark.parametrize("system", sorted(DIGIT_ZERO))
def test_native_digits_count_as_the_same_number(system: str):
    zero = DIGIT_ZERO[system]
    source = "About 90% feel better within 48 hours; 1.5 ml of cement."
    good = f"लगभग {native('90', zero)}% लोग {native('48', zero)} घंटे में, {native('1.5', zero)} ml सीमेंट।"
    bad = f"लगभग {native('19', zero)}% लोग {native('48', zero)} घंटे में, {native('1.5', zero)} ml सीमेंट।"
    # the same number whatever the digits; a Hindi page takes only its own and ASCII ones
    foreign = set() if system == "Devanagari" else {"digits"}
    assert codes(source, good) == foreign
    assert codes(source, bad) == {"numbers"} | foreign


def test_numbers_grouping_and_ranges():
    assert codes("It costs 100,000 rupees.", "इसकी लागत 1,00,000 रुपये है।") == set()
    assert codes("Rest for 1-2 weeks.", "१–२ सप्ताह आराम करें।") == set()
    assert codes("Rest for 1-2 weeks.", "१–३ सप्ताह आराम करें।") == {"numbers"}


def test_phone_in_native_digits_passes_and_is_not_a_number_problem():
    assert codes("Call +91 9827760073.", "+९१ ९८२७७ ६००७३ पर कॉल करें।") == set()
    assert codes("Call +91 9827760073.", "+91 9827760037 पर कॉल करें।") == {"phones"}


# ---------------------------------------------------------------- script

def test_script_latin_and_wrong_indic_script():
    assert codes("The cement hardens.", "The cement hardens.।") == {"script"}
    assert codes("The cement hardens.", "The cement hardens quickly।") == {"script", "latin"}
    assert codes("The cement hardens.", "সিমেন্ট শক্ত হয়।") == {"script"}
    assert codes("The cement hardens.", "સિમેન્ટ સખત થાય છે।") == {"script"}
    assert "script" in codes("The cement hardens.", "سیمنٹ سخت ہو جاتا ہے۔", "hi")
    assert codes("The cement hardens.", "सिमेंट सख्त हो जाता है।") == set()


def test_script_ignores_markup_addresses_and_latin_glossary_forms():
    source = "An MRI scan: see [the guide](https://www.example.org/mri-guide-for-patients) now."
    target = "MRI स्कैन: [गाइड](https://www.example.org/mri-guide-for-patients) अभी देखें।"
    glossary = tuple(parse_glossary("source,target,note\nMRI,MRI|एमआरआई,\n"))
    assert codes(source, target, glossary=glossary) == set()
    assert codes("Use `PMMA_CEMENT_TYPE_B` cement.", "`PMMA_CEMENT_TYPE_B` सीमेंट लें।") == set()


# ---------------------------------------------------------------- markdown and placeholders

def test_markdown_link_code_and_emphasis():
    src = "See [the guide](https://a.example/x) and `code` with _care_."
    assert codes(src, "[गाइड](https://a.example/x) और `code` _ध्यान_ से देखें।") == set()
    assert codes(src, "[गाइड](https://a.example/y) और `code` _ध्यान_ से देखें।") == {"markdown"}
    assert codes(src, "[गाइड](https://a.example/x) और `कोड` _ध्यान_ से देखें।") == {"markdown"}
    assert codes(src, "[गाइड](https://a.example/x) और `code` ध्यान से देखें।") == {"markdown"}
    assert codes("Use snake_case names here.", "यहाँ snake_case वाले नाम ही लिखें।") == set()


def test_placeholders_by_flag():
    assert codes("%(n)s of %(total)s", "%(total)s में से %(n)s") == set()
    assert codes("%(n)s of %(total)s", "%(n)s में से %(totl)s") == {"placeholders"}
    assert codes("{count} files", "{count} फ़ाइलें") == set()
    assert codes("{count} files", "{cnt} फ़ाइलें") == {"placeholders"}
    assert codes("%s of %d", "%s में से %d", flags=["python-format"]) == set()
    assert codes("%s of %d", "%d में से %s", flags=["python-format"]) == {"placeholders"}
    assert codes("%1$s of %2$d", "%2$d में से %1$s", flags=["c-format"]) == set()
    assert codes("90% of people", "९०% लोग") == set()  # no flag: prose, not a format


def test_plural_form_zero_may_drop_the_number_only_when_it_means_exactly_one():
    e = polib.POEntry(msgid="%(num)s article", msgid_plural="%(num)s articles",
                      msgstr_plural={0: "एक लेख", 1: "%(num)s लेख"})
    mr = Context("mr", form0_is_one=True)
    hi = Context("hi", form0_is_one=False)
    assert [f.code for f in check_entry(e, mr)] == []
    assert [f.code for f in check_entry(e, hi)] == ["placeholders"]


# ---------------------------------------------------------------- suppression, copies, registry

def test_leaflet_ignore_flag_silences_one_check_only():
    assert codes("About 90% improve.", "लगभग 19% सुधरते हैं।") == {"numbers"}
    assert codes("About 90% improve.", "लगभग 19% सुधरते हैं।", flags=["leaflet-ignore:numbers"]) == set()
    assert codes("About 90% improve.", "लगभग 19% सुधरते हैं.", flags=["leaflet-ignore:numbers"]) == {"punctuation"}


def test_an_unknown_ignore_code_is_a_warning_on_its_entry(tmp_path: Path):
    path = tmp_path / "typo.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: hi\\n"\n\n'
        '#, leaflet-ignore:number\nmsgid "About 90% improve."\nmsgstr "लगभग 19% सुधरते हैं।"\n\n'
        '#, fuzzy, leaflet-ignore:punctuation, leaflet-ignore:lenght\nmsgid "Rest."\nmsgstr "आराम."\n\n'
        '#, leaflet-ignore:numbers\nmsgid "About 80% improve."\nmsgstr "लगभग 18% सुधरते हैं।"\n',
        encoding="utf-8")
    problems = check_catalog(catalogs.read_catalog(path), "hi", "typo", "typo.po")
    assert [(p.line, p.check, p.severity) for p in problems] == [
        (8, "numbers", "error"), (8, "flags", "warning"), (12, "flags", "warning")]
    assert "unknown check 'number' in `leaflet-ignore: number`" in problems[1].message
    assert "'lenght'" in problems[2].message  # a fuzzy entry too: the flag outlives its review


def test_a_copy_of_the_source_is_one_problem():
    assert codes("Ask your doctor.", "Ask your doctor.") == {"identical"}
    assert codes("CVIC", "CVIC") == set()  # a name without prose
    assert codes("L1–L5", "L1–L5") == set()


def test_every_check_has_a_stable_code_severity_and_description():
    assert len(CODES) == len(CHECKS)
    for check in CHECKS:
        assert re.fullmatch(r"[a-z]+", check.code)
        assert check.severity in ("error", "warning")
        assert check.description


# ---------------------------------------------------------------- counts agree with msgfmt

def msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    result = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    line = result.stderr.strip().splitlines()[-1]

    def number(word: str) -> int:
        m = re.search(rf"(\d+) {word}", line)
        return int(m.group(1)) if m else 0
    return number("translated"), number("fuzzy"), number("untranslated")


def catalogs_to_count() -> list[Path]:
    paths = sorted(DATA.rglob("*.po")) + sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))
    return [p for p in paths if p.is_file()]


@pytest.mark.parametrize("path", catalogs_to_count(), ids=lambda p: str(p.relative_to(REPO)))
def test_counts_agree_with_msgfmt_statistics(path: Path):
    translated, fuzzy, untranslated, _ = counts(catalogs.read_catalog(path))
    assert (translated, fuzzy, untranslated) == msgfmt_statistics(path)


def test_counts_include_obsolete_apart():
    assert counts(catalogs.read_catalog(DATA / "defects.hi.po"))[3] == 1


# ---------------------------------------------------------------- what publish must never show

@pytest.mark.parametrize("target", ["पिछली समीक्षा: %(date)100000s", "पिछली समीक्षा: %(date).3s",
                                    "पिछली समीक्षा: %(date)-40s", "पिछली समीक्षा: %(date)r"])
def test_a_placeholder_width_or_format_the_source_lacks_is_an_error(target: str):
    assert codes("Last reviewed: %(date)s", target) == {"placeholders"}
    assert codes("Last reviewed: %(date)s", "पिछली समीक्षा: %(date)s") == set()
    assert codes("Total: %(n)5d", "कुल: %(n)5d") == set()  # the source's own width is kept


def test_bidi_controls_the_source_lacks_are_errors():
    assert codes("Call 0731 4675670 for help.", "मदद के लिए \u202e0731 4675670 पर फ़ोन करें।") == {"bidi"}
    assert codes("Call 0731 4675670.", "मदद: \u20660731 4675670\u2069 पर फ़ोन करें।") == {"bidi"}
    # the source's own isolates may stay; left-to-right marks are not controls of this kind
    assert codes("See \u2068Dr. Rao\u2069 today.", "आज \u2068Dr. Rao\u2069 से मिलें।") == set()
    assert codes("Call 0731 4675670.", "\u200e0731 4675670 पर फ़ोन करें।") == set()


@pytest.mark.parametrize("lang", ["hi", "mr", "ur"])
def test_an_english_sentence_left_in_a_translation_is_an_error(lang: str):
    source = "Rest for 10–15 minutes. Do not lift anything heavy for six weeks."
    target = {"hi": "10–15 मिनट आराम करें। Do not lift anything heavy for six weeks.",
              "mr": "10–15 मिनिटे विश्रांती घ्या. Do not lift anything heavy for six weeks.",
              "ur": "10–15 منٹ آرام کریں۔ Do not lift anything heavy for six weeks."}[lang]
    assert "latin" in codes(source, target, lang)
    message = next(f.message for f in check_entry(entry(source, target), Context(lang)) if f.code == "latin")
    assert "8 words in Latin letters" in message and "Do not lift" in message


def test_kept_latin_text_is_not_a_run_of_english():
    # three words are a term, not a sentence
    assert codes("Ask for the CT scan report from the desk.", "काउंटर से अपनी CT scan report ज़रूर माँगें।") == set()
    # code, web and e-mail addresses and the source's emphasised names are kept as they are
    assert codes("Run `leaflet check --lang hi now` first.", "पहले `leaflet check --lang hi now` चलाएँ।") == set()
    assert codes("Write to care.team@cvic.example now.", "care.team@cvic.example पर अभी लिखें।") == set()
    assert codes("Ask for **Dr. Anil Kumar Mehta Sir** at the desk.",
                 "अपॉइंटमेंट के लिए काउंटर पर बैठे **Dr. Anil Kumar Mehta Sir** से मिलें।") == set()
    # a glossary target in Latin letters is approved text
    term = parse_glossary("source,target,note\nbone density test,Bone Mineral Density Test|BMD,\n")
    assert codes("Book a bone density test.", "Bone Mineral Density Test बुक करें।", glossary=tuple(term)) == set()
    assert "latin" in codes("Book a bone density test.", "Bone Mineral Density Test बुक करें।")


def test_punctuation_names_the_missing_mark_not_the_last_letter():
    found = check_entry(entry("Rest for a day.", "एक दिन आराम करें"), Context("hi"))
    assert [f.message for f in found] == [
        "the source ends with a full stop: '।' or '॥' is missing at the end of the Hindi translation"]
    found = check_entry(entry("Rest for a day.", "एक दिन आराम करें."), Context("hi"))
    assert [f.message for f in found] == ["the source ends with a full stop: Hindi ends it with '।' or '॥', not '.'"]
