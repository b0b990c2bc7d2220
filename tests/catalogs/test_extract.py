"""Extraction: the golden template, determinism, references and comments, Babel integration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

from conftest import REPO, run_cli, write_article

GOLDEN = REPO / "tests" / "golden" / "kyphoplasty-vs-vertebroplasty.pot"
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC


def extract(root: Path) -> None:
    result = run_cli(root, "extract")
    assert result.exit_code == 0, result.output


def test_golden_template(bare_project: Path, monkeypatch):
    """The bundled article's template, reviewed by eye once; any change must be deliberate."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    extract(bare_project)
    produced = (bare_project / "locales" / "templates" / "kyphoplasty-vs-vertebroplasty.pot").read_text("utf-8")
    assert produced == GOLDEN.read_text("utf-8")


def test_bundled_article_structure(bare_project: Path):
    extract(bare_project)
    pot = polib.pofile(str(bare_project / "locales" / "templates" / "kyphoplasty-vs-vertebroplasty.pot"))
    comments = [e.comment for e in pot]
    assert sum("table header" in c for c in comments) == 3
    assert sum(c.count("table cell:") for c in comments) == 17 * 3
    technique = pot.find("Uses a balloon to create a cavity before injecting bone cement")
    assert technique.comment == 'table cell: row "Technique", column "Kyphoplasty"'
    assert pot.find("**Immediate Pain Relief:** One of the most compelling benefits of kyphoplasty is the "
                    "rapid relief of pain. Patients often experience significant pain reduction within "
                    "hours to days after the procedure.") is not None
    overview = pot.find("Procedure Overview")
    assert [line for _, line in overview.occurrences] == ["14", "50"]
    assert all(not e.flags for e in pot)


def test_every_block_kind_and_no_format_flags(bare_project: Path):
    body = """# Heading with *emphasis*

90% of patients improve; see [the guide](https://example.org/guide) and `code`.  
Second line after a hard break.

- first item
- second item with **strong**

> quoted paragraph

![An X-ray of the spine](images/spine.png)

```
not extracted()
```

| A | B |
|---|---|
| row one | cell |
| row one | |
"""
    write_article(bare_project, "kinds", body, description="Summary line.")
    extract(bare_project)
    pot = polib.pofile(str(bare_project / "locales" / "templates" / "kinds.pot"))
    by_id = {e.msgid: e for e in pot}
    assert by_id["Heading with *emphasis*"].comment == "heading level 1"
    para = ("90% of patients improve; see [the guide](https://example.org/guide) and `code`.\\\n"
            "Second line after a hard break.")
    assert by_id[para].comment == "paragraph" and by_id[para].flags == []
    assert by_id["second item with **strong**"].comment == "list item"
    assert by_id["quoted paragraph"].comment == "blockquote paragraph"
    assert by_id["An X-ray of the spine"].comment == "image alt text"
    assert by_id["Summary line."].comment == "front matter: description"
    assert by_id["A test article"].occurrences == [("source/articles/kinds.md", "2")]
    assert by_id["not extracted()"].comment == "code block"  # translatable, one entry per block
    assert by_id["row one"].comment == 'table cell: row "row one", column "A"'
    assert by_id["row one"].occurrences == [("source/articles/kinds.md", "23"), ("source/articles/kinds.md", "24")]
    assert "" not in [e.msgid for e in pot]
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull,
                            str(bare_project / "locales" / "templates" / "kinds.pot")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_extract_is_deterministic_and_does_not_churn(bare_project: Path, monkeypatch):
    extract(bare_project)
    pot = bare_project / "locales" / "templates" / "kyphoplasty-vs-vertebroplasty.pot"
    first, mtime = pot.read_bytes(), pot.stat().st_mtime_ns
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # another date: must still not rewrite
    extract(bare_project)
    assert pot.read_bytes() == first and pot.stat().st_mtime_ns == mtime
    article = bare_project / "source" / "articles" / "kyphoplasty-vs-vertebroplasty.md"
    article.write_text(article.read_text("utf-8") + "\nA new closing line.\n", "utf-8")
    extract(bare_project)
    assert 'POT-Creation-Date: 2033-05-18 03:33+0000' in pot.read_text("utf-8")


def test_deleted_article_template_removed(bare_project: Path):
    write_article(bare_project, "temporary", "Text.")
    extract(bare_project)
    (bare_project / "source" / "articles" / "temporary.md").unlink()
    extract(bare_project)
    assert not (bare_project / "locales" / "templates" / "temporary.pot").exists()


def test_site_template_has_centre_and_interface_strings(bare_project: Path):
    extract(bare_project)
    pot = polib.pofile(str(bare_project / "locales" / "templates" / "site.pot"))
    assert pot.find("CVIC – Center for Vascular & Interventional Care").occurrences[0][0] == "source/site.toml"
    assert pot.find("Indore") is not None


def test_pybabel_uses_the_registered_extractor(bare_project: Path, tmp_path: Path):
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[leaflet_markdown: articles/**.md]\n", encoding="utf-8")
    out = tmp_path / "babel.pot"
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(mapping),
                             "-o", str(out), "source"], cwd=bare_project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pot = polib.pofile(str(out))
    assert pot.find("Understanding Kyphoplasty") is not None
    assert pot.find("Technique").comment == 'table cell: row "Technique", column "Aspect"'
