"""The same commands on local processes and on a Dask cluster: time and the client's peak memory.

Usage: python benchmarks/bench_cluster.py [--sizes 100,400,1600] [--workers 1,2] [--publish all|hi]
         [--model tiny|base] [--no-translate]

For each size, bench_scale's synthetic project (articles × 11 languages, catalogs filled) is
built once and copied fresh for every mode: local processes, and `--scheduler` pointing at a
`distributed.LocalCluster` of each number of worker processes (one thread each) on this
machine. In each mode run `update --all`, `check`, `status`, a first publish (`--all`: the
English, Hindi and Marathi editions of every article; `--publish hi`: English and Hindi), and
`translate --lang hi` of the site's untranslated Hindi entries (about 3 % of them) with the test
suite's Argos model (`--model base`: a real Argos package's shape), installed in a private
Argos home the workers read too: twice, each on a fresh copy, first with workers that have not
loaded the model (cold), then again (warm: each worker keeps its model, `mt.cluster`). Each
step runs as a subprocess of bench_scale's wrapper: its wall time and the client's peak RSS (the
workers' memory is theirs, reported by Dask, not counted here).

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
sys.path.insert(0, str(REPO))

from bench_scale import build, leaflet, step
from bench_translate import SIZES

TRANSLATE = ["translate (cold workers)", "translate (warm workers)"]


def steps(publish: str) -> list[tuple[str, list[str], tuple[int, ...]]]:
    first = ["publish", "--all"] if publish == "all" else ["publish", "--lang", publish]
    return [("update --all", ["update", "--all"], (0,)), ("check", ["check", "--format", "json"], (0, 1)),
            ("status", ["status", "--format", "json"], (0,)), (f"{' '.join(first)} (first)", first, (0,))]


def fresh(base: Path) -> Path:
    copy = base.parent / "run"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(base, copy)
    return copy


def run(base: Path, scheduler: str | None, publish: str, translate: bool) -> dict[str, tuple[float, int]]:
    """Every step on a fresh copy of the site `base`; each translate on a copy of its own."""
    prefix = ["--scheduler", scheduler] if scheduler else []
    figures = {}
    root = fresh(base)
    for name, args, ok in steps(publish):
        figures[name] = step(leaflet(root, *prefix, *args), ok=ok)
    for name in TRANSLATE if translate else []:
        figures[name] = step(leaflet(fresh(base), *prefix, "translate", "--lang", "hi"))
    return figures


def install_model(tmp: Path, model: str) -> None:
    """The Argos model installed in a private home that this process's environment (so every
    command and every worker of a cluster started after this) points at."""
    sys.path.insert(0, str(REPO / "tests"))
    import mt_fixture

    home = mt_fixture.new_home(tmp / "argos")
    mt_fixture.install(home, mt_fixture.build_argosmodel(tmp / "model", **SIZES[model]))
    os.environ.update({k: v for k, v in home.env().items() if k.startswith(("ARGOS_", "XDG_"))})
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


def untranslated_hi(root: Path) -> int:
    from workflow.catalogs import catalog_domains, catalog_path, read_catalog
    from workflow.catalogs.states import active, is_untranslated
    return sum(sum(1 for e in active(read_catalog(catalog_path(root, "hi", d), root)) if is_untranslated(e))
               for d in catalog_domains(root, "hi"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,400")
    parser.add_argument("--workers", default="1,2", help="cluster sizes; '' for local processes only")
    parser.add_argument("--publish", default="all", help="'all' (publish --all) or one language code")
    parser.add_argument("--no-translate", dest="translate", action="store_false")
    parser.add_argument("--model", choices=list(SIZES), default="tiny", help="the Argos model's shape")
    args = parser.parse_args()
    import distributed
    sizes = [int(s) for s in args.sizes.split(",") if s]
    workers = [int(w) for w in args.workers.split(",") if w]
    modes = ["local"] + [f"{c} worker{'s' if c > 1 else ''}" for c in workers]
    names = [name for name, _, _ in steps(args.publish)] + (TRANSLATE if args.translate else [])
    table: dict[tuple[int, str], dict[str, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.translate:
            install_model(Path(tmp), args.model)
        for size in sizes:
            base = Path(tmp) / f"site-{size}"
            started = time.perf_counter()
            build(base, size)
            texts = f", {untranslated_hi(base)} untranslated hi entries" if args.translate else ""
            print(f"{size} articles built in {time.perf_counter() - started:.0f} s{texts}", flush=True)
            table[(size, "local")] = run(base, None, args.publish, args.translate)
            for count, mode in zip(workers, modes[1:]):
                with distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                              dashboard_address=None, host="127.0.0.1", silence_logs=40) as cluster:
                    table[(size, mode)] = run(base, cluster.scheduler_address, args.publish, args.translate)
            shutil.rmtree(base)
    print(f"\n(time, its ratio to local processes, client peak RSS; translate with the {args.model} Argos model)")
    print(f"{'articles':>8} {'step':<28} " + " ".join(f"{m:>30}" for m in modes))
    for size in sizes:
        for name in names:
            local = table[(size, "local")][name][0]
            cells = [f"{s:8.1f} s {s / local:5.2f}x {rss / 1024:6.0f} MiB" for s, rss in
                     (table[(size, m)][name] for m in modes)]
            print(f"{size:>8} {name:<28} " + " ".join(f"{c:>30}" for c in cells))
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        print(f"\ngrowth {a} → {b} articles: time(b) / time(a) / (b / a) (~1 linear), client peak RSS(b) / RSS(a):")
        for name in names:
            print(f"  {name:<28} " + "  ".join(
                f"{mode} {table[(b, mode)][name][0] / table[(a, mode)][name][0] / (b / a):.2f}"
                f" / {table[(b, mode)][name][1] / table[(a, mode)][name][1]:.2f}x" for mode in modes))


if __name__ == "__main__":
    main()
