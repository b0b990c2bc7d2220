"""`leaflet translate` and `leaflet models`: the commands of the `[mt]` extra.

They register on the `leaflet` group like the others; MT libraries are imported only inside
them, so the light install's commands and `leaflet --help` never load one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .main import _echo, _examples, _progress_bar, _site, lang_option, main


def _source_language(ctx: click.Context) -> tuple[str, Any]:
    """The project's source language and site, or English and None outside a project."""
    root: Path = ctx.find_root().obj[0]
    if not (root / "source" / "site.toml").is_file():
        return "en", None
    site = _site(ctx)
    return site.source_language, site


@main.command(epilog=_examples("leaflet translate --lang hi", "leaflet translate --all --redraft",
                               "leaflet translate --lang hi --back"))
@lang_option
@click.option("--all", "all_", is_flag=True,
              help="Every configured language; those without a model are skipped with a warning.")
@click.option("--redraft", is_flag=True, help="Also translate again the entries that are still machine drafts.")
@click.option("--back", is_flag=True,
              help="Instead, translate the articles' translations back into the source language, into "
                   ".leaflet-cache/ (for `check --back-translated`); catalogs are not touched.")
@click.pass_context
def translate(ctx: click.Context, langs: tuple[str, ...], all_: bool, redraft: bool, back: bool) -> None:
    """Machine drafts for untranslated entries: fuzzy, marked `leaflet-mt:`, for a translator to review.

    Reviewed entries, fuzzy entries from update and entries marked `# leaflet-no-mt` are never touched;
    a draft whose markup, numbers or placeholders do not come back intact is not written.
    """
    if back:
        from ..mt.back import article_msgstrs, back_translate
        from .report import back_report_line
        site = _site(ctx)
        for lang in site.select_languages(langs, all_):
            _echo([back_report_line(back_translate(site, lang, article_msgstrs(site.root, lang)))])
        return
    from ..base.errors import UsageError
    from ..catalogs.repository import catalog_domains
    from ..mt.engines import load_engine
    from ..mt.translate import translate_language
    from .report import translate_lines
    site = _site(ctx)
    engines = {}
    for lang in site.select_languages(langs, all_):  # every language is checked before any work
        try:
            if not catalog_domains(site.root, lang):
                raise UsageError(f"no catalogs for {lang}: run `leaflet init --lang {lang}` first")
            engines[lang] = load_engine(site, lang)
        except UsageError as exc:  # MissingModelError included
            if not all_:
                raise
            click.echo(f"leaflet: warning: {exc}; {lang} skipped", err=True)
    for lang, engine in engines.items():
        with _progress_bar(f"translating {lang}") as progress:
            report = translate_language(site.root, lang, engine, redraft=redraft, progress=progress)
        _echo(translate_lines(report, site.root))


@main.group()
def models() -> None:
    """Machine translation models (Argos Translate packages; ARGOS_PACKAGES_DIR is honoured)."""


@models.command("list")
@click.pass_context
def models_list(ctx: click.Context) -> None:
    """What serves each configured language; installed Argos and CTranslate2 models; the Argos index."""
    from ..base.errors import MissingModelError
    from ..mt.argos import installed_models
    from ..mt.engines import models_dir, serving
    from ..mt.packages import available_models, package_index_url
    from .report import models_lines
    _source, site = _source_language(ctx)
    try:
        installed, argos = installed_models(), True
    except MissingModelError:  # no argostranslate: CTranslate2 and LibreTranslate may still serve
        installed, argos = [], False
    folders = sorted(p for p in models_dir().iterdir() if p.is_dir() and not p.name.startswith(".")) \
        if models_dir().is_dir() else []
    servings = [(lang, *serving(site, lang)) for lang in site.languages] if site is not None else None
    _echo(models_lines(installed, folders, available_models() if argos else None, argos,
                       package_index_url() if argos else "", servings))


@models.command("install")
@click.option("--lang", "langs", multiple=True, metavar="CODE",
              help="Download and install the Argos index's model for this language; repeatable.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def models_install(ctx: click.Context, langs: tuple[str, ...], files: tuple[Path, ...]) -> None:
    """Install a model: `--lang hi` from the Argos index, FILE.argosmodel, or a CTranslate2 model
    FOLDER or archive (.tar.gz, .zip) into LEAFLET_MODELS_DIR."""
    from ..base.errors import UsageError
    from ..base.languages import LANGUAGES
    from ..mt.ctranslate2 import install_model
    from ..mt.engines import models_dir
    from ..mt.packages import install_file, install_for_language, is_argos_package
    if not langs and not files:
        raise UsageError("name a language with --lang CODE, or give an .argosmodel file or a CTranslate2 model")
    source, site = _source_language(ctx)
    for lang in langs:
        if site is not None:
            site.check_language(lang)
    targets = list(site.languages) if site is not None else list(LANGUAGES)
    done = []
    for path in files:
        if is_argos_package(path):
            done.append(install_file(path))
            continue
        from ..mt.ctranslate2 import covered, family_for
        model = install_model(path, models_dir())
        langs_covered = covered(model.folder, family_for(model.folder), targets)
        click.echo(f"installed  {model.name} ({model.family}; covers {' '.join(langs_covered) or 'none of '}"
                   f"{'' if langs_covered else ' '.join(targets)}) in {model.folder}")
    done += [install_for_language(source, lang) for lang in langs]
    for m in done:
        click.echo(f"installed  {m.source}→{m.target} {m.version} ({m.name}) in {m.path}")
