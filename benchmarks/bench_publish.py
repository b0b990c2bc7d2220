"""`leaflet publish --all` against WeasyPrint alone, and a no-op re-publish, in one run.

Usage: python benchmarks/bench_publish.py [--repeat 2]

Works on a temporary copy of the project in which all 11 languages are fully translated
(reviewed) with text in their own scripts, so every leaflet is shaped as a real edition is.
Prints, best of --repeat runs each:
  - full publish of every language (CLI, fresh output) against rendering the same leaflet
    HTML straight with WeasyPrint in one process, serially and with as many processes as
    publish uses (target: publish <= 1.3x WeasyPrint);
  - a no-op re-publish against the full one (target <= 5 %).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from samples import SENTENCES, copy_project, fill_every_language as fill  # noqa: E402,F401


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


STRAIGHT = r"""
import sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from weasyprint import HTML

def render(item):
    html, pdf = item
    HTML(filename=html).write_pdf(pdf)

items = [(p, p.with_suffix(".straight.pdf")) for p in sorted(Path(sys.argv[1]).glob("*/*.leaflet.html"))]
workers = int(sys.argv[2])
if workers == 1:
    for item in items:
        render(item)
else:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(render, items))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    leaflet = str(Path(sys.executable).parent / "leaflet")
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        root = copy_project(Path(tmp) / "project")
        langs = fill(root)
        out = root / "output"

        # Every edition, whatever check says of the filler text (withheld entries show English):
        # the timing is of rendering, not of the coverage rule that `--all` applies.
        publish_cmd = [leaflet, "--root", str(root), "publish", *(f"--lang={lang}" for lang in langs)]
        subprocess.run(publish_cmd, check=True, stdout=subprocess.DEVNULL)
        # The same leaflet HTML, written next to the pages so relative asset URLs resolve.
        from workflow.render.html import Alternate, Edition
        from workflow.source.segments import parse_article
        from workflow.source.site import load_site
        from workflow.source.articles import load_articles
        site = load_site(root)
        langs = [site.source_language, *langs]  # publish builds the English edition too
        for article in load_articles(root):
            parsed = parse_article(article)
            for lang in langs:
                page = Edition(site, lang).article(parsed, [Alternate(lang, "x.html", True)])
                (out / lang / f"{article.slug}.leaflet.html").write_text(page.leaflet, encoding="utf-8")
        pdfs = sorted(out.glob("*/*.pdf"))
        assert len(pdfs) == len(langs), f"expected {len(langs)} leaflets, got {len(pdfs)}"
        script = Path(tmp) / "straight.py"
        script.write_text(STRAIGHT, encoding="utf-8")

        # Interleaved rounds, so a busy moment of the machine hits every contender alike.
        full, noop, serial, parallel = [], [], [], []
        for _ in range(args.repeat):
            full.append(timed(publish_cmd + ["--force"]))
            noop.append(timed(publish_cmd))
            serial.append(timed([sys.executable, str(script), str(out), "1"]))
            parallel.append(timed([sys.executable, str(script), str(out), str(workers)]))

    best_full, best_noop = min(full), min(noop)
    best_serial, best_parallel = min(serial), min(parallel)
    print(f"{len(pdfs)} leaflets ({', '.join(langs)}), {workers} cores, best of {args.repeat}")
    print(f"  leaflet publish (full)              {best_full:7.2f} s")
    print(f"  WeasyPrint straight, 1 process      {best_serial:7.2f} s   publish/straight = "
          f"{best_full / best_serial:.2f}x")
    print(f"  WeasyPrint straight, {workers} processes    {best_parallel:7.2f} s   publish/straight = "
          f"{best_full / best_parallel:.2f}x   (target <= 1.3x)")
    print(f"  leaflet publish (no-op)             {best_noop:7.2f} s   no-op/full = "
          f"{100 * best_noop / best_full:.1f} %   (target <= 5 %)")


if __name__ == "__main__":
    main()
