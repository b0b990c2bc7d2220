"""Machine translation engines, and the Argos Translate models they run on.

An engine is anything with the small `Engine` interface: a provenance string, the model's
licence and a method that translates many strings at once, with the model's score for each.
`ArgosEngine` runs an installed Argos Translate package; `ctranslate2.CT2Engine` runs a
CTranslate2 IndicTrans2 or NLLB-200 model for the languages Argos does not cover;
`libretranslate.LibreTranslateEngine` asks a server.
`mt.engines` picks one per language from site.toml.

These modules import argostranslate, ctranslate2 and sentencepiece inside functions only:
`leaflet --help`, extract, check and publish never load them.

Why not call `argostranslate.translate.translate()` per string: it hands CTranslate2 the
sentences of one string at a time, in batches of at most 32 tokens, and importing
`argostranslate.translate` loads stanza and torch (seconds) even for packages that split
sentences with MiniSBD. `ArgosEngine` loads the package through `argostranslate.package`,
splits every string into sentences with the package's own splitter, and translates all
distinct sentences of a run in large length-sorted batches with exactly the decoding
settings of argostranslate 1.11 (`apply_packaged_translation`), so each string comes out
as `argostranslate.translate.translate` would translate it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Sequence

from ..base.errors import InputError, MissingModelError
from ..base.files import MAX_SOURCE_BYTES, read_limited
from ..source.translation import UNKNOWN
from .batching import Decoded, Progress, Stats, decode, paragraph_sentences, score

#: What to do for a language no Argos package serves.
CT2_HINT = ('serve it with a CTranslate2 IndicTrans2 model (MIT; NLLB-200 is non-commercial): `leaflet models '
            'install FOLDER` and {lang} = {{ engine = "ctranslate2", model = "NAME" }} in [translation] of '
            'source/site.toml')
INSTALL_HINT = "install one with `leaflet models install --lang {lang}` or `leaflet models install FILE.argosmodel`"


@dataclass(frozen=True)
class Translation:
    """One translated text and how sure the model was of it."""

    text: str
    #: exp(mean log-probability per token) over the text's sentences: 0..1, None if unknown.
    score: float | None = None
    #: Decoding stopped at its length limit, so the end of the text is probably missing.
    cut: bool = False


class Engine(Protocol):
    """What `leaflet translate` needs from a machine translation engine."""

    source: str
    target: str

    #: The model's licence (SPDX, or `unknown`), shown by `models list` and in provenance.
    licence: str

    @property
    def provenance(self) -> str:
        """Recorded in every draft's `leaflet-mt:` comment, e.g. `argos en→hi 1.1 (unknown)`."""
        ...

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate each text; the result has one string per input, in order."""
        ...

    def translate_scored(self, texts: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        """`translate`, with the model's score for each text."""
        ...


@dataclass(frozen=True)
class ModelInfo:
    """An Argos package, installed or in the package index."""

    source: str
    target: str
    version: str
    name: str  # "English → Hindi"
    path: Path | None = None  # the installed package directory
    licence: str = UNKNOWN  # `license` of its metadata.json


# ---------------------------------------------------------------- argostranslate access

def _argos() -> Any:
    """argostranslate.package, or a MissingModelError saying how to install machine translation."""
    try:
        from argostranslate import package
    except ImportError:
        raise MissingModelError("machine translation needs the [mt] extra: "
                                "pip install 'leaflet-workflow[mt]'") from None
    return package


def package_dirs() -> list[Path]:
    """Where Argos packages are installed: `ARGOS_PACKAGES_DIR`, else argostranslate's own list."""
    from argostranslate import settings

    env = os.environ.get("ARGOS_PACKAGES_DIR")
    dirs = [Path(env)] if env else list(settings.package_dirs)
    return [d for d in dirs if d.is_dir()]


def _installed_packages() -> list[Any]:
    package = _argos()
    packages = []
    for pkg in package.get_installed_packages(path=package_dirs()):
        if pkg.type == "translate" and pkg.from_code and pkg.to_code:
            packages.append(pkg)
    return packages


def _version_key(version: str) -> tuple:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def package_licence(folder: Path | None) -> str:
    """The `license` an Argos package's metadata.json states, else `unknown` (never guessed)."""
    import json

    if folder is None:
        return UNKNOWN
    path = folder / "metadata.json"
    try:
        meta = json.loads(read_limited(path, MAX_SOURCE_BYTES, str(path)))
    except (OSError, InputError, ValueError):
        return UNKNOWN
    licence = meta.get("license") if isinstance(meta, dict) else None
    return licence.strip() if isinstance(licence, str) and licence.strip() else UNKNOWN


def _info(pkg: Any) -> ModelInfo:
    path = getattr(pkg, "package_path", None)
    folder = Path(path) if path else None
    licence = getattr(pkg, "license", None) if folder is None else package_licence(folder)
    return ModelInfo(pkg.from_code, pkg.to_code, pkg.package_version or "",
                     f"{pkg.from_name} → {pkg.to_name}", folder,
                     licence if isinstance(licence, str) and licence else UNKNOWN)


def installed_models() -> list[ModelInfo]:
    """Installed translation packages, sorted by language pair."""
    return sorted((_info(p) for p in _installed_packages()), key=lambda m: (m.source, m.target))


def _find_package(source: str, target: str) -> Any | None:
    matches = [p for p in _installed_packages() if p.from_code == source and p.to_code == target]
    return max(matches, key=lambda p: _version_key(p.package_version or "")) if matches else None


def load_engine(source: str, target: str, language_name: str | None = None) -> "ArgosEngine":
    """The engine for a language pair, or MissingModelError naming the language and the fix."""
    pkg = _find_package(source, target)
    if pkg is None:
        shown = f"{target} ({language_name})" if language_name else target
        raise MissingModelError(f"no translation model installed for {source}→{shown}: "
                                + INSTALL_HINT.format(lang=target))
    return ArgosEngine(pkg)


# ---------------------------------------------------------------- the engine

class _MiniSBD:
    """argostranslate's MiniSBDSentencizer for a package that ships its model in minisbd/.

    Same model file choice and the same detector call as argostranslate.sbd, without
    importing that module (which imports stanza and torch).
    """

    def __init__(self, model_file: str, use_gpu: bool):
        self.model_file = model_file
        self.use_gpu = use_gpu
        self.detector: Any = None

    def split_sentences(self, text: str) -> list[str]:
        if self.detector is None:
            from minisbd import SBDetect

            self.detector = SBDetect(self.model_file, use_gpu=self.use_gpu)
        return self.detector.sentences(text)


def _sentencizer(pkg: Any) -> Any:
    """The sentence splitter argostranslate.translate.PackageTranslation would use for `pkg`."""
    from argostranslate import settings

    chunk = settings.chunk_type
    default = chunk in (settings.ChunkType.ARGOSTRANSLATE, settings.ChunkType.DEFAULT)
    use_minisbd = chunk == settings.ChunkType.MINISBD or (default and "stanza" not in str(pkg.packaged_sbd_path))
    if use_minisbd:
        sbd_path = Path(pkg.package_path) / "minisbd"
        if sbd_path.exists():
            model_files = [f for f in os.listdir(sbd_path) if f.endswith(".onnx")]
            if model_files:
                return _MiniSBD(str(sbd_path / model_files[0]), settings.device == "cuda")
    from argostranslate import (
        sbd,  # stanza, spaCy or a MiniSBD model from MiniSBD's cache
    )

    if use_minisbd:
        return sbd.MiniSBDSentencizer(pkg)
    if chunk == settings.ChunkType.SPACY:
        return sbd.SpacySentencizerSmall(pkg)
    return sbd.StanzaSentencizer(pkg)


#: Batches CTranslate2 decodes at once, at most (`_threads`); a cluster's chunks hold a multiple.
MAX_INTER_THREADS = 4


def _threads(inter: int, intra: int) -> tuple[int, int]:
    """CTranslate2 threads: argostranslate's settings if changed, else one batch per core.

    argostranslate's defaults (1 batch at a time, CTranslate2's default OpenMP team) suit one
    short text; for hundreds of sentences, independent batches on every core with one thread
    each keep small matrices off OpenMP's synchronisation. Threads change speed, not output.
    """
    if (inter, intra) != (1, 0):
        return inter, intra
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    workers = max(1, min(cores, MAX_INTER_THREADS))
    return workers, max(1, cores // workers)


class ArgosEngine:
    """An installed Argos package, translated in large batches (see the module doc)."""

    def __init__(self, pkg: Any):
        self.pkg = pkg
        self.source = pkg.from_code
        self.target = pkg.to_code
        self.version = pkg.package_version or "?"
        self.licence = package_licence(Path(pkg.package_path))
        self._translator: Any = None
        self._sentencizer: Any = None
        #: what this engine asked of the model so far (the benchmark prints it)
        self.stats = Stats()

    @property
    def provenance(self) -> str:
        return f"argos {self.source}→{self.target} {self.version} ({self.licence})"

    def _load(self) -> None:
        if self._translator is None:
            import ctranslate2
            from argostranslate import settings

            inter, intra = _threads(settings.inter_threads, settings.intra_threads)
            self._translator = ctranslate2.Translator(
                str(Path(self.pkg.package_path) / "model"),
                device=settings.device,
                inter_threads=inter,
                intra_threads=intra,
                compute_type=settings.compute_type,
            )
            self._sentencizer = _sentencizer(self.pkg)

    def split(self, paragraph: str) -> list[str]:
        self._load()
        return list(self._sentencizer.split_sentences(paragraph))

    def _encode(self, sentences: list[str]) -> list[list[str]]:
        tokenizer = self.pkg.tokenizer
        if hasattr(tokenizer, "lazy_processor"):  # SentencePiece: one call for all sentences
            return tokenizer.lazy_processor().encode(sentences, out_type=str) if sentences else []
        return [tokenizer.encode(s) for s in sentences]

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        return [t.text for t in self.translate_scored(texts, progress)]

    def translate_scored(self, texts: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        self._load()
        from argostranslate import settings

        # argostranslate: text -> paragraphs (split on "\n") -> sentences -> tokens.
        paragraphs = paragraph_sentences(texts, self.split)
        sentences = list(dict.fromkeys(s for ss in paragraphs.values() for s in ss))
        prefix = self.pkg.target_prefix
        decoded = dict(zip(sentences, decode(
            self._translator, self._encode(sentences), prefix=[prefix] if prefix != "" else None,
            options={"replace_unknowns": True, "beam_size": max(1, settings.beam_size),
                     "length_penalty": 0.2, "max_decoding_length": 256},
            progress=progress, stats=self.stats)))

        def paragraph_value(paragraph: str) -> str:
            pieces = [t for s in paragraphs[paragraph] for t in decoded[s].tokens]
            value = self.pkg.tokenizer.decode(pieces)
            if prefix != "" and value.startswith(prefix):
                value = value[len(prefix):]
            if len(value) > 0 and value[0] == " ":
                value = value[1:]
            return value

        values = {p: paragraph_value(p) for p in paragraphs}
        out = []
        for text in texts:
            used: list[Decoded] = [decoded[s] for p in text.split("\n") for s in paragraphs[p]]
            out.append(Translation("\n".join(values[p] for p in text.split("\n")).lstrip("\n"), score(used),
                                   any(d.cut for d in used)))
        return out
