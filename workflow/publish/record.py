"""The record of an incremental publish: input hashes, the manifest, and what it lets go.

`output/.leaflet-build.json` records, per file, a hash of everything it was made from, per
language the options and editions of its last build, and the catalog measures of
`editions.language_editions` under the hashes of the files they were measured on. A file whose
hash did not change is not rebuilt. Only files the record lists (pages this tool wrote) are
ever removed: a file someone else put into the output folder stays, whatever its name.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from .. import PACKAGE_DIR, __version__
from ..base.errors import InputError
from ..base.files import (
    MAX_CATALOG_BYTES,
    MAX_RECORD_BYTES,
    MAX_SOURCE_BYTES,
    read_limited,
    replace_if_changed,
)
from ..catalogs.glossary import glossary_path
from ..catalogs.repository import catalog_path, template_path
from ..editions.shown import (
    Decision,
    Usable,
    broken_articles,
    edition_languages,
    language_editions,
    usable_translations,
)
from ..render import fonts
from ..source.project import Project
from ..source.site import LANG_RE, Site

MANIFEST = ".leaflet-build.json"
MANIFEST_VERSION = 1
PAGE_RE = re.compile(r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?:html|pdf)")


# ---------------------------------------------------------------- hashes

def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def file_hash(path: Path) -> str:
    """sha256 of one of the package's own files (the project's are hashed through `Inputs`)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tool_hash(langs: tuple[str, ...]) -> str:
    """The version of everything that shapes the output besides the content."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    versions = []
    for package in ("weasyprint", "jinja2", "markdown-it-py", "babel", "manimgx-fonts", "polib", "PyYAML", "segno"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("-")
    return digest(__version__, versions, fonts.fingerprint(langs), *(file_hash(f) for f in files))


# ---------------------------------------------------------------- the manifest

def load_manifest(out: Path) -> dict:
    """The record of the last build into `out`: empty if absent or of another version. A record
    that is there but damaged (not JSON, a field of the wrong type, not a regular file, too large)
    is empty too, and `damaged` says why: everything is rebuilt, as after `--force`."""
    empty: dict = {"files": {}, "languages": {}, "coverage": {}, "damaged": None}
    try:
        data = json.loads(read_limited(out / MANIFEST, MAX_RECORD_BYTES, MANIFEST).decode("utf-8"))
    except FileNotFoundError:
        return empty
    except InputError as exc:
        return dict(empty, damaged=exc.message)
    except (OSError, ValueError, RecursionError):
        return dict(empty, damaged="not a JSON build record")
    if isinstance(data, dict) and "version" in data and data.get("version") != MANIFEST_VERSION:
        return empty
    why = _damage(data)
    if why:
        return dict(empty, damaged=why)
    langs = {k: v for k, v in data["languages"].items() if LANG_RE.fullmatch(k)}
    return {"files": data["files"], "languages": langs, "coverage": data["coverage"], "damaged": None}


def _damage(data: object) -> str:
    """Why `data` is not a build record this version wrote ("" when it is one)."""
    if not isinstance(data, dict):
        return "not a JSON object"
    for name in ("files", "languages", "coverage"):
        if not isinstance(data.get(name), dict):
            return f"{name!r} is not an object"
    if not all(isinstance(v, str) for v in data["files"].values()):
        return "'files' holds a value that is not a hash"
    for lang, options in data["languages"].items():
        if not _language_record(options):
            return f"the record of language {lang!r} is malformed"
    return ""


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _language_record(options: object) -> bool:
    """A language's options and report as `pipeline` writes them."""
    if not isinstance(options, dict):
        return False
    published = options.get("published", {})
    report = options.get("report", {})
    if not (isinstance(published, dict) and all(_strings(v) for v in published.values())
            and _strings(options.get("articles", [])) and isinstance(options.get("paper", "a5"), str)
            and isinstance(report, dict)):
        return False
    counts = report.get("articles", {})
    return (isinstance(counts, dict)
            and all(isinstance(c, list) and len(c) == 3 and all(type(n) is int for n in c) for c in counts.values())
            and type(report.get("interface", 0)) is int and _strings(report.get("images", []))
            and isinstance(report.get("withheld", []), list) and isinstance(report.get("key", ""), str))


def write_manifest(out: Path, files: dict[str, str], languages: dict[str, dict], coverage: dict) -> None:
    data = {"version": MANIFEST_VERSION, "files": dict(sorted(files.items())),
            "languages": dict(sorted(languages.items())), "coverage": dict(sorted(coverage.items()))}
    replace_if_changed(out / MANIFEST, (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode())


# ---------------------------------------------------------------- which editions, measures cached

def broken(project: Project, key: str, cache: dict) -> dict[str, str]:
    """`editions.broken_articles`, each article's verdict cached under its file's hash."""
    root = project.root
    return broken_articles(root, project.articles, cache,
                           lambda a: digest(key, project.inputs.hash(root / a.path, MAX_SOURCE_BYTES)))


def decisions(project: Project, lang: str, all_: bool, drafts: bool, broken: dict[str, str], tool: str,
              cache: dict) -> tuple[list[Decision], str]:
    """`editions.language_editions`, its catalog measures cached by the hashes of their files."""
    root, hashed = project.root, project.inputs.hash

    def key(domain: str) -> str:
        return digest(tool, drafts, hashed(catalog_path(root, lang, domain), MAX_CATALOG_BYTES),
                      hashed(template_path(root, domain), MAX_CATALOG_BYTES),
                      hashed(glossary_path(root, lang), MAX_RECORD_BYTES))

    def shown(domain: str) -> Usable:
        return usable_translations(project, lang, domain, drafts)

    return language_editions(project.site, lang, project.articles, all_, broken, cache, key, shown)


# ---------------------------------------------------------------- what a build lets go

def known(rel: str) -> bool:
    """A path under output/ that publish writes: the root index, a language's index or page."""
    parts = rel.split("/")
    return rel == "index.html" or (len(parts) == 2 and bool(LANG_RE.fullmatch(parts[0]))
                                   and (parts[1] == "index.html" or bool(PAGE_RE.fullmatch(parts[1]))))


def remove_stale(out: Path, site: Site, editions: dict[str, list[str]], files: dict[str, str]) -> list[Path]:
    """Remove pages of editions no longer published: deleted articles and languages, editions
    skipped in this run. Only files in `files` (the manifest) are candidates."""
    removed: list[Path] = []
    for rel in sorted(files):
        if not known(rel) or rel == "index.html":
            continue
        lang, name = rel.split("/")
        m = None if name == "index.html" else PAGE_RE.fullmatch(name)
        if lang in edition_languages(site) and lang in editions and (m is None or m["slug"] in editions[lang]):
            continue
        path = out / lang / name
        if path.is_file():
            path.unlink()
            removed.append(path)
        files.pop(rel, None)
        remove_empty(out / lang, out / lang)
    return removed


def remove_unused_images(folder: Path, before: dict[str, dict], languages: dict[str, dict]) -> list[Path]:
    """Images no published page shows any more (their article was edited or deleted).

    Only images the previous manifest records as shown by a page (files this tool copied) are
    candidates: a file someone else put into the folder is never listed, so never removed.
    """
    def shown(langs: dict[str, dict]) -> set[str]:
        return {key for options in langs.values()
                for key in (options.get("report") or {}).get("images", []) if image_key(key)}

    removed = []
    for key in sorted(shown(before) - shown(languages)):
        path = folder / key
        if path.is_file() and path.parent.resolve().is_relative_to(folder.resolve()):  # never through a link
            path.unlink()
            removed.append(path)
            remove_empty(path.parent, folder)
    return removed


def image_key(key: object) -> bool:
    """A recorded image is a relative path inside assets/images/ (the manifest may be tampered with)."""
    if not isinstance(key, str) or not key or "\\" in key or key.startswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in key.split("/"))


def remove_empty(folder: Path, top: Path) -> None:
    """Remove `folder` and its parents up to `top` (included) while they are empty."""
    while folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        if folder == top:
            break
        folder = folder.parent
