"""What publish may show: the usable translations of a catalog, and the reviewed coverage
by which `publish --all` and `status` decide which languages are published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalogs
from .catalogs import active, catalog_path, is_machine_draft, is_reviewed, template_domains, template_path
from .languages import language
from .source import SITE_DOMAIN


@dataclass(frozen=True)
class Usable:
    """The translations of one catalog that publish may show to a reader.

    Only reviewed entries, plus machine drafts when asked; fuzzy entries from an update (a
    translation of an earlier text) and untranslated ones are never shown.
    """

    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural_forms: str
    drafts: frozenset[str] = frozenset()  # msgids whose shown translation is a machine draft


def usable_translations(root: Path, lang: str, domain: str, include_drafts: bool = False) -> Usable:
    """Usable translations of `lang`'s catalog for `domain`; an absent catalog has none."""
    path = catalog_path(root, lang, domain)
    if not path.exists():
        return Usable({}, {}, language(lang).plural_forms)
    catalog = catalogs.read_catalog(path, root)
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    drafts: set[str] = set()
    for entry in active(catalog):
        if entry.msgctxt is not None:
            continue
        draft = include_drafts and is_machine_draft(entry)
        if not (is_reviewed(entry) or draft):
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            plurals[entry.msgid] = forms
        else:
            messages[entry.msgid] = entry.msgstr
        if draft:
            drafts.add(entry.msgid)
    return Usable(messages, plurals, catalog.metadata.get("Plural-Forms") or language(lang).plural_forms,
                  frozenset(drafts))


def coverage_domains(root: Path, slugs: list[str]) -> list[str]:
    """The domains a language's reviewed coverage is measured over (publish --all, status):
    every article's and the site's; with no article at all, every template's."""
    return sorted(set(slugs) | {SITE_DOMAIN}) if slugs else template_domains(root)


def reviewed_counts(root: Path, lang: str, domains: list[str]) -> tuple[int, int]:
    """(reviewed, total) active entries of `lang` over `domains`.

    A domain without a catalog yet counts its template's entries as not reviewed.
    """
    reviewed = total = 0
    for domain in domains:
        path = catalog_path(root, lang, domain)
        if path.exists():
            entries = active(catalogs.read_catalog(path, root))
            reviewed += sum(1 for e in entries if is_reviewed(e))
            total += len(entries)
        elif template_path(root, domain).exists():
            total += len(active(catalogs.read_catalog(template_path(root, domain), root)))
    return reviewed, total
