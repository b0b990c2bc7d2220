"""Pages and leaflets as a reader meets them, on the multi-article project of `reader_project`:
figures, number cells, doses, links, phones, e-mail, lists and a code block in hi, ur and ta."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

import reader_project
from external import require
from workflow.catalogs.pofile import read_catalog
from workflow.catalogs.repository import template_path
from workflow.publish.pipeline import publish


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = reader_project.build(tmp_path_factory.mktemp("reader"))
    publish(root, ["hi", "ur", "ta"])
    return root


def page(root: Path, lang: str, slug: str) -> str:
    return (root / "output" / lang / f"{slug}.html").read_text(encoding="utf-8")


def words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of page 1, from poppler's text layer."""
    require([t for t in ("pdftotext",) if shutil.which(t) is None], "poppler-utils")
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(m[5], float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_text_without_letters_is_no_segment_and_shown_as_written(built: Path) -> None:
    msgids = {e.msgid for e in read_catalog(template_path(built, "pain-relief"), built)}
    assert not msgids & {"1", "2", "1–3", "—"}
    assert "Rest at home" in msgids
    html = page(built, "hi", "pain-relief")
    assert "<td>1–3</td>" in html and "<td>—</td>" in html
    assert 'class="untranslated"' not in html  # every segment with letters is translated


def test_number_and_unit_are_joined_when_rendering_only(built: Path) -> None:
    html = page(built, "hi", "pain-relief")
    assert "500\u00a0mg" in html and "4\u00a0g" in html and "4 g" not in html
    assert "4 g" in (built / "locales" / "hi" / "LC_MESSAGES" / "pain-relief.po").read_text(encoding="utf-8")


def test_phones_and_email_in_article_text_are_links(built: Path) -> None:
    for lang in ("hi", "ur", "ta"):
        body = page(built, lang, "pain-relief").split("<article>")[1]
        assert '<a href="tel:07314675670" dir="ltr">0731 4675670</a>' in body
        assert '<a href="mailto:help@cvic.example.org">help@cvic.example.org</a>' in body


def test_interface_fallbacks_are_marked_english_but_not_inside_attributes(built: Path) -> None:
    html = page(built, "hi", "pain-relief")
    assert '<span lang="en">This information does not replace the advice of your doctor.</span>' in html
    assert 'aria-label="Languages"' in html  # an attribute cannot hold markup
    assert "\ue002" not in html and "\ue003" not in html
    urdu = page(built, "ur", "pain-relief")
    assert '<span lang="en" dir="ltr">This information does not replace' in urdu


def test_author_and_date_are_apart(built: Path) -> None:
    assert re.search(r'</span><span class="sep" aria-hidden="true"> · </span><span class="author" lang="en" '
                     r'dir="auto">Dr\. A\. Sharma</span>', page(built, "hi", "pain-relief"))


def test_english_list_items_keep_the_urdu_list_direction(built: Path) -> None:
    html = page(built, "ur", "appointment-app")
    assert '<li lang="en"><span lang="en" dir="ltr">Tap Confirm.</span></li>' in html
    css = (built / "output" / "assets" / "site.css").read_text()
    assert 'main [lang="en"]:not(li) { direction: ltr' in css


def test_code_block_stays_on_the_page_in_a_monospace_face(built: Path) -> None:
    for lang in ("hi", "ur", "ta"):
        pdf = built / "output" / lang / "appointment-app.pdf"
        width = float(pypdf.PdfReader(pdf).pages[0].mediabox.width)
        code = [w for w in words(pdf) if "ERROR" in w[0] or "7f3a9c2e" in w[0]]
        assert code and all(0 < w[1] and w[3] < width for w in code), (lang, code, width)
        fonts = {str(f.get_object()["/BaseFont"]) for f in pypdf.PdfReader(pdf).pages[0]["/Resources"]["/Font"].values()}
        assert any("DejaVu-Sans-Mono" in f for f in fonts), fonts
    css = (built / "output" / "assets" / "fonts.css").read_text()
    assert ':lang(ta) pre, :lang(ta) code' in css and '"DejaVu Sans Mono", "Noto Sans Tamil"' in css
    assert "overflow-x: auto" in (built / "output" / "assets" / "site.css").read_text()


def test_list_numbers_sit_on_the_baseline_of_latin_text_in_hindi(built: Path) -> None:
    found = words(built / "output" / "hi" / "appointment-app.pdf")
    # "Confirm" and "Message" alone fail the script check, so these items show their English source.
    for number, text in (("3.", "Confirm."), ("4.", "Wait")):
        marker = next(w for w in found if w[0] == number)
        item = next(w for w in found if w[0] == text)
        assert abs(marker[4] - item[4]) < 0.6, (marker, item)


def test_links_print_their_address_and_leaflets_carry_a_qr_code(built: Path, tmp_path: Path) -> None:
    text = " ".join(w[0] for w in words(built / "output" / "hi" / "pain-relief.pdf"))
    assert "(https://www.who.int/health-topics/pain)" in text
    assert "https://cvic.example.org/hi/pain-relief.html" in text
    from workflow.render.html import Alternate, Edition
    from workflow.source.segments import parse_article
    from workflow.source.site import load_site
    from workflow.source.articles import load_articles
    article = next(a for a in load_articles(built) if a.slug == "pain-relief")
    shown = Edition(load_site(built), "hi").article(parse_article(article), [Alternate("hi", "x", True)],
                                                   website="https://cvic.example.org")
    assert '<div class="qr"><svg' in shown.leaflet and "<svg" not in shown.html
    import segno
    assert segno.make("https://cvic.example.org/hi/pain-relief.html", error="m").svg_inline(
        scale=1, border=2, dark="#000", omitsize=True) in shown.leaflet
    bare = Edition(load_site(built), "hi").article(parse_article(article), [Alternate("hi", "x", True)])
    assert "<svg" not in bare.leaflet


def test_urdu_page_number_is_at_the_left_edge(built: Path) -> None:
    pdf = built / "output" / "ur" / "pain-relief.pdf"
    reader = pypdf.PdfReader(pdf)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    counters = [w for w in words(pdf) if w[0] == "1" and w[2] > 0.9 * height]  # "Page 1 of 1"
    assert counters and all(w[3] < width / 3 for w in counters), counters
    hindi = words(built / "output" / "hi" / "pain-relief.pdf")
    assert [w for w in hindi if w[0] == "पृष्ठ"][0][1] > 2 * width / 3


def test_a_figure_is_kept_with_its_caption(built: Path) -> None:
    html = page(built, "hi", "wound-care")
    assert re.search(r'<p class="figure"><img [^>]*></p>\n<p><em>पट्टी छोटे चीरे को ढकती है।</em></p>', html)
    found = " ".join(w[0] for w in words(built / "output" / "hi" / "wound-care.pdf"))
    assert "ढकती" in found  # the caption is on the page of the figure


def test_pdfs_with_images_are_the_same_bytes_in_any_output_folder(built: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    publish(built, ["hi"], output=tmp_path / "one")
    publish(built, ["hi"], output=tmp_path / "elsewhere" / "two")
    pdf = "hi/wound-care.pdf"
    assert (tmp_path / "one" / pdf).read_bytes() == (tmp_path / "elsewhere" / "two" / pdf).read_bytes()
