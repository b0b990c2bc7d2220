"""The `leaflet` command: parses options, calls the library, prints, and picks the exit code.

Exit codes: 0 done, 1 findings (check problems, `publish --strict` fallbacks), 2 usage or
input error. Heavy libraries are imported inside the commands that need them, so
`leaflet --help` starts as fast as plain Python.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from ..base.errors import LeafletError, UsageError
from .group import LeafletGroup

lang_option = click.option("--lang", "langs", multiple=True, metavar="CODE",
                           help="Language code from site.toml; repeatable.")
all_option = click.option("--all", "all_", is_flag=True, help="Every configured language.")


@click.group(cls=LeafletGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), envvar="LEAFLET_ROOT",
              default=".", show_default=True, help="The content repository (env LEAFLET_ROOT).")
@click.option("--scheduler", envvar="LEAFLET_SCHEDULER", default=None, metavar="tcp://HOST:8786",
              help="Run the work of update, check, status, publish and translate on this Dask scheduler's workers "
                   "(env LEAFLET_SCHEDULER; default: [cluster] in site.toml, else this machine).")
@click.version_option(package_name="leaflet-workflow")
@click.pass_context
def main(ctx: click.Context, root: Path, scheduler: str | None) -> None:
    """Patient-education articles into reviewed translations, web pages and PDF leaflets."""
    ctx.obj = (root, scheduler)


def _root(ctx: click.Context) -> Path:
    root: Path = ctx.find_root().obj[0]
    if not (root / "source").is_dir():
        raise LeafletError(f"{root} is not a leaflet project: no source/ folder (use --root)")
    return root


def _project(ctx: click.Context, cluster: bool = False):  # noqa: ANN202
    """The command's Project: site.toml validated and every input read once, through its cache.
    `cluster`: the command fans out (update, check, status, publish), so it connects to the
    Dask scheduler when one is given; other commands never do."""
    from ..source.project import Project
    project = Project.load(_root(ctx))
    project.executor = _executor(ctx, project.site.scheduler) if cluster else None
    return project


def _executor(ctx: click.Context, configured: str = ""):  # noqa: ANN202
    """The Dask cluster of --scheduler (else site.toml's [cluster]), closed when the command ends;
    None: this machine's processes."""
    address = ctx.find_root().obj[1] or configured
    if not address:
        return None
    from ..base.cluster import DaskCluster
    cluster = DaskCluster(address)
    ctx.call_on_close(cluster.close)
    return cluster


def _site(ctx: click.Context):  # noqa: ANN202
    from ..source.site import load_site
    return load_site(_root(ctx))


def _echo(lines: list[str]) -> None:
    for line in lines:
        click.echo(line)


def _report(results: list[tuple[Path, str]], root: Path) -> None:
    from .report import file_lines
    _echo(file_lines(results, root))


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=max(total, 1), label=label, file=sys.stderr).__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def _examples(*lines: str) -> str:
    """An epilog of examples, kept as written (click rewraps help text otherwise)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


@main.command(epilog=_examples("leaflet extract", "leaflet --root ../centre-site extract"))
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write locales/templates/<slug>.pot per article and site.pot."""
    from ..catalogs import extract as extract_mod
    root = _root(ctx)
    results = extract_mod.run(root)
    _report(results, root)


@main.command(epilog=_examples("leaflet init --lang mr", "leaflet init --all"))
@lang_option
@all_option
@click.pass_context
def init(ctx: click.Context, langs: tuple[str, ...], all_: bool) -> None:
    """Create the catalogs of a new language (existing ones are never overwritten)."""
    from ..catalogs.merge import init_catalogs
    site = _site(ctx)
    for lang in site.select_languages(langs, all_):
        _report(init_catalogs(site.root, lang), site.root)


@main.command(epilog=_examples("leaflet extract && leaflet update", "leaflet update --lang hi --lang ur"))
@lang_option
@all_option
@click.pass_context
def update(ctx: click.Context, langs: tuple[str, ...], all_: bool) -> None:
    """Merge the templates into the catalogs, keeping every translation (like msgmerge).

    Without --lang or --all, every language that has catalogs is updated.
    """
    from ..catalogs.merge import update_catalogs
    from ..catalogs.repository import initialized_languages
    project = _project(ctx, cluster=True)
    site = project.site
    if langs or all_:
        selected = site.select_languages(langs, all_)
    else:
        selected = initialized_languages(site.root, site.languages)
        if not selected:
            raise LeafletError("no language has catalogs yet: run `leaflet init --lang CODE`")
    _report(update_catalogs(site.root, selected, project.executor), site.root)


# ---------------------------------------------------------------- check and status

format_option = click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
                             show_default=True, help="text for people, json for tools, github for "
                             "GitHub Actions annotations.")


@main.command(epilog=_examples("leaflet check", "leaflet check --lang hi --format github",
                               "leaflet check --format json > check.json", "leaflet check --source",
                               "leaflet check --lang ta --back-translated --strict-meaning"))
@lang_option
@all_option
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Translated share each catalog needs (default: min_coverage in site.toml, per language).")
@format_option
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes reading catalogs (default: one per core when there are many catalogs).")
@click.option("--require-signoff", is_flag=True,
              help="Also an error: an edition not signed off, or changed since (for a release branch).")
@click.option("--back-translated", is_flag=True,
              help="Also compare each segment's cached back-translation with the English (meaning flags).")
@click.option("--strict-meaning", is_flag=True, help="With --back-translated: meaning flags are errors.")
@click.option("--source", "source", is_flag=True,
              help="Also the English source: each article's reading grade, sentences over 25 words.")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], all_: bool, min_coverage: float | None, fmt: str,
          jobs: int | None, require_signoff: bool, back_translated: bool, strict_meaning: bool,
          source: bool) -> None:
    """Check the catalogs: coverage, stale templates/catalogs, and every translated entry.

    Without --lang (or with --all), every configured language. Exit 0 clean, 1 problems (an error, or coverage
    below the threshold), 2 bad input. Silence one check for one entry with a translator comment
    such as `# leaflet-ignore: numbers`.
    """
    from ..checks.gate import run_check
    from .report import error_json, format_check, grade_lines
    try:
        if strict_meaning and not back_translated:
            raise UsageError("--strict-meaning goes with --back-translated")
        project = _project(ctx, cluster=True)
        root = project.root
        selected = project.select(langs, all_ or not langs)
        result = run_check(project, selected, min_coverage=min_coverage, jobs=jobs)
        if require_signoff:
            from ..editions.signoff import problems
            result.problems += problems(project, selected)
        if back_translated:
            from ..checks.backcheck import meaning_problems
            result.add(meaning_problems(project, selected, strict=strict_meaning))
        if source:
            from ..checks.plain import check_source
            grades, found = check_source(project)
            result.add(found)
            if fmt == "text":
                _echo(grade_lines(grades))
    except LeafletError as exc:
        if fmt == "json":  # a tool reads stdout: the error as JSON there too
            click.echo(error_json(exc))
        raise
    try:  # annotations name files relative to the working directory (GitHub's workspace)
        base = root.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        base = ""
    click.echo(format_check(result, fmt, "" if base == "." else base))
    ctx.exit(1 if result.failed else 0)


@main.command(epilog=_examples("leaflet status", "leaflet status --lang hi --format json"))
@lang_option
@all_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--drafts", "drafts", is_flag=True,
              help="List the machine drafts awaiting review instead, lowest model score first.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="With --drafts: show only this many.")
@click.pass_context
def status(ctx: click.Context, langs: tuple[str, ...], all_: bool, fmt: str, drafts: bool,
           limit: int | None) -> None:
    """A table of every language × domain: progress, percent reviewed, machine drafts awaiting review;
    then the clinical sign-off of every edition. With --drafts, the drafts awaiting review, least
    sure first."""
    from ..checks.status import run_status
    from ..editions.signoff import verdicts
    from .report import format_drafts, format_status, signoff_lines, status_json
    project = _project(ctx, cluster=not drafts)
    selected = project.select(langs, all_ or not langs)
    if drafts:
        from ..catalogs.drafts import list_drafts
        click.echo(format_drafts(list_drafts(project.root, selected, project.inputs), limit))
        return
    reports = run_status(project, selected)
    editions = verdicts(project, [s.lang for s in reports.languages if s.initialized], digest_unsigned=False)
    if fmt == "text":
        _echo([format_status(reports), *signoff_lines(editions)])
    else:
        click.echo(status_json(reports, editions))


# ---------------------------------------------------------------- clinical sign-off

@main.command(epilog=_examples("leaflet review --lang hi",
                               "leaflet review --lang hi kyphoplasty-vs-vertebroplasty --no-pdf"))
@click.option("--lang", required=True, metavar="CODE", help="Language code from site.toml.")
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also write the A4 PDF.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: output/ in the project); sheets go to <output>/review/<lang>/.")
@click.option("--back-translate/--no-back-translate", default=None,
              help="Add each segment translated back into English by machine, with meaning flags "
                   "(default: if [translation.back] review in site.toml names the language).")
@click.pass_context
def review(ctx: click.Context, lang: str, slugs: tuple[str, ...], pdf: bool, output: Path | None,
           back_translate: bool | None) -> None:
    """Bilingual review sheets (HTML and PDF) of the editions, for the clinician who signs them off.

    Without SLUG, every article. Each segment in order, English beside the translation, with its
    state, check findings, glossary terms and, after an earlier sign-off, what changed since.
    """
    from ..review.sheet import write_review
    from .report import back_lines, warning_lines
    project = _project(ctx)
    result = write_review(project, lang, slugs, output=output, pdf=pdf, back_translate=back_translate)
    for line in warning_lines(result.back.warnings if result.back else []):
        click.echo(line, err=True)
    _report(result.files, project.root)
    _echo(back_lines(result))


@main.command(epilog=_examples('leaflet signoff --lang hi kyphoplasty-vs-vertebroplasty '
                               '--by "Dr A. Sharma, consultant interventional radiologist"'))
@click.option("--lang", required=True, metavar="CODE", help="Language code from site.toml.")
@click.argument("slug")
@click.option("--by", "by", required=True, metavar='"NAME, ROLE"', help="The clinician who signs, and their role.")
@click.option("--back-translated", is_flag=True,
              help="Signed with the back-translation sheet (review --back-translate): its open flags are recorded.")
@click.pass_context
def signoff(ctx: click.Context, lang: str, slug: str, by: str, back_translated: bool) -> None:
    """Record a clinician's sign-off of an edition, bound to exactly the text it publishes.

    Writes locales/<lang>/signoff/<slug>.json (commit it). Refused (exit 1) while any segment
    would be shown in English or has an error finding.
    """
    from ..review.signing import sign
    from .report import signed_line
    project = _project(ctx)
    path, record = sign(project, lang, slug, by, back_translated=back_translated)
    click.echo(signed_line(path, record, project.root))


# ---------------------------------------------------------------- publish

@main.command(epilog=_examples("leaflet publish --lang hi", "leaflet publish --all --strict",
                               "leaflet publish --lang mr --include-drafts --output /tmp/review"))
@lang_option
@click.option("--all", "all_", is_flag=True,
              help="Every language whose reviewed coverage reaches min_coverage in site.toml.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, nothing written) if any English would be shown.")
@click.option("--include-drafts", is_flag=True,
              help="Use machine drafts too; every page and PDF page is then marked as a draft.")
@click.option("--force", is_flag=True, help="Rebuild everything, changed or not.")
@click.option("--paper", type=click.Choice(["a5", "a4"]), default="a5", show_default=True,
              help="Leaflet paper size.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: output/ in the project).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="PDFs rendered at once (default: one per core).")
@click.pass_context
def publish(ctx: click.Context, langs: tuple[str, ...], all_: bool, strict: bool, include_drafts: bool,
            force: bool, paper: str, output: Path | None, jobs: int | None) -> None:
    """Web pages and PDF leaflets of the articles in output/<lang>/, the English (source) edition always.

    Only reviewed translations are shown; anything else falls back to English, marked as such,
    and is counted per article. `--lang en` publishes the English edition alone.
    """
    from ..publish.pipeline import publish as run
    project = _project(ctx, cluster=True)
    root = project.root
    with _progress_bar("rendering") as progress:
        result = run(project, langs, all_, strict=strict, include_drafts=include_drafts, force=force,
                     paper=paper, output=output, jobs=jobs, progress=progress)
    from .report import publish_lines
    _echo(publish_lines(result, root))


# ---------------------------------------------------------------- import

@main.command("import", epilog=_examples("leaflet import saved/kidney-healing.html",
                                         "leaflet import page.html --slug renal-graft-biopsy"))
@click.argument("page", type=click.Path(path_type=Path))
@click.option("--slug", default=None, help="The article's slug (default: from the page's address or title).")
@click.pass_context
def import_(ctx: click.Context, page: Path, slug: str | None) -> None:
    """Turn a saved article page (WordPress and similar) into source/articles/<slug>.md.

    Only the article body is kept; page chrome is left out, images saved with the page are
    copied next to the article, and whatever leaflet cannot show is listed as dropped.
    An existing article is never overwritten.
    """
    from ..source.importer import import_page
    root = _root(ctx)
    from .report import import_lines
    _echo(import_lines(import_page(root, page, slug), root))


# ---------------------------------------------------------------- machine translation
