"""Hindi leaflets are shaped: read back from pixels, not from the PDF's text layer.

The text layer `pdftotext` reads (`test_text_layer.py`) proves nothing about what a reader
sees. Here the leaflet's first page is rasterized with poppler's `pdftoppm` and read with Tesseract
(`hin`). Unshaped Devanagari (matras after their consonant, no conjuncts, no reph) is not read
back as the words; a control renders the same sentences unshaped, one character per box, and
checks that the same measure rejects them. Urdu, set in Nastaliq, is checked in
`test_nastaliq.py`: Tesseract's `urd` model is measured against Chromium's print of the same
leaflet, so the check compares renderers, not fonts.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest

from external import require
from samples import ARTICLE, SLUG

TESSERACT = {"hi": "hin"}
#: Share of the expected words that must be read back exactly.
MIN_WORDS = 0.8
#: Share of the longer words (4+ code points), where broken shaping shows most.
MIN_LONG_WORDS = 0.7
_PUNCTUATION = ".,:;!?*()|\"'\u0964\u0965\u060c\u061f\u06d4-–"


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    """pdftoppm and Tesseract with Hindi data; before the site is built (autouse runs first)."""
    missing = [tool for tool in ("pdftoppm", "tesseract") if shutil.which(tool) is None]
    if not missing:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        missing = [f"tesseract data {code!r}" for code in TESSERACT.values() if code not in listed]
    require(missing, "poppler-utils, tesseract-ocr-hin: make system-deps")


def words(text: str) -> list[str]:
    return [w for w in (t.strip(_PUNCTUATION) for t in text.split()) if w]


def ocr(pdf: Path, lang: str, work: Path) -> str:
    """Text Tesseract reads from the top of the first page, rendered at 300 dpi."""
    stem = work / f"{pdf.stem}-{lang}"
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile",
                    "-x", "0", "-y", "0", "-W", "1748", "-H", "1500", str(pdf), str(stem)], check=True)
    done = subprocess.run(["tesseract", f"{stem}.png", "-", "-l", TESSERACT[lang], "--psm", "3"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def read_back(expected: str, seen: str) -> tuple[float, float]:
    """(share of expected words read back, share of its 4+ code point words read back)."""
    found = set(words(seen))
    all_words = words(expected)
    long_words = [w for w in all_words if len(w) >= 4]
    return (sum(w in found for w in all_words) / len(all_words),
            sum(w in found for w in long_words) / len(long_words))


def shaped(expected: str, seen: str) -> bool:
    share, long_share = read_back(expected, seen)
    return share >= MIN_WORDS and long_share >= MIN_LONG_WORDS


def sample(lang: str) -> str:
    """The title and the first paragraph: what the top of page 1 shows."""
    return f"{ARTICLE[lang][0]} {ARTICLE[lang][2]}"


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest) -> Path:
    """The published samples, asked for only now: after `tools` has skipped if a tool is missing."""
    return request.getfixturevalue("published").root


@pytest.mark.parametrize("lang", ["hi"])
def test_leaflet_reads_back_as_the_words(site: Path, lang: str, tmp_path: Path) -> None:
    seen = ocr(site / "output" / lang / f"{SLUG}.pdf", lang, tmp_path)
    assert shaped(sample(lang), seen), f"read back {read_back(sample(lang), seen)}:\n{seen}"


@pytest.mark.parametrize("lang", ["hi"])
def test_unshaped_text_is_rejected(site: Path, lang: str, tmp_path: Path) -> None:
    """The control: each character in its own box is laid out without shaping."""
    from workflow.base.languages import language
    from workflow.render.pdf import PdfJob, render

    text = sample(lang)
    boxes = "".join(" " if ch == " " else f'<span style="display: inline-block">{html.escape(ch)}</span>'
                    for ch in text)
    page = (f'<!DOCTYPE html><html lang="{lang}" dir="{language(lang).direction}"><head>'
            '<link rel="stylesheet" href="../assets/fonts-print.css"><link rel="stylesheet" href="../assets/leaflet.css">'
            f"</head><body><main><p>{boxes}</p></main></body></html>")
    pdf = tmp_path / "unshaped.pdf"
    render(PdfJob(page, site / "output" / lang / "control.html", site / "output" / "assets", pdf))
    seen = ocr(pdf, lang, tmp_path)
    assert not shaped(text, seen), f"unshaped text passed the check: {read_back(text, seen)}"
