"""Web fonts as the web serves them: per face, a WOFF2 subset of the characters the published
pages draw with it, declared with the `unicode-range` of those characters and `font-display: swap`.

A phone then fetches a face only when the page shows one of its characters, and only the glyphs
the site uses: a Hindi page takes Devanagari and Latin, not the ten other scripts. The language
switcher and the root index show every language's name in its own script; those names get
faces of their own ("… Names"), a few glyphs each, so showing "தமிழ்" does not fetch all of
Tamil. Leaflets (WeasyPrint) keep the full TTF files of `fonts`.

Which face draws a character follows the font stacks of `fonts`: a script's face draws its own
letters (and the joiners and dotted circle its shaping needs); digits, spaces and punctuation
the Latin face also has are drawn by the Latin face, as Google Fonts splits them. The subset
keeps the layout features shaping needs (fontTools' defaults), and the variable `wght` axis;
it drops TrueType hinting, which phones do not use (a sixth of a Nastaliq subset). A face the
registry keeps off the web (Nastaliq's bold) is left to the leaflets.

Reproducible: the same characters and font files give the same bytes (no timestamps; brotli
is deterministic). A subset's name carries a hash of what it was made from, so a browser never
keeps a stale copy that lacks a new character, and an unchanged subset is not made again.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

from lxml import html as lxml_html

from ..base.files import replace_if_changed, write_atomic
from ..base.languages import Face, language
from ..base.pool import parallel_map
from .fonts import LATIN, MONO, WEIGHTS, file_digest, font_path, stack

#: Characters a script's face keeps although the Latin face has them: shaping needs them in
#: the same run as the letters (ZWNJ, ZWJ, the dotted circle of a lone vowel sign).
SHAPING = frozenset("\u200c\u200d\u25cc")
#: Where a page shows language names in their own scripts, and the family suffix of the faces
#: that draw them there: the switcher shows the names alone, the root index a line under each.
NAME_LISTS = {"nav.languages": "Names", "ul.language-list": "Index"}
MONO_TAGS = frozenset({"pre", "code", "kbd", "samp"})
#: How `subset` makes a file, in its name: a change here makes every subset again.
RECIPE = "woff2, no hinting"
#: Subsets this module wrote: `<font file stem>.<hash>.woff2`.
SUBSET_RE = re.compile(r"[A-Za-z0-9_-]+\.[0-9a-f]{12}\.woff2")


@dataclass(frozen=True)
class WebFace:
    """One `@font-face` of the pages: a font file subset to `chars`."""

    face: Face
    family: str
    chars: str  # sorted, no duplicates
    #: Names lists: the regular instance of a variable font alone (half the bytes), declared for
    #: every weight so the browser does not embolden it.
    static: bool = False

    @property
    def file(self) -> str:
        stem = self.face.file.rsplit(".", 1)[0].replace("[", "-").replace("]", "")
        key = hashlib.sha256("\0".join((self.face.file, _font_version(self.face), self.chars, str(self.static), RECIPE))
                             .encode()).hexdigest()[:12]
        return f"{stem}.{key}.woff2"


def names_family(face: Face, role: str) -> str:
    """The family of `face` in a names list (`role`: a suffix of NAME_LISTS)."""
    return f"{face.family} {role}"


@lru_cache(maxsize=None)
def _cmap(face: Face) -> frozenset[int]:
    from fontTools.ttLib import TTFont
    with TTFont(font_path(face), lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=None)
def _font_version(face: Face) -> str:
    """What makes a subset differ besides its characters: the font file's bytes and fontTools.
    Not the file's date, which a fresh checkout changes: the same texts give the same names."""
    path = font_path(face)
    stat = path.stat()
    return f"{file_digest(str(path), stat.st_size, stat.st_mtime_ns)}:{metadata.version('fonttools')}"


# ---------------------------------------------------------------- what the pages show

_PARSER = lxml_html.HTMLParser(encoding="utf-8")
Usage = dict[tuple[str, str], set[str]]  # (role, lang) -> characters; role: text, mono or a names list


def page_usage(page: str, usage: Usage | None = None) -> Usage:
    """Add the characters `page` (HTML) shows, by role and language, to `usage`."""
    usage = {} if usage is None else usage
    root = lxml_html.document_fromstring(page.encode("utf-8"), parser=_PARSER)
    body = root.find("body")
    if body is None:
        return usage
    # A set of the elements themselves: lxml keeps one proxy per node while it is referenced.
    names = {e: role for selector, role in NAME_LISTS.items() for e in body.cssselect(selector)}

    def walk(element, lang: str, role: str) -> None:  # noqa: ANN001
        if not isinstance(element.tag, str):
            return
        lang = element.get("lang") or lang
        if element in names:
            role = names[element]
        elif element.tag in MONO_TAGS and role == "text":
            role = "mono"
        if element.text:
            usage.setdefault((role, lang), set()).update(element.text)
        for child in element:
            walk(child, lang, role)
            if child.tail:
                usage.setdefault((role, lang), set()).update(child.tail)

    walk(body, root.get("lang") or "en", "text")
    return usage


def characters(pages: Iterable[str]) -> Usage:
    """What every page of `pages` shows, together."""
    found: Usage = {}
    for page in pages:
        page_usage(page, found)
    return found


def web_faces(usage: Usage) -> list[WebFace]:
    """The faces the pages need, each with the characters it draws, in a stable order."""
    latin_cmap = _cmap(LATIN[0])
    wanted: dict[tuple[Face, str], set[str]] = {}
    lists = set(NAME_LISTS.values())
    for (role, lang), chars in sorted(usage.items()):
        script_faces = language(lang).faces
        for char in chars:
            code = ord(char)
            if char in "\t\n\r\f":
                continue
            if role == "mono" and code in _cmap(MONO):
                wanted.setdefault((MONO, MONO.family), set()).add(char)
                continue
            if script_faces and code in _cmap(script_faces[0]) and (code not in latin_cmap or char in SHAPING):
                for face in (f for f in script_faces if f.web):
                    family = names_family(face, role) if role in lists else face.family
                    wanted.setdefault((face, family), set()).add(char)
            elif code in latin_cmap:
                for face in LATIN:
                    wanted.setdefault((face, face.family), set()).add(char)
    order = [*LATIN, MONO]
    rank = {face: i for i, face in enumerate(order)}
    keys = sorted(wanted, key=lambda k: (rank.get(k[0], len(order)), k[1], k[0].file))
    return [WebFace(face, family, "".join(sorted(wanted[face, family])), family != face.family and not face.weight)
            for face, family in keys]


# ---------------------------------------------------------------- subsets and their CSS

def subset(face: WebFace) -> bytes:
    """`face` as WOFF2 with only the glyphs its characters need (same input, same bytes)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.flavor = "woff2"
    options.notdef_outline = True
    options.name_IDs = ["*"]  # the variable font's instance names
    options.drop_tables += ["FFTM"]
    options.hinting = False  # phones ignore TrueType instructions; a sixth of a Nastaliq subset
    with TTFont(font_path(face.face), recalcTimestamp=False) as font:
        subsetter = ft_subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(_with_parts(face.chars) & _cmap(face.face)))
        subsetter.subset(font)
        if face.static and "fvar" in font:
            from fontTools.varLib import instancer
            font = instancer.instantiateVariableFont(font, {"wght": 400}, updateFontNames=False)
        font.flavor = "woff2"
        buffer = io.BytesIO()
        font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def _with_parts(chars: str) -> set[int]:
    """The characters and their canonical decompositions: HarfBuzz decomposes a split vowel
    sign (Kannada ೋ, Tamil ொ, Bengali ো) and draws its parts, which the subset must have."""
    codes = set()
    todo = [ord(c) for c in chars]
    while todo:
        code = todo.pop()
        if code not in codes:
            codes.add(code)
            parts = unicodedata.decomposition(chr(code))
            if parts and not parts.startswith("<"):
                todo += [int(part, 16) for part in parts.split()]
    return codes


def unicode_range(chars: str, shown: frozenset[int] | None = None) -> str:
    """`U+0905-0906, U+093F`: the characters as CSS ranges. Given `shown` (every character of
    the pages), a range may span characters no page shows, which keeps the list short."""
    codes = sorted({ord(c) for c in chars})
    runs: list[list[int]] = []
    for code in codes:
        if runs and (code == runs[-1][1] + 1 or shown is not None
                     and not any(c in shown for c in range(runs[-1][1] + 1, code))):
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in runs)


def web_css(faces: list[WebFace], langs: tuple[str, ...] | list[str], prefix: str = "fonts/") -> str:
    """`@font-face` rules of `faces`, the `:lang()` stacks of `fonts`, and the stacks of the
    language names."""
    from .fonts import stacks_css
    shown = frozenset(ord(c) for web in faces for c in web.chars)
    rules = []
    for web in faces:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{web.family}";\n'
            f'  src: url("{prefix}{web.file}") format("woff2");\n'
            f"  font-weight: {web.face.weight or WEIGHTS};\n"
            f"  font-style: {web.face.style};\n"
            "  font-display: swap;\n"
            f"  unicode-range: {unicode_range(web.chars, shown)};\n"
            "}")
    rules.append(stacks_css(list(langs)))
    for lang in ["en", *langs]:
        rules.append(f":lang({lang}) :is(h1, h2, h3) {{ line-height: {language(lang).heading_line_height}; }}")
    named = {web.family for web in faces}
    for lang in langs:
        face = language(lang).face
        for where, role in NAME_LISTS.items():
            if face is not None and names_family(face, role) in named:
                rules.append(f'{where} [lang="{lang}"] {{ font-family: "{names_family(face, role)}", {stack("en")}; }}')
    return "\n".join(rules) + "\n"


def _subset(_shared: None, face: WebFace) -> bytes:
    return subset(face)


def write_web_fonts(assets: Path, langs: tuple[str, ...] | list[str], pages: Iterable[str],
                    jobs: int | None = None) -> tuple[list[Path], list[Path]]:
    """Make the web fonts of `pages` (the HTML of every published page) in `assets`: the subsets
    missing from `assets/fonts/`, and `fonts.css`; remove the subsets no face uses any more.
    Return (written, removed). A subset already there is not made again."""
    faces = web_faces(characters(pages))
    dest = assets / "fonts"
    missing = [face for face in faces if not (dest / face.file).is_file()]
    written = []
    for face, data in zip(missing, parallel_map(_subset, missing, jobs=jobs, work=float("inf"))):
        write_atomic(dest / face.file, data)
        written.append(dest / face.file)
    if replace_if_changed(assets / "fonts.css", web_css(faces, langs).encode()):
        written.append(assets / "fonts.css")
    keep = {face.file for face in faces}
    removed = [path for path in sorted(dest.glob("*.woff2")) if SUBSET_RE.fullmatch(path.name)
               and path.name not in keep]
    for path in removed:
        path.unlink()
    return written, removed
