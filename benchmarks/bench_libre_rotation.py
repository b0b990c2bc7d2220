"""Several LibreTranslate servers: batches from one queue (the engine) against a fixed round-robin
by batch index (how batches were spread before: batch i starts on server i mod n, a failed try
moves to the next server after the backoff), side by side in one run, taking turns.

The servers are the tests' fake ones (tests/libre_fixture.py) on 127.0.0.1, each taking a fixed
time per request, so the figures measure the scheduling, not a model. Three cases: two servers
equally fast; one fast and one slow; one healthy and one answering 500 on every request.

    .venv/bin/python benchmarks/bench_libre_rotation.py [--strings 800] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from libre_fixture import FakeServers  # noqa: E402

from workflow.mt import libretranslate as lt  # noqa: E402
from workflow.mt.rotation import ServerDown  # noqa: E402


def round_robin(engine: lt.LibreTranslateEngine, texts: list[str]) -> list[str]:
    """The fixed round-robin: batch i on server i mod n, a failure retried on the next server."""
    urls = engine.urls
    batches = [texts[i:i + lt.BATCH] for i in range(0, len(texts), lt.BATCH)]

    def run(index: int) -> list[str]:
        delay = lt.BACKOFF
        for attempt in range(lt.RETRIES * len(urls)):
            url = urls[(index + attempt) % len(urls)]
            try:
                return engine._send(url, batches[index])
            except ServerDown:
                time.sleep(delay)
                delay *= 2
        raise SystemExit("every server failed")

    with ThreadPoolExecutor(max_workers=lt.REQUESTS_PER_SERVER * len(urls)) as pool:
        return [t for out in pool.map(run, range(len(batches))) for t in out]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strings", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [f"Take {i} tablets a day." for i in range(args.strings)]
    servers = FakeServers()
    cases = {
        "two servers, 20 ms a batch each": [servers(str.upper, delay=0.02), servers(str.upper, delay=0.02)],
        "one 20 ms, one 200 ms a batch": [servers(str.upper, delay=0.02), servers(str.upper, delay=0.2)],
        "one 20 ms, one answering 500": [servers(str.upper, status=500), servers(str.upper, delay=0.02)],
    }
    print(f"{args.strings} strings, {-(-args.strings // lt.BATCH)} batches of {lt.BATCH}, "
          f"{lt.REQUESTS_PER_SERVER} requests a server, backoff {lt.BACKOFF} s; median of {args.repeat}")
    print(f"{'case':34} {'round-robin':>12} {'queues':>8} {'ratio':>6}  requests a server (queues)")
    try:
        for name, urls in cases.items():
            times: dict[str, list[float]] = {"round-robin": [], "queues": []}
            served = ""
            for _ in range(args.repeat):
                for how in times:  # taking turns
                    engine = lt.LibreTranslateEngine(urls, "en", "hi")
                    engine._check()
                    before = [servers.translations_asked(u) for u in urls]
                    start = time.perf_counter()
                    out = round_robin(engine, texts) if how == "round-robin" else engine.translate(texts)
                    times[how].append(time.perf_counter() - start)
                    assert out == [t.upper() for t in texts]
                    if how == "queues":
                        served = " / ".join(str(servers.translations_asked(u) - b) for u, b in zip(urls, before))
            old, new = (statistics.median(times[h]) for h in ("round-robin", "queues"))
            print(f"{name:34} {old:>11.2f}s {new:>7.2f}s {old / new:>5.1f}×  {served}")
    finally:
        servers.close()


if __name__ == "__main__":
    main()
