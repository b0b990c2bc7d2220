"""The same commands on local processes and on a Dask cluster: time and the client's peak memory.

Usage: python benchmarks/bench_cluster.py [--sizes 100,400] [--workers 1,2] [--texts 300]
         [--model tiny|base]   (--sizes "" measures translate alone, --texts 0 skips it)

For each size, bench_scale's synthetic project (articles × 11 languages, catalogs filled) is
built once and copied per run. Then `update --all`, `check`, `status` and a first
`publish --all` run with local processes, and with `--scheduler` pointing at a
`distributed.LocalCluster` of each number of worker processes (one thread each) on this
machine. Each step runs as a subprocess of bench_scale's wrapper: its wall time and the
client's peak RSS (the workers' memory is theirs, reported by Dask, not counted here).

Then `translate --lang hi` of --texts generated paragraphs (bench_translate's, in fresh hi
catalogs) with the test suite's Argos model (`--model base`: a real Argos package's shape),
installed in a private Argos home: on this machine (the model in the command's process), and
on each cluster twice, each time on a fresh copy: with workers that have not loaded the model
yet (cold), then again (warm: each worker keeps its model, `mt.cluster`).

How to size a cluster from it: the per-article time of each step at the largest size, divided
by the speed-up from 1 to 2 workers, gives the time per article per worker; a site of N
articles on W workers takes about N × that / W, while the client's memory grows with the
project (the catalogs it reads and writes), not with W.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_scale import build, leaflet, step  # noqa: E402
from bench_translate import SIZES, make_project  # noqa: E402

TRANSLATE = ["translate (cold workers)", "translate (warm workers)"]

STEPS = [("update --all", ["update", "--all"], (0,)), ("check", ["check", "--format", "json"], (0, 1)),
         ("status", ["status", "--format", "json"], (0,)), ("publish --all (first)", ["publish", "--all"], (0,))]


def run(root: Path, scheduler: str | None) -> dict[str, tuple[float, int]]:
    prefix = ["--scheduler", scheduler] if scheduler else []
    figures = {}
    for name, args, ok in STEPS:
        command = leaflet(root, *prefix, *args)
        figures[name] = step(command, ok=ok)
    return figures


def translate_project(tmp: Path, texts: int, model: str) -> Path:
    """A project of `texts` paragraphs with fresh hi catalogs; the Argos model installed in a
    private home that this process's environment (so every command and worker) points at."""
    sys.path.insert(0, str(REPO / "tests"))
    import mt_fixture

    home = mt_fixture.new_home(tmp / "argos")
    mt_fixture.install(home, mt_fixture.build_argosmodel(tmp / "model", **SIZES[model]))
    os.environ.update({k: v for k, v in home.env().items() if k.startswith(("ARGOS_", "XDG_"))})
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    project = tmp / "translate"
    make_project(project, "segments", texts)
    return project


def translate_runs(project: Path, scheduler: str | None) -> dict[str, tuple[float, int]]:
    prefix = ["--scheduler", scheduler] if scheduler else []
    figures = {}
    for name in TRANSLATE:
        copy = project.parent / "translating"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(project, copy)
        figures[name] = step(leaflet(copy, *prefix, "translate", "--lang", "hi"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,400")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--texts", type=int, default=300, help="paragraphs translate drafts (0: skip it)")
    parser.add_argument("--model", choices=list(SIZES), default="tiny", help="the Argos model's shape")
    args = parser.parse_args()
    import distributed
    sizes = [int(s) for s in args.sizes.split(",") if s]
    workers = [int(w) for w in args.workers.split(",")]
    table: dict[tuple[int, str], dict[str, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            base = Path(tmp) / f"site-{size}"
            started = time.perf_counter()
            build(base, size)
            print(f"{size} articles built in {time.perf_counter() - started:.0f} s")
            copy = Path(tmp) / "run"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(base, copy)
            table[(size, "local")] = run(copy, None)
            for count in workers:
                shutil.rmtree(copy)
                shutil.copytree(base, copy)
                with distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                              dashboard_address=None, host="127.0.0.1", silence_logs=40) as cluster:
                    table[(size, f"{count} worker{'s' if count > 1 else ''}")] = run(copy, cluster.scheduler_address)
        if args.texts:
            project = translate_project(Path(tmp), args.texts, args.model)
            table[(0, "local")] = translate_runs(project, None)
            for count in workers:
                with distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                              dashboard_address=None, host="127.0.0.1", silence_logs=40) as cluster:
                    table[(0, f"{count} worker{'s' if count > 1 else ''}")] = translate_runs(
                        project, cluster.scheduler_address)
    modes = ["local"] + [f"{c} worker{'s' if c > 1 else ''}" for c in workers]
    if sizes:
        print(f"\n{'articles':>8} {'step':<22} " + " ".join(f"{m:>22}" for m in modes))
    for size in sizes:
        for name, _, _ in STEPS:
            cells = []
            for mode in modes:
                seconds, rss = table[(size, mode)][name]
                cells.append(f"{seconds:8.1f} s {rss / 1024:6.0f} MiB")
            print(f"{size:>8} {name:<22} " + " ".join(f"{c:>22}" for c in cells))
    if args.texts:
        print(f"\ntranslate --lang hi, {args.texts} paragraphs, {args.model} Argos model (time, client peak RSS):")
        print(f"{'':>8} {'step':<24} " + " ".join(f"{m:>22}" for m in modes))
        for name in TRANSLATE:
            cells = [f"{table[(0, m)][name][0]:8.1f} s {table[(0, m)][name][1] / 1024:6.0f} MiB" for m in modes]
            print(f"{'':>8} {name:<24} " + " ".join(f"{c:>22}" for c in cells))
        base_time = table[(0, "local")][TRANSLATE[1]][0]
        print(f"{'':>8} {'warm time / local':<24} " + " ".join(
            f"{table[(0, m)][TRANSLATE[1]][0] / base_time:>22.2f}" for m in modes))
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        print(f"\ngrowth {a} → {b} articles, time(b) / time(a) / (b / a)  (~1 linear):")
        for mode in modes:
            print(f"  {mode:<10} " + "  ".join(
                f"{name}: {table[(b, mode)][name][0] / table[(a, mode)][name][0] / (b / a):.2f}"
                for name, _, _ in STEPS))


if __name__ == "__main__":
    main()
