"""Meaning flags and the chrF score of a back-translation against its English, on written pairs."""

from __future__ import annotations

import pytest

from workflow.catalogs.glossary import Term
from workflow.checks.meaning import NEGATION, QUANTITY, TERM, chrf, compare, count_flags, flags, quantities


def kinds(source: str, back: str, terms: tuple[Term, ...] = ()) -> list[str]:
    return [f.kind for f in flags(source, back, terms)]


@pytest.mark.parametrize("source, back", [
    ("Do not lift anything heavier than 5 kg.", "Lift anything heavier than 5 kg."),
    ("Never take two doses together.", "Take two doses together."),
    ("Avoid aspirin for a week.", "Take aspirin for a week."),
    ("Walk without bending your back.", "Walk bending your back."),
    ("Do not drive unless your doctor agrees.", "Do not drive if your doctor agrees."),
    ("You can't bathe for 2 days.", "You can bathe for 2 days."),
    ("Take no medicine on the day.", "Take medicine on the day."),
    ("Eat as usual.", "Do not eat as usual."),  # a negation the English does not have
])
def test_a_negation_on_one_side_only(source: str, back: str) -> None:
    assert kinds(source, back) == [NEGATION]


@pytest.mark.parametrize("source, back", [
    ("Take paracetamol 500 mg.", "Take paracetamol 50 mg."),
    ("Do not lift more than 5 kg.", "Do not lift more than 5 g."),  # the unit
    ("Take it twice a day.", "Take it once a day."),  # the frequency
    ("Rest for 24 hours.", "Rest for 24 days."),  # the duration
    ("Drink two litres of water.", "Drink three litres of water."),  # number words
    ("Take 1 tablet.", "Take 2 tablets."),
])
def test_a_quantity_that_differs(source: str, back: str) -> None:
    assert kinds(source, back) == [QUANTITY]


@pytest.mark.parametrize("source, back", [
    ("Take paracetamol 500 mg.", "Take five hundred mg of paracetamol."),
    ("Rest for 24 hours.", "Rest for twenty-four hours."),
    ("Take it twice a day.", "Take it 2 times a day."),
    ("Take 2 tablets.", "Take २ tablets."),  # native digits
    ("One of the arteries is blocked.", "An artery is blocked."),  # "one" as a pronoun
    ("**Do not** eat. See [the guide](https://example.in/a).", "Do not eat. See the guide."),  # Markdown
])
def test_the_same_meaning_written_otherwise_is_not_flagged(source: str, back: str) -> None:
    assert kinds(source, back) == []


def test_a_glossary_term_that_disappears() -> None:
    terms = (Term("uterus", ("கருப்பை",), "", 2), Term("paracetamol", ("பாராசிட்டமால்",), "", 3))
    assert kinds("The uterus stays in place.", "The womb stays in place.", terms) == [TERM]
    assert kinds("The uterus stays in place.", "The Uterus stays in place.", terms) == []


def test_the_score_is_chrf_and_the_summary_counts_per_kind() -> None:
    assert chrf("Do not eat.", "Do not eat.") == 100.0
    assert 0 < chrf("Do not eat for 6 hours.", "Do eat for 6 hours.") < 100
    drifts = [compare("Do not take 500 mg.", "Do take 50 mg."), compare("Rest.", "Rest.")]
    assert count_flags(drifts) == {NEGATION: 1, QUANTITY: 1, TERM: 0}
    assert quantities("Take 500 mg twice a day for 1–3 days") == {"500 mg": 1, "2×": 1, "1": 1, "3 day": 1}
