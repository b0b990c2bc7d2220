"""Where a project's catalogs live: templates, each language's catalogs, which exist.

`locales/templates/<domain>.pot` and `locales/<lang>/LC_MESSAGES/<domain>.po`, as Sphinx's
`CatalogRepository` answers for a Sphinx project.
"""

from __future__ import annotations

from pathlib import Path

from ..base.files import Inputs
from ..source.site import SITE_DOMAIN
from . import pofile, states

TEMPLATES_DIR = Path("locales") / "templates"


def template_path(root: Path, domain: str) -> Path:
    return root / TEMPLATES_DIR / f"{domain}.pot"


def catalog_path(root: Path, lang: str, domain: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"


def template_domains(root: Path) -> list[str]:
    """Domains that have a template, sorted."""
    folder = root / TEMPLATES_DIR
    return sorted(p.stem for p in folder.glob("*.pot")) if folder.is_dir() else []


def catalog_domains(root: Path, lang: str) -> list[str]:
    folder = root / "locales" / lang / "LC_MESSAGES"
    return sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []


def initialized_languages(root: Path, languages: tuple[str, ...] | list[str]) -> list[str]:
    return [lang for lang in languages if (root / "locales" / lang / "LC_MESSAGES").is_dir()]


def coverage_domains(root: Path, slugs: list[str]) -> list[str]:
    """The domains a language's reviewed coverage is measured over (publish --all, status):
    every article's and the site's; with no article at all, every template's."""
    return sorted(set(slugs) | {SITE_DOMAIN}) if slugs else template_domains(root)


def reviewed_counts(root: Path, lang: str, domains: list[str], inputs: Inputs | None = None) -> tuple[int, int]:
    """(reviewed, total) active entries of `lang` over `domains`.

    A domain without a catalog yet counts its template's entries as not reviewed.
    """
    reviewed = total = 0
    for domain in domains:
        path = catalog_path(root, lang, domain)
        if path.exists():
            entries = states.active(pofile.read_catalog(path, root, inputs))
            reviewed += sum(1 for e in entries if states.is_reviewed(e))
            total += len(entries)
        elif template_path(root, domain).exists():
            total += len(states.active(pofile.read_catalog(template_path(root, domain), root, inputs)))
    return reviewed, total
