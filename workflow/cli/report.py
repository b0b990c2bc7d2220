"""Every command's text output: file results, the check report (text for people, GitHub
annotations, JSON), the status table, and the publish and translate summaries.

Pure functions from values to strings; the CLI prints them.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.errors import LeafletError
from ..base.files import relative
from ..base.languages import language
from ..checks.gate import CheckResult, Problem
from ..checks.status import CatalogReport, StatusResult
from ..editions.signoff import CHANGED, SIGNED, Record, Verdict, describe

if TYPE_CHECKING:
    from ..catalogs.drafts import Draft
    from ..checks.plain import Grade
    from ..mt.back import BackReport
    from ..mt.translate import LanguageReport
    from ..publish.pipeline import PublishResult
    from ..review.sheet import ReviewResult
    from ..source.importer import ImportResult


def file_lines(results: list[tuple[Path, str]], root: Path, quiet: tuple[str, ...] = ()) -> list[str]:
    """`   written  locales/hi/LC_MESSAGES/site.po`: one line per file a command touched."""
    return [f"{what:>9}  {relative(path, root)}" for path, what in results if what not in quiet]


def _excerpt(msgid: str | None, limit: int = 48) -> str:
    if not msgid:
        return ""
    one_line = " ".join(msgid.split())
    return f'  "{one_line[: limit - 1]}…"' if len(one_line) > limit else f'  "{one_line}"'


def summary_line(result: CheckResult) -> str:
    errors, warnings = result.errors, result.warnings
    what = (f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
            if errors or warnings else "no problems")
    return f"{what} in {len(result.catalogs)} catalog{'s' if len(result.catalogs) != 1 else ''}"


def format_text(result: CheckResult) -> str:
    """Problems grouped by file, each on one line with its line number, check and severity."""
    lines: list[str] = []
    reports = {r.path: r for r in result.catalogs}
    for path, group in groupby(result.problems, key=lambda p: p.path):
        report = reports.get(path)
        head = path
        if report is not None:
            head += (f"  ({report.total} messages: {report.translated} translated, {report.fuzzy} fuzzy, "
                     f"{report.untranslated} untranslated; {report.percent:.1f}%)")
        lines.append(head)
        for problem in group:
            where = f"{problem.line}" if problem.line else "-"
            lines.append(f"  {where:>5}: {problem.severity} [{problem.check}] {problem.message}"
                         f"{_excerpt(problem.msgid)}")
    lines.append(summary_line(result))
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(result: CheckResult, base: str = "") -> str:
    """GitHub Actions workflow commands: one `::error file=...,line=...::` annotation per problem.

    `base` is the project's folder in the repository when it is not the repository's root:
    GitHub wants file paths relative to the workspace.
    """
    lines = []
    for p in result.problems:
        path = f"{base.rstrip('/')}/{p.path}" if base else p.path
        props = [f"file={_escape_property(path)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_escape_property(f'leaflet check: {p.check}')}")
        message = p.message + (f' (msgid "{" ".join(p.msgid.split())[:80].rstrip()}")' if p.msgid else "")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    lines.append(summary_line(result))
    return "\n".join(lines)


def _catalog_json(r: CatalogReport) -> dict:
    return {"lang": r.lang, "domain": r.domain, "path": r.path, "total": r.total,
            "translated": r.translated, "fuzzy": r.fuzzy, "untranslated": r.untranslated,
            "obsolete": r.obsolete}


def _problem_json(p: Problem) -> dict:
    return {"lang": p.lang, "domain": p.domain, "path": p.path, "line": p.line, "msgid_line": p.msgid_line,
            "msgid": p.msgid,
            "check": p.check, "severity": p.severity, "message": p.message}


def to_json(result: CheckResult) -> dict:
    """The documented shape: {"summary", "catalogs": [...], "problems": [...]}."""
    cats = result.catalogs
    summary = {
        "ok": not result.failed,
        "catalogs": len(cats),
        "errors": result.errors,
        "warnings": result.warnings,
        "total": sum(r.total for r in cats),
        "translated": sum(r.translated for r in cats),
        "fuzzy": sum(r.fuzzy for r in cats),
        "untranslated": sum(r.untranslated for r in cats),
        "obsolete": sum(r.obsolete for r in cats),
    }
    return {"summary": summary, "catalogs": [_catalog_json(r) for r in cats],
            "problems": [_problem_json(p) for p in result.problems]}


def format_json(result: CheckResult) -> str:
    return json.dumps(to_json(result), ensure_ascii=False, indent=2)


def error_json(exc: LeafletError) -> str:
    """An input or usage error in check's JSON shape, so a tool reading `--format json` gets JSON."""
    summary = {"ok": False, "catalogs": 0, "errors": 1, "warnings": 0}
    error = {"file": exc.path, "line": exc.line, "message": exc.message, "exit_code": exc.exit_code}
    return json.dumps({"summary": summary, "catalogs": [], "problems": [], "error": error},
                      ensure_ascii=False, indent=2)


def format_check(result: CheckResult, fmt: str, base: str = "") -> str:
    if fmt == "github":
        return format_github(result, base)
    return {"text": format_text, "json": format_json}[fmt](result)


# ---------------------------------------------------------------- status

BAR_WIDTH = 20


def progress_bar(report: CatalogReport, width: int = BAR_WIDTH) -> str:
    """`#` reviewed, `~` awaiting review (machine drafts and fuzzy), `.` untranslated."""
    if not report.total:
        return "[" + " " * width + "]"
    reviewed = round(width * report.reviewed / report.total)
    pending = round(width * (report.reviewed + report.fuzzy) / report.total) - reviewed
    pending = max(0, min(pending, width - reviewed))
    return "[" + "#" * reviewed + "~" * pending + "." * (width - reviewed - pending) + "]"


def format_status(status: StatusResult) -> str:
    """A table of every language × domain (progress, percent reviewed, drafts awaiting review),
    then one line per language with `publish --all`'s verdict."""
    reports = status.catalogs
    lines = ["no catalogs: run `leaflet init --lang CODE`", ""] if not reports else []
    if reports:
        domain_width = max(len("domain"), *(len(r.domain) for r in reports))
        head = (f"{'lang':<5} {'domain':<{domain_width}}  {'progress':<{BAR_WIDTH + 2}}  {'reviewed':>8}  "
                f"{'drafts':>6}  {'fuzzy':>5}  {'untransl':>8}  {'total':>5}")
        lines += [head, "-" * len(head)]
        for r in reports:
            lines.append(f"{r.lang:<5} {r.domain:<{domain_width}}  {progress_bar(r)}  {r.reviewed_percent:>7.1f}%  "
                         f"{r.machine_drafts:>6}  {r.fuzzy - r.machine_drafts:>5}  {r.untranslated:>8}  {r.total:>5}")
        lines += ["", "# reviewed  ~ machine draft or fuzzy (awaiting review)  . untranslated", ""]
    for s in status.languages:
        verdict = (f"ready: `leaflet publish --all` publishes {len(s.editions)} edition"
                   f"{'s' if len(s.editions) != 1 else ''} ({', '.join(s.editions)})" if s.publishable
                   else f"no edition at min_coverage {s.threshold:g}%: `leaflet publish --all` skips it")
        drafts = (f"{s.machine_drafts} machine draft{'s' if s.machine_drafts != 1 else ''} awaiting review"
                  if s.initialized else f"no catalogs yet (`leaflet init --lang {s.lang}`)")
        lines.append(f"{s.lang:<5} {language(s.lang).name}: {s.reviewed_percent:.1f}% reviewed "
                     f"({s.reviewed} of {s.total}), {drafts}; {verdict}")
    if status.languages:
        lines.append("(publish's share: reviewed entries of every article and the site; "
                     "a missing catalog counts as unreviewed)")
    return "\n".join(lines)


def status_json(status: StatusResult, editions: list[Verdict] | None = None) -> str:
    rows = [{**_catalog_json(r), "reviewed": r.reviewed, "machine_drafts": r.machine_drafts,
             "reviewed_percent": round(r.reviewed_percent, 1)} for r in status.catalogs]
    langs = [{"lang": s.lang, "reviewed": s.reviewed, "total": s.total, "machine_drafts": s.machine_drafts,
              "reviewed_percent": round(s.reviewed_percent, 1), "threshold": s.threshold,
              "publishable": s.publishable, "initialized": s.initialized, "editions": list(s.editions)}
             for s in status.languages]
    data: dict = {"languages": langs, "catalogs": rows}
    if editions is not None:
        data["editions"] = signoff_json(editions)
    return json.dumps(data, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- publish and translate

def publish_lines(result: PublishResult, root: Path) -> list[str]:
    """What publish did: skipped languages, fallbacks per page, files written, a summary line."""
    from ..publish.record import MANIFEST
    lines = [f"{'rebuilt':>9}  {relative(result.output / MANIFEST, root)}: damaged ({result.damaged_record}), "
             "so everything was rebuilt"] if result.damaged_record else []
    lines += [f"{'skipped':>9}  {d.lang}/{d.slug}: {d.reason}" for d in result.skipped_editions]
    lines += [f"{'skipped':>9}  {lang}: {why}" for lang, why in result.skipped.items()]
    lines += [f"{'withheld':>9}  {w.path}:{w.line or '-'}: [{w.code}] {w.message}{_excerpt(w.msgid)} "
              "(shown in English)" for w in result.withheld]
    for report in result.articles:
        line = f"{report.lang}/{report.slug}: {report.fallbacks} of {report.segments} segments in English"
        if report.lang == result.source_language:
            line = f"{report.lang}/{report.slug}: {report.segments} segments, the source text"
        elif result.drafts:
            line += f", {report.drafts} machine drafts"
        lines.append(f"{'fallback' if report.fallbacks else 'complete':>9}  {line}")
    lines += [f"{'fallback':>9}  {lang} interface (site.po): {count} strings in English"
              for lang, count in result.interface_fallbacks.items() if count]
    lines += file_lines([(p, "written") for p in result.written] + [(p, "removed") for p in result.removed], root)
    lines.append(f"published {', '.join(result.languages) or 'nothing'} to {result.output}: "
                 f"{len(result.written)} written, {result.unchanged} unchanged, {len(result.removed)} removed"
                 + (" (machine drafts included, marked on every page)" if result.drafts else ""))
    return lines


def translate_lines(report: LanguageReport, root: Path) -> list[str]:
    """Catalogs drafted, drafts refused (file:line), and the language's summary line."""
    return (file_lines([(p, "drafted") for p in report.written], root)
            + [f"{'rejected':>9}  {rejected}" for rejected in report.rejected]
            + [f"{report.lang}: {report.drafted} drafted, {report.fallback} by fallback, "
               f"{len(report.rejected)} rejected, {report.memory} from memory, {report.reused} reused, "
               f"{report.skipped} skipped ({report.provenance})"])


def warning_lines(warnings: list[str]) -> list[str]:
    """An engine's messages of its run (a server taken out of the rotation), for stderr."""
    return [f"leaflet: warning: {warning}" for warning in warnings]


def import_lines(result: ImportResult, root: Path) -> list[str]:
    """What an import left out of the article, then the files it wrote."""
    return ([f"{'dropped':>9}  {what}" for what in result.article.dropped]
            + file_lines([(p, "written") for p in result.written], root))


# ---------------------------------------------------------------- sign-off

def signoff_lines(verdicts: list[Verdict]) -> list[str]:
    """`leaflet status`: per edition, signed by whom and when, changed since sign-off, or never signed."""
    if not verdicts:
        return []
    lines = ["", "clinical sign-off (what `publish --strict` requires):"]
    for v in verdicts:
        edition = f"{v.lang}/{v.slug}"
        if v.state == SIGNED and v.record is not None:
            lines.append(f"{'signed':>9}  {edition}: by {v.record.by} on {v.record.when}{back_note(v.record)}")
        elif v.state == CHANGED and v.record is not None:
            lines.append(f"{'changed':>9}  {edition}: {len(v.changes)} change{'s' if len(v.changes) != 1 else ''} "
                         f"since sign-off by {v.record.by} on {v.record.when}")
            lines += [f"{'':>11}{describe(c)}" for c in v.changes[:10]]
            if len(v.changes) > 10:
                lines.append(f"{'':>11}and {len(v.changes) - 10} more (`leaflet review --lang {v.lang} {v.slug}`)")
        else:
            lines.append(f"{'unsigned':>9}  {edition}: never signed off")
    return lines


def back_note(record: Record) -> str:
    """How the edition was signed when with a back-translation sheet, and the flags left open."""
    if record.back_translation is None:
        return ""
    flags = record.open_flags
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(Counter(f["kind"] for f in flags).items()))
    return (f", with a back-translation sheet ({record.back_translation['engine']}): "
            f"{len(flags)} flag{'s' if len(flags) != 1 else ''} open{f' ({kinds})' if kinds else ''}")


def signoff_json(verdicts: list[Verdict]) -> list[dict]:
    return [{"lang": v.lang, "slug": v.slug, "state": v.state, "digest": v.digest or None,
             "signed_by": v.record.by if v.record else None, "signed_at": v.record.when if v.record else None,
             "signed_digest": v.record.digest if v.record else None,
             "back_translation": v.record.back_translation if v.record else None,
             "changes": [{"kind": c.kind, "segment": None if c.index is None else c.index + 1, "msgid": c.msgid}
                         for c in v.changes]} for v in verdicts]


def signed_line(path: Path, record: Record, root: Path) -> str:
    return (f"{'signed':>9}  {record.lang}/{record.slug} by {record.by} on {record.when}: "
            f"{record.digest} in {relative(path, root)}{back_note(record)}")


def format_drafts(drafts: list[Draft], limit: int | None = None) -> str:
    """`leaflet status --drafts`: one line per draft (score, where to open it, the start of the
    msgid), lowest score first."""
    if not drafts:
        return "no machine drafts awaiting review"
    shown = drafts[:limit] if limit else drafts
    lines = []
    for d in shown:
        score = f"{d.score:.2f}" if d.score is not None else "  - "
        one_line = " ".join(d.msgid.split())
        excerpt = one_line if len(one_line) <= 60 else one_line[:59] + "…"
        where = f"{d.path}:{d.line}" if d.line else d.path
        lines.append(f"{score}  {where}  {excerpt!r}")
    rest = len(drafts) - len(shown)
    lines.append(f"{len(drafts)} machine draft{'s' if len(drafts) != 1 else ''} awaiting review, lowest score first"
                 + (f" ({rest} more not shown)" if rest else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------- models


def grade_lines(grades: list[Grade]) -> list[str]:
    """`check --source`: each article's reading grade (patient material aims at grade 6–8)."""
    return [f"{g.path}: reading grade {g.grade:g} (Flesch-Kincaid; aim 6–8), {g.sentences} sentences, "
            f"{g.long} over 25 words" for g in grades]


def back_report_line(back: BackReport) -> str:
    return (f"{back.lang}: back-translated {back.translated + back.cached} segments {back.direction} by "
            f"{back.engine}: {back.translated} by the engine, {back.cached} from the cache")


def back_lines(result: ReviewResult) -> list[str]:
    """`review --back-translate`: what the engine did, and the meaning flags per kind."""
    if result.back is None:
        return []
    lines = [back_report_line(result.back)]
    for sheet in result.sheets:
        counts = ", ".join(f"{kind} {n}" for kind, n in sheet.flag_counts.items())
        lines.append(f"{'flagged':>9}  {sheet.lang}/{sheet.slug}: {len(sheet.flagged)} of {len(sheet.rows)} "
                     f"segments ({counts})")
    return lines
