"""The clinic fixture project (`tests/projects/clinic/`): four languages, three articles, real catalogs.

What each article exercises is in `tests/projects/clinic/README.md`. Tests never write into the
fixture: they work on a copy made by `copy_clinic`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CLINIC = Path(__file__).resolve().parent / "projects" / "clinic"

#: Slugs of the fixture's articles.
UFE = "uterine-fibroid-embolization"
LIVER = "liver-tumour-embolization"
BIOPSY = "renal-biopsy-aftercare"


def copy_clinic(dest: Path) -> Path:
    """Copy the fixture's `source/` and `locales/` into `dest` (created) and return `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CLINIC / "source", dest / "source")
    shutil.copytree(CLINIC / "locales", dest / "locales")
    return dest
