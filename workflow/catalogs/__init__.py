"""Gettext catalogs: where they live, reading and writing them (the only code that touches
`.po`/`.pot`), entry states, merging templates into catalogs, extraction and the glossary.
Takes the source values; gives catalogs as `polib.POFile` values and writes them atomically."""

from .pofile import (  # noqa: F401 - the package's public face, as `workflow.catalogs` was
    Catalog,
    CatalogChanged,
    Lines,
    Message,
    build_date,
    build_template,
    dumps,
    fingerprint_of,
    format_date,
    nplurals,
    plural_forms,
    read_catalog,
    write_catalog,
    write_template,
    write_text,
)
from .repository import (  # noqa: F401
    TEMPLATES_DIR,
    catalog_domains,
    catalog_path,
    initialized_languages,
    template_domains,
    template_path,
)
from .states import (  # noqa: F401
    MT_MARK,
    active,
    first_msgstr,
    has_translation,
    is_machine_draft,
    is_reviewed,
    is_untranslated,
    mt_note,
)
