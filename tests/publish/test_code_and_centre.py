"""Code blocks are translated as other blocks are; the centre's address and an article's author
are shown as written, marked with the source language. On the clinic fixture's pages and leaflets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from clinic import LIVER, UFE, copy_clinic
from conftest import run_cli
from external import require
from workflow.source.segments import parse_article
from workflow.source.articles import load_articles

CODE = "Response   Enhancing tumour (sum of diameters)"


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workflow.publish.pipeline import publish

    root = copy_clinic(tmp_path_factory.mktemp("clinic"))
    publish(root, ["hi", "ta"])
    return root


def page(root: Path, lang: str, slug: str) -> BeautifulSoup:
    return BeautifulSoup((root / "output" / lang / f"{slug}.html").read_text(encoding="utf-8"), "html.parser")


def test_a_code_block_is_one_entry_with_its_lines(clinic: Path) -> None:
    article = next(a for a in load_articles(clinic) if a.slug == LIVER)
    [segment] = [s for s in parse_article(article).segments if s.comment == "code block"]
    assert segment.msgid.splitlines()[0] == CODE and len(segment.msgid.splitlines()) == 5


def test_a_translated_code_block_is_shown_with_its_lines(clinic: Path) -> None:
    code = page(clinic, "hi", LIVER).find("pre").get_text()
    assert code.splitlines()[0] == "प्रतिक्रिया  सक्रिय ट्यूमर (व्यासों का योग)"
    assert len(code.splitlines()) == 5
    assert page(clinic, "hi", LIVER).find("pre").find(attrs={"lang": "en"}) is None


def test_an_untranslated_code_block_is_marked_english(clinic: Path) -> None:
    code = page(clinic, "ta", LIVER).find("pre").find("code")
    assert code.get("lang") == "en" and code.get_text().startswith(CODE)


def test_leaflet_text_layer_has_the_translated_code(clinic: Path) -> None:
    require([t for t in ("pdftotext",) if shutil.which(t) is None], "poppler-utils")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(clinic / "output" / "hi" / f"{LIVER}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "सक्रिय ट्यूमर" in text and "Enhancing tumour" not in text


def test_status_and_check_count_the_code_block(clinic: Path) -> None:
    """12 entries in the article, the code block one of them: untranslated in ta, reviewed in hi."""
    article = next(a for a in load_articles(clinic) if a.slug == LIVER)
    count = len(parse_article(article).segments)
    assert count == 12
    result = run_cli(clinic, "status", "--lang", "ta", "--lang", "hi")
    rows = {tuple(line.split()[:2]): line.split() for line in result.output.splitlines() if LIVER in line}
    assert rows[("ta", LIVER)][-2:] == [str(count), str(count)]
    assert rows[("hi", LIVER)][-2:] == ["0", str(count)]


@pytest.mark.parametrize("lang", ["hi", "ta"])
def test_address_and_author_are_marked_with_their_language(clinic: Path, lang: str) -> None:
    shown = page(clinic, lang, UFE)
    assert shown.find(class_="author").get("lang") == "en"
    address = shown.select(".address span")[0]
    assert address.get("lang") == "en" and address.get_text() == "12 Race Course Road, New Palasia, Indore 452001"


def test_the_english_edition_marks_nothing(clinic: Path) -> None:
    shown = page(clinic, "en", UFE)
    assert shown.find(class_="author").get("lang") is None and not shown.select(".address span[lang]")
