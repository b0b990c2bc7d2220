"""Leaflets for older readers, measured on the PDFs: type sizes, blank space, the QR block, ranges.

A project of English articles made to hit each case (`publish --lang en` builds the English
edition alone) is published once; every test reads the real PDF: `pdftotext -layout` for where
lines break, pypdf for page counts and type sizes, `pdftoppm` pixel rows for blank space.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from conftest import REPO, write_article
from external import require

#: Lead paragraphs before the figure, and paragraphs of one sentence before the QR block: the
#: page break falls somewhere else in each.
LEADS = range(2, 14)
QR_LEADS = range(8, 26)
WORDS = ("The nurse checks the wound and the dressing every day while you are in the ward, and "
         "tells you what to watch for at home. ")
MM = 72 / 25.4


def paragraphs(count: int, salt: int) -> str:
    return "\n\n".join(WORDS * (2 + (i + salt) % 3) for i in range(count))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require([t for t in ("pdftotext", "pdftoppm") if shutil.which(t) is None], "poppler-utils")
    from workflow.publish.pipeline import publish

    root = tmp_path_factory.mktemp("layout")
    (root / "source").mkdir()
    toml = (REPO / "source" / "site.toml").read_text(encoding="utf-8")
    (root / "source" / "site.toml").write_text(toml.replace('website = ""', 'website = "https://example.org"'),
                                               encoding="utf-8")
    images = root / "source" / "articles" / "images"
    images.mkdir(parents=True)
    Image.new("RGB", (900, 1300), (40, 90, 150)).save(images / "tall.png")
    for lead in LEADS:
        figure = "\n\n![A diagram of the drain.](images/tall.png)\n\nThe drain and its bag.\n\n"
        write_article(root, f"figure-{lead}", paragraphs(lead, lead) + figure + paragraphs(8, 0))
    for lead in QR_LEADS:
        write_article(root, f"qr-{lead}", "\n\n".join([WORDS.strip()] * lead))
    ranges = " ".join(f"{'Rest' if i % 2 else 'Walk a little'} in weeks {i % 9 + 1}–{i % 9 + 3} and "
                      f"{'x' * (i % 7 + 1)} on days {i + 10} – {i + 14}." for i in range(60))
    write_article(root, "ranges", ranges)
    publish(root, ["en"])
    return root / "output" / "en"


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:len(pypdf.PdfReader(pdf).pages)]


def sizes(pdf: Path) -> collections.Counter:
    """Characters drawn at each type size (points, rounded to 0.5), over every page."""
    found: collections.Counter = collections.Counter()
    for page in pypdf.PdfReader(pdf).pages:
        data = page.get_contents().get_data().decode("latin-1")
        scale = float(re.search(r"\n([\d.]+) 0 0 \1 0 0 cm", data).group(1))
        for size, shown in re.findall(r"/\S+ ([\d.]+) Tf\n(.*?)(?=\n\S+ [\d.]+ Tf\n|\nET)", data, re.S):
            found[round(float(size) * scale * 2) / 2] += len(re.findall(r"<([0-9a-f]{4})", shown))
    return found


def test_type_for_older_readers(site: Path) -> None:
    """Body 11 pt on A5; nothing, not the tables or the footer, below 9 pt."""
    found = sizes(site / "ranges.pdf")
    assert found.most_common(1)[0][0] == 11, found
    assert min(found) >= 9, found


def test_ranges_are_never_broken_after_the_dash(site: Path) -> None:
    lines = [line.rstrip() for page in pages(site / "ranges.pdf") for line in page.splitlines()]
    assert sum("–" in line for line in lines) >= 20
    assert [line for line in lines if re.search(r"\d\s*–$", line) or re.match(r"\s*–?\s*\d+\.", line)] == []


def blank_runs(pdf: Path, number: int, work: Path) -> float:
    """The tallest run of blank pixel rows between the header and the footer of page `number`,
    as a share of that height."""
    stem = work / f"{pdf.stem}-{number}"
    subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", str(number), "-l", str(number), "-singlefile",
                    str(pdf), str(stem)], check=True)
    image = Image.open(f"{stem}.pgm")
    px = image.load()
    top, bottom = round(22 * MM * 50 / 72), image.height - round(22 * MM * 50 / 72)
    tallest = run = 0
    for y in range(top, bottom):
        run = run + 1 if all(px[x, y] > 240 for x in range(image.width)) else 0
        tallest = max(tallest, run)
    return tallest / (bottom - top)


@pytest.mark.parametrize("lead", LEADS)
def test_a_figure_leaves_no_third_of_a_page_blank(site: Path, lead: int, tmp_path: Path) -> None:
    pdf = site / f"figure-{lead}.pdf"
    count = len(pypdf.PdfReader(pdf).pages)
    assert [n for n in range(1, count) if blank_runs(pdf, n, tmp_path) > 1 / 3] == []


@pytest.mark.parametrize("lead", QR_LEADS)
def test_the_qr_block_is_never_alone_on_a_page(site: Path, lead: int) -> None:
    last = pages(site / f"qr-{lead}.pdf")[-1]
    assert "This leaflet on the web" in last
    assert "wound" in last, last
