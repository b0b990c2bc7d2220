"""The shared files pages and sheets load: stylesheets, the font faces and their CSS.

Publish and review both write an `assets/` folder; this is the one place that decides what goes
in it, so the two never drift apart. A file already holding the right bytes is not rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .. import ASSETS_DIR
from ..base.files import write_atomic
from . import fonts


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
    written = [target for name, data in wanted.items() if write_if_changed(folder / name, data)
               for target in [folder / name]]
    return written + fonts.copy_fonts(folder / "fonts", langs)


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write `data` unless `target` already holds it (an output file: compared, not trusted)."""
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    write_atomic(target, data)
    return True
