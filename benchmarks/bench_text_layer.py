"""How much of each leaflet's text a PDF reader gets back: `pdftotext` against the catalogs.

Usage: python benchmarks/bench_text_layer.py [--no-chromium] [--keep DIR]

Search, copy-paste and screen readers see a PDF's text layer, not its glyphs. For every body
segment of a published edition (the reviewed msgstr, Markdown stripped, kept when the page shows
it) this measures the share of its words (whitespace tokens, outer punctuation stripped) that
`pdftotext` finds verbatim in the leaflet, plain and `-layout`, and prints the median and the 10th
percentile per edition, beside the same figure for Chromium's print of the edition's web page.

Editions: the bundled project's Hindi leaflet; the clinic fixture's uterine-fibroid-embolization
article in hi, mr and ta (reviewed); and one sentence per other script, repeated through the
bundled article (bn, te, gu, pa, kn, ml, or: samples, not translations).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from bs4 import BeautifulSoup  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from bench_publish import SENTENCES  # noqa: E402
from clinic import UFE, copy_clinic  # noqa: E402
from samples import SLUG, copy_project, set_translations  # noqa: E402

from workflow.catalogs.pofile import read_catalog  # noqa: E402
from workflow.catalogs.states import active, is_reviewed
from workflow.catalogs.repository import catalog_path
from workflow.cli.main import main as leaflet  # noqa: E402

SAMPLE_LANGS = ("bn", "te", "gu", "pa", "kn", "ml", "or")


def publish(root: Path, langs: list[str]) -> None:
    args = ["--root", str(root), "publish", *(f"--lang={lang}" for lang in langs)]
    result = CliRunner().invoke(leaflet, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"leaflet publish failed: {result.output}")


def strip_markdown(text: str) -> str:
    return BeautifulSoup(MarkdownIt().renderInline(text), "html.parser").get_text()


def words(text: str) -> list[str]:
    """Whitespace tokens without the punctuation around them; soft hyphens dropped."""
    tokens = (t.strip("".join(c for c in t if unicodedata.category(c)[0] in "PS"))
              for t in text.replace("\xad", "").split())
    return [t for t in tokens if t]


def segments(root: Path, lang: str, slug: str) -> list[str]:
    """The reviewed body segments of an edition that its web page shows."""
    page = (root / "output" / lang / f"{slug}.html").read_text(encoding="utf-8")
    shown = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
    catalog = read_catalog(catalog_path(root, lang, slug), root)
    texts = [" ".join(strip_markdown(e.msgstr).split()) for e in active(catalog)
             if is_reviewed(e) and e.msgstr]
    return [t for t in texts if t and t in shown and words(t)]


def text_layer(pdf: Path, layout: bool) -> set[str]:
    command = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    return set(words(subprocess.run(command, check=True, capture_output=True, text=True).stdout))


def chromium_pdf(html: Path, target: Path) -> Path:
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={target}", html.as_uri()], check=True, capture_output=True)
    return target


@dataclass
class Figure:
    median: float
    p10: float


def measure(texts: list[str], pdf: Path, layout: bool) -> Figure:
    layer = text_layer(pdf, layout)
    shares = [100 * sum(w in layer for w in words(t)) / len(words(t)) for t in texts]
    p10 = statistics.quantiles(shares, n=10, method="inclusive")[0] if len(shares) > 1 else shares[0]
    return Figure(statistics.median(shares), p10)


def editions(work: Path) -> list[tuple[str, Path, str]]:
    """Publish every edition measured; (label, project root, slug) for each."""
    bundled = copy_project(work / "bundled")
    publish(bundled, ["hi"])
    clinic = copy_clinic(work / "clinic")
    publish(clinic, ["hi", "mr", "ta"])
    samples = copy_project(work / "samples")
    for lang in SAMPLE_LANGS:
        sentence = SENTENCES[lang]
        for domain in (SLUG, "site"):
            catalog = read_catalog(catalog_path(samples, lang, domain), samples)
            texts = {e.msgid: " ".join([sentence] * max(1, round(len(e.msgid) / len(sentence))))
                     for e in active(catalog) if "%(" not in e.msgid}
            set_translations(samples, lang, domain, texts)
    publish(samples, list(SAMPLE_LANGS))
    return ([(f"hi  bundled {SLUG}", bundled, SLUG)]
            + [(f"{lang}  clinic {UFE}", clinic, UFE) for lang in ("hi", "mr", "ta")]
            + [(f"{lang}  sample sentence", samples, SLUG) for lang in SAMPLE_LANGS])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-chromium", action="store_true", help="skip Chromium's figures")
    parser.add_argument("--keep", type=Path, help="publish into DIR (emptied) and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-text-layer-") as tmp:
        work = Path(tmp)
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            work = args.keep
            work.mkdir(parents=True)
        print("words of each body segment found in pdftotext's output, % "
              "(median / 10th percentile over segments)")
        print(f"{'edition':<44} {'n':>3}  {'WeasyPrint plain':>16}  {'-layout':>13}  {'Chromium plain':>15}")
        for label, root, slug in editions(work):
            lang = label.split()[0]
            texts = segments(root, lang, slug)
            pdf = root / "output" / lang / f"{slug}.pdf"
            plain, layout = measure(texts, pdf, False), measure(texts, pdf, True)
            chromium = ""
            if not args.no_chromium:
                page = root / "output" / lang / f"{slug}.html"
                figure = measure(texts, chromium_pdf(page, page.with_suffix(".chromium.pdf")), False)
                chromium = f"{figure.median:6.1f} / {figure.p10:5.1f}"
            print(f"{label:<44} {len(texts):>3}  {plain.median:8.1f} / {plain.p10:5.1f}  "
                  f"{layout.median:5.1f} / {layout.p10:5.1f}  {chromium:>15}", flush=True)


if __name__ == "__main__":
    main()
