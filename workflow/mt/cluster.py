"""Machine translation on a Dask cluster: one model load per worker, whole batches per task.

`leaflet --scheduler tcp://HOST:8786 translate` wraps an engine that runs a local model (Argos,
CTranslate2) in a `ClusterEngine`. Its `translate_scored` sends the distinct texts, sorted by
length and cut into chunks of whole batches (`BATCH_SENTENCES` texts each, times a whole
number), to the workers as tasks. Each worker process builds the engine once from a `Recipe`
(the few plain values that identify it) and keeps it (`_ENGINES`), so the model is loaded once
per worker however many chunks it gets; a chunk is translated by the very same engine code as
on one machine and the results come back in order. LibreTranslate is HTTP already: not wrapped.

A worker reads the model at the path the command's machine has it (a shared folder, or the
same install on each): a worker that cannot is one error line naming the path and the worker.
A worker that dies mid-chunk has its chunk run again by Dask; translate writes the catalogs
only at the end, on the command's machine.
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from ..base.errors import MissingModelError
from .argos import MAX_INTER_THREADS, Translation
from .batching import BATCH_SENTENCES, Progress, Stats

#: Chunks per worker: more than one, so that a worker left with the longest texts at the end
#: does not keep the others waiting.
CHUNKS_PER_WORKER = 4
#: Batches per chunk are a multiple of this: the model decodes that many batches at once
#: (`argos.MAX_INTER_THREADS`), and a chunk ending in fewer would leave threads idle.
BATCHES_AT_ONCE = MAX_INTER_THREADS

SAME_PATH = ("every worker must see the model at the same path as the machine that runs "
             "`leaflet translate` (a shared folder, or installed the same way on each)")


@dataclass(frozen=True)
class Recipe:
    """What identifies an engine and rebuilds it on a worker: pickles as a few strings."""

    kind: str  # "argos" or "ctranslate2"
    path: str  # the Argos package folder, or the CTranslate2 model folder (absolute)
    source: str
    target: str
    #: Argos: the package version the command's machine has; CTranslate2: the model's label.
    version: str = ""
    family: str = ""
    device: str = ""
    compute_type: str = ""
    #: What tells two copies of a model apart (`model_stamp`): a worker with another one refuses.
    stamp: str = ""
    #: Argos: argostranslate's decoding settings on the command's machine (`argos_settings`).
    settings: tuple[str, ...] = ()

    def load(self) -> Any:
        """The engine, built here from the model at `path`; MissingModelError if it is not there."""
        where = _worker_name()
        try:
            engine = self._argos(where) if self.kind == "argos" else self._ctranslate2(where)
            if self.stamp and model_stamp(Path(self.path)) != self.stamp:
                raise MissingModelError(f"the Dask worker{where} has another model at {self.path} than the "
                                        f"machine that runs `leaflet translate`: {SAME_PATH}")
            if self.kind == "argos" and argos_settings() != self.settings:
                raise MissingModelError(f"the Dask worker{where} decodes with other Argos settings "
                                        f"({', '.join(argos_settings())}, not {', '.join(self.settings)}): "
                                        "give every worker the same ARGOS_* environment")
            engine._load()  # the model itself, once, here: a broken copy fails now, in one line
        except ImportError as exc:
            raise MissingModelError(f"the Dask worker{where} cannot import {exc.name or 'the [mt] extra'}: "
                                    "install leaflet-workflow[mt] on every worker") from None
        except RuntimeError as exc:  # CTranslate2 refusing the model files
            reason = " ".join(str(exc).split())[:160]
            raise MissingModelError(f"the Dask worker{where} cannot load the model at {self.path} "
                                    f"({reason}): {SAME_PATH}") from None
        return engine

    def _argos(self, where: str) -> Any:
        from argostranslate.package import Package

        from .argos import ArgosEngine

        try:
            pkg = Package(Path(self.path))
        except (OSError, ValueError) as exc:
            raise MissingModelError(f"the Dask worker{where} has no Argos package at {self.path} "
                                    f"({type(exc).__name__}): {SAME_PATH}") from None
        if (pkg.from_code, pkg.to_code, pkg.package_version or "?") != (self.source, self.target, self.version):
            raise MissingModelError(f"the Dask worker{where} has another Argos package at {self.path} "
                                    f"({pkg.from_code}→{pkg.to_code} {pkg.package_version}, not "
                                    f"{self.source}→{self.target} {self.version}): {SAME_PATH}")
        return ArgosEngine(pkg)

    def _ctranslate2(self, where: str) -> Any:
        from . import ctranslate2 as ct2

        folder = Path(self.path)
        if not ct2.is_model_folder(folder):
            raise MissingModelError(f"the Dask worker{where} has no CTranslate2 model at {folder}: {SAME_PATH}")
        return ct2.CT2Engine(folder, self.source, self.target, family=ct2.family_for(folder, self.family),
                             device=self.device, compute_type=self.compute_type, label=self.version)


def model_stamp(folder: Path) -> str:
    """The size of a model's weights and a hash of its config: the same for two copies of one
    model on different machines (dates differ), different for a model installed anew."""
    import hashlib

    weights = folder / "model" / "model.bin" if (folder / "model" / "model.bin").is_file() else folder / "model.bin"
    config = weights.parent / "config.json"
    try:
        digest = hashlib.sha256(config.read_bytes()).hexdigest()[:16] if config.is_file() else ""
        return f"{weights.stat().st_size}:{digest}"
    except OSError:
        return ""


def argos_settings() -> tuple[str, ...]:
    """argostranslate's settings that change a draft, as `name=value` strings."""
    from argostranslate import settings

    return tuple(f"{name}={getattr(settings, name)}" for name in ("beam_size", "device", "compute_type"))


def recipe_of(engine: Any) -> Recipe | None:
    """The recipe of an engine that runs a local model; None for one that does not (HTTP)."""
    from .argos import ArgosEngine
    from .ctranslate2 import CT2Engine

    if isinstance(engine, ArgosEngine):
        path = Path(engine.pkg.package_path).absolute()
        return Recipe("argos", str(path), engine.source, engine.target, engine.version,
                      stamp=model_stamp(path), settings=argos_settings())
    if isinstance(engine, CT2Engine):
        path = Path(engine.folder).absolute()
        return Recipe("ctranslate2", str(path), engine.source, engine.target, engine.label, engine.family.name,
                      engine.device, engine.compute_type, stamp=model_stamp(path))
    return None


# ---------------------------------------------------------------- on the worker

#: This process's engines, built once each; how often each recipe was loaded and run (tests read it).
_ENGINES: dict[Recipe, Any] = {}
_LOCKS: dict[Recipe, threading.Lock] = {}
_GUARD = threading.Lock()
LOADS: dict[Recipe, int] = {}
CHUNKS: dict[Recipe, int] = {}


def _worker_name() -> str:
    """The Dask worker's address after a space, for messages; "" outside a worker."""
    distributed = sys.modules.get("distributed")  # a worker has it loaded; nothing to import here
    try:
        return f" {distributed.get_worker().address}" if distributed is not None else ""
    except ValueError:  # not inside a worker's task
        return ""


#: glibc's own ceiling for its mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX).
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Setting any of these fixes glibc's mmap threshold at 128 KiB (mallopt(3)).
_STATIC_MALLOC = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_")


def _unfix_mmap_threshold() -> None:
    """Raise glibc's mmap threshold back to where its dynamic rule lets it grow, in a worker that
    Dask's nanny started with MALLOC_TRIM_THRESHOLD_ (its `pre-spawn-environ`) and so at 128 KiB.

    There every CTranslate2 buffer of 128 KiB or more is an mmap, a munmap and fresh page
    faults: a chunk took four times as long as on one machine. Trimming stays as Dask set it;
    a MALLOC_MMAP_THRESHOLD_ the worker was given is kept; not glibc: nothing to do.
    """
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or not any(name in os.environ for name in _STATIC_MALLOC):
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(ctypes.c_int(-3), ctypes.c_int(MMAP_THRESHOLD))  # M_MMAP_THRESHOLD
    except (OSError, AttributeError, TypeError):  # no C library by that name, or no mallopt in it
        return


def translate_chunk(recipe: Recipe, texts: list[str]) -> tuple[list[Translation], Stats]:
    """Translate one chunk with this process's engine for `recipe`, loading it the first time.

    Calls on one engine take turns (a worker with several threads): the model already spreads a
    chunk's batches over the cores, and each call's `Stats` stay its own.
    """
    with _GUARD:
        lock = _LOCKS.setdefault(recipe, threading.Lock())
    with lock:
        engine = _ENGINES.get(recipe)
        if engine is None:
            _unfix_mmap_threshold()
            for old in [r for r in _ENGINES if r.path == recipe.path]:  # that model, installed anew
                del _ENGINES[old]
            engine = _ENGINES[recipe] = recipe.load()
            LOADS[recipe] = LOADS.get(recipe, 0) + 1
        CHUNKS[recipe] = CHUNKS.get(recipe, 0) + 1
        engine.stats = Stats()
        return engine.translate_scored(texts), engine.stats


def counts() -> dict[str, tuple[int, int]]:
    """`{model path: (loads, chunks)}` of this process: `client.run(counts)` asks every worker."""
    return {r.path: (LOADS.get(r, 0), CHUNKS.get(r, 0)) for r in set(LOADS) | set(CHUNKS)}


# ---------------------------------------------------------------- on the command's machine

class Cluster(Protocol):
    """`base.cluster.DaskCluster`, as far as translation needs it."""

    def map(self, func: Any, tasks: Sequence[Any], shared: Any, progress: Progress | None) -> list[Any]: ...

    def workers(self) -> int: ...


def chunks(texts: Sequence[str], workers: int) -> list[list[str]]:
    """The distinct texts, shortest first, in `CHUNKS_PER_WORKER` chunks per worker or fewer,
    each a multiple of `BATCHES_AT_ONCE` whole batches (the last one may be short)."""
    ordered = sorted(dict.fromkeys(texts), key=len)
    rounds = math.ceil(len(ordered) / (BATCH_SENTENCES * BATCHES_AT_ONCE))
    size = BATCH_SENTENCES * BATCHES_AT_ONCE * max(1, math.ceil(rounds / (max(1, workers) * CHUNKS_PER_WORKER)))
    return [ordered[start:start + size] for start in range(0, len(ordered), size)]


class ClusterEngine:
    """An engine whose model runs on the cluster's workers; otherwise the engine it wraps."""

    def __init__(self, engine: Any, recipe: Recipe, cluster: Cluster):
        self.engine = engine
        self.recipe = recipe
        self.cluster = cluster
        self.source = engine.source
        self.target = engine.target
        self.licence = engine.licence
        #: summed from the workers' chunks
        self.stats = Stats()

    @property
    def provenance(self) -> str:
        return self.engine.provenance

    def __getattr__(self, name: str) -> Any:  # the rest (label, folder, version) as the engine has it
        if name == "engine":
            raise AttributeError(name)
        return getattr(self.engine, name)

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        return [t.text for t in self.translate_scored(texts, progress)]

    def translate_scored(self, texts: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        if not texts:
            return []
        parts = chunks(texts, self.cluster.workers())
        total = sum(len(part) for part in parts)
        sizes = [len(part) for part in parts]

        def moved(done: int, _count: int) -> None:  # chunks done, in texts (all but the last are full)
            if progress is not None:
                progress(min(total, done * sizes[0]), total)

        results = self.cluster.map(translate_chunk, parts, self.recipe, moved)
        found: dict[str, Translation] = {}
        for part, (translations, stats) in zip(parts, results):
            found.update(zip(part, translations))
            self.stats.add(stats)
        return [found[text] for text in texts]


def on_cluster(engines: dict[str, Any], connect: Callable[[], Cluster | None]) -> dict[str, Any]:
    """`engines` with those that run a local model wrapped to run on the cluster `connect()` gives
    (None: no scheduler configured). Only then is the scheduler asked for: a run served by
    LibreTranslate alone never waits on one."""
    recipes = {lang: recipe_of(engine) for lang, engine in engines.items()}
    cluster = connect() if any(recipes.values()) else None
    if cluster is None:
        return engines
    return {lang: engine if recipes[lang] is None else ClusterEngine(engine, recipes[lang], cluster)
            for lang, engine in engines.items()}
