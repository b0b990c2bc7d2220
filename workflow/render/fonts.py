"""Fonts for every script we publish in, from the `manimgx-fonts` PyPI package and from
`workflow/fonts/` (Noto Nastaliq Urdu and DejaVu Sans Mono, which no PyPI package offers;
each with its licence next to it).

No system fonts and no download at run time: the font files are copied into
`output/assets/fonts/` (leaflets and the review sheet use them whole; web pages get subsets of
them, see `webfonts`) and declared with `@font-face`, and each language gets a font stack
through a `:lang()` selector. Several of the script fonts lack digits and basic
punctuation (Bengali and Gujarati have no `.`; Arabic has no `(`), so every stack ends in the
Latin Noto Sans. The fonts are variable (`wght` 400–700), so the weight range is declared and
bold is the font's own bold, not a synthesized one.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from .. import PACKAGE_DIR
from ..base.files import write_atomic
from ..base.languages import Face, language

FONT_PACKAGE = "manimgx_fonts"
#: Weight range of the packaged variable fonts (their `wght` axis).
WEIGHTS = "400 700"


LATIN = (Face("Noto Sans", "NotoSans[wght].ttf"),
         Face("Noto Sans", "NotoSans-Italic[wght].ttf", "italic"))
#: Code blocks and code spans: a monospace Latin face, then the script's own face.
MONO = Face("DejaVu Sans Mono", "DejaVuSansMono.ttf", weight="400", bundled=True)
BUNDLED_DIR = PACKAGE_DIR / "fonts"


def _url(face: Face) -> str:
    """The file name as a URL path segment: `[` and `]` must be percent-encoded in CSS."""
    return quote(face.file)


def font_dir() -> Path:
    return Path(str(resources.files(FONT_PACKAGE)))


def font_path(face: Face) -> Path:
    """Where the file of `face` is installed: the font package, or the package's own fonts/."""
    return (BUNDLED_DIR if face.bundled else font_dir()) / face.file


def faces_for(langs: list[str] | tuple[str, ...]) -> list[Face]:
    """Latin faces plus the script face of each language, each once, in a stable order."""
    faces = [*LATIN, MONO]
    for lang in langs:
        for face in language(lang).faces:
            if face not in faces:
                faces.append(face)
    return faces


def stack(lang: str, mono: bool = False) -> str:
    """CSS font-family value for `lang`: its script font, then Latin, then the generic family.

    The monospace stack (code) starts with the monospace Latin face; the script's own face
    follows for the letters it lacks."""
    face = language(lang).face
    families = ([f'"{face.family}"'] if face else []) + ['"Noto Sans"', "sans-serif"]
    if mono:
        families = [f'"{MONO.family}"', *families[:-1], "monospace"]
    return ", ".join(families)


def font_css(langs: list[str] | tuple[str, ...], prefix: str = "fonts/", ranges: bool = True) -> str:
    """`@font-face` rules and `:lang()` stacks for `langs`; URLs are relative to the CSS file.

    Browsers get the variable weight range; WeasyPrint (`ranges=False`) does not accept ranges
    and gets the regular weight, from which Pango takes the font's own bold instance.
    """
    rules = []
    for face in faces_for(langs):
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f'  src: url("{prefix}{_url(face)}") format("truetype");\n'
            f"  font-weight: {face.weight or (WEIGHTS if ranges else '400')};\n"
            f"  font-style: {face.style};\n"
            + ("  font-display: swap;\n" if ranges else "")
            + "}")
    return "\n".join([*rules, stacks_css(langs)]) + "\n"


def stacks_css(langs: list[str] | tuple[str, ...]) -> str:
    """The font stack and line height of each language (`:lang()`), of code, and of English
    blocks inside another language's page."""
    rules = [f"html {{ font-family: {stack('en')}; }}"]
    by_stack: dict[tuple[str, float], list[str]] = {}
    for lang in langs:
        by_stack.setdefault((stack(lang), language(lang).line_height), []).append(lang)
    for (value, height), group in by_stack.items():
        selectors = ", ".join(f":lang({lang})" for lang in group)
        rules.append(f"{selectors} {{ font-family: {value}; line-height: {height}; }}")
    for lang in langs:
        if (height := language(lang).compact_line_height) is not None:
            selectors = ", ".join(f":lang({lang}) {tag}" for tag in ("h1", "h2", "h3", "table", ".qr"))
            rules.append(f"{selectors} {{ line-height: {height}; }}")
    # English fallback blocks inside a page of another language keep the Latin stack.
    rules.append(f":lang(en) {{ font-family: {stack('en')}; line-height: {language('en').line_height}; }}")
    for lang in ["en", *langs]:
        selectors = ", ".join(f":lang({lang}) {tag}" for tag in ("pre", "code", "kbd", "samp"))
        rules.append(f"{selectors} {{ font-family: {stack(lang, mono=True)}; }}")
    return "\n".join(rules)


@lru_cache(maxsize=None)
def file_digest(path: str, size: int, mtime_ns: int) -> str:
    """sha256 of a font file, once per process and version of the file (a hash, not the bytes):
    a fresh checkout changes the files' dates, never what they hold."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=None)
def fingerprint(langs: tuple[str, ...]) -> str:
    """Hash of the font files a build uses: a new font package version rebuilds the PDFs."""
    digest = hashlib.sha256()
    for face in faces_for(langs):
        path = font_path(face)
        stat = path.stat()
        digest.update(f"{face.file}\0{file_digest(str(path), stat.st_size, stat.st_mtime_ns)}\0".encode())
    return digest.hexdigest()


def copy_fonts(dest: Path, langs: list[str] | tuple[str, ...]) -> list[Path]:
    """Copy the font files `langs` need into `dest`; return the copies written.

    A copy is stamped with its package file's modification time, and a copy with the package
    file's size and time is taken as unchanged: a no-op publish reads no font file.
    """
    written = []
    for face in faces_for(langs):
        source = font_path(face)
        target = dest / face.file
        stat = source.stat()
        try:
            copy = target.stat()
        except FileNotFoundError:
            pass
        else:
            if copy.st_size == stat.st_size and copy.st_mtime_ns == stat.st_mtime_ns:
                continue
        write_atomic(target, source.read_bytes())
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        written.append(target)
    return written
