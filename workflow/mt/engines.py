"""Engines built from site.toml's plain specs (`source.translation`): which engine serves a
language, where CTranslate2 models are installed, what `leaflet models list` says of each
language, and which engines of a run need a non-commercial use."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import LeafletError, MissingModelError
from ..base.languages import language
from ..source.translation import UNKNOWN, EngineSpec, non_commercial
from .argos import CT2_HINT


def models_dir() -> Path:
    """Where `leaflet models install` puts CTranslate2 models."""
    env = os.environ.get("LEAFLET_MODELS_DIR")
    if env:
        return Path(env)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "leaflet" / "models"


def model_folder(spec: EngineSpec, root: Path) -> Path:
    """The folder of a ctranslate2 entry: a path, or the name of an installed model."""
    path = Path(spec.model).expanduser()
    if path.is_absolute():
        return path
    if len(path.parts) == 1 and not (root / path).exists():
        return models_dir() / path
    return root / path


# ---------------------------------------------------------------- engines

#: The modules of the `[mt]` extra each engine needs (LibreTranslate needs none: it is HTTP).
EXTRA_MODULES = {"argos": ("argostranslate",), "ctranslate2": ("ctranslate2", "sentencepiece", "pysbd", "sacremoses")}


def _installed(name: str) -> bool:
    """Whether module `name` could be imported, without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:  # an import hook that refuses it
        return False


def require_extra(engine: str, lang: str) -> None:
    """MissingModelError naming the `[mt]` extra when a module `engine` needs is not installed:
    without it, no model could help, so "no model installed" would send the user the wrong way."""
    missing = [name for name in EXTRA_MODULES.get(engine, ()) if not _installed(name)]
    if missing:
        raise MissingModelError(f"machine translation of {lang} ({engine}) needs the [mt] extra, and "
                                f"{', '.join(missing)} is not installed: pip install 'leaflet-workflow[mt]'")


def load_engine(site: Any, lang: str, spec: EngineSpec | None = None, *, back: bool = False) -> Any:
    """The engine that serves `lang` (`back`: `lang`→source language, for back-translation; `spec`:
    this engine rather than site.toml's), or MissingModelError saying what to do for that language."""
    spec = spec or (site.translation.back_spec(lang) if back else site.translation.spec(lang))
    require_extra(spec.engine, lang)
    source, target = (lang, site.source_language) if back else (site.source_language, lang)
    shown = f"{source}→{target} ({language(lang).name})"
    entry = f"[translation.back] {lang}" if back else f"[translation] {lang}"
    if spec.engine == "argos":
        from ..mt.argos import load_engine as load_argos

        try:
            return load_argos(source, target, language(target).name)
        except MissingModelError:
            if back or language(lang).argos:  # the index has its package: install it
                raise
            raise MissingModelError(f"no translation model installed for {shown}: Argos has no model for "
                                    f"this language; " + CT2_HINT.format(lang=lang)) from None
    if spec.engine == "ctranslate2":
        folder = model_folder(spec, site.root)
        from ..mt import ctranslate2 as ct2engine

        if not ct2engine.is_model_folder(folder):
            raise MissingModelError(f"no CTranslate2 model at {folder} for {shown} (source/site.toml "
                                    f"{entry}): install it with `leaflet models install "
                                    "FOLDER_OR_ARCHIVE` or correct model = …")
        family = ct2engine.family_for(folder, spec.family)
        return ct2engine.CT2Engine(folder, source, target, family=family, device=spec.device,
                                   compute_type=spec.compute_type)
    from ..mt.libretranslate import LibreTranslateEngine

    return LibreTranslateEngine(spec.urls, source, target, api_key_env=spec.api_key_env,
                                timeout=spec.timeout)


@dataclass(frozen=True)
class Serving:
    """What serves one language, for `leaflet models list`."""

    lang: str
    provenance: str | None  # None: nothing does
    licence: str | None
    #: The model folder, or what to do when nothing serves the language.
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {"lang": self.lang, "engine": self.provenance, "licence": self.licence,
                ("folder" if self.provenance else "problem"): self.detail}


def serving(site: Any, lang: str) -> Serving:
    """What serves `lang`, its licence, and its folder or what to do."""
    try:
        engine = load_engine(site, lang)
    except LeafletError as exc:  # no model, an unknown family, an API key not set
        return Serving(lang, None, None, str(exc))
    folder = getattr(engine, "folder", None)
    return Serving(lang, engine.provenance, engine.licence, str(folder) if folder is not None else "")


def restricted(engines: dict[str, Any], site: Any) -> dict[str, Any]:
    """The engines of a run whose model forbids commercial use, unless site.toml says the
    centre's use is non-commercial (`use = "non-commercial"` in [translation])."""
    if site.translation.use == "non-commercial":
        return {}
    return {lang: e for lang, e in engines.items() if non_commercial(getattr(e, "licence", UNKNOWN))}
