"""`leaflet translate` and `leaflet models`: the commands of the `[mt]` extra.

They register on the `leaflet` group like the others; MT libraries are imported only inside
them, so the light install's commands and `leaflet --help` never load one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .main import _echo, _examples, _executor, _progress_bar, _project, _site, lang_option, main


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
        from .report import back_report_line, warning_lines
        site = _site(ctx)
        for lang in site.select_languages(langs, all_):
            back = back_translate(site, lang, article_msgstrs(site.root, lang))
            for line in warning_lines(back.warnings):
                click.echo(line, err=True)
            _echo([back_report_line(back)])
        return
    from ..base.errors import UsageError
    from ..catalogs.repository import catalog_domains
    from ..mt.engines import load_engine, restricted
    from ..mt.translate import translate_language
    from .models_report import licence_warning
    from .report import translate_lines, warning_lines
    site = _site(ctx)
    engines = {}
    skipped: list[tuple[str, str]] = []
    for lang in site.select_languages(langs, all_):  # every language is checked before any work
        try:
            if not catalog_domains(site.root, lang):
                raise UsageError(f"no catalogs for {lang}: run `leaflet init --lang {lang}` first")
            engines[lang] = load_engine(site, lang)
        except UsageError as exc:  # MissingModelError included
            if not all_:
                raise
            skipped.append((lang, str(exc)))
    if not engines:  # --all, and not one language could be served: nothing to do is an error
        lang, why = skipped[0]
        rest = [other for other, _ in skipped[1:]]
        raise UsageError(f"no language could be translated: {why}" + (
            f"; nor {', '.join(rest)} (`leaflet models list` says what each needs)" if rest else ""))
    from ..mt.cluster import on_cluster
    engines = on_cluster(engines, lambda: _executor(ctx, site.scheduler))  # local models on the workers, if any
    for lang, why in skipped:
        click.echo(f"leaflet: warning: {why}; {lang} skipped", err=True)
    warning = licence_warning(restricted(engines, site))
    if warning:
        click.echo(warning, err=True)
    for lang, engine in engines.items():
        try:
            with _progress_bar(f"translating {lang}") as progress:
                report = translate_language(site.root, lang, engine, redraft=redraft, progress=progress)
        finally:  # a LibreTranslate server taken out: said even when the run then failed
            for line in warning_lines(getattr(engine, "warnings", [])):
                click.echo(line, err=True)
        _echo(translate_lines(report, site.root))


@main.group()
def models() -> None:
    """Machine translation models (Argos Translate packages; ARGOS_PACKAGES_DIR is honoured)."""


@models.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def models_list(ctx: click.Context, fmt: str) -> None:
    """What serves each configured language; installed Argos and CTranslate2 models; the Argos
    index. Every model with its licence."""
    from ..base.errors import MissingModelError
    from ..mt.argos import installed_models
    from ..mt.ctranslate2 import installed_folders
    from ..mt.engines import models_dir, serving
    from ..mt.packages import available_models, package_index_url
    from .models_report import models_json, models_lines
    _source, site = _source_language(ctx)
    try:
        installed, argos = installed_models(), True
    except MissingModelError:  # no argostranslate: CTranslate2 and LibreTranslate may still serve
        installed, argos = [], False
    folders = installed_folders(models_dir())
    servings = [serving(site, lang) for lang in site.languages] if site is not None else None
    available = available_models() if argos else None
    if fmt == "json":
        click.echo(models_json(installed, folders, available, servings))
        return
    _echo(models_lines(installed, folders, available, argos, package_index_url() if argos else "", servings))


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
        click.echo(f"installed  {model.name} ({model.family}, {model.licence}; covers {' '.join(langs_covered) or 'none of '}"
                   f"{'' if langs_covered else ' '.join(targets)}) in {model.folder}")
    done += [install_for_language(source, lang) for lang in langs]
    for m in done:
        click.echo(f"installed  {m.source}→{m.target} {m.version} ({m.name}, {m.licence}) in {m.path}")


@models.command("evaluate", epilog=_examples(
    "leaflet models evaluate --lang hi",
    "leaflet models evaluate --lang ta --engine ctranslate2:indictrans2-en-indic-dist-200M-ct2 "
    "--engine ctranslate2:nllb-200-distilled-600M-ct2",
    "leaflet models evaluate --lang hi --tsv reviewed.tsv --format json"))
@click.option("--lang", "lang", required=True, metavar="CODE", help="The language whose reviewed text is the test set.")
@click.option("--engine", "engines", multiple=True, metavar="SPEC",
              help="argos, ctranslate2:MODEL, libretranslate:URL or an inline table as in site.toml; "
                   "repeatable. Default: the engine site.toml gives the language.")
@click.option("--tsv", type=click.Path(path_type=Path), help="Score on this file (English<TAB>translation per "
              "line) instead of the reviewed entries of the catalogs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def models_evaluate(ctx: click.Context, lang: str, engines: tuple[str, ...], tsv: Path | None, fmt: str) -> None:
    """Score engines against the centre's reviewed translations: chrF++, BLEU, drafts accepted
    unchanged, median edit distance, time per segment. Entries reviewed from an engine's own
    drafts are scored apart."""
    from ..base.errors import UsageError
    from ..catalogs.drafts import reviewed_pairs
    from ..catalogs.glossary import load_glossary
    from ..mt.engines import load_engine
    from ..mt.evaluate import evaluate, read_tsv
    from ..source.translation import parse_option
    from .models_report import evaluate_json, evaluate_lines
    project = _project(ctx)
    site = project.site
    site.check_language(lang)
    specs = [parse_option(e, lambda message: UsageError(message)) for e in engines] or [None]
    loaded = [load_engine(site, lang, spec) for spec in specs]  # every engine before any work
    pairs = read_tsv(tsv, site.root) if tsv else reviewed_pairs(site.root, lang, project.inputs)
    if not pairs:
        raise UsageError(f"no reviewed entries in the {lang} catalogs to score against; give --tsv FILE")
    terms = load_glossary(site.root, lang, project.inputs)
    results = []
    for engine in loaded:
        with _progress_bar(f"evaluating {engine.provenance}") as progress:
            results.append(evaluate(engine, pairs, terms, progress))
    if fmt == "json":
        click.echo(evaluate_json(lang, len(pairs), results))
    else:
        _echo(evaluate_lines(lang, len(pairs), results))
