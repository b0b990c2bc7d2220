"""Urdu leaflets are set in Nastaliq, read back from their text layer, and no line's ink runs into the next.

The sample Urdu article (every entry reviewed, `samples.translate_samples(complete=True)`) is
published; its leaflet is examined as a reader and a search engine get it: `pdffonts` for the
face, `pdftotext` for the text layer, and `pdftoppm` pixels for lines that touch (`tests/ink.py`).
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

from external import require
from ink import touching_lines
from samples import SLUG, copy_project, translate_samples
from workflow.catalogs.pofile import read_catalog
from workflow.catalogs.repository import catalog_path
from workflow.catalogs.states import active, is_reviewed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require([t for t in ("pdffonts", "pdftotext", "pdftoppm") if shutil.which(t) is None], "poppler-utils")
    from workflow.publish.pipeline import publish

    root = copy_project(tmp_path_factory.mktemp("urdu"))
    translate_samples(root, "ur", complete=True)
    publish(root, ["ur"])
    return root


def leaflet(root: Path) -> Path:
    return root / "output" / "ur" / f"{SLUG}.pdf"


def words(text: str) -> list[str]:
    tokens = (t.strip("".join(c for c in t if unicodedata.category(c)[0] in "PS")) for t in text.split())
    return [t for t in tokens if t]


def test_the_leaflet_is_set_in_nastaliq(site: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(leaflet(site))], capture_output=True, text=True, check=True).stdout
    assert "Noto-Nastaliq-Urdu" in fonts, fonts
    assert "Arabic" not in fonts, fonts


def test_the_text_layer_reads_the_body_back(site: Path) -> None:
    layer = set(words(subprocess.run(["pdftotext", "-enc", "UTF-8", str(leaflet(site)), "-"],
                                     capture_output=True, text=True, check=True).stdout))
    page = (site / "output" / "ur" / f"{SLUG}.html").read_text(encoding="utf-8")
    shown = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
    catalog = read_catalog(catalog_path(site, "ur", SLUG), site)
    texts = [" ".join(BeautifulSoup(MarkdownIt().renderInline(e.msgstr), "html.parser").get_text().split())
             for e in active(catalog) if is_reviewed(e) and e.msgstr]
    segments = [t for t in texts if t and t in shown and words(t)]
    assert len(segments) >= 20
    shares = [sum(w in layer for w in words(s)) / len(words(s)) for s in segments]
    missing = sorted({w for s in segments for w in words(s) if w not in layer})
    assert statistics.median(shares) >= 0.99, missing


def test_no_line_runs_into_the_next(site: Path, tmp_path: Path) -> None:
    pdf = leaflet(site)
    pages = len(pypdf.PdfReader(pdf).pages)
    measured = [touching_lines(pdf, number, tmp_path) for number in range(1, pages + 1)]
    assert sum(count for _, count in measured) >= 60
    assert [(number, pairs) for number, (pairs, _) in enumerate(measured, 1) if pairs] == []


def test_tight_lines_are_seen_touching(site: Path, tmp_path: Path) -> None:
    """The control: the same leaflet with Naskh-like line heights fails the measure."""
    from workflow.render.html import Edition
    from workflow.render.pdf import PdfJob, render
    from workflow.source.articles import load_articles
    from workflow.source.segments import parse_article
    from workflow.source.site import load_site

    article = next(a for a in load_articles(site) if a.slug == SLUG)
    html = Edition(load_site(site), "ur").article(parse_article(article), []).leaflet
    html = html.replace("</head>", "<style>:lang(ur), :lang(ur) * { line-height: 1.4 !important; }</style></head>")
    out = site / "output"
    pdf = render(PdfJob(html, out / "ur" / "tight.html", out / "assets", tmp_path / "tight.pdf"))
    assert touching_lines(pdf, 1, tmp_path)[0]


#: Tesseract's share of the body's Urdu words read back may differ by this many points between
#: the leaflet and Chromium's print of the same HTML in the same font.
OCR_POINTS = 2
_PUNCTUATION = ".,:;!?*()|\"'\u060c\u061f\u06d4-–"


def ocr_share(pdf: Path, expected: set[str], work: Path) -> float:
    """Share of `expected` words that Tesseract (urd) reads on any page of `pdf`, at 300 dpi."""
    work.mkdir()
    subprocess.run(["pdftoppm", "-gray", "-png", "-r", "300", str(pdf), str(work / "page")], check=True)
    (work / "pages.txt").write_text("\n".join(str(p) for p in sorted(work.glob("page-*.png"))), encoding="utf-8")
    text = subprocess.run(["tesseract", str(work / "pages.txt"), "-", "-l", "urd", "--psm", "3"],
                          capture_output=True, text=True, check=True).stdout
    seen = {w.strip(_PUNCTUATION) for w in text.split()}
    return sum(w in seen for w in expected) / len(expected)


def test_ocr_reads_the_leaflet_as_well_as_chromium_print(site: Path, tmp_path: Path) -> None:
    """The renderer, not the font, is measured: Chromium prints the leaflet's own HTML with the
    same bundled Nastaliq face, and Tesseract reads both."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    missing = [t for t in ("tesseract",) if shutil.which(t) is None] + (["chromium"] if chromium is None else [])
    if not missing and "urd" not in subprocess.run(["tesseract", "--list-langs"], capture_output=True,
                                                   text=True).stdout.split():
        missing.append("tesseract data 'urd'")
    require(missing, "tesseract-ocr-urd, chromium: make system-deps")
    from workflow.render.html import Edition
    from workflow.source.articles import load_articles
    from workflow.source.segments import parse_article
    from workflow.source.site import load_site

    article = next(a for a in load_articles(site) if a.slug == SLUG)
    html = site / "output" / "ur" / "chromium-print.html"
    html.write_text(Edition(load_site(site), "ur").article(parse_article(article), []).leaflet, encoding="utf-8")
    printed = tmp_path / "chromium.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={printed}", html.as_uri()], capture_output=True, check=True, timeout=120)
    fonts = subprocess.run(["pdffonts", str(printed)], capture_output=True, text=True, check=True).stdout
    assert "NotoNastaliqUrdu" in fonts, fonts
    main = BeautifulSoup((site / "output" / "ur" / f"{SLUG}.html").read_text(encoding="utf-8"),
                         "html.parser").find("main")
    expected = {w for w in (t.strip(_PUNCTUATION) for t in main.get_text(" ").split())
                if any("\u0600" <= c <= "\u06ff" for c in w)}
    assert len(expected) >= 80
    ours = ocr_share(leaflet(site), expected, tmp_path / "leaflet")
    theirs = ocr_share(printed, expected, tmp_path / "chromium")
    assert round(abs(ours - theirs) * 100, 6) <= OCR_POINTS, (ours, theirs)
