"""Clinical sign-off of an edition (one article in one language), bound to the text it publishes.

An edition's *digest* is a sha256 over the texts a reader would get: every segment of the
article in document order with the reviewed translation publish shows (or none: English), and
the reviewed interface strings of the `site` catalog, sorted. It depends on texts only, so
re-wrapping a catalog, reordering its entries or an `update` that changes nothing keeps a
sign-off valid; editing a reviewed msgstr or the English of a segment does not.

A sign-off is one JSON file per edition, `locales/<lang>/signoff/<slug>.json`, tracked by git:
two editions signed on two branches touch two files and merge cleanly. It records who signed,
when, the digest and the signed texts, so what changed since can be shown old beside new.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterable

from .. import catalogs
from ..base.errors import FindingsError, InputError, UsageError
from ..base.files import MAX_RECORD_BYTES, Inputs, relative
from ..catalogs.repository import catalog_path
from ..checks.findings import ERROR
from ..checks.gate import Problem
from ..source.articles import Article
from ..source.project import Project, project_of
from ..source.segments import parse_article
from ..source.site import SITE_DOMAIN
from .shown import usable_translations

SIGNOFF_DIR = "signoff"
RECORD_VERSION = 1
CHECK_CODE = "signoff"
SIGNED, CHANGED, UNSIGNED = "signed", "changed", "unsigned"


def record_path(root: Path, lang: str, slug: str) -> Path:
    return root / "locales" / lang / SIGNOFF_DIR / f"{slug}.json"


# ---------------------------------------------------------------- what an edition publishes

@dataclass(frozen=True)
class Texts:
    """The texts of one edition that the digest covers."""

    segments: tuple[tuple[str, str | None], ...]  # (msgid, reviewed translation or None), in document order
    interface: tuple[tuple[str, str | tuple[str, ...]], ...]  # (msgid, msgstr or plural forms), sorted

    @property
    def digest(self) -> str:
        return digest_of(self)


def digest_of(texts: Texts) -> str:
    """sha256 of a canonical JSON of the texts: the same texts give the same digest anywhere."""
    data = {"version": RECORD_VERSION,
            "segments": [[msgid, shown] for msgid, shown in texts.segments],
            "interface": [[msgid, list(v) if isinstance(v, tuple) else v] for msgid, v in texts.interface]}
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def edition_texts(project: Project, lang: str, article: Article,
                  interface: tuple[tuple[str, str | tuple[str, ...]], ...] | None = None) -> Texts:
    """What the edition publishes: reviewed translations only, as publish shows them.

    `interface`: the language's interface strings (`interface_texts`), when the caller has them."""
    usable = usable_translations(project, lang, article.slug)
    segments = tuple((s.msgid, usable.messages.get(s.msgid)) for s in parse_article(article).segments)
    return Texts(segments, interface if interface is not None else interface_texts(project, lang))


def interface_texts(project: Project, lang: str) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    """The reviewed interface strings of `lang` that every page of its editions shows, sorted."""
    site = usable_translations(project, lang, SITE_DOMAIN)
    interface: dict[str, str | tuple[str, ...]] = dict(site.messages)
    interface.update(site.plurals)
    return tuple(sorted(interface.items()))


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class Record:
    """One sign-off as stored in `locales/<lang>/signoff/<slug>.json`."""

    lang: str
    slug: str
    by: str
    when: str  # ISO 8601, UTC
    digest: str
    texts: Texts
    #: Signed with a back-translation sheet: its engine and direction, and the meaning flags still
    #: open then ([{"segment": n, "kind": …, "message": …}]). None: signed without one (and every
    #: record written before back-translation existed).
    back_translation: dict | None = None

    @property
    def open_flags(self) -> list[dict]:
        return list(self.back_translation.get("open_flags", [])) if self.back_translation else []

    def to_json(self) -> str:
        data = {
            "version": RECORD_VERSION,
            "edition": f"{self.lang}/{self.slug}",
            "signed_by": self.by,
            "signed_at": self.when,
            "digest": self.digest,
            "segments": [{"msgid": m, "msgstr": s} for m, s in self.texts.segments],
            "interface": [{"msgid": m, "msgstr": list(s) if isinstance(s, tuple) else s}
                          for m, s in self.texts.interface],
        }
        if self.back_translation is not None:
            data["back_translation"] = self.back_translation
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def read_record(root: Path, lang: str, slug: str, inputs: Inputs | None = None) -> Record | None:
    """The edition's sign-off, or None; a malformed or hand-edited record is an InputError."""
    path = record_path(root, lang, slug)
    shown = relative(path, root)
    try:
        text = (inputs or Inputs(root)).read(path, MAX_RECORD_BYTES, shown).decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise InputError("not UTF-8", shown) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed sign-off record: {exc.msg}", shown, exc.lineno) from None
    except RecursionError:
        raise InputError("malformed sign-off record: nested too deep", shown) from None
    try:
        if data["version"] != RECORD_VERSION or data["edition"] != f"{lang}/{slug}":
            raise InputError(f"sign-off record of another edition or version ({data['edition']!r})", shown)
        segments = tuple((str(s["msgid"]), None if s["msgstr"] is None else str(s["msgstr"]))
                         for s in data["segments"])
        interface = tuple((str(s["msgid"]), tuple(s["msgstr"]) if isinstance(s["msgstr"], list)
                           else str(s["msgstr"])) for s in data["interface"])
        back = data.get("back_translation")
        if back is not None and not (isinstance(back, dict) and isinstance(back.get("engine"), str)
                                     and isinstance(back.get("open_flags"), list)):
            raise TypeError("'back_translation'")
        record = Record(lang, slug, str(data["signed_by"]), str(data["signed_at"]), str(data["digest"]),
                        Texts(segments, interface), back)
    except (KeyError, TypeError, RecursionError) as exc:
        raise InputError(f"malformed sign-off record: missing or wrong field {exc}", shown) from None
    if record.texts.digest != record.digest:
        raise InputError("sign-off record does not match its own digest (edited by hand?): sign again", shown)
    return record


# ---------------------------------------------------------------- what changed since

@dataclass(frozen=True)
class Change:
    """One difference between the signed texts and the current ones.

    kind: "translation" (same English, other translation), "source" (the English changed),
    "added", "removed", or "interface" (a string of the site catalog).
    """

    kind: str
    msgid: str  # the current English (the signed one for "removed")
    old_msgid: str | None
    old: str | tuple[str, ...] | None
    new: str | tuple[str, ...] | None
    index: int | None = None  # position of the current segment in document order


def changes(old: Texts, new: Texts) -> list[Change]:
    """Segment changes in document order, then interface changes, sorted."""
    out: list[Change] = []
    a, b = old.segments, new.segments
    matcher = SequenceMatcher(None, [m for m, _ in a], [m for m, _ in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [Change("translation", b[j][0], a[i][0], a[i][1], b[j][1], j)
                    for i, j in zip(range(i1, i2), range(j1, j2)) if a[i][1] != b[j][1]]
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        out += [Change("source", b[j1 + k][0], a[i1 + k][0], a[i1 + k][1], b[j1 + k][1], j1 + k)
                for k in range(paired)]
        out += [Change("removed", a[i][0], a[i][0], a[i][1], None) for i in range(i1 + paired, i2)]
        out += [Change("added", b[j][0], None, None, b[j][1], j) for j in range(j1 + paired, j2)]
    before, after = dict(old.interface), dict(new.interface)
    out += [Change("interface", m, m if m in before else None, before.get(m), after.get(m))
            for m in sorted(set(before) | set(after)) if before.get(m) != after.get(m)]
    return out


@dataclass(frozen=True)
class Verdict:
    """Where one edition stands: signed (the digest still matches), changed since, or unsigned."""

    lang: str
    slug: str
    state: str
    digest: str  # of the current texts
    record: Record | None = None
    changes: tuple[Change, ...] = ()
    texts: Texts | None = field(default=None, compare=False)


def verdict(project: Project, lang: str, article: Article, *, digest_unsigned: bool = True,
            interface: tuple[tuple[str, str | tuple[str, ...]], ...] | None = None) -> Verdict:
    """The edition's state; an unsigned one gets its digest only when `digest_unsigned` (the
    review sheet prints it; status and the release gates need only the state)."""
    record = read_record(project.root, lang, article.slug, project.inputs)
    if record is None and not digest_unsigned:
        return Verdict(lang, article.slug, UNSIGNED, "")
    texts = edition_texts(project, lang, article, interface)
    if record is None:
        return Verdict(lang, article.slug, UNSIGNED, texts.digest, texts=texts)
    if record.digest == texts.digest:
        return Verdict(lang, article.slug, SIGNED, texts.digest, record, texts=texts)
    return Verdict(lang, article.slug, CHANGED, texts.digest, record, tuple(changes(record.texts, texts)), texts)


def select_articles(project: Project, slugs: Iterable[str] | None) -> list[Article]:
    """The articles named by `slugs` (all when none), in that order; an unknown slug is a UsageError."""
    articles = project.articles
    if not slugs:
        return articles
    by_slug = {a.slug: a for a in articles}
    wanted = list(dict.fromkeys(slugs))
    for slug in wanted:
        if slug not in by_slug:
            raise UsageError(f"no article {slug!r} (source/articles/{slug}.md)")
    return [by_slug[s] for s in wanted]


def verdicts(project: Project | Path, langs: Iterable[str], slugs: Iterable[str] | None = None, *,
             digest_unsigned: bool = True) -> list[Verdict]:
    """Every edition of `langs` × the articles (all, or `slugs`), language by language; each
    language's interface strings are read once."""
    project = project_of(project)
    articles = select_articles(project, slugs)
    out = []
    for lang in langs:
        interface = interface_texts(project, lang)
        out += [verdict(project, lang, article, digest_unsigned=digest_unsigned, interface=interface)
                for article in articles]
    return out


def excerpt(text: str, limit: int = 50) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def describe(change: Change) -> str:
    """One line for a person: which segment, and how it changed."""
    what = {"translation": "translation changed", "source": "English changed", "added": "new segment",
            "removed": "segment removed", "interface": "interface string changed"}[change.kind]
    where = f"segment {change.index + 1} " if change.index is not None else ""
    return f'{where}"{excerpt(change.msgid)}" ({what})'


def describe_verdict(v: Verdict, limit: int = 5) -> str:
    if v.state == UNSIGNED:
        return f"{v.lang}/{v.slug}: never signed off (`leaflet signoff --lang {v.lang} {v.slug} --by \"NAME, ROLE\"`)"
    assert v.record is not None
    if v.state == SIGNED:
        return f"{v.lang}/{v.slug}: signed off by {v.record.by} on {v.record.when}"
    shown = "; ".join(describe(c) for c in v.changes[:limit])
    more = f"; and {len(v.changes) - limit} more" if len(v.changes) > limit else ""
    return (f"{v.lang}/{v.slug}: changed since sign-off by {v.record.by} on {v.record.when}: "
            f"{len(v.changes)} change{'s' if len(v.changes) != 1 else ''}: {shown}{more}")


# ---------------------------------------------------------------- enforcement

def verify_editions(project: Project, langs: Iterable[str], slugs: Iterable[str] | None = None) -> None:
    """`publish --strict`: refuse (FindingsError) any edition not signed, or changed since."""
    bad = [v for v in verdicts(project, langs, slugs, digest_unsigned=False) if v.state != SIGNED]
    if bad:
        raise FindingsError("--strict: not signed off as published: "
                            + " | ".join(describe_verdict(v) for v in bad) + "; nothing written")


def problems(project: Project | Path, langs: Iterable[str]) -> list[Problem]:
    """`check --require-signoff`: an error per edition not signed, or per change since sign-off.

    A changed segment is located at its entry in the article catalog (or site catalog), so CI
    annotates the line that changed.
    """
    project = project_of(project)
    root = project.root
    out: list[Problem] = []
    for v in verdicts(project, langs, digest_unsigned=False):
        record = relative(record_path(root, v.lang, v.slug), root)
        if v.state == UNSIGNED:
            out.append(Problem(v.lang, v.slug, record, None, None, CHECK_CODE, ERROR, describe_verdict(v)))
            continue
        if v.state == SIGNED:
            continue
        assert v.record is not None
        lines = {d: _lines(project, v.lang, d) for d in (v.slug, SITE_DOMAIN)}
        for change in v.changes:
            domain = SITE_DOMAIN if change.kind == "interface" else v.slug
            msgstr_line, msgid_line = lines[domain].get(change.msgid, (None, None)) \
                if change.kind != "removed" else (None, None)
            path = catalog_path(root, v.lang, domain)
            shown = relative(path, root) if msgstr_line else record
            out.append(Problem(v.lang, domain, shown, msgstr_line, change.msgid, CHECK_CODE, ERROR,
                               f"{v.lang}/{v.slug} changed since sign-off by {v.record.by} on "
                               f"{v.record.when}: {describe(change)}", msgid_line))
    return out


def _lines(project: Project, lang: str, domain: str) -> dict[str, tuple[int, int]]:
    """msgid -> (msgstr line, msgid line): a finding goes on the msgstr line, the one a
    translator edits, as every other finding of check does."""
    path = catalog_path(project.root, lang, domain)
    if not path.exists():
        return {}
    catalog = catalogs.read_catalog(path, project.root, project.inputs)
    return {e.msgid: (line, catalog.msgid_line(e)) for e in catalogs.active(catalog)
            if (line := catalog.msgstr_line(e))}
