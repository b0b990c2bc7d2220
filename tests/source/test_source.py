"""Bad input is refused with one line naming file and line, exit 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write_article


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("body, message, line", [
    ("---\ntitle: [unclosed\n---\ntext\n", "malformed front matter", 2),
    ("---\ndescription: no title\n---\ntext\n", "needs a 'title'", 1),
    ("---\ntitle: T\nauthr: typo\n---\ntext\n", "unknown front-matter field 'authr'", 3),
    ("---\ntitle: T\ndate: 31/01/2026\n---\ntext\n", "'date' must be an ISO date", 3),
    ("---\ntitle: T\ntags: one\n---\ntext\n", "'tags' must be a list", 3),
    ("title: T\n\ntext\n", "no front matter", 1),
    ("---\ntitle: T\n\ntext\n", "front matter is not closed", 1),
    ("---\ntitle: T\n---\n\nPara.\n\n<div>raw</div>\n", "raw HTML is not supported", 7),
    ("---\ntitle: T\n---\n\nSome <b>bold</b> text.\n", "raw HTML is not supported", 5),
    ("---\ntitle: T\n---\n\nSee [the site][cvic].\n\n[cvic]: https://example.org\n",
     "reference-style links are not supported", 7),
])
def test_bad_article_is_one_line_error_and_nothing_written(project: Path, body: str, message: str, line: int):
    path = project / "source" / "articles" / "broken.md"
    path.write_text(body, encoding="utf-8")
    before = tree(project)
    result = run_cli(project, "extract")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert f"source/articles/broken.md:{line}: " in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert tree(project) == before


@pytest.mark.parametrize("name, message", [
    ("Bad_Slug.md", "bad slug 'Bad_Slug'"),
    ("site.md", "the slug 'site' is reserved"),
    ("index.md", "the slug 'index' is reserved"),
    ("trailing-.md", "bad slug"),
])
def test_bad_slug(project: Path, name: str, message: str):
    (project / "source" / "articles" / name).write_text("---\ntitle: T\n---\nx\n", encoding="utf-8")
    result = run_cli(project, "extract")
    assert result.exit_code == 2 and message in result.output
    assert f"source/articles/{name}" in result.output


def test_duplicate_slug_in_subfolders(project: Path):
    for folder in ("a", "b"):
        sub = project / "source" / "articles" / folder
        sub.mkdir(exist_ok=True)
        (sub / "same.md").write_text("---\ntitle: T\n---\nx\n", encoding="utf-8")
    result = run_cli(project, "extract")
    assert result.exit_code == 2
    assert "duplicate slug 'same'" in result.output


def test_html_comments_are_dropped_not_extracted(bare_project: Path):
    write_article(bare_project, "notes", "<!-- editor note -->\n\nVisible <!-- inline note --> text.\n")
    assert run_cli(bare_project, "extract").exit_code == 0
    pot = (bare_project / "locales" / "templates" / "notes.pot").read_text(encoding="utf-8")
    assert "editor note" not in pot and "inline note" not in pot
    assert 'msgid "Visible  text."' in pot


def test_unknown_language_lists_configured_ones(project: Path):
    result = run_cli(project, "init", "--lang", "xx")
    assert result.exit_code == 2
    assert "unknown language 'xx'" in result.output and "hi, mr, gu" in result.output


def test_malformed_site_toml_names_line(project: Path):
    (project / "source" / "site.toml").write_text('languages = ["hi"\n[centre]\nname = "X"\n', encoding="utf-8")
    result = run_cli(project, "extract")
    assert result.exit_code == 2
    assert result.output.startswith("leaflet: error: source/site.toml:2: malformed TOML")


def test_not_a_project(tmp_path: Path):
    result = run_cli(tmp_path, "extract")
    assert result.exit_code == 2 and "no source/ folder" in result.output


@pytest.mark.parametrize("setting, message", [
    ('min_coverage = 150', "'min_coverage' must be a percentage"),
    ('[min_coverage]\ndefault = 80\nhi = "high"', "'min_coverage' for hi must be a percentage"),
    ('[min_coverage]\nhindi = 90', "'min_coverage' names 'hindi', which is not in 'languages'"),
])
def test_bad_min_coverage(project: Path, setting: str, message: str):
    path = project / "source" / "site.toml"
    path.write_text(path.read_text("utf-8").replace("min_coverage = 80\n", setting + "\n"), "utf-8")
    result = run_cli(project, "status")
    assert result.exit_code == 2 and message in result.output
    assert result.output.startswith("leaflet: error: source/site.toml:")
