"""`leaflet import` on the chrome of pages no one here wrote: what news and blog pages put inside
or beside the article (measured on the public extraction benchmark by benchmarks/bench_import.py)
must not become article text, and a page's address gives a readable slug."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.source.importer import convert_page

ARTICLE = """
<h1>Recovering after a kidney biopsy</h1>
<p>Most people go home the same day after a kidney biopsy. You will rest in bed for four to six hours
while the nurses check your pulse, your blood pressure and the colour of your urine.</p>
<p>A little blood in the urine is common for a day or two. Drink plenty of water, at least two litres
a day, unless your doctor has told you to limit what you drink.</p>
{inside}
<h2>When to call the centre</h2>
<p>Call us at once if you pass clots, if you cannot pass urine, or if you feel faint or dizzy when you
stand up. These can be signs of bleeding that needs care in hospital.</p>
<p>Do not lift anything heavier than five kilograms for two weeks, and avoid contact sports for a
month, so that the small wound in the kidney can heal well.</p>
"""


def page(inside: str = "", after: str = "", before: str = "", url: str = "https://cvic.example/kidney-biopsy/",
         title: str = "Recovering after a kidney biopsy") -> str:
    return (f'<html><head><title>{title} – CVIC</title><link rel="canonical" href="{url}"></head><body>'
            f'<header><nav><a href="/">Home</a></nav></header>{before}<main><article class="post">'
            f'{ARTICLE.format(inside=inside)}{after}</article></main><footer>© CVIC</footer></body></html>')


def body(tmp_path: Path, html: str) -> str:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return convert_page(path).text.split("\n---\n", 1)[1]


JETPACK = """<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">
<h3 class="sd-title">Share this:</h3><ul><li><a href="https://x.example/share?fb">Facebook</a></li>
<li><a href="https://x.example/share?wa">WhatsApp</a></li></ul></div></div>
<div id="jp-post-flair" class="sharedaddy sd-like-enabled"><div class="sharedaddy sd-block sd-like">
<h3 class="sd-title">Like this:</h3><p>Like Loading...</p></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>
<p><a href="/liver/">Liver tumour embolization: what to expect on the day of the procedure</a></p>
<p><a href="/ufe/">Uterine fibroid embolization and how patients feel in the weeks after it</a></p></div></div>"""

SHARE_BAR = """<div class="post-share-bar"><span>Share</span> <a href="https://x.example/fb">Facebook</a>
<a href="https://x.example/tw">Twitter</a> <a href="https://x.example/wa">WhatsApp</a>
<a href="https://x.example/mail">Email this article to a friend or family member</a></div>"""

TRENDING = """<div class="trending-strip"><h4>Trending now</h4><ul>
<li><a href="/a/">Celebrity chef reveals the breakfast that changed his life forever</a></li>
<li><a href="/b/">Ten gadgets that every household should own before the monsoon</a></li>
<li><a href="/c/">Markets rally as the rupee strengthens against the dollar again</a></li></ul></div>"""

CREDIT = """<figure class="article__media"><figcaption class="article__media-caption">
<span class="article__media-span">The nurse checks the wound after the treatment</span><span
class="article__credit">Credit: EPA</span></figcaption></figure>"""


@pytest.mark.parametrize("where,chrome,gone", [
    ("after", JETPACK, ["Share this", "Like this", "Like Loading", "Related", "Liver tumour", "Facebook"]),
    ("inside", SHARE_BAR, ["Facebook", "Twitter", "WhatsApp", "Email this article"]),
    ("before", TRENDING, ["Trending", "Celebrity chef", "gadgets", "rupee"]),
    ("inside", TRENDING, ["Trending", "Celebrity chef", "gadgets", "rupee"]),
    ("inside", CREDIT, ["Credit", "EPA", "treatmentCredit"]),
], ids=["jetpack-like-related", "share-bar", "trending-beside", "trending-inside", "caption-credit"])
def test_page_chrome_does_not_become_article_text(where: str, chrome: str, gone: list[str], tmp_path: Path) -> None:
    text = body(tmp_path, page(**{where: chrome}))
    for words in gone:
        assert words not in text, f"{words!r} reached the article:\n{text}"
    for kept in ("Most people go home the same day", "When to call the centre", "five kilograms"):
        assert kept in text, text


def test_a_caption_keeps_its_words_without_the_credit(tmp_path: Path) -> None:
    text = body(tmp_path, page(inside=CREDIT))
    assert "The nurse checks the wound after the treatment" in text
    assert "treatmentCredit" not in text


def test_an_article_laid_out_in_a_table_is_found(tmp_path: Path) -> None:
    """Older sites put the whole page in a table: the article is in one cell, not a data table."""
    html = ('<html><head><title>Recovering after a kidney biopsy</title></head><body><table><tr>'
            '<td><a href="/">Home</a><br><a href="/news/">News</a></td>'
            f'<td>{ARTICLE.format(inside="")}</td></tr></table></body></html>')
    text = body(tmp_path, html)
    assert "Most people go home the same day" in text and "five kilograms" in text
    assert "|" not in text  # not written as a Markdown table


def test_a_data_table_stays_a_table(tmp_path: Path) -> None:
    table = ("<table><tr><th>Time after biopsy</th><th>What to do</th></tr>"
             "<tr><td>First 6 hours</td><td>Rest in bed</td></tr>"
             "<tr><td>Two weeks</td><td>No heavy lifting</td></tr></table>")
    text = body(tmp_path, page(inside=table))
    assert "| Time after biopsy | What to do |" in text and "| Two weeks | No heavy lifting |" in text


@pytest.mark.parametrize("url,slug", [
    ("https://cvic.example/patients/kidney-biopsy.shtml", "kidney-biopsy"),
    ("https://cvic.example/kidney-biopsy.php", "kidney-biopsy"),
    ("https://cvic.example/Pages/kidney-biopsy.aspx", "kidney-biopsy"),
    ("https://cvic.example/news/275221/", "recovering-after-a-kidney-biopsy"),
    ("https://cvic.example/p/5f3a9c2b71e4d0aa", "recovering-after-a-kidney-biopsy"),
    ("https://cvic.example/article/kidney-biopsy-aftercare-14848382.php", "kidney-biopsy-aftercare"),
    ("https://cvic.example/index.php", "index-is-reserved"),
])
def test_slugs_drop_extensions_and_ids(url: str, slug: str, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(url=url), encoding="utf-8")
    expected = "recovering-after-a-kidney-biopsy" if slug == "index-is-reserved" else slug
    assert convert_page(path).slug == expected
