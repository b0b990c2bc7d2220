"""The sample translations (`samples.py`) fit the bundled project: every interface string, msgfmt-clean."""

from __future__ import annotations

import subprocess
from pathlib import Path

from samples import SITE, SLUG, copy_project, set_translations, translate_samples
from workflow.catalogs.pofile import read_catalog
from workflow.catalogs.states import active
from workflow.catalogs.repository import catalog_path


def test_samples_cover_every_site_message(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    for lang in ("hi", "ur"):
        catalog = read_catalog(catalog_path(root, lang, "site"), root)
        assert {e.msgid for e in active(catalog)} <= set(SITE[lang]), "a new interface string needs samples"
        assert set_translations(root, lang, "site", SITE[lang]) == len(active(catalog))


def test_samples_pass_msgfmt_check(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    for lang in ("hi", "ur"):
        translate_samples(root, lang, complete=True)
        for domain in (SLUG, "site"):
            subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalog_path(root, lang, domain))],
                           check=True)


def test_fresh_copy_has_empty_catalogs_of_the_named_languages(tmp_path: Path) -> None:
    root = copy_project(tmp_path, fresh=("hi", "ur"))
    assert sorted(p.name for p in (root / "locales").iterdir()) == ["hi", "templates", "ur"]
    catalog = read_catalog(catalog_path(root, "ur", SLUG), root)
    assert active(catalog) and not any(e.translated() for e in active(catalog))
