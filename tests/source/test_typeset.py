"""Number ranges held together on the page; the catalogs keep the text as written."""

from __future__ import annotations

from workflow.source.typeset import NBSP, WORD_JOINER, join_units


def test_a_range_never_breaks_after_its_dash() -> None:
    assert join_units("Weeks 2–4") == f"Weeks 2–{WORD_JOINER}4"
    assert join_units("10 – 15 minutes") == f"10{NBSP}–{WORD_JOINER}{NBSP}15 minutes"
    assert join_units("२–४ सप्ताह") == f"२–{WORD_JOINER}४ सप्ताह"


def test_phone_numbers_and_words_are_left_alone() -> None:
    assert join_units("call 0731-4675670") == "call 0731-4675670"
    assert join_units("x2–4 and 2—") == "x2–4 and 2—"
