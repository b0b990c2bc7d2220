"""Argos Translate packages: the package index, and installing a package by language or from a file.

`engine` loads installed packages; this module finds and installs them. Both import
argostranslate only inside functions, so nothing here runs at `leaflet --help`.
"""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

from ..base.errors import LeafletError, MissingModelError, UsageError
from .argos import (
    CT2_HINT,
    ModelInfo,
    _argos,
    _find_package,
    _info,
    _version_key,
    package_dirs,
)


def package_index_url() -> str:
    from argostranslate import settings

    return str(settings.remote_package_index)


def available_models() -> list[ModelInfo] | None:
    """Packages in the remote index, or None when the index cannot be fetched.

    `update_package_index` logs and swallows network errors, so success is judged by whether
    it wrote the local copy of the index.
    """
    package = _argos()
    from argostranslate import settings

    index = Path(settings.local_package_index)
    before = index.stat().st_mtime_ns if index.exists() else None
    log = logging.getLogger("argostranslate.utils")
    level = log.level
    log.setLevel(logging.CRITICAL)  # an unreachable index is reported by the caller, in one line
    try:
        package.update_package_index()
    finally:
        log.setLevel(level)
    if not index.exists() or index.stat().st_mtime_ns == before:
        return None
    try:
        packages = package.get_available_packages()
    except (OSError, ValueError):
        return None
    return sorted((_info(p) for p in packages if p.type == "translate" and p.from_code and p.to_code),
                  key=lambda m: (m.source, m.target))


def install_for_language(source: str, target: str) -> ModelInfo:
    """Download the index's package for source→target and install it."""
    package = _argos()
    if available_models() is None:
        raise UsageError(f"the Argos package index is unreachable ({package_index_url()}); "
                         "download the .argosmodel file elsewhere and run "
                         "`leaflet models install FILE.argosmodel`")
    candidates = [p for p in package.get_available_packages()
                  if p.type == "translate" and p.from_code == source and p.to_code == target]
    if not candidates:
        raise MissingModelError(f"the Argos package index has no {source}→{target} model; "
                                + CT2_HINT.format(lang=target))
    best = max(candidates, key=lambda p: _version_key(p.package_version or ""))
    try:
        path = best.download()
    except Exception as exc:  # argostranslate raises a bare Exception on failed downloads
        raise LeafletError(f"download of the {source}→{target} model failed: {exc}") from None
    try:
        return install_file(Path(path))
    finally:
        Path(path).unlink(missing_ok=True)


def is_argos_package(path: Path) -> bool:
    """An `.argosmodel` (a zip with metadata.json in its top folder), as opposed to a CTranslate2 model."""
    if path.suffix == ".argosmodel":
        return True
    if not path.is_file() or not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(n.count("/") == 1 and n.endswith("/metadata.json") for n in archive.namelist())


def install_file(path: Path) -> ModelInfo:
    """Install an `.argosmodel` file into Argos's package directory after checking it."""
    package = _argos()
    shown = str(path)
    if not path.is_file():
        raise UsageError("no such file", shown)
    if not zipfile.is_zipfile(path):
        raise UsageError("not an Argos model (an .argosmodel file is a zip archive)", shown)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        meta_names = [n for n in names if n.count("/") == 1 and n.endswith("/metadata.json")]
        if len(meta_names) != 1:
            raise UsageError("not an Argos model: expected one top folder with metadata.json", shown)
        if any(n.startswith("/") or ".." in Path(n).parts for n in names):
            raise UsageError("refusing an archive with absolute or parent paths", shown)
        try:
            meta = json.loads(archive.read(meta_names[0]).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"unreadable metadata.json: {exc}", shown) from None
    if meta.get("type", "translate") != "translate" or not meta.get("from_code") or not meta.get("to_code"):
        raise UsageError("not a translation package (metadata.json lacks from_code/to_code)", shown)
    package.install_from_path(path)
    installed = _find_package(meta["from_code"], meta["to_code"])
    if installed is None:
        raise LeafletError(f"{shown}: installed, but not found in {', '.join(map(str, package_dirs()))} "
                           "(is ARGOS_PACKAGES_DIR set differently from when the model was installed?)")
    return _info(installed)


