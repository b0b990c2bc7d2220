"""`leaflet check --source`: the English source's reading grade and long sentences, as warnings."""

from __future__ import annotations

from pathlib import Path

from clinic import copy_clinic
from conftest import REPO, run_cli
from workflow.checks.plain import check_source


def test_every_article_gets_a_reading_grade_and_long_sentences_are_warnings(tmp_path: Path) -> None:
    root = copy_clinic(tmp_path / "clinic")
    result = run_cli(root, "check", "--lang", "hi", "--source")
    grades = [line for line in result.output.splitlines() if "reading grade" in line and "(Flesch-Kincaid; aim 6–8)" in line]
    assert [g.split(":")[0] for g in grades] == sorted(str(p.relative_to(root)) for p in
                                                       (root / "source" / "articles").glob("*.md"))
    assert ("   38: warning [plain-language] a sentence of 26 words (aim for 25 or fewer): “Call us at once"
            in result.output)


def test_a_grade_above_8_is_a_warning_on_the_title_line() -> None:
    grades, problems = check_source(REPO)
    assert len(grades) == 1 and grades[0].grade > 8
    high = [p for p in problems if "reading grade" in p.message]
    assert len(high) == 1 and high[0].line == 2 and high[0].severity == "warning"
    assert sum(1 for p in problems if "words (aim for 25" in p.message) == grades[0].long > 0


def test_plain_english_scores_low() -> None:
    from workflow.checks.plain import reading_grade

    assert reading_grade("Do not eat for six hours. You may drink water. Rest in bed.") < 6
