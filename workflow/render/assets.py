"""The shared files pages and sheets load: stylesheets, the font faces and their CSS.

Publish and review both write an `assets/` folder; this is the one place that decides what goes
in it, so the two never drift apart. A file already holding the right bytes is not rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .. import ASSETS_DIR
from ..base.files import MAX_IMAGE_BYTES, replace_if_changed
from ..source.project import Project
from . import fonts

#: The stylesheets publish copies into output/assets/: every one the package has.
PAGE_STYLESHEETS = tuple(sorted(p.name for p in ASSETS_DIR.glob("*.css")))


def write_assets(folder: Path, langs: Iterable[str], stylesheets: Iterable[str], web_fonts: bool = False) -> list[Path]:
    """Write `stylesheets` (names under the package's assets), `fonts.css`, `fonts-print.css`
    and the font files `langs` need into `folder`; return the files written.

    With `web_fonts` (publish), `fonts.css` is left to `webfonts`, which declares subsets of
    what the pages show; without (the review sheet, read on a desktop), it names the whole fonts."""
    langs = tuple(langs)
    wanted = {name: (ASSETS_DIR / name).read_bytes() for name in stylesheets}
    if not web_fonts:
        wanted["fonts.css"] = fonts.font_css(langs).encode()
    wanted["fonts-print.css"] = fonts.font_css(langs, ranges=False).encode()
    written = [target for name, data in wanted.items() if replace_if_changed(folder / name, data)
               for target in [folder / name]]
    return written + fonts.copy_fonts(folder / "fonts", langs)


def write_page_assets(assets: Path, project: Project, images: dict[str, Path], shown_pages: list[str] | None,
                      jobs: int | None) -> tuple[list[Path], list[Path]]:
    """Publish's assets: the pages' stylesheets and fonts, and the images they show (read through
    the run's inputs). With `shown_pages` (the HTML of every published page), the web fonts are
    made for them. Returns (written, removed)."""
    from . import webfonts
    written = write_assets(assets, project.site.languages, PAGE_STYLESHEETS, web_fonts=True)
    removed: list[Path] = []
    if shown_pages is not None:
        made, gone = webfonts.write_web_fonts(assets, project.site.languages, shown_pages, jobs)
        written += made
        removed += gone
    for key, source in sorted(images.items()):
        target = assets / "images" / key
        if replace_if_changed(target, project.inputs.read(source, MAX_IMAGE_BYTES)):
            written.append(target)
    return written, removed
