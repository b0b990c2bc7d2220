"""Masking before machine translation and the checks after it (no engine needed)."""

from __future__ import annotations

import re

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.checks.findings import check_entry
from workflow.checks.rules import Context
from workflow.catalogs.glossary import parse_glossary
from workflow.source.markup import signature as markup
from workflow.mt.masking import ATOM, CLOSE, OPEN, ProtectionError, has_masks, protect, restore
from workflow.source.segments import translation_parser

TERMS = parse_glossary("source,target,note\nkyphoplasty,काइफोप्लास्टी|काइफोप्लास्टी की,\n"
                       "bone cement,बोन सीमेंट,\n")


def masked_parts(text: str) -> list[tuple[str, str]]:
    return [(m.restore, m.kind) for m in protect(text, TERMS).masks]


@pytest.mark.parametrize("text, expected", [
    ("**Immediate Pain Relief:** fast", [("**", OPEN), ("**", CLOSE)]),
    ("Hello %(user_name)s and %s, %d, {count} and {0}",
     [("%(user_name)s", ATOM), ("%s", ATOM), ("%d", ATOM), ("{count}", ATOM), ("{0}", ATOM)]),
    ("Call 0731 4675670 or +91 9827760073.", [("0731 4675670", ATOM), ("+91 9827760073", ATOM)]),
    ("Write to info@cvic.example or see https://cvic.example/a_b?x=1.",
     [("info@cvic.example", ATOM), ("https://cvic.example/a_b?x=1", ATOM)]),
    ("Take 5 mg twice for 2-3 days; 90% heal; 37.5 °C", [("5 mg", ATOM), ("2-3", ATOM), ("90%", ATOM),
                                                          ("37.5 °C", ATOM)]),
    ("See [the *guide*](https://x.example/a_(b)) and `code_x`",
     [("[", OPEN), ("*", OPEN), ("*", CLOSE), ("](https://x.example/a_(b))", CLOSE), ("`code_x`", ATOM)]),
    ("![an x-ray](img/x_ray.png)", [("![", OPEN), ("](img/x_ray.png)", CLOSE)]),
    ("line\\\nnext &amp; \\*", [("\\\n", ATOM), ("&amp;", ATOM), ("\\*", ATOM)]),
    ("Kyphoplasty uses bone cement", [("काइफोप्लास्टी", ATOM), ("बोन सीमेंट", ATOM)]),
])
def test_what_is_masked(text: str, expected: list[tuple[str, str]]) -> None:
    assert masked_parts(text) == expected


def test_the_engine_sees_no_underscore_of_a_placeholder() -> None:
    masked = protect("Dear %(user_name)s, read {file_name}", TERMS)
    assert "_" not in masked.text and "%" not in masked.text and "{" not in masked.text


def test_restore_puts_everything_back_and_glossary_terms_in_their_preferred_form() -> None:
    masked = protect("**Kyphoplasty:** 5 mg for %(name)s", TERMS)
    assert restore(masked, masked.text) == "**काइफोप्लास्टी:** 5 mg for %(name)s"


def test_spaces_the_engine_puts_inside_emphasis_are_removed() -> None:
    masked = protect("**Pain relief** now", TERMS)
    a, b = masked.text[0], masked.text[12]
    assert restore(masked, f"{a} दर्द से राहत {b} अब") == "**दर्द से राहत** अब"


def test_reordered_spans_are_fine_when_markup_survives() -> None:
    masked = protect("**one** and *two*", TERMS)
    m = [c for c in masked.text if has_masks(c)]
    assert restore(masked, f"{m[2]}दो{m[3]} और {m[0]}एक{m[1]}") == "*दो* और **एक**"


@pytest.mark.parametrize("translate, reason", [
    (lambda m: m[:-1], "missing"),
    (lambda m: m + m[0], "repeated"),
    (lambda m: m + "\uf000", "not given"),
])
def test_lost_or_duplicated_masks_are_refused(translate, reason: str) -> None:  # noqa: ANN001
    masked = protect("**Bold** 5 mg", TERMS)
    with pytest.raises(ProtectionError, match=reason):
        restore(masked, translate(masked.text))


def test_a_close_before_its_open_breaks_markup_and_is_refused() -> None:
    masked = protect("**Bold** text", TERMS)
    o, c = masked.text[0], masked.text[5]
    with pytest.raises(ProtectionError, match="markup changed"):
        restore(masked, f"text{c} bold {o}")


def test_markup_the_engine_invents_is_refused() -> None:
    masked = protect("plain words", TERMS)
    with pytest.raises(ProtectionError, match="added"):
        restore(masked, "plain `words`")


def test_private_use_characters_in_the_source_are_refused() -> None:
    with pytest.raises(ProtectionError):
        protect("odd \ue000 character")


def test_markup_signature() -> None:
    assert markup("**a** [b](https://x.example) `c`") == markup("[b](https://x.example) `c` **a**")
    assert markup("**a**") != markup("*a*")


_alphabet = st.sampled_from(list("ab 1.,:-_*`[]()%{}\\&#") + ["**", "%(n)s", "http://x.io/a_b", "5 mg",
                                                              "kyphoplasty", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=25).map("".join))
def test_identity_translation_restores_the_source(text: str) -> None:
    """With an engine that copies, restoring gives back the source (glossary aside)."""
    masked = protect(text)
    assert restore(masked, masked.text) == text


# ---------------------------------------------------------------- MT and check read the same spans

def check_codes(source: str, target: str) -> set[str]:
    entry = polib.POEntry(msgid=source, msgstr=target)
    return {f.code for f in check_entry(entry, Context("hi"))}


@pytest.mark.parametrize("phone", ["0731\u00a04675670", "+91\u00a098277\u00a060073", "+91 98277\u202f60073",
                                   "0731\u20114675670"])
def test_a_phone_number_with_no_break_spaces_is_one_phone_for_mt_and_for_check(phone: str) -> None:
    source = f"Call {phone} for an appointment."
    assert [(m.restore, m.what) for m in protect(source).masks] == [(phone, "phone number")]
    assert check_codes(source, f"अपॉइंटमेंट के लिए {phone} पर कॉल करें।") == set()
    changed = phone[:-1] + ("1" if phone[-1] != "1" else "2")
    assert check_codes(source, f"अपॉइंटमेंट के लिए {changed} पर कॉल करें।") == {"phones"}


@pytest.mark.parametrize("text, what", [
    ("See HTTPS://CVIC.EXAMPLE/Spine.", ("HTTPS://CVIC.EXAMPLE/Spine", "URL")),
    ("Read https://en.wikipedia.org/wiki/Kyphoplasty_(surgery), then ask.",
     ("https://en.wikipedia.org/wiki/Kyphoplasty_(surgery)", "URL")),
    ("(see https://cvic.example/a)", ("https://cvic.example/a", "URL")),
    ("Mail care@cvic.example.", ("care@cvic.example", "e-mail address")),
    ("Dear {user.name}, hello", ("{user.name}", "placeholder")),
    ("Show %(count)5.1f items", ("%(count)5.1f", "placeholder")),
])
def test_addresses_and_placeholders_are_masked_whole(text: str, what: tuple[str, str]) -> None:
    assert [(m.restore, m.what) for m in protect(text).masks] == [what]


@pytest.mark.parametrize("text", ["Use {{name}} literally", "A {note: see below} aside"])
def test_braces_that_are_not_format_fields_are_left_to_translate(text: str) -> None:
    assert [m.what for m in protect(text).masks] == []


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("ab `")), min_size=1, max_size=14).map("".join))
def test_code_spans_are_masked_exactly_where_commonmark_sees_them(text: str) -> None:
    tokens = translation_parser().parseInline(text, {})[0].children or []
    expected = [t.markup for t in tokens if t.type == "code_inline"]
    masked = [m.restore for m in protect(text).masks if m.what == "code"]
    assert [re.match("`+", m).group(0) for m in masked] == expected
