"""Web fonts: WOFF2 subsets of what the pages show, their unicode-range, and their upkeep by publish."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont

from samples import set_translations, translate_samples
from workflow.base.languages import language
from workflow.publish.pipeline import publish
from workflow.render import webfonts
from workflow.render.fonts import LATIN, MONO, font_path

DEVANAGARI = language("hi").face
PAGE = """<!DOCTYPE html><html lang="hi"><head><title>शीर्षक</title></head><body>
<nav class="languages"><ul><li><a lang="ta">தமிழ்</a></li><li><span lang="hi">हिन्दी</span></li></ul></nav>
<main><p>कमर दर्द 10 मिनट (<em>x</em>)</p><p lang="en">Back pain</p>
<div class="scroll"><pre><code>ID: 7f3a</code></pre></div></main>
<ul class="language-list"><li><a lang="ur">اردو</a></li></ul></body></html>"""


def font_of(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def test_a_subset_is_woff2_with_just_its_characters_and_the_same_bytes_every_time() -> None:
    face = webfonts.WebFace(DEVANAGARI, DEVANAGARI.family, "कमरल")
    data = webfonts.subset(face)
    assert data == webfonts.subset(face)
    font = font_of(data)
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == {ord(c) for c in "कमरल"}
    assert "fvar" in font  # the weight axis stays: bold is the font's own
    with TTFont(font_path(DEVANAGARI)) as full:
        assert font["head"].modified == full["head"].modified  # no build time in the bytes
        assert len(data) < font_path(DEVANAGARI).stat().st_size / 20


def test_names_faces_are_the_regular_instance_alone() -> None:
    face = webfonts.WebFace(DEVANAGARI, webfonts.names_family(DEVANAGARI, "Names"), "हिन्दी", static=True)
    font = font_of(webfonts.subset(face))
    assert "fvar" not in font and "gvar" not in font
    assert len(webfonts.subset(face)) < len(webfonts.subset(webfonts.WebFace(DEVANAGARI, "x", "हिन्दी")))


def test_characters_are_sorted_by_the_face_that_draws_them() -> None:
    usage = webfonts.page_usage(PAGE)
    assert set("कमरदर्द") <= usage["text", "hi"] and set("Back") <= usage["text", "en"]
    assert set("ID: 7f3a") <= usage["mono", "hi"]
    assert usage["Names", "ta"] == set("தமிழ்") and usage["Names", "hi"] == set("हिन्दी")
    assert usage["Index", "ur"] == set("اردو")
    assert not any("शीर्षक" in "".join(chars) for chars in usage.values())  # <title> is not drawn
    faces = {(web.face.file, web.family): web for web in webfonts.web_faces(usage)}
    devanagari = faces[DEVANAGARI.file, DEVANAGARI.family].chars
    assert set("कमरद") <= set(devanagari) and not set("10 ()") & set(devanagari)
    latin = faces[LATIN[0].file, "Noto Sans"].chars
    assert set("10 ()Backx") <= set(latin) and not set("कम") & set(latin)
    assert set("ID7f3a:") <= set(faces[MONO.file, MONO.family].chars)
    tamil = faces[language("ta").face.file, "Noto Sans Tamil Names"]
    assert tamil.chars == "".join(sorted(set("தமிழ்"))) and tamil.static
    assert (language("ta").face.file, "Noto Sans Tamil") not in faces  # no Tamil text, no Tamil face
    urdu = language("ur").face
    assert faces[urdu.file, f"{urdu.family} Index"].chars == "".join(sorted(set("اردو")))


def test_a_unicode_range_spans_only_characters_no_page_shows() -> None:
    shown = frozenset(map(ord, "abcdxz"))
    assert webfonts.unicode_range("abd") == "U+0061-0062, U+0064"
    assert webfonts.unicode_range("abd", shown) == "U+0061-0062, U+0064"  # c is shown: a gap
    assert webfonts.unicode_range("dz", shown) == "U+0064, U+007A"  # x is shown
    assert webfonts.unicode_range("xz", shown) == "U+0078-007A"  # y is not


def subsets(output: Path) -> dict[str, str]:
    css = (output / "assets" / "fonts.css").read_text(encoding="utf-8")
    return dict(re.findall(r'font-family: "([^"]+)";\n  src: url\("fonts/([^"]+)"\)', css))


def test_publish_remakes_a_subset_when_the_text_changes_and_removes_the_old_one(project: Path) -> None:
    translate_samples(project, "hi")
    publish(project, ["hi"])
    output = project / "output"
    before = subsets(output)
    css = (output / "assets" / "fonts.css").read_text(encoding="utf-8")
    assert "font-display: swap;" in css and "format(\"woff2\")" in css
    assert set(before) >= {"Noto Sans", "Noto Sans Devanagari", "Noto Sans Devanagari Names"}
    for name in before.values():
        assert (output / "assets" / "fonts" / name).is_file()
    assert "ऋ" not in "".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
    # A reviewed translation with a letter no page had: the Devanagari text face is made again.
    set_translations(project, "hi", "site", {"All articles": "सभी लेख ऋ"})
    result = publish(project, ["hi"])
    after = subsets(output)
    assert after["Noto Sans Devanagari"] != before["Noto Sans Devanagari"]
    assert after["Noto Sans"] == before["Noto Sans"]
    written = {p.name for p in result.written}
    assert after["Noto Sans Devanagari"] in written and before["Noto Sans"] not in written
    assert not (output / "assets" / "fonts" / before["Noto Sans Devanagari"]).exists()
    face = font_of((output / "assets" / "fonts" / after["Noto Sans Devanagari"]).read_bytes())
    assert ord("ऋ") in face.getBestCmap()
    # Nothing changed: nothing written, no font read.
    assert publish(project, ["hi"]).written == []
