"""A real Dask cluster for the tests: a `distributed.LocalCluster` of two worker processes on
127.0.0.1, and a way to kill one of its workers in the middle of a command."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import distributed


@contextmanager
def local_cluster(workers: int = 2, **options: Any) -> Iterator[tuple[Any, Any]]:
    """(cluster, client) of `workers` worker processes of one thread each."""
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1", silence_logs=40, **options) as local:
        with distributed.Client(local) as client:
            yield local, client


class KillOnce(distributed.WorkerPlugin):
    """Ends the worker's process when it starts its first task of the run (once per run)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key, start, finish, **kwargs) -> None:  # noqa: ANN001, ANN003
        if finish == "executing" and "_apply" in str(key) and not os.path.exists(self.marker):
            open(self.marker, "w").close()
            os._exit(1)


@contextmanager
def killing_one_worker(client: Any, marker: Path) -> Iterator[None]:
    """The first worker to start a task of the command dies (and `marker` is made); afterwards
    the cluster has its two workers again."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import tests/
    client.register_plugin(KillOnce(str(marker)), name="kill-once")
    try:
        yield
    finally:
        client.unregister_worker_plugin("kill-once")
        client.wait_for_workers(2, timeout=60)
