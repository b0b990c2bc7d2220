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
    """The record of the last build into `out`; an empty one if absent, unreadable, too large, not a
    regular file or of another version: a damaged record only means everything is rebuilt."""
    empty: dict = {"files": {}, "languages": {}, "coverage": {}}
    try:
        data = json.loads(read_limited(out / MANIFEST, MAX_RECORD_BYTES, MANIFEST).decode("utf-8"))
    except (OSError, ValueError, InputError, RecursionError):
        return empty
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return empty
    files = {k: v for k, v in (data.get("files") or {}).items() if isinstance(k, str) and isinstance(v, str)}
    langs = {k: v for k, v in (data.get("languages") or {}).items()
             if isinstance(k, str) and LANG_RE.fullmatch(k) and isinstance(v, dict)}
    cover = {k: v for k, v in (data.get("coverage") or {}).items() if isinstance(k, str)}
    return {"files": files, "languages": langs, "coverage": cover}


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
        if path.is_file():
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
