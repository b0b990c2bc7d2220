"""`leaflet import` against trafilatura on pages no one here wrote: word-level F1 per page.

The pages and their hand-made ground truth are the public article-extraction benchmark of
Zyte (scrapinghub/article-extraction-benchmark: 181 news and blog pages, `html/*.html.gz`
and `ground-truth.json` with each page's `articleBody`). Each page goes through leaflet's
own conversion (`source.importer.convert_page`, front matter left out, Markdown reduced to
its words) and through `trafilatura.extract`; both are scored against the ground truth by
word-level F1 (bags of lower-cased words: the overlap counted with multiplicity).

What matters for a centre is the worst pages, where an importer keeps page chrome or loses
the article: the report gives the median and the bottom tenth (10th percentile) of both side
by side, then the pages where leaflet does worst. trafilatura is not a dependency:

    git clone https://github.com/scrapinghub/article-extraction-benchmark /tmp/aeb
    .venv/bin/pip install trafilatura
    .venv/bin/python benchmarks/bench_import.py /tmp/aeb
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workflow.base.errors import LeafletError  # noqa: E402
from workflow.source.importer import convert_page  # noqa: E402

WORD_RE = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in WORD_RE.findall(text))


def f1(truth: str, predicted: str) -> float:
    want, got = words(truth), words(predicted)
    overlap = sum((want & got).values())
    if not want and not got:
        return 1.0
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def markdown_words(article: str) -> str:
    """The body of an article file as text: front matter dropped, link targets and markup gone."""
    body = article.split("\n---\n", 1)[-1]
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", body)  # images
    body = re.sub(r"\]\([^)]*\)", "]", body)  # link targets
    return re.sub(r"[#*_`|>\[\]-]", " ", body)


def leaflet_text(html: str, folder: Path) -> str:
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8")
    try:
        return markdown_words(convert_page(page, slug="page").text)
    except LeafletError:
        return ""  # refused: no article found, which scores 0 against a page that has one


def trafilatura_text(html: str) -> str:
    import trafilatura
    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("benchmark", type=Path, help="a checkout of scrapinghub/article-extraction-benchmark")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    parser.add_argument("--worst", type=int, default=10, help="list this many of leaflet's worst pages")
    args = parser.parse_args()
    truth = json.loads((args.benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    scores: dict[str, list[float]] = {"leaflet": [], "trafilatura": []}
    seconds = {"leaflet": 0.0, "trafilatura": 0.0}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for key in keys:
            raw = gzip.decompress((args.benchmark / "html" / f"{key}.html.gz").read_bytes())
            html = raw.decode("utf-8", errors="replace")
            body = truth[key].get("articleBody", "")
            started = time.perf_counter()
            ours = f1(body, leaflet_text(html, Path(tmp)))
            seconds["leaflet"] += time.perf_counter() - started
            started = time.perf_counter()
            theirs = f1(body, trafilatura_text(html))
            seconds["trafilatura"] += time.perf_counter() - started
            scores["leaflet"].append(ours)
            scores["trafilatura"].append(theirs)
            rows.append((ours, theirs, truth[key].get("url", key)))
    print(f"{len(keys)} pages of scrapinghub/article-extraction-benchmark, word-level F1 against the ground truth")
    print(f"{'':12} {'mean':>6} {'median':>7} {'bottom 10%':>11} {'worst':>6} {'s/page':>7}")
    for name, values in scores.items():
        print(f"{name:12} {statistics.mean(values):6.3f} {statistics.median(values):7.3f} "
              f"{percentile(values, 0.10):11.3f} {min(values):6.3f} {seconds[name] / len(keys):7.3f}")
    ratio = percentile(scores["leaflet"], 0.10) / max(percentile(scores["trafilatura"], 0.10), 1e-9)
    print(f"bottom tenth, leaflet / trafilatura: {ratio:.2f}")
    print(f"\nleaflet's {args.worst} worst pages (leaflet, trafilatura, address):")
    for ours, theirs, url in sorted(rows)[: args.worst]:
        print(f"  {ours:.3f}  {theirs:.3f}  {url}")


if __name__ == "__main__":
    main()
