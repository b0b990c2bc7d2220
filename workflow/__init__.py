"""leaflet-workflow: English patient-education articles into reviewed Indian-language leaflets.

Stage packages, each importing only the ones listed before it (data flows one way):

    base      errors, the bounded file reader and atomic writer, locks, the worker pool,
              the languages registry, what numbers and addresses look like
    source    site.toml, articles, their segments and inline markup, images, web-page import
    catalogs  where catalogs live, reading and writing .po/.pot, entry states, merge, extract, glossary
    checks    the rules an entry is judged by, `check` (the gate) and `status`
    mt        machine translation engines and `translate` (the `[mt]` extra; nothing below imports it)
    editions  an edition (article × language): what it may show, its digest and sign-off verdict
    render    fonts, HTML pages and leaflets, PDF and its text layer
    publish   `publish`: plan, render, stage, replace, prune
    review    review sheets and signing an edition off
    cli       the `leaflet` command on top: parses options, prints, picks the exit code
"""

from pathlib import Path

__version__ = "0.1.0"

#: The package's own files: page templates (also a source of interface strings) and CSS.
PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
