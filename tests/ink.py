"""Lines of a rendered PDF page whose ink runs into the next line: measured on pixels.

The baselines come from the page's text objects (WeasyPrint starts the glyphs of each line with a
`Tm` at its baseline); the page is rasterized with poppler's `pdftoppm`. Two successive lines
touch when one connected area of ink reaches from the first line's baseline to the second's.
Table rules (columns of ink from one baseline to the next) are left out, so cells do not connect
their lines through their borders.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
from PIL import Image, ImageDraw

DPI = 150
MM = 72 / 25.4
DARK = 160


def baselines(page: pypdf.PageObject) -> list[float]:
    """Distinct baselines of the text on `page`, in points from the top of the page."""
    data = page.get_contents().get_data().decode("latin-1")
    scale = float(re.search(r"\n([\d.]+) 0 0 \1 0 0 cm", data).group(1))
    return sorted({round(float(y) * scale, 1) for y in re.findall(r"1 0 0 -1 [-\d.]+ ([-\d.]+) Tm", data)})


def touching_lines(pdf: Path, number: int, work: Path, margin_mm: float = 20) -> tuple[list[tuple[float, float]], int]:
    """(pairs of baselines whose lines touch, number of baselines) in the body of page `number`
    (1-based; the header and footer, inside `margin_mm`, are left out)."""
    page = pypdf.PdfReader(pdf).pages[number - 1]
    height = float(page.mediabox.height)
    ys = [y for y in baselines(page) if margin_mm * MM < y < height - margin_mm * MM]
    stem = work / f"{pdf.stem}-ink-{number}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(number), "-l", str(number), "-singlefile",
                    str(pdf), str(stem)], check=True)
    ink = Image.open(f"{stem}.pgm").point(lambda v: 0 if v < DARK else 255)
    scale = DPI / 72
    found = []
    for a, b in zip(ys, ys[1:]):
        top, bottom = round(a * scale), round(b * scale)
        start = max(0, 2 * top - bottom)
        box = ink.crop((0, start, ink.width, min(ink.height, 2 * bottom - top)))
        px = box.load()
        first, second = top - start, bottom - start
        draw = ImageDraw.Draw(box)
        for x in range(box.width):
            if all(px[x, y] == 0 for y in range(first, second + 1)):
                draw.line([(x, 0), (x, box.height)], fill=255)
        band = max(1, (second - first) // 8)
        for y in range(first - band, first + band + 1):
            for x in range(box.width):
                if px[x, y] == 0:
                    ImageDraw.floodfill(box, (x, y), 128)
        if any(px[x, y] == 128 for y in range(second - band, second + band + 1) for x in range(box.width)):
            found.append((a, b))
    return found, len(ys)
