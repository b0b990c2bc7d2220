"""How candidate libraries turn the saved pages of tests/data/import/ into Markdown.

Measures what `leaflet import` chose between: trafilatura (extraction and its own Markdown) and
readability-lxml (extraction) with markdownify or html2text (conversion), raw, without the
importer's own steps. Needs the candidates that are not dependencies:

    .venv/bin/pip install trafilatura html2text
    .venv/bin/python benchmarks/compare_import.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "source"))

from test_import import CHROME, DRUPAL, WORDPRESS  # noqa: E402

#: Per page: headings with their levels, bold leads, links, list items that must survive.
EXPECT = {
    WORDPRESS: {"headings": ["## What Causes Varicose Veins?", "### Benefits of EVLA"],
                "faq": ["Is laser treatment painful?"],
                "bold": ["**Small scars:**"], "links": ["](https://www.nhs.uk/conditions/varicose-veins/)"],
                "ordered": [], "image": "evla-diagram.png", "video": "youtube"},
    DRUPAL: {"headings": ["## How is UFE done?", "### Who can have it?"], "faq": [],
             "bold": ["**heavy periods**"], "links": ["](tel:+917314675670)"],
             "ordered": ["1. A fine tube"], "image": None, "video": "vimeo"},
}


def trafilatura_markdown(html: str) -> str:
    import trafilatura
    return trafilatura.extract(html, output_format="markdown", include_formatting=True, include_links=True,
                               include_images=True, include_tables=True, include_comments=False) or ""


def trafilatura_markdownify(html: str) -> str:
    import trafilatura
    from markdownify import markdownify
    out = trafilatura.extract(html, output_format="html", include_formatting=True, include_links=True,
                              include_images=True, include_tables=True, include_comments=False) or ""
    return markdownify(out, heading_style="ATX", table_infer_header=True)


def readability_markdownify(html: str) -> str:
    from markdownify import markdownify
    from readability import Document
    return markdownify(Document(html).summary(html_partial=True), heading_style="ATX", table_infer_header=True)


def readability_html2text(html: str) -> str:
    import html2text
    from readability import Document
    converter = html2text.HTML2Text()
    converter.body_width = 0
    return converter.handle(Document(html).summary(html_partial=True))


def score(markdown: str, expect: dict) -> dict[str, str]:
    lines = markdown.splitlines()
    pipe_rows = [i for i, line in enumerate(lines) if line.strip().startswith("|") or "|" in line]
    table_ok = any(re.fullmatch(r"\|?\s*-{3,}.*", lines[i + 1].strip()) for i in pipe_rows[:1]
                   if i + 1 < len(lines))
    return {
        "headings": f"{sum(h in lines for h in expect['headings'])}/{len(expect['headings'])}",
        "faq as heading": "-" if not expect["faq"] else
        f"{sum(any(line.startswith('#') and q in line for line in lines) for q in expect['faq'])}/"
        f"{len(expect['faq'])}",
        "table+header": "yes" if table_ok else "NO",
        "bold": f"{sum(b in markdown for b in expect['bold'])}/{len(expect['bold'])}",
        "links": f"{sum(x in markdown for x in expect['links'])}/{len(expect['links'])}",
        "ordered list": "-" if not expect["ordered"] else
        ("yes" if all(o in markdown for o in expect["ordered"]) else "NO"),
        "image": "-" if not expect["image"] else ("yes" if expect["image"] in markdown else "NO"),
        "video seen": "yes" if (expect["video"] in markdown or "VIDEO" in markdown) else "silent",
        "'* Costs' stays text": "-" if expect["video"] != "youtube" else
        ("NO" if any(re.match(r"\s*[*-] Costs", line) for line in lines) else "yes"),
        "chrome leaked": ", ".join(c for c in CHROME if c in markdown) or "none",
    }


def main() -> None:
    pipelines = {"trafilatura→md": trafilatura_markdown, "trafilatura→markdownify": trafilatura_markdownify,
                 "readability→markdownify": readability_markdownify, "readability→html2text": readability_html2text}
    for page, expect in EXPECT.items():
        html = page.read_text(encoding="utf-8")
        print(f"\n{page.name}")
        for name, pipeline in pipelines.items():
            try:
                result = score(pipeline(html), expect)
            except ImportError as exc:
                print(f"  {name:<25} not installed ({exc.name})")
                continue
            print(f"  {name:<25} " + "  ".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
