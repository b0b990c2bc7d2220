"""The review sheet a clinician signs from: its data, and what it shows in headless Chromium and on A4."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pypdf
import pytest

from external import require
from test_signoff import BY, SMALL, leaflet, translate, two  # noqa: F401 - `two` is a fixture
from workflow import catalogs
from workflow.review import sheet as review
from workflow.editions import signoff
from workflow.review import signing
from workflow.catalogs.drafts import split_note
from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.repository import catalog_path

try:
    from playwright import sync_api as playwright
except ImportError:
    playwright = None
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NOTE = "leaflet-mt: argos en→hi 1.9; score 0.82"


def mark(root: Path, *, draft: str | None = None, fuzzy: tuple[str, str] | None = None) -> None:
    """Make one entry of the small article a machine draft, another fuzzy from an update."""
    path = catalog_path(root, "hi", SMALL)
    catalog = read_catalog(path, root)
    for entry in catalogs.active(catalog):
        if entry.msgid == draft:
            entry.flags = ["fuzzy"]
            entry.tcomment = NOTE
        elif fuzzy and entry.msgid == fuzzy[0]:
            entry.flags = ["fuzzy"]
            entry.previous_msgid = fuzzy[1]
    write_catalog(catalog, path)


def test_the_sheet_shows_every_segment_with_its_state_findings_and_terms(two: Path) -> None:  # noqa: F811
    mark(two, draft="When to call", fuzzy=("Numbness in the legs", "Numbness"))
    translate(two, "hi", SMALL, {"Fever": "", "Back care": "Back care"})
    sheet = review.build_sheet(two, "hi", SMALL)
    assert [r.msgid for r in sheet.rows] == ["Back care", "Rest your back and call the centre if the pain gets worse.",
                                             "When to call", "Fever", "Numbness in the legs"]
    assert [r.state for r in sheet.rows] == ["reviewed", "reviewed", "machine draft", "untranslated", "fuzzy"]
    draft, fuzzy = sheet.rows[2], sheet.rows[4]
    assert (draft.engine, draft.confidence) == ("argos en→hi 1.9", "0.82")
    assert fuzzy.previous == "Numbness" and fuzzy.engine is None
    assert [f.code for f in sheet.rows[0].findings] == ["identical"] and sheet.errors == 1
    terms = [(u.term.source, u.rendered) for u in sheet.rows[1].terms]
    assert ("pain", True) in terms
    assert sheet.counts == {"reviewed": 2, "machine draft": 1, "fuzzy": 1, "untranslated": 1}
    assert sheet.verdict.state == signoff.UNSIGNED
    assert split_note("leaflet-mt: reused from site") == ("reused from site", None)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    require(["playwright"] if playwright is None else [], "pip install -e '.[test]'")
    require(["chromium"] if CHROMIUM is None else [], "Debian's chromium: make system-deps")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield instance
        instance.close()


def test_a_clinician_sees_both_columns_the_states_and_what_changed(two: Path, browser) -> None:  # noqa: ANN001, F811
    signing.sign(two, "hi", SMALL, BY)
    translate(two, "hi", SMALL, {"Fever": "तेज़ बुखार"})
    mark(two, draft="When to call")
    result = leaflet(two, "review", "--lang", "hi", SMALL)
    assert result.exit_code == 0, result.output
    folder = two / "output" / "review" / "hi"
    digest = signoff.verdicts(two, ["hi"], [SMALL])[0].digest

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto((folder / f"{SMALL}.html").resolve().as_uri())
    page.evaluate("document.fonts.ready.then(() => true)")
    heads = page.locator("table.segments thead th")
    assert heads.all_inner_texts() == ["#", "English", "Hindi (हिन्दी)", "State, checks, terms"]
    assert "Changed since sign-off" in page.locator(".verdict").inner_text() and BY in page.locator(".verdict").inner_text()

    first = page.locator("#s1")
    source, target = first.locator("td.source"), first.locator("td.target")
    assert source.is_visible() and target.is_visible()
    assert "Back care" in source.inner_text() and target.inner_text().strip() == "पीठ की देखभाल"
    left, right = source.bounding_box(), target.bounding_box()
    assert right["x"] >= left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2  # side by side

    assert page.locator("#s3 td.notes .badge").inner_text() == "machine draft"
    assert "argos en→hi 1.9; score 0.82" in page.locator("#s3 .engine").inner_text()
    assert page.locator("#s1 td.notes .badge").inner_text() == "reviewed"

    # The edited translation, and the entry made a draft again (no longer a reviewed text).
    assert [r.get_attribute("id") for r in page.locator("tr.changed").all()] == ["s3", "s4"]
    changed = page.locator("#s4")
    old, new = changed.locator("td.target del"), changed.locator("td.target ins")
    assert old.inner_text() == "बुखार" and new.inner_text() == "तेज़ बुखार"
    assert old.is_visible() and new.is_visible()
    assert "line-through" in old.evaluate("e => getComputedStyle(e).textDecorationLine")
    highlight = changed.locator("td.source").evaluate("e => getComputedStyle(e).backgroundColor")
    plain = first.locator("td.source").evaluate("e => getComputedStyle(e).backgroundColor")
    assert highlight != plain and highlight not in ("rgba(0, 0, 0, 0)", "transparent")
    assert changed.locator(".changed-mark").is_visible()
    assert digest in page.locator(".sheet-footer").inner_text()
    faces = page.evaluate("[...document.fonts].filter(f => f.status == 'loaded').map(f => f.family)")
    assert any("Devanagari" in f for f in faces), faces

    page.set_viewport_size({"width": 412, "height": 900})  # a phone: the columns stack
    left, right = source.bounding_box(), target.bounding_box()
    assert right["y"] >= left["y"] + left["height"] - 1
    context.close()

    pdf = pypdf.PdfReader(folder / f"{SMALL}.pdf")
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = pdf.pages[0].extract_text()
    assert digest.split(":")[1][:40] in text.replace("\n", "") and "page 1 of" in text
