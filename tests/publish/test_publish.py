"""`leaflet publish`: pages, leaflets, what is shown, and how the output follows the sources."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pypdf
import pytest

from conftest import Published, only_small_article, run_cli, write_small_article
from samples import ARTICLE, SITE, SLUG, by_msgid, clear_translations, set_translations, translate_samples
from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.repository import catalog_path
from workflow.base.errors import FindingsError, InputError
from workflow.checks.findings import CODES
from workflow.publish.pipeline import publish
from workflow.review.signing import sign

PHONES = ("tel:07314675670", "tel:+919827760073")
#: A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.fixture(scope="session")
def site(published: Published) -> Path:
    return published.root


def parse(path: Path):  # noqa: ANN201
    """Parse as HTML5, failing on any parse error (the document must be valid)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes())


def main_blocks(tree) -> list:  # noqa: ANN001
    article = tree.find(".//article")
    return [el for el in article.iter() if el.tag in ("p", "h1", "h2", "h3", "li", "td", "th")]


def text_of(el) -> str:  # noqa: ANN001
    return "".join(el.itertext())


# ---------------------------------------------------------------- the content manager's command

def test_publish_hindi_on_the_repository_as_it_is(project: Path) -> None:
    result = run_cli(project, "publish", "--lang", "hi")
    assert result.exit_code == 0, result.output
    assert re.search(rf"hi/{SLUG}: \d+ of \d+ segments in English", result.output)
    out = project / "output"
    for rel in (f"hi/{SLUG}.html", f"hi/{SLUG}.pdf", "hi/index.html", "index.html", "assets/fonts.css",
                "assets/site.css", "assets/leaflet.css", "assets/fonts/NotoSansDevanagari[wght].ttf"):
        assert (out / rel).is_file(), rel
    assert not (out / "ur").exists()
    for rel in (f"en/{SLUG}.html", f"en/{SLUG}.pdf", "en/index.html"):  # every page's x-default
        assert (out / rel).is_file(), rel
    assert f"complete  en/{SLUG}: " in result.output and "the source text" in result.output


def test_unknown_or_malformed_language_is_a_usage_error(project: Path) -> None:
    for code in ("xx", "../etc", "hi/../../x"):
        result = run_cli(project, "publish", "--lang", code)
        assert result.exit_code == 2
        assert result.output.startswith("leaflet: error:") and "configured languages" in result.output
    assert not (project / "output").exists()


# ---------------------------------------------------------------- HTML

@pytest.mark.parametrize("lang, direction", [("hi", "ltr"), ("ur", "rtl")])
def test_pages_are_valid_html5_with_language_direction_and_alternates(site: Path, lang: str,
                                                                       direction: str) -> None:
    tree = parse(site / "output" / lang / f"{SLUG}.html")
    assert tree.get("lang") == lang and tree.get("dir") == direction
    alternates = {el.get("hreflang"): el.get("href") for el in tree.iter("link") if el.get("rel") == "alternate"}
    assert alternates == {"en": f"../en/{SLUG}.html", "hi": f"../hi/{SLUG}.html", "ur": f"../ur/{SLUG}.html",
                          "x-default": f"../en/{SLUG}.html"}
    description = next(el for el in tree.iter("meta") if el.get("name") == "description")
    assert description.get("content") == ARTICLE[lang][1]
    assert text_of(tree.find(".//title")).startswith(ARTICLE[lang][0])
    assert tree.find(".//h1").get("lang") is None and text_of(tree.find(".//h1")) == ARTICLE[lang][0]
    tels = [a.get("href") for a in tree.iter("a") if (a.get("href") or "").startswith("tel:")]
    assert set(tels) == set(PHONES) and len(tels) == 4  # header and footer
    assert SITE[lang]["CVIC – Center for Vascular & Interventional Care"] in text_of(tree.find(".//header"))
    viewport = next(el for el in tree.iter("meta") if el.get("name") == "viewport")
    assert "width=device-width" in viewport.get("content")
    for index in (site / "output" / lang / "index.html", site / "output" / "index.html"):
        parse(index)


def test_edition_date_is_formatted_for_the_reader(project: Path) -> None:
    from workflow.render.html import Edition
    from workflow.source.segments import parse_article
    from workflow.source.site import load_site
    from workflow.source.articles import load_articles
    for lang in ("hi", "ur"):
        translate_samples(project, lang, complete=True)
    site, parsed = load_site(project), parse_article(load_articles(project)[0])
    hi = Edition(site, "hi").article(parsed, []).html
    ur = Edition(site, "ur").article(parsed, []).html
    assert "अंतिम समीक्षा: 25 नवंबर 2026" in hi
    assert "آخری نظرِ ثانی: 25 نومبر، 2026" in ur


def test_no_review_date_on_an_edition_with_english_or_drafts(site: Path) -> None:
    """The sample editions are partly English: a "last reviewed" date would claim otherwise."""
    for lang in ("hi", "ur"):
        page = (site / "output" / lang / f"{SLUG}.html").read_text(encoding="utf-8")
        assert 'class="reviewed"' not in page and "2026" not in text_of(parse(site / "output" / lang /
                                                                                f"{SLUG}.html").find(".//article"))


def test_every_local_link_resolves(site: Path) -> None:
    out = site / "output"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 7  # the root index, and an index and a page per language (English included)
    for page in pages:
        tree = parse(page)
        refs = [el.get("href") for el in tree.iter() if el.tag in ("a", "link") and el.get("href")]
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme in ("tel", "mailto") or ref.startswith("#"):
                continue
            assert not parts.scheme and not parts.netloc, f"{page}: external reference {ref}"
            assert (page.parent / unquote(parts.path)).resolve().is_file(), f"{page}: {ref} does not exist"


def test_language_switcher_and_root_index_use_native_names(site: Path) -> None:
    tree = parse(site / "output" / "hi" / f"{SLUG}.html")
    nav = tree.find(".//nav")
    assert [text_of(li) for li in nav.iter("li")] == ["English", "हिन्दी", "اردو"]
    assert nav.find(".//span").get("aria-current") == "page"
    links = [(a.get("href"), a.get("lang"), a.get("dir")) for a in nav.iter("a")]
    assert links == [(f"../en/{SLUG}.html", "en", "ltr"), (f"../ur/{SLUG}.html", "ur", "rtl")]
    root = parse(site / "output" / "index.html")
    assert root.get("lang") == "en"
    links = {a.get("href"): text_of(a) for a in root.iter("a") if a.get("hreflang")}
    assert links == {"en/index.html": "English", "hi/index.html": "हिन्दी", "ur/index.html": "اردو"}
    items = {a.get("lang"): (a.get("dir"), text_of(li)) for li in root.iter("li") for a in li.iter("a")}
    assert items == {"en": ("ltr", "English"), "hi": ("ltr", "हिन्दी मरीज़ों के लिए जानकारी"),
                     "ur": ("rtl", "اردو مریضوں کے لیے معلومات")}


def test_fonts_are_bundled_with_lang_stacks_and_weight_ranges(site: Path) -> None:
    assets = site / "output" / "assets"
    css = (assets / "fonts.css").read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls and all(re.fullmatch(r"fonts/[A-Za-z-]+\.[0-9a-f]{12}\.woff2", u) for u in urls), urls
    for url in urls:
        assert (assets / unquote(url)).is_file()
    assert css.count("unicode-range: U+") == len(urls) == css.count("font-display: swap;")
    assert "font-weight: 400 700;" in css
    assert re.search(r':lang\(hi\), :lang\(mr\) \{ font-family: "Noto Sans Devanagari", "Noto Sans", sans-serif; '
                     r'line-height: 1.75; \}', css)
    assert re.search(r':lang\(ur\) \{ font-family: "Noto Nastaliq Urdu", "Noto Sans", sans-serif; line-height: [\d.]+; \}', css)
    assert "http" not in css and "//" not in css


def test_untranslated_segments_fall_back_to_english_marked_as_such(site: Path, published: Published) -> None:
    from workflow.source.segments import parse_article
    from workflow.source.articles import load_articles
    report = next(a for a in published.result.articles if a.lang == "hi")
    samples = by_msgid(site, "hi", ARTICLE["hi"])
    segments = parse_article(load_articles(site)[0]).segments
    assert report.segments == len(segments)
    assert report.fallbacks == sum(1 for s in segments if s.msgid not in samples)
    tree = parse(site / "output" / "hi" / f"{SLUG}.html")
    blocks = main_blocks(tree)
    english = [el for el in blocks if el.get("lang") == "en"]
    # Body segments only: the title and description are translated.
    assert len(english) == report.fallbacks
    assert any(text_of(el).startswith("The kyphoplasty procedure begins") for el in english)
    hindi = [el for el in blocks if el.get("lang") is None and ARTICLE["hi"][2] == text_of(el)]
    assert hindi, "the translated paragraph is shown without an English mark"
    notice = tree.find(".//p[@class='untranslated']")
    assert text_of(notice).startswith(f"{report.fallbacks} भागों का अनुवाद अभी नहीं हुआ है")


# ---------------------------------------------------------------- untrusted translations

def test_hostile_translations_are_escaped_and_cannot_change_the_page(project: Path) -> None:
    from workflow.render.html import Edition
    from workflow.source.segments import parse_article
    from workflow.source.site import load_site
    from workflow.source.articles import load_articles

    clear_translations(project, "hi")
    paragraph = ('<script>alert("x")</script> **fett** [click](javascript:alert(1)) '
                 '<img src=x onerror=alert(1)> [ok](https://example.org)')
    set_translations(project, "hi", SLUG, by_msgid(project, "hi", {2: paragraph, 3: "</h2><h1>x</h1>"}))
    set_translations(project, "hi", "site", {
        "Call us": '<script>alert(2)</script>',
        "CVIC – Center for Vascular & Interventional Care": '<b onmouseover="alert(3)">CVIC</b>',
        "Page %(page)s of %(pages)s": '</style><script>alert(4)</script>"; } body { display: none %(page)s',
        "Last reviewed: %(date)s": "%(evil)s %s 100%",  # unusable placeholders: English is shown
    })
    site = load_site(project)
    parsed = parse_article(load_articles(project)[0])
    # check rejects each of them, so publish withholds them all and shows English ...
    first = Edition(site, "hi").article(parsed, [])
    assert "alert" not in first.html and "alert" not in first.leaflet
    # ... and were check silenced, the page would still escape them.
    everything = ",".join(f"leaflet-ignore:{code}" for code in sorted(CODES))
    for domain in (SLUG, "site"):
        path = catalog_path(project, "hi", domain)
        catalog = read_catalog(path, project)
        for entry in catalog:
            if entry.msgstr:
                entry.flags.append(everything)
        write_catalog(catalog, path)
    page = Edition(site, "hi").article(parsed, [])
    for html in (page.html, page.leaflet):
        tree = html5lib.parse(html, namespaceHTMLElements=False)
        assert not list(tree.iter("script")), "a translation injected a script element"
        assert not [k for el in tree.iter() for k in el.keys() if k.startswith("on")]
        assert not [el for el in tree.iter("b")]
        assert all(not (a.get("href") or "").lower().startswith("javascript") for a in tree.iter("a"))
        text = text_of(tree.find(".//body"))
        assert '<script>alert("x")</script>' in text and "<script>alert(2)</script>" in text
        assert "%(evil)s" not in text
    tree = html5lib.parse(page.html, namespaceHTMLElements=False)
    assert [text_of(h) for h in tree.iter("h1")] == [page.title], "a translation added a heading"
    assert any(a.get("href") == "https://example.org" for a in tree.iter("a"))
    style = html5lib.parse(page.leaflet, namespaceHTMLElements=False).find(".//style")
    assert "</style" not in style.text and "<" not in style.text and "display: none" not in style.text
    assert "counter(page)" in style.text


def test_page_counter_label_is_a_css_string_with_counters() -> None:
    from workflow.render.html import PAGE_MARK, PAGES_MARK, css_content
    value = css_content(f'पृष्ठ {PAGE_MARK} / {PAGES_MARK} "\\')
    assert value == ('"पृष्ठ " counter(page) " \\00002f  " counter(pages) " \\000022 \\00005c "')


def test_plural_forms_follow_the_catalog_header(project: Path) -> None:
    from workflow.editions.shown import Usable
    from workflow.render.html import FALLBACK_CLOSE, FALLBACK_OPEN, Interface
    forms = ("%(count)s भाग", "%(count)s भागों")
    hi = Interface(Usable({}, {"%(count)s part": forms}, "nplurals=2; plural=(n > 1);"))
    assert [hi.ngettext("%(count)s part", "%(count)s parts", n) for n in (0, 1, 2)] == \
        [forms[0], forms[0], forms[1]]
    assert not hi.missing
    broken = Interface(Usable({}, {"%(count)s part": ("%(cnt)s भाग", "")}, "nplurals=2; plural=(n > 1);"))
    assert broken.ngettext("%(count)s part", "%(count)s parts", 1) == f"{FALLBACK_OPEN}%(count)s part{FALLBACK_CLOSE}"
    assert broken.missing == {"%(count)s part"}


# ---------------------------------------------------------------- what gets published

def test_strict_fails_with_nothing_written(project: Path) -> None:
    clear_translations(project, "hi")
    result = run_cli(project, "publish", "--lang", "hi", "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.output and "nothing written" in result.output
    assert not [p for p in (project / "output").rglob("*") if p.name != ".leaflet.lock"]
    with pytest.raises(FindingsError):
        publish(project, ["hi"], strict=True)


def test_strict_passes_when_everything_is_reviewed_and_a4_paper(project: Path) -> None:
    # The repository's Hindi edition is fully reviewed; the release build also needs its sign-off
    # (which the sample filler text, with its markup errors, could not get).
    sign(project, "hi", SLUG, "Dr A. Sharma, consultant radiologist")
    result = run_cli(project, "publish", "--lang", "hi", "--strict", "--paper", "a4")
    assert result.exit_code == 0, result.output
    assert "fallback" not in result.output and f"complete  hi/{SLUG}: 0 of" in result.output
    assert "withheld" not in result.output
    tree = parse(project / "output" / "hi" / f"{SLUG}.html")
    assert "पिछली समीक्षा: 25 नवंबर 2026" in text_of(tree.find(".//article"))  # the reviewed edition is dated
    assert [el.get("href") for el in tree.iter() if el.get("lang") == "en"] == [f"../en/{SLUG}.html"]  # switcher
    assert tree.find(".//p[@class='untranslated']") is None
    pdf = pypdf.PdfReader(project / "output" / "hi" / f"{SLUG}.pdf")
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_machine_drafts_only_with_include_drafts_and_marked_everywhere(project: Path) -> None:
    clear_translations(project, "hi")
    samples = by_msgid(project, "hi", ARTICLE["hi"])
    set_translations(project, "hi", SLUG, samples, draft=True)
    # A fuzzy entry from an update (a translation of an earlier text) is never shown.
    path = catalog_path(project, "hi", SLUG)
    catalog = read_catalog(path, project)
    stale = next(e for e in catalog if e.msgid == "Understanding Vertebroplasty")
    stale.msgstr, stale.flags, stale.previous_msgid = "पुराना अनुवाद", ["fuzzy"], "Understanding Vertebro"
    write_catalog(catalog, path)

    plain = publish(project, ["hi"])
    hindi = next(a for a in plain.articles if a.lang == "hi")
    assert hindi.fallbacks == hindi.segments and hindi.drafts == 0
    page = (project / "output" / "hi" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Machine translation" not in page and ARTICLE["hi"][2] not in page

    public = {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    result = run_cli(project, "publish", "--lang", "hi", "--include-drafts")
    assert result.exit_code == 0, result.output
    assert f"{len(samples)} machine drafts" in result.output
    assert public == {p: p.read_bytes() for p in public}, "a draft build replaced the public edition"
    out = project / "output" / "drafts" / "hi"
    for html in (out / f"{SLUG}.html", out / "index.html"):
        tree = parse(html)
        notice = tree.find(".//div[@class='draft']")
        assert notice is not None and "Machine translation, not reviewed" in text_of(notice)
        assert any(m.get("name") == "robots" and m.get("content") == "noindex" for m in tree.iter("meta"))
    page = (out / f"{SLUG}.html").read_text(encoding="utf-8")
    assert ARTICLE["hi"][2] in page and "पुराना अनुवाद" not in page
    assert 'class="reviewed"' not in page, "a draft edition has no review date"
    english = parse(project / "output" / "drafts" / "en" / f"{SLUG}.html")
    assert english.find(".//div[@class='draft']") is None, "the source text is no machine translation"
    pdf = pypdf.PdfReader(out / f"{SLUG}.pdf")
    assert len(pdf.pages) > 1
    for number, pdf_page in enumerate(pdf.pages, start=1):
        assert "Machine translation, not reviewed" in pdf_page.extract_text(), f"page {number} unmarked"


def test_all_publishes_only_languages_above_min_coverage(project: Path) -> None:
    translate_samples(project, "hi", complete=True)
    for lang in ("mr", "ur"):
        clear_translations(project, lang)
    result = run_cli(project, "publish", "--all")
    assert result.exit_code == 0, result.output
    assert re.search(r"skipped  mr: interface \(site.po\) 0.0% reviewed", result.output)
    assert re.search(r"skipped  ur: interface \(site.po\) 0.0% reviewed", result.output)
    assert (project / "output" / "hi" / f"{SLUG}.pdf").is_file()
    assert not (project / "output" / "mr").exists()


# ---------------------------------------------------------------- PDF

def pdffonts(path: Path) -> list[tuple[str, str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in lines.splitlines()[2:]]
    return [(row[0].split("+")[-1], row[-5]) for row in rows]


@pytest.mark.parametrize("lang, script_font", [("hi", "Noto-Sans-Devanagari"), ("ur", "Noto-Nastaliq-Urdu")])
def test_leaflet_metadata_pages_and_embedded_fonts(site: Path, lang: str, script_font: str) -> None:
    path = site / "output" / lang / f"{SLUG}.pdf"
    pdf = pypdf.PdfReader(path)
    assert pdf.trailer["/Root"]["/Lang"] == lang
    assert pdf.metadata.title == ARTICLE[lang][0]
    assert pdf.metadata.author == SITE[lang]["CVIC – Center for Vascular & Interventional Care"]
    assert pdf.metadata["/CreationDate"].startswith("D:20261125")
    pages = len(pdf.pages)
    assert pages > 2
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5
    fonts = pdffonts(path)
    names = {name for name, _ in fonts}
    assert {script_font, f"{script_font}-Bold", "Noto-Sans"} <= names, names
    assert all(embedded == "yes" for _, embedded in fonts)
    text = [p.extract_text() for p in pdf.pages]
    assert "The kyphoplasty procedure begins with the patient under local" in " ".join(" ".join(text).split())
    for number, page_text in enumerate(text, start=1):
        assert "0731 4675670" in page_text and "+91 9827760073" in page_text, f"no phones on page {number}"
        footer = " ".join(page_text.splitlines()[-3:])  # the footer; the counter is at either edge
        numbers = re.findall(r"\d+", footer)
        assert str(number) in numbers and str(pages) in numbers, f"no page number on page {number}"


# ---------------------------------------------------------------- safety

def test_images_must_be_files_under_source(project: Path) -> None:
    only_small_article(project)
    article = project / "source" / "articles" / "back-care.md"
    base = article.read_text(encoding="utf-8")
    article.write_text(base + "\n![x](file:///etc/passwd)\n", encoding="utf-8")
    assert run_cli(project, "publish", "--lang", "hi").exit_code == 0  # not a permitted link: shown as text
    assert not list(parse(project / "output" / "hi" / "back-care.html").iter("img"))
    shutil.rmtree(project / "output")
    write_small_article(project, "neck-care")
    line = len((base + "\n").split("\n"))
    for src in ("../../../../../etc/passwd", "https://example.org/x.png", "missing.png", "/etc/passwd"):
        article.write_text(base + f"\n![x]({src})\n", encoding="utf-8")
        result = run_cli(project, "publish", "--lang", "hi", "--lang", "ur")
        assert result.exit_code == 0, src  # the other article is published
        for lang in ("hi", "ur"):
            assert f"skipped  {lang}/back-care: source/articles/back-care.md:{line}: image" in result.output
        assert not (project / "output" / "hi" / "back-care.html").exists()
        assert (project / "output" / "hi" / "neck-care.pdf").is_file()
        assert "back-care" not in (project / "output" / "hi" / "index.html").read_text(encoding="utf-8")
        assert run_cli(project, "publish", "--lang", "hi", "--strict").exit_code == 1
    (project / "source" / "articles" / "neck-care.md").unlink()
    shutil.rmtree(project / "output")
    (project / "source" / "articles" / "img").mkdir()
    (project / "source" / "articles" / "img" / "spine.png").write_bytes(PNG)
    article.write_text(base + "\n![A spine](img/spine.png)\n", encoding="utf-8")
    assert run_cli(project, "publish", "--lang", "hi").exit_code == 0
    assert (project / "output" / "assets" / "images" / "articles" / "img" / "spine.png").read_bytes() == PNG
    tree = parse(project / "output" / "hi" / "back-care.html")
    assert [img.get("src") for img in tree.iter("img")] == ["../assets/images/articles/img/spine.png"]
    assert len(pypdf.PdfReader(project / "output" / "hi" / "back-care.pdf").pages[0].images) == 1
    article.write_text(base, encoding="utf-8")  # the image leaves the article: its copy goes
    result = publish(project, ["hi"])
    assert project / "output" / "assets" / "images" / "articles" / "img" / "spine.png" in result.removed
    assert not (project / "output" / "assets" / "images").exists()


def test_reserved_and_invalid_slugs_never_become_paths(project: Path) -> None:
    from workflow.publish.pipeline import _safe
    only_small_article(project, "index")  # output/<lang>/index.html is the list of articles
    result = run_cli(project, "publish", "--lang", "hi")
    assert result.exit_code == 2
    assert result.output.startswith("leaflet: error: source/articles/index.md: the slug 'index' is reserved")
    assert not [p for p in (project / "output").rglob("*") if p.name != ".leaflet.lock"]
    for slug in ("../x", "a/b", "site", "index", ""):
        with pytest.raises(InputError):
            _safe(slug=slug)
    with pytest.raises(InputError):
        _safe(lang="h/i")


def test_a_tampered_manifest_cannot_delete_files_outside_the_pages(project: Path) -> None:
    only_small_article(project)
    assert run_cli(project, "publish", "--lang", "hi").exit_code == 0
    victim = project / "keep.html"
    victim.write_text("mine", encoding="utf-8")
    (project / "output" / "hi" / "notes.txt").write_text("mine", encoding="utf-8")
    manifest = project / "output" / ".leaflet-build.json"
    manifest.write_text('{"version": 1, "files": {"../keep.html": "x", "hi/../../keep.html": "x", '
                        '"hi/notes.txt": "x"}, "languages": {"../..": {}}}', encoding="utf-8")
    assert run_cli(project, "publish", "--lang", "hi").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "mine"
    assert (project / "output" / "hi" / "notes.txt").exists()


def test_files_the_tool_never_wrote_are_never_removed(project: Path, tmp_path: Path) -> None:
    """Publishing into a folder that already holds other pages removes only pages it made itself."""
    only_small_article(project)
    www = tmp_path / "www"
    theirs = {"hi/about-us.html": b"<p>about us</p>", "hi/about-us.pdf": b"%PDF-1.7 theirs",
              "ur/index.html": b"<p>Urdu, by hand</p>", "ta/contact.html": b"<p>contact</p>",
              "assets/images/logo.png": PNG}
    for rel, data in theirs.items():
        (www / rel).parent.mkdir(parents=True, exist_ok=True)
        (www / rel).write_bytes(data)
    first = publish(project, ["hi"], output=www)
    assert first.removed == []
    write_small_article(project, "neck-care")
    publish(project, ["hi"], output=www)
    (project / "source" / "articles" / "neck-care.md").unlink()
    result = publish(project, ["hi"], output=www)
    assert {p.relative_to(www).as_posix() for p in result.removed} == {"hi/neck-care.html", "hi/neck-care.pdf",
                                                                       "en/neck-care.html", "en/neck-care.pdf"}
    for rel, data in theirs.items():
        assert (www / rel).read_bytes() == data, f"{rel} was not ours to remove"
    assert (www / "hi" / "back-care.pdf").is_file()


def test_each_catalog_is_parsed_once_per_run(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workflow.catalogs as catalogs
    reads: list[str] = []
    real = catalogs.read_catalog

    def counted(path: Path, root: Path | None = None, inputs=None):  # noqa: ANN001, ANN202
        reads.append(Path(path).relative_to(project).as_posix())
        return real(path, root, inputs)

    monkeypatch.setattr(catalogs, "read_catalog", counted)
    publish(project, ["hi", "ur"])
    assert sorted(reads) == sorted(f"locales/{lang}/LC_MESSAGES/{domain}.po"
                                   for lang in ("hi", "ur") for domain in (SLUG, "site"))


def test_unchanged_font_copies_are_not_read_again(tmp_path: Path) -> None:
    from workflow.render import fonts
    dest = tmp_path / "fonts"
    names = {"NotoSans[wght].ttf", "NotoSans-Italic[wght].ttf", "NotoSansDevanagari[wght].ttf"}
    assert {p.name for p in fonts.copy_fonts(dest, ["hi"])} == names | {fonts.MONO.file}
    for name in names:
        source, copy = (fonts.font_dir() / name).stat(), (dest / name).stat()
        assert (dest / name).read_bytes() == (fonts.font_dir() / name).read_bytes()
        assert (copy.st_size, copy.st_mtime_ns) == (source.st_size, source.st_mtime_ns), name
    # Size and time decide: a copy that has them is not even read (here it would differ).
    target = dest / "NotoSansDevanagari[wght].ttf"
    stamp = target.stat()
    target.write_bytes(bytes(stamp.st_size))
    os.utime(target, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert fonts.copy_fonts(dest, ["hi"]) == []
    assert target.read_bytes() == bytes(stamp.st_size)
    # Any other time: copied again, replaced whole, no temporary file left beside it.
    os.utime(target, ns=(stamp.st_atime_ns, stamp.st_mtime_ns - 10**9))
    assert fonts.copy_fonts(dest, ["hi"]) == [target]
    assert target.read_bytes() == (fonts.font_dir() / target.name).read_bytes()
    assert {p.name for p in dest.iterdir()} == names | {fonts.MONO.file}


def test_url_fetcher_serves_only_files_under_assets(tmp_path: Path) -> None:
    from workflow.render.pdf import AssetFetcher
    assets = tmp_path / "output" / "assets"
    assets.mkdir(parents=True)
    (assets / "a.css").write_text("p { color: red }", encoding="utf-8")
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: blue }", encoding="utf-8")
    fetcher = AssetFetcher(assets)
    response = fetcher.fetch((assets / "a.css").as_uri())
    assert response.read() == b"p { color: red }" and response.content_type == "text/css"
    for url in (secret.as_uri(), (assets / ".." / "secret.css").as_uri(), f"file://{assets}/../secret.css",
                "file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.org/x.css",
                "data:text/css,p{}", "file://otherhost/etc/passwd", (assets / "missing.css").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_weasyprint_loads_nothing_outside_assets(tmp_path: Path) -> None:
    from workflow.render.pdf import PdfJob, render
    assets = tmp_path / "output" / "assets"
    assets.mkdir(parents=True)
    (assets / "in.png").write_bytes(PNG)
    (tmp_path / "out.png").write_bytes(PNG)

    def images(html: str) -> int:
        target = tmp_path / "x.pdf"
        render(PdfJob(html, tmp_path / "output" / "hi" / "x.html", assets, target))
        page = pypdf.PdfReader(target).pages[0]
        return len(page.images)

    assert images('<p><img src="../assets/in.png" width=50></p>') == 1
    assert images(f'<p><img src="{(tmp_path / "out.png").as_uri()}" width=50></p>') == 0
    assert images('<p><img src="../../out.png" width=50></p>') == 0
    assert images('<p><img src="http://127.0.0.1:9/x.png" width=50></p>') == 0


# ---------------------------------------------------------------- incremental, mirror, reproducible

def test_incremental_rebuild_and_force(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    only_small_article(project)
    with caplog.at_level("WARNING", logger="weasyprint"):
        first = publish(project, ["hi"])  # one leaflet: rendered in this process
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    pdf = project / "output" / "hi" / "back-care.pdf"
    stamp = pdf.stat().st_mtime_ns
    assert pdf in first.written
    again = publish(project, ["hi"])
    assert again.written == [] and again.unchanged == 7 and pdf.stat().st_mtime_ns == stamp
    set_translations(project, "hi", "site", {"Call us": "फ़ोन कीजिए"})
    changed = publish(project, ["hi"])
    assert {p.relative_to(project / "output").as_posix() for p in changed.written} == \
        {"hi/back-care.html", "hi/back-care.pdf", "hi/index.html", "index.html"}  # root: its own words
    forced = publish(project, ["hi"], force=True)
    assert pdf in forced.written and forced.unchanged == 0
    drafts = publish(project, ["hi"], include_drafts=True, output=project / "output")
    assert pdf in drafts.written, "a draft build is a different build"


def test_output_mirrors_deleted_articles_and_languages(project: Path) -> None:
    only_small_article(project)
    write_small_article(project, "neck-care")
    publish(project, ["hi", "ur"], jobs=2)
    out = project / "output"
    assert (out / "ur" / "neck-care.pdf").is_file()
    (project / "source" / "articles" / "neck-care.md").unlink()
    result = publish(project, ["hi"])
    gone = {p.relative_to(out).as_posix() for p in result.removed}
    assert gone == {f"{lang}/neck-care.{ext}" for lang in ("en", "hi", "ur") for ext in ("html", "pdf")}
    assert "neck-care" not in (out / "hi" / "index.html").read_text(encoding="utf-8")
    assert "neck-care" not in (out / "ur" / "index.html").read_text(encoding="utf-8")
    # Urdu leaves site.toml: its pages go, and no Hindi page links to them any more.
    toml = project / "source" / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(', "ur"]', "]"), encoding="utf-8")
    result = publish(project, ["hi"])
    assert not (out / "ur").exists()
    for page in ("hi/back-care.html", "hi/index.html", "en/back-care.html", "index.html"):
        assert "ur/" not in (out / page).read_text(encoding="utf-8"), page
    assert (out / "hi" / "back-care.pdf").is_file()


def test_publishing_a_language_updates_the_switcher_of_earlier_ones(project: Path) -> None:
    only_small_article(project)
    publish(project, ["hi"])
    hi_pdf = project / "output" / "hi" / "back-care.pdf"
    stamp = hi_pdf.stat().st_mtime_ns
    result = publish(project, ["ur"])
    hi_page = (project / "output" / "hi" / "back-care.html").read_text(encoding="utf-8")
    assert 'hreflang="ur" href="../ur/back-care.html"' in hi_page
    assert hi_pdf.stat().st_mtime_ns == stamp, "the Hindi leaflet does not depend on other languages"
    assert result.languages == ["en", "ur"]


def test_builds_are_reproducible_with_source_date_epoch(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    only_small_article(project)
    set_translations(project, "hi", "site", SITE["hi"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    publish(project, ["hi"], output=project / "one")
    publish(project, ["hi"], output=project / "two")
    one = sorted(p.relative_to(project / "one") for p in (project / "one").rglob("*") if p.is_file())
    two = sorted(p.relative_to(project / "two") for p in (project / "two").rglob("*") if p.is_file())
    assert one == two and len(one) > 10
    for rel in one:
        assert (project / "one" / rel).read_bytes() == (project / "two" / rel).read_bytes(), rel


# ---------------------------------------------------------------- tests that need other programs

def run_tool_tests(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """The shaping and browser tests in a fresh pytest, without poppler, Tesseract or Chromium on PATH."""
    tests = Path(__file__).parent.parent
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tests / "render" / "test_shaping.py"), str(tests / "render" / "test_browser.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True)


def test_missing_programs_fail_on_ci_and_skip_elsewhere(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PATH": str(empty)}
    local = run_tool_tests(env, tmp_path)
    assert local.returncode == 0 and " skipped" in local.stdout, local.stdout
    ci = run_tool_tests(env | {"CI": "true"}, tmp_path)
    assert ci.returncode == 1 and " skipped" not in ci.stdout, ci.stdout
    assert "missing pdftoppm, tesseract" in ci.stdout and "missing chromium" in ci.stdout, ci.stdout


# ---------------------------------------------------------------- staying light

def test_help_and_a_no_op_publish_do_not_import_heavy_libraries(project: Path) -> None:
    only_small_article(project)
    publish(project, ["hi"])
    code = (
        "import sys\n"
        "from workflow.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'weasyprint' not in sys.modules and 'markdown_it' not in sys.modules\n"
        "from pathlib import Path\nfrom workflow.publish.pipeline import publish\n"
        f"r = publish(Path({str(project)!r}), ['hi'])\n"
        "assert r.written == [], r.written\n"
        "heavy = [m for m in ('weasyprint', 'argostranslate', 'torch', 'jinja2', 'markdown_it')\n"
        "         if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
