"""The per-language facts (`languages`) and the shared patterns as check uses them."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from babel import Locale

from workflow.render import fonts
from workflow.base.errors import UsageError
from workflow.base.languages import LANGUAGES, SCRIPTS, language
from workflow.checks.findings import check_entry, context_for
from workflow.checks.rules import Context
from workflow.checks.writing import expected_end
from workflow.base.patterns import NUMBER, ascii_digits, phones
from workflow.source.site import load_site

REPO = Path(__file__).resolve().parents[2]


def test_every_configured_language_has_a_record():
    assert set(load_site(REPO).languages) <= set(LANGUAGES)
    with pytest.raises(UsageError, match="unknown language code 'xx'"):
        language("xx")
    french = language("fr")  # not in the registry: a Latin-script record from Babel's data
    assert french.script.name == "Latin" and french.direction == "ltr" and french.name == "French"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_records_agree_with_unicode_and_babel(lang: str):
    facts = LANGUAGES[lang]
    assert facts.code == lang
    assert SCRIPTS[facts.script.name] is facts.script
    assert ascii_digits(facts.digits) == "0123456789"
    assert NUMBER.fullmatch(facts.digits[4] + facts.digits[2])
    locale = Locale.parse(lang)
    assert facts.rtl == (locale.character_order == "right-to-left") == (facts.direction == "rtl")
    # The gettext plural expression picks form 0 exactly where CLDR says "one".
    expression = facts.plural_forms.split("plural=")[1].rstrip(";")
    for n in range(200):
        assert (eval(expression, {"n": n}) == 0) == (locale.plural_form(n) == "one"), (lang, n)
    if facts.face is not None:
        assert fonts.font_path(facts.face).is_file()


def test_urdu_is_written_right_to_left_with_its_own_sentence_ends():
    ur = LANGUAGES["ur"]
    assert ur.rtl and (ur.full_stop, ur.question_mark) == ("۔", "؟")
    assert expected_end("ur", ".") == {"۔"} and expected_end("ur", "?") == {"؟"}
    assert expected_end("fr", ".") == {"."}


def test_a_phone_in_native_digits_is_a_phone():
    assert [m.group(0) for m in phones("फ़ोन ०७३१\u00a0४६७५६७० करें")] == ["०७३१\u00a0४६७५६७०"]


def catalog(plural_forms: str | None) -> polib.POFile:
    po = polib.POFile()
    if plural_forms is not None:
        po.metadata = {"Plural-Forms": plural_forms}
    return po


def test_context_reads_plural_forms_through_catalogs():
    ctx = context_for("hi", catalog("nplurals=3; plural=(n==1 ? 0 : n<5 ? 1 : 2);"))
    assert ctx.nplurals == 3 and not ctx.form0_is_one
    ctx = context_for("hi", catalog("nplurals=2; plural=(n != 1);"))
    assert ctx.nplurals == 2 and ctx.form0_is_one
    assert context_for("hi", catalog(None)).nplurals == 2


def test_the_usual_length_ratio_comes_from_the_language_record():
    source = "Rest for a short while after the procedure."
    target = "क" * (len(source) * 3)
    entry = polib.POEntry(msgid=source, msgstr=target + "।")
    assert "length" in {f.code for f in check_entry(entry, context_for("hi", catalog(None)))}
    malayalam = polib.POEntry(msgid=source, msgstr="ക" * (len(source) * 3) + ".")
    assert "length" not in {f.code for f in check_entry(malayalam, context_for("ml", catalog(None)))}


def test_language_names_are_babels():
    assert Context("bn").language == "Bangla" == language("bn").name  # CLDR's English name
    assert (language("hi").native_name, language("ur").native_name) == ("हिन्दी", "اردو")
