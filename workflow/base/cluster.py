"""A Dask distributed cluster as the place where update, check, status and publish fan out.

`--scheduler tcp://HOST:8786` (or `LEAFLET_SCHEDULER`, or `[cluster] scheduler` in site.toml)
sends the tasks `pool.parallel_map` would give local processes to the workers of that scheduler.
Workers read the project at the same path as the command (a shared folder) and return values:
the machine that runs the command alone writes `locales/` and `output/`, under its locks and
atomic replaces. A worker that dies mid-task has its task run again on another worker (Dask's
own rescheduling); nothing a worker does reaches the output until the command writes it.
"""

from __future__ import annotations

import os
import pickle
from typing import Any, Callable, Sequence

from .errors import LeafletError, UsageError

#: How long the command waits for the scheduler, or for its first worker, before it gives up (s).
CONNECT_SECONDS = 10
#: Shared values larger than this (pickled bytes) are scattered to the workers once.
SCATTER_FROM = 64 * 1024


class ClusterError(LeafletError):
    """The cluster could not do the work: no worker, or every try of a task lost with its worker."""


#: Environment of the command that shapes what a task makes: with SOURCE_DATE_EPOCH, fontTools
#: stamps the font subsets in PDFs with that date, so a leaflet is the same bytes wherever made.
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


def _apply(func: Callable[[Any, Any], Any], shared: Any, task: Any, env: dict[str, str]) -> Any:
    """`func(shared, task)` on a worker, under the command's own `ENVIRONMENT`."""
    before = {name: os.environ.get(name) for name in ENVIRONMENT}
    os.environ.update(env)
    for name in ENVIRONMENT:
        if name not in env:
            os.environ.pop(name, None)
    try:
        return func(shared, task)
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _large(shared: Any) -> bool:
    """Whether `shared` is worth scattering once rather than sending with each task."""
    if shared is None:
        return False
    try:
        return len(pickle.dumps(shared)) > SCATTER_FROM
    except (pickle.PicklingError, TypeError, AttributeError):  # only Dask's cloudpickle can send it
        return True


class DaskCluster:
    """An `Executor` over a Dask scheduler; close it when the command ends."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise UsageError(f"--scheduler {address} needs Dask: pip install 'leaflet-workflow[cluster]'") from None
        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise UsageError(f"no Dask scheduler answers at {address} ({reason[:160]}): start one with "
                             "`dask scheduler`, or leave out --scheduler to work on this machine") from None

    def map(self, func: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any,
            progress: Callable[[int, int], None] | None) -> list[Any]:
        from distributed import CancelledError, KilledWorker, as_completed

        self._wait_for_workers()
        # A large shared value goes to every worker once; a small one travels with each task,
        # so no worker's death can take the only copy of it away from the tasks left.
        # Scattered in a list: Dask scatters a dict's or a list's items one by one, and every task
        # would then depend on each of them (memory in N tasks x N items on the scheduler).
        held = self.client.scatter([shared], broadcast=True, hash=False)[0] if _large(shared) else shared
        env = {name: os.environ[name] for name in ENVIRONMENT if name in os.environ}
        n = len(tasks)
        futures = self.client.map(_apply, [func] * n, [held] * n, list(tasks), [env] * n, pure=False)
        try:
            for done, future in enumerate(as_completed(futures, loop=self.client.loop), start=1):
                if future.status == "error":
                    future.result()  # raises the task's own error (a LeafletError pickles whole)
                if progress is not None:
                    progress(done, len(tasks))
            return self.client.gather(futures)
        except (KilledWorker, CancelledError, TimeoutError) as exc:
            reason = " ".join(str(exc).split())[:160] or type(exc).__name__
            raise ClusterError(f"the Dask cluster at {self.address} lost the work ({type(exc).__name__}: "
                               f"{reason}); nothing was written: run the command again") from None
        finally:
            self.client.cancel(futures)

    def _wait_for_workers(self) -> None:
        if self.client.nthreads():
            return
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {self.address} has no workers: start one with "
                               f"`dask worker {self.address}`") from None

    def workers(self) -> int:
        """How many workers the scheduler has now (at least 1): what a command cuts its work for."""
        return max(1, len(self.client.nthreads()))

    def close(self) -> None:
        self.client.close()
