"""Jobs shared among several servers through one queue, for an engine that talks to servers.

Each server has its own worker threads pulling the next job from the queue, so a fast server takes
more jobs than a slow one (a fixed round-robin would wait on the slow one). A server that fails
after its retries is taken out of the rotation for the rest of the run, with one message, and
its job goes back to the queue for the servers left; only when none is left does the run fail.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Callable, Iterator, Sequence, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

#: A job that failed on this many servers in turn stops the run: taking out server after
#: server for one request that crashes them all would blame every server for it.
FAILURES_PER_JOB = 2


class ServerDown(Exception):
    """A server that failed after its retries; `why` reads after its name ("is unreachable (…)")."""

    def __init__(self, why: str, *, unreachable: bool = False):
        super().__init__(why)
        self.why = why
        #: No connection at all: the server, whatever the job (it does not count against the job).
        self.unreachable = unreachable


class JobFails(Exception):
    """One job failed on `servers` in turn: more likely the job than every server."""

    def __init__(self, index: int, servers: list[str], why: str):
        super().__init__(f"job {index} failed on {', '.join(servers)}: {why}")
        self.index, self.servers, self.why = index, servers, why


class NoServerLeft(Exception):
    """Every server is out of the rotation; `server` is the last taken out, `why` its reason."""

    def __init__(self, server: str, why: str):
        super().__init__(f"{server} {why}")
        self.server, self.why = server, why


class Rotation:
    """The servers still in use by one engine, and a message for each one taken out."""

    def __init__(self, servers: Sequence[str], label: str):
        self.servers = tuple(dict.fromkeys(servers))
        #: What a server is called in a message, e.g. "LibreTranslate server".
        self.label = label
        #: One line per server taken out of the rotation, for the command to show.
        self.warnings: list[str] = []
        self._out: dict[str, str] = {}
        self._lock = threading.Condition()

    @property
    def live(self) -> list[str]:
        with self._lock:
            return [s for s in self.servers if s not in self._out]

    def is_out(self, server: str) -> bool:
        with self._lock:
            return server in self._out

    def take_out(self, server: str, why: str) -> None:
        """Out for the rest of the run, with a message; NoServerLeft when it was the last."""
        with self._lock:
            if server in self._out:
                return
            self._out[server] = why
            left = len(self.servers) - len(self._out)
            self._lock.notify_all()
            if not left:
                raise NoServerLeft(server, why)
            self.warnings.append(f"{self.label} {server} {why}: taken out of the rotation; "
                                 f"{left} of {len(self.servers)} left")

    def run(self, jobs: Sequence[Job], send: Callable[[str, Job], Result],
            workers: int) -> Iterator[tuple[int, Result]]:
        """(index, send(server, job)) for every job, as they finish, from `workers` threads per live
        server. `send` raises ServerDown for a server that failed: its job goes back to the queue.
        Anything else it raises stops the run and is raised here, after the requests under way end;
        so are NoServerLeft and JobFails (a job that failed on FAILURES_PER_JOB servers)."""
        pending = deque(range(len(jobs)))
        failed_on: dict[int, list[str]] = {}
        finished: deque[tuple[int, Result]] = deque()
        busy = 0
        error: BaseException | None = None
        lock = self._lock

        def work(server: str) -> None:
            nonlocal busy, error
            while True:
                with lock:
                    while not pending and busy and error is None and server not in self._out:
                        lock.wait()
                    if error is not None or not pending or server in self._out:
                        return
                    index = pending.popleft()
                    busy += 1
                try:
                    result = send(server, jobs[index])
                except ServerDown as exc:
                    with lock:
                        busy -= 1
                        if not exc.unreachable:
                            failed_on.setdefault(index, []).append(server)
                        if len(failed_on.get(index, ())) >= FAILURES_PER_JOB:  # the job, not a second server
                            error = error or JobFails(index, failed_on[index], exc.why)
                            lock.notify_all()
                            return
                        pending.appendleft(index)
                        try:
                            self.take_out(server, exc.why)
                        except NoServerLeft as last:
                            error = error or last
                        lock.notify_all()
                    return
                except BaseException as exc:  # noqa: BLE001 - raised again by run, in the caller's thread
                    with lock:
                        busy -= 1
                        error = error or exc
                        lock.notify_all()
                    return
                with lock:
                    busy -= 1
                    finished.append((index, result))
                    lock.notify_all()

        if not jobs:
            return
        if not self.live:
            server, why = next(reversed(self._out.items())) if self._out else ("", "none was given")
            raise NoServerLeft(server, why)
        threads = [threading.Thread(target=work, args=(server,), daemon=True)
                   for server in self.live for _ in range(workers)]
        for thread in threads:
            thread.start()
        done = 0
        try:
            while done < len(jobs):
                with lock:
                    while not finished and error is None:
                        lock.wait()
                    if error is not None:
                        raise error
                    ready = list(finished)
                    finished.clear()
                for item in ready:
                    done += 1
                    yield item
        finally:
            with lock:
                if done < len(jobs) and error is None:  # the caller stopped early: stop the workers
                    error = GeneratorExit()
                lock.notify_all()
            for thread in threads:
                thread.join()
