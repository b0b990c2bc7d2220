"""One way to spread work: `parallel_map`, used by update, check, status and PDFs.

By default the work goes to local processes; a command given a Dask scheduler (`base.cluster`)
hands the same tasks to that cluster instead, through the `executor` argument.

Workers are forked where the platform allows it, so they inherit what the parent already
imported and the `shared` value (templates, glossaries) instead of receiving a pickled copy
with every task. A worker's LeafletError reaches the caller as it was raised (it pickles whole).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable, Protocol, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this much work (in catalogs read, or equivalent), starting processes costs more than it saves.
POOL_FROM = 60
#: Never more workers than this, however many cores: reading catalogs is bound by memory bandwidth.
MAX_WORKERS = 8

_job: tuple[Callable[[Any, Any], Any], Any] | None = None


class Executor(Protocol):
    """Somewhere else to run `func(shared, task)` for every task, results in task order."""

    def map(self, func: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any,
            progress: Callable[[int, int], None] | None) -> list[Any]: ...


def _init(func: Callable[[Any, Any], Any], shared: Any) -> None:
    global _job
    _job = (func, shared)


def _call(task: Any) -> Any:
    assert _job is not None
    func, shared = _job
    return func(shared, task)


def parallel_map(func: Callable[[Any, T], R], tasks: Sequence[T], shared: Any = None, *,
                 jobs: int | None = None, work: float | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 executor: Executor | None = None) -> list[R]:
    """`[func(shared, task) for task in tasks]`, in worker processes when it pays.

    `work` is how much there is to do in catalogs read (default: one per task); below
    `POOL_FROM` everything runs here. `jobs` forces the number of processes. `progress(done,
    total)` is called here, in order, as results come in. With an `executor` (a cluster),
    every task goes there, however little work there is.
    """
    if executor is not None and tasks:
        return executor.map(func, tasks, shared, progress)
    if jobs is None:
        jobs = min(os.cpu_count() or 1, MAX_WORKERS) if (work if work is not None else len(tasks)) >= POOL_FROM else 1
    jobs = min(jobs, len(tasks))
    results: list[R] = []

    def collect(found: Iterable[R]) -> list[R]:
        for result in found:
            results.append(result)
            if progress is not None:
                progress(len(results), len(tasks))
        return results

    if jobs <= 1:
        return collect(func(shared, task) for task in tasks)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_init, initargs=(func, shared)) as pool:
        return collect(pool.map(_call, tasks, chunksize=max(1, len(tasks) // (jobs * 6))))
