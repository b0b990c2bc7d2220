"""The review sheet is an output like any other: publish's link and image rules hold in its HTML
and its PDF, whatever the article or a translator wrote."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import html5lib
import pypdf
import pytest

from conftest import write_article
from test_signoff import leaflet, translate

SLUG = "wound-links"
#: A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
#: msgid -> the article's line; the English itself carries links no page may carry.
SOURCE = {
    "files": "Read [the notes](file:///etc/passwd) first.",
    "relative": "See [the list](../../../../etc/passwd) too.",
    "scan": "Look at the scan ![A scan of the wound](images/wound-links/scan.png) of the wound.",
    "call": "Call the centre if it bleeds.",
}
#: Translations a careless or hostile translator could write.
HOSTILE = {
    "file-uri": "[नोट्स](file:///etc/passwd) पढ़ें। केंद्र को फ़ोन करें।",
    "dot-dot": "[सूची](../../../../etc/passwd) देखें। केंद्र को फ़ोन करें।",
    "absolute-image": "![घाव](/etc/passwd) केंद्र को फ़ोन करें।",
    "relative-image": "![घाव](../../../../../etc/passwd) केंद्र को फ़ोन करें।",
    "script": "[यहाँ](javascript:alert(1)) केंद्र को फ़ोन करें।",
    "project-file": "[साइट](../../../source/site.toml) केंद्र को फ़ोन करें।",
}


@pytest.fixture
def hostile(project: Path) -> Path:
    images = project / "source" / "articles" / "images" / SLUG
    images.mkdir(parents=True)
    (images / "scan.png").write_bytes(PNG)
    write_article(project, SLUG, "\n\n".join(SOURCE.values()) + "\n", title="Wound links")
    assert leaflet(project, "extract").exit_code == 0
    assert leaflet(project, "update", "--lang", "hi").exit_code == 0
    translate(project, "hi", SLUG, {SOURCE["files"]: "[नोट्स](file:///etc/passwd) पहले पढ़ें।",
                                    SOURCE["relative"]: "[सूची](../../../../etc/passwd) भी देखें।"})
    return project


def targets(page: Path) -> list[tuple[str, str]]:
    """(tag, URL) of every href and src of an HTML page, which must parse as HTML5."""
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.read_bytes())
    return [(el.tag, el.get(attr)) for el in tree.iter() for attr in ("href", "src") if el.get(attr)]


def assert_inside(page: Path, review: Path) -> None:
    """Every link a public scheme or a fragment, every file it loads under the sheet's assets."""
    assets = (review / "assets").resolve()
    for tag, url in targets(page):
        scheme = urlsplit(url).scheme
        assert "passwd" not in url and "site.toml" not in url, (tag, url)
        if tag == "a":
            assert scheme in ("http", "https", "mailto", "tel") or url.startswith("#"), url
        else:
            assert not scheme, url
            loaded = Path(unquote(urljoin(page.as_uri(), url).removeprefix("file://"))).resolve()
            assert loaded.is_relative_to(assets) and loaded.is_file(), url


def pdf_uris(path: Path) -> list[str]:
    uris = []
    for page in pypdf.PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_the_sheet_carries_no_link_or_image_publish_would_refuse(hostile: Path) -> None:
    result = leaflet(hostile, "review", "--lang", "hi", SLUG)
    assert result.exit_code == 0, result.output
    review = hostile / "output" / "review"
    page = review / "hi" / f"{SLUG}.html"
    assert_inside(page, review)
    assert any(tag == "img" for tag, _ in targets(page)), "the article's own image is still shown"
    assert (review / "assets" / "images" / "articles" / "images" / SLUG / "scan.png").read_bytes() == PNG
    uris = pdf_uris(page.with_suffix(".pdf"))
    assert not [u for u in uris if not u.startswith(("http:", "https:", "mailto:", "tel:"))], uris
    text = page.read_text(encoding="utf-8")
    assert "the notes" in text and "नोट्स" in text, "a refused link keeps its text"
    assert b"file:" not in page.with_suffix(".pdf").read_bytes()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_each_hostile_translation_is_shown_as_text(hostile: Path, kind: str) -> None:
    translate(hostile, "hi", SLUG, {SOURCE["call"]: HOSTILE[kind]})
    result = leaflet(hostile, "review", "--lang", "hi", SLUG, "--no-pdf")
    assert result.exit_code == 0, result.output
    review = hostile / "output" / "review"
    assert_inside(review / "hi" / f"{SLUG}.html", review)
    assert "केंद्र को फ़ोन करें" in (review / "hi" / f"{SLUG}.html").read_text(encoding="utf-8")
