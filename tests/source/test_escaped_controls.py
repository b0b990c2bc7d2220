"""Control characters written as YAML or TOML escapes are refused where they are written: the
article's or site.toml's line, exit 2, nothing extracted (never the template, later)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write_article


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _one_error(root: Path, *args: str) -> str:
    before = tree(root)
    result = run_cli(root, *args)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output, result.output
    assert tree(root) == before
    return result.output


@pytest.mark.parametrize("field, value, char", [
    ("title", '"Going home\\x00 safely"', "U+0000"),
    ("title", '"Going home\\e[31m"', "U+001B"),
    ("description", '"After the biopsy\\u2028what to expect"', "U+2028"),
    ("description", '"one\\vtwo"', "U+000B"),
    ("author", '"Dr\\bX"', "U+0008"),
    ("tags", '["care", "\\x07bell"]', "U+0007"),
])
def test_front_matter_escapes_are_refused_on_their_line(project: Path, field: str, value: str, char: str) -> None:
    write_article(project, "escaped", "Rest your back.", **{"date": "2026-01-31", field: value})
    output = _one_error(project, "extract")
    line = 2 if field == "title" else 4  # title, date, then the field
    assert output.startswith(f"leaflet: error: source/articles/escaped.md:{line}: control character {char} "
                             f"in '{field}'"), output


@pytest.mark.parametrize("setting, line_text, char", [
    ('name = "CV\\u0000IC"', 'name = "CV\\u0000IC"', "U+0000"),
    ('city = "Indore\\u2028MP"', 'city = "Indore\\u2028MP"', "U+2028"),
    ('tagline = "\\u001b[2Jcare"', 'tagline = "\\u001b[2Jcare"', "U+001B"),
    ('phones = ["0731 4675670", "\\u0085"]', 'phones = ["0731 4675670", "\\u0085"]', "U+0085"),
])
def test_site_toml_escapes_are_refused_on_their_line(project: Path, setting: str, line_text: str, char: str) -> None:
    site = project / "source" / "site.toml"
    lines = site.read_text(encoding="utf-8").split("\n")
    key = setting.split(" =")[0]
    at = next(i for i, text in enumerate(lines) if text.startswith(f"{key} ="))
    lines[at] = setting
    site.write_text("\n".join(lines), encoding="utf-8")
    output = _one_error(project, "extract")
    assert output.startswith(f"leaflet: error: source/site.toml:{at + 1}: control character {char} "
                             f"in 'centre.{key}'"), output


@pytest.mark.parametrize("marks", ["\u0301" * 40, "\u093c\u0941" * 20, "\u200d\u094d" * 30])
def test_a_letter_carrying_a_pile_of_combining_marks_is_refused(project: Path, marks: str) -> None:
    write_article(project, "zalgo", f"Rest your back.\n\nCall us to{marks}day.")
    output = _one_error(project, "extract")
    assert output.startswith("leaflet: error: source/articles/zalgo.md:6: "), output
    assert "combining marks on one letter" in output
