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
    assert used and all(f["isCustomFont"] and f["familyName"] == SCRIPT_FAMILY[lang] for f in used), used
    # Fallback paragraphs in English use the Latin face.
    english = cdp.send("DOM.querySelector", {"nodeId": root, "selector": 'article p[lang="en"]'})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": english})["fonts"]
    assert [f["familyName"] for f in used] == ["Noto Sans"] and used[0]["isCustomFont"], used


@pytest.mark.parametrize("lang", ["hi", "ur"])
def test_nothing_is_fetched_from_outside_the_output(page, site: Path, lang: str) -> None:  # noqa: ANN001
    open_page(page, site / "output" / lang / f"{SLUG}.html")
    out = (site / "output").resolve().as_uri() + "/"
    assert page.requests and all(url.startswith(out) for url in page.requests), page.requests
    assert any(url.endswith("%5Bwght%5D.ttf") for url in page.requests)


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
