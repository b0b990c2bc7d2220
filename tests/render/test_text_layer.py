"""The PDF's text layer reads back as the translation: what search, copy-paste and screen readers get.

WeasyPrint's glyph-to-Unicode map alone gives "पिीठ ददर्द" for पीठ दर्द; `workflow.render.pdftext`
puts shaped words in `/ActualText` spans. Here poppler's `pdftotext` reads the clinic
fixture's Hindi and Tamil leaflets back and every reviewed body segment is looked for, word by
word; the English leaflet is written as WeasyPrint alone writes it.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from weasyprint.draw import text as weasyprint_text

from clinic import UFE, copy_clinic
from external import require
from workflow.catalogs.pofile import read_catalog
from workflow.catalogs.states import active, is_reviewed
from workflow.catalogs.repository import catalog_path
from workflow.render.pdftext import compatible, needs_actual_text
from workflow.publish.pipeline import publish

#: Words with pre-base vowel signs, reph, conjuncts and two-part vowels, and one without any
#: sign whose letters the glyph map alone reads back wrong.
SHAPED_WORDS = {"hi": ["प्रक्रिया", "धमनियों", "फ़ाइब्रॉइड", "बिना", "दिन", "तक"],
                "ta": ["சிகிச்சைக்கு", "நேரம்", "கொண்டு", "எம்போலைசேஷன்", "வேண்டும்"]}


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require([t for t in ("pdftotext",) if shutil.which(t) is None], "poppler-utils")
    root = copy_clinic(tmp_path_factory.mktemp("clinic"))
    publish(root, ["hi", "ta"])
    return root


def words(text: str) -> list[str]:
    tokens = (t.strip("".join(c for c in t if unicodedata.category(c)[0] in "PS")) for t in text.split())
    return [t for t in tokens if t]


def text_layer(pdf: Path) -> set[str]:
    return set(words(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout))


def body_segments(root: Path, lang: str) -> list[str]:
    """Reviewed msgstrs of the article, Markdown stripped, that its web page shows."""
    page = (root / "output" / lang / f"{UFE}.html").read_text(encoding="utf-8")
    shown = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
    catalog = read_catalog(catalog_path(root, lang, UFE), root)
    texts = [" ".join(BeautifulSoup(MarkdownIt().renderInline(e.msgstr), "html.parser").get_text().split())
             for e in active(catalog) if is_reviewed(e) and e.msgstr]
    return [t for t in texts if t and t in shown and words(t)]


@pytest.mark.parametrize("lang", ["hi", "ta"])
def test_pdftotext_reads_the_segments_back(clinic: Path, lang: str) -> None:
    layer = text_layer(clinic / "output" / lang / f"{UFE}.pdf")
    segments = body_segments(clinic, lang)
    assert len(segments) >= 20
    shares = [sum(w in layer for w in words(s)) / len(words(s)) for s in segments]
    missing = sorted({w for s in segments for w in words(s) if w not in layer})
    assert statistics.median(shares) >= 0.99 and min(shares) >= 0.9, missing
    assert [w for w in SHAPED_WORDS[lang] if w not in layer] == []


def test_latin_leaflet_is_written_as_weasyprint_writes_it(clinic: Path) -> None:
    """No span in the English leaflet, yet its text reads back."""
    pdf = clinic / "output" / "en" / f"{UFE}.pdf"
    contents = b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(pdf).pages)
    assert b"/ActualText" not in contents
    assert {"Embolization", "fibroids", "uterus"} <= text_layer(pdf)


def test_shaped_words_only_get_a_span() -> None:
    assert needs_actual_text("वजह") and needs_actual_text("पीठ") and needs_actual_text("கொண்டு")
    assert needs_actual_text("পিঠের") and needs_actual_text("చికిత్స")
    assert not needs_actual_text("Embolization") and not needs_actual_text("38 °C")
    assert needs_actual_text("علاج")  # Nastaliq's contextual glyphs do not map back either


def test_the_installed_weasyprint_is_the_one_wrapped() -> None:
    """Fails when WeasyPrint's drawing changes: then leaflets are written without spans."""
    assert compatible(weasyprint_text.draw_first_line)
    assert not compatible(lambda stream, textbox, matrix: None)
