"""Bytes a phone fetches for the first view of each published page, in headless Chromium.

Usage: python benchmarks/bench_page_weight.py [--keep DIR]

The bundled article is published in every language: the Hindi and Urdu samples (completed with
filler), one sentence per other script repeated through the article, and in each language one
segment holding every letter of its script, so each script's subset is as large as the script
allows (a worst case for the fonts). The output is served over HTTP on 127.0.0.1; each
language's article page and the root index are loaded with an empty cache at 390 px width, and
every response body and its headers are counted until the network is idle and the fonts are
ready. Side by side, the same pages with the full TTF fonts declared without `unicode-range`
(the fonts.css publish wrote before subsetting). Target: every first view <= 150 KB.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import re
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from click.testing import CliRunner  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from samples import SLUG, copy_project, fill_every_language, set_translations  # noqa: E402

from workflow.base.languages import language  # noqa: E402
from workflow.cli.main import main as leaflet  # noqa: E402
from workflow.render import fonts  # noqa: E402
from workflow.render.webfonts import _cmap  # noqa: E402
from workflow.source.articles import load_articles  # noqa: E402
from workflow.source.segments import parse_article  # noqa: E402
from workflow.source.site import load_site  # noqa: E402

TARGET = 150 * 1024
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync"]


def alphabet(lang: str) -> str:
    """Every letter of the language's script its font has, in words of five."""
    face = language(lang).face
    ranges = re.findall(r"(.)-(.)", language(lang).script.letters)
    letters = [chr(c) for a, b in ranges for c in range(ord(a), ord(b) + 1)
               if face is None or c in _cmap(face)]
    letters = [c for c in letters if not re.match(r"[\u064b-\u065f\u0670]", c)]  # Arabic marks: on letters
    return " ".join("".join(letters[i:i + 5]) for i in range(0, len(letters), 5))


def build(work: Path) -> Path:
    root = copy_project(work)
    langs = fill_every_language(root)
    segments = parse_article(next(a for a in load_articles(root) if a.slug == SLUG)).segments
    longest = max((s for s in segments if "%(" not in s.msgid and not re.search(r"\d", s.msgid)),
                  key=lambda s: len(s.msgid))
    for lang in langs:
        set_translations(root, lang, SLUG, {longest.msgid: alphabet(lang)})
    args = ["--root", str(root), "publish", *(f"--lang={lang}" for lang in langs)]
    result = CliRunner().invoke(leaflet, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"leaflet publish failed: {result.output}")
    for lang in langs:
        page = (root / "output" / lang / f"{SLUG}.html").read_text(encoding="utf-8")
        assert alphabet(lang)[:5] in page, f"{lang}: the alphabet segment was not published"
    return root


def serve(folder: Path, compress: bool) -> tuple[ThreadingHTTPServer, str]:
    """An HTTP server of `folder`; with `compress`, HTML and CSS go gzip-compressed to a browser
    that accepts it, as web servers send text (fonts are WOFF2, compressed already)."""
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not (compress and path.suffix in (".html", ".css") and path.is_file()
                    and "gzip" in self.headers.get("Accept-Encoding", "")):
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", "text/html" if path.suffix == ".html" else "text/css")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def first_view(browser, url: str) -> tuple[int, int, int]:  # noqa: ANN001
    """(bytes, of which fonts, requests) fetched to show `url` with an empty cache."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: fetched.append(
        (request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])))
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(300)  # a font the first layout asked for late
    context.close()
    total = sum(size for _, size in fetched)
    font_bytes = sum(size for u, size in fetched if u.endswith((".woff2", ".ttf")))
    return total, font_bytes, len(fetched)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="build here and keep the output")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="bench-page-weight-"))
    try:
        root = work / "project"
        if not (root / "output" / "index.html").is_file():  # --keep: a second run measures again
            build(root)
        site = load_site(root)
        subset_out = root / "output"
        full_out = root / "output-full-fonts"
        shutil.rmtree(full_out, ignore_errors=True)
        shutil.copytree(subset_out, full_out)
        (full_out / "assets" / "fonts.css").write_text(fonts.font_css(site.languages))
        pages = ["index.html", *(f"{lang}/{SLUG}.html" for lang in (site.source_language, *site.languages))]
        servers = [serve(subset_out, True), serve(subset_out, False), serve(full_out, True)]
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for rel in pages:
                rows.append((rel, *(first_view(browser, url + rel) for _, url in servers)))
            browser.close()
        for server, _ in servers:
            server.shutdown()
        print("KB fetched per first view at 390 px; text gzip-compressed as web servers send it "
              "(raw: uncompressed, as from a folder); full TTFs: the fonts before subsetting")
        print(f"{'page':40} {'KB':>7} {'fonts':>7} {'req':>4} {'raw KB':>7} {'full TTFs':>10}  ratio")
        for rel, (total, font_bytes, count), (raw, _, _), (full, _, _) in rows:
            flag = "" if total <= TARGET else "  over 150 KB"
            print(f"{rel:40} {total / 1024:7.1f} {font_bytes / 1024:7.1f} {count:4} {raw / 1024:7.1f} "
                  f"{full / 1024:10.1f}  {full / total:5.1f}x{flag}")
        for label, column in (("compressed", 1), ("raw", 2)):
            worst = max(row[column][0] for row in rows)
            print(f"largest first view, {label}: {worst / 1024:.1f} KB (target <= 150 KB): "
                  f"{'met' if worst <= TARGET else 'NOT met'}")
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
