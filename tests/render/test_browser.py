"""The Hindi and Urdu pages in a real browser: Debian's headless Chromium, driven by Playwright.

The pages are opened from disk (file://), as a patient's phone or a kiosk would open a copy of
the output: the bundled fonts must load, nothing may be fetched from anywhere else, and every
link of the language switcher must open the page in that language.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from external import require
from samples import SLUG

try:
    from playwright import sync_api as playwright
except ImportError:
    playwright = None
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

SCRIPT_FAMILY = {"hi": "Noto Sans Devanagari", "ur": "Noto Nastaliq Urdu"}


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    """Playwright and Debian's Chromium; checked before the site is built (autouse runs first)."""
    require(["playwright"] if playwright is None else [], "pip install -e '.[test]'")
    require(["chromium"] if CHROMIUM is None else [], "Debian's chromium: make system-deps")


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest) -> Path:
    """The published samples, asked for only now: after `tools` has skipped if a tool is missing."""
    return request.getfixturevalue("published").root


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site: Path):  # noqa: ANN001, ANN201
    """A phone-sized page that records every request and refuses anything outside output/."""
    context = browser.new_context(viewport={"width": 412, "height": 900}, device_scale_factor=1)
    tab = context.new_page()
    tab.requests = []  # type: ignore[attr-defined]
    out = (site / "output").resolve().as_uri()

    def guard(route) -> None:  # noqa: ANN001
        tab.requests.append(route.request.url)  # type: ignore[attr-defined]
        if route.request.url.startswith(out + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    yield tab
    context.close()


def open_page(tab, path: Path) -> None:  # noqa: ANN001
    tab.goto(path.resolve().as_uri())
    tab.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("lang", ["hi", "ur"])
def test_bundled_fonts_load_and_render_the_text(page, site: Path, lang: str) -> None:  # noqa: ANN001
    open_page(page, site / "output" / lang / f"{SLUG}.html")
    faces = page.evaluate("[...document.fonts].map(f => [f.family, f.style, f.status])")
    loaded = {family.strip('"') for family, style, status in faces if status == "loaded" and style == "normal"}
    assert {SCRIPT_FAMILY[lang], "Noto Sans"} <= loaded, faces
    assert not [f for f in faces if f[2] == "error"], faces
    # The heading is drawn with the bundled web font, not a system font.
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    cdp.send("CSS.enable")
    heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article h1"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    # Its letters in the script's face; spaces and signs the Latin face also has (as Google
    # Fonts splits them) in Noto Sans.
    assert used and all(f["isCustomFont"] for f in used), used
    glyphs = {f["familyName"]: f["glyphCount"] for f in used}
    assert set(glyphs) <= {SCRIPT_FAMILY[lang], "Noto Sans"}, used
    assert glyphs[SCRIPT_FAMILY[lang]] > 3 * glyphs.get("Noto Sans", 0), used
    # Fallback paragraphs in English use the Latin face.
    english = cdp.send("DOM.querySelector", {"nodeId": root, "selector": 'article p[lang="en"]'})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": english})["fonts"]
    assert [f["familyName"] for f in used] == ["Noto Sans"] and used[0]["isCustomFont"], used


@pytest.mark.parametrize("lang", ["hi", "ur"])
def test_nothing_is_fetched_from_outside_the_output(page, site: Path, lang: str) -> None:  # noqa: ANN001
    open_page(page, site / "output" / lang / f"{SLUG}.html")
    out = (site / "output").resolve().as_uri() + "/"
    assert page.requests and all(url.startswith(out) for url in page.requests), page.requests
    assert any(url.endswith(".woff2") for url in page.requests)
    assert not any(url.endswith(".ttf") for url in page.requests)  # the full fonts are the leaflets'


@pytest.mark.parametrize("lang", ["hi", "ur"])
def test_a_page_fetches_its_own_script_and_only_the_names_of_the_others(page, site: Path, lang: str) -> None:  # noqa: ANN001
    open_page(page, site / "output" / lang / f"{SLUG}.html")
    from workflow.base.languages import language
    fonts = {url.rsplit("/", 1)[1].split(".")[0] for url in page.requests if url.endswith(".woff2")}
    stems = {code: language(code).face.file.rsplit(".", 1)[0].replace("[", "-").replace("]", "")
             for code in ("hi", "ur")}
    assert stems["hi"] in fonts and stems["ur"] in fonts, fonts
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    # The other script only as the switcher's few glyphs, never its text face.
    other_family = SCRIPT_FAMILY["ur" if lang == "hi" else "hi"]
    assert f"{other_family} Names" in loaded and other_family not in loaded, loaded


@pytest.mark.parametrize("lang", ["hi", "ur"])
def test_page_direction_and_layout_fit_a_phone(page, site: Path, lang: str) -> None:  # noqa: ANN001
    open_page(page, site / "output" / lang / f"{SLUG}.html")
    direction = page.evaluate("getComputedStyle(document.querySelector('article h1')).direction")
    assert direction == ("rtl" if lang == "ur" else "ltr")
    english = page.evaluate("getComputedStyle(document.querySelector('article p[lang=\"en\"]')).direction")
    assert english == "ltr"
    # Nothing but the comparison table (which scrolls in its own box) is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 412


@pytest.mark.parametrize("lang", ["hi", "ur"])
def test_language_switcher_links_open_the_other_language(page, site: Path, lang: str) -> None:  # noqa: ANN001
    start = site / "output" / lang / f"{SLUG}.html"
    open_page(page, start)
    links = page.evaluate("[...document.querySelectorAll('nav.languages a')]"
                          ".map(a => [a.href, a.hreflang])")
    assert links and {code for _, code in links} == ({"en", "hi", "ur"} - {lang})
    for href, code in links:
        response = page.goto(href)
        assert response is not None and response.ok
        assert page.evaluate("document.documentElement.lang") == code
        back = page.evaluate(f"document.querySelector('nav.languages a[hreflang=\"{lang}\"]').href")
        assert back == start.resolve().as_uri()
    page.goto((site / "output" / "index.html").resolve().as_uri())
    for href in page.evaluate("[...document.querySelectorAll('a[hreflang]')].map(a => a.href)"):
        response = page.goto(href)
        assert response is not None and response.ok



# ---------------------------------------------------------------- every language, on a phone

@pytest.fixture(scope="module")
def every_language(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled article published in every language of site.toml; the output folder."""
    from samples import copy_project, fill_every_language
    from workflow.publish.pipeline import publish

    root = copy_project(tmp_path_factory.mktemp("every-language"))
    publish(root, fill_every_language(root))
    return root / "output"


@pytest.fixture
def phone(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    yield context.new_page()
    context.close()


def web_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if "assets" not in p.relative_to(output).parts)


def test_every_published_page_passes_axe_core(phone, every_language: Path) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    pages = web_pages(every_language)
    assert len(pages) == 1 + 2 * 12, pages  # the root index; each language's index and article
    found = {}
    for path in pages:
        open_page(phone, path)
        violations = axe.run(phone).response["violations"]
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[path.relative_to(every_language).as_posix()] = serious
    assert not found, found


@pytest.mark.parametrize("lang", ["ta", "ml", "ur"])
def test_tables_scroll_in_a_focusable_named_box_with_a_cue(phone, every_language: Path, lang: str) -> None:  # noqa: ANN001
    open_page(phone, every_language / lang / f"{SLUG}.html")
    boxes = phone.evaluate("""[...document.querySelectorAll('main table')].map(t => {
        const box = t.parentElement, style = getComputedStyle(box);
        return {cls: box.className, role: box.getAttribute('role'), tabindex: box.tabIndex,
                label: box.getAttribute('aria-label'), overflow: style.overflowX,
                scrolls: box.scrollWidth > box.clientWidth, width: box.getBoundingClientRect().right,
                cue: style.backgroundImage};
    })""")
    assert boxes
    for box in boxes:
        assert box["cls"] == "scroll" and box["role"] == "region" and box["tabindex"] == 0, box
        assert box["label"] and box["overflow"] == "auto" and "gradient" in box["cue"], box
        assert box["width"] <= 390, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # The keyboard reaches the box and scrolls it.
    wide = [i for i, box in enumerate(boxes) if box["scrolls"]]
    if wide:
        box = f"[...document.querySelectorAll('main table')][{wide[0]}].parentElement"
        phone.evaluate(f"{box}.focus()")
        assert phone.evaluate(f"document.activeElement === {box}")
        phone.keyboard.press("ArrowLeft" if lang == "ur" else "ArrowRight")
        phone.wait_for_function(f"{box}.scrollLeft !== 0", timeout=3000)  # scrolls smoothly


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: list[float], b: list[float]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_outline_stands_out_at_3_to_1(phone, every_language: Path) -> None:  # noqa: ANN001
    open_page(phone, every_language / "hi" / f"{SLUG}.html")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    style = phone.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; })()""")
    assert style[0] == "solid" and style[1] >= 2, style
    color = [float(x) for x in style[2][style[2].index("(") + 1:-1].split(",")]
    assert _contrast(color, [255, 255, 255]) >= 3, style
    assert _contrast(color, [0xFF, 0xF1, 0xC2]) >= 3, style  # on the draft notice too


@pytest.mark.parametrize("lang", ["en", "hi", "ta", "ur"])
def test_body_text_is_16px_or_more_on_a_phone_with_the_scripts_line_height(phone, every_language: Path,
                                                                         lang: str) -> None:  # noqa: ANN001
    from workflow.base.languages import language
    open_page(phone, every_language / lang / f"{SLUG}.html")
    sizes = phone.evaluate("""[...document.querySelectorAll('main p, main li, main td, main th')]
        .filter(e => !e.closest('[lang="en"]') || document.documentElement.lang === 'en')
        .map(e => { const s = getComputedStyle(e); return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; })""")
    assert sizes and min(size for size, _ in sizes) >= 16, sizes
    paragraph = phone.evaluate("""(() => { const p = [...document.querySelectorAll('main p')]
        .find(e => !e.closest('[lang="en"]') || document.documentElement.lang === 'en');
        const s = getComputedStyle(p); return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()""")
    assert paragraph == pytest.approx(language(lang).line_height, abs=0.01)


SPLIT_VOWELS = {"kn": "ಕೋ ಕೊ ಕೈ", "ta": "கொ கோ கௌ", "bn": "কো কৌ", "or": "କୋ କୌ", "ml": "കൊ കോ കൌ", "te": "కై"}


def differing(a: bytes, b: bytes) -> int:
    """Pixels of either image more than a third of the grey scale outside the range of the
    other's 3×3 neighbourhood: hinting and anti-aliasing move edges by a pixel (WOFF2 and the
    subsetter drop hints and the overlap flag), a lost or wrong glyph changes hundreds."""
    import io
    from PIL import Image, ImageChops, ImageFilter
    first, second = (Image.open(io.BytesIO(x)).convert("L") for x in (a, b))
    assert first.size == second.size
    count = 0
    for one, other in ((first, second), (second, first)):
        for outside in (ImageChops.subtract(one, other.filter(ImageFilter.MaxFilter(3))),
                        ImageChops.subtract(other.filter(ImageFilter.MinFilter(3)), one)):
            count += sum(1 for v in outside.get_flattened_data() if v > 85)
    return count


def test_subsets_draw_every_script_as_the_full_font_does(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """Chromium draws a sentence of each script, with the split vowel signs HarfBuzz decomposes,
    the same with the subset as with the whole font: no glyph lost to subsetting."""
    import shutil as files
    from samples import SENTENCES
    from workflow.base.languages import language
    from workflow.render import webfonts
    from workflow.render.fonts import font_path

    texts = {**SENTENCES, "hi": "कृपया ध्यान दें: क्षेत्र, श्री, द्वार", "ur": "کمر کا درد عام ہے۔"}
    rules, rows = [], []
    for i, (lang, sentence) in enumerate(sorted(texts.items())):
        face = language(lang).face
        text = f"{sentence} {SPLIT_VOWELS.get(lang, '')}"
        chars = "".join(sorted(set(text) & {chr(c) for c in webfonts._cmap(face)}))
        files.copy(font_path(face), tmp_path / f"{i}.ttf")
        for kind, static in (("var", False), ("static", True)):
            (tmp_path / f"{i}-{kind}.woff2").write_bytes(webfonts.subset(webfonts.WebFace(face, "x", chars, static)))
        rules.append(f'@font-face {{ font-family: f{i}; src: url("{i}.ttf"); }}'
                     f'@font-face {{ font-family: f{i}-var; src: url("{i}-var.woff2"); }}'
                     f'@font-face {{ font-family: f{i}-static; src: url("{i}-static.woff2"); }}')
        rows.append((i, lang, text))
    body = "".join(f'<p id="{kind}{i}" lang="{lang}" style="font-family: {family}">{text}</p>'
                   for i, lang, text in rows
                   for kind, family in (("full", f"f{i}"), ("var", f"f{i}-var"), ("static", f"f{i}-static")))
    (tmp_path / "t.html").write_text(f'<!DOCTYPE html><meta charset="utf-8"><style>{"".join(rules)} '
                                     f'p {{ font-size: 24px; line-height: 3; width: 1200px; margin: 0; }}</style>{body}',
                                     encoding="utf-8")
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    tab = context.new_page()
    open_page(tab, tmp_path / "t.html")
    for i, lang, _ in rows:
        full = tab.locator(f"#full{i}").screenshot()
        for kind in ("var", "static"):  # the regular instance alone draws regular text the same
            assert differing(full, tab.locator(f"#{kind}{i}").screenshot()) < 10, (lang, kind)
    context.close()


@pytest.mark.parametrize("rel", [f"ur/{SLUG}.html", "index.html"])
def test_urdu_draws_the_same_with_its_web_subset_as_with_the_whole_font(browser, every_language: Path,
                                                                         tmp_path: Path, rel: str) -> None:  # noqa: ANN001
    """The Nastaliq web subset (the page's letters with every contextual form they reach, no
    hinting, the regular face alone) draws the Urdu page and the index pixel for pixel as the
    whole font under the same rules: no glyph or join lost, bold drawn from the regular face."""
    import re

    whole = tmp_path / "whole"
    shutil.copytree(every_language, whole)
    css = (whole / "assets" / "fonts.css").read_text(encoding="utf-8")
    css, swapped = re.subn(r'(NotoNastaliqUrdu-\w+)\.[0-9a-f]{12}\.woff2"\) format\("woff2"\)',
                           r'\1.ttf") format("truetype")', css)
    assert swapped >= 2 and "NotoNastaliqUrdu-Bold" not in css  # text and names; one weight on the web
    (whole / "assets" / "fonts.css").write_text(css, encoding="utf-8")
    shots = []
    for output in (every_language, whole):
        context = browser.new_context(viewport={"width": 390, "height": 800}, device_scale_factor=1)
        tab = context.new_page()
        open_page(tab, output / rel)
        assert tab.evaluate("[...document.fonts].some(f => f.family.startsWith('Noto Nastaliq') && f.status == 'loaded')")
        shots.append(tab.screenshot(full_page=True))
        context.close()
    assert differing(*shots) == 0
