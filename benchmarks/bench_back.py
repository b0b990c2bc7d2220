"""Back-translation: a review that calls the engine against one served from `.leaflet-cache/`,
and `check` with and without `--back-translated`.

On a copy of the clinic fixture (tests/projects/clinic) with the test suite's faithful Tamil→English
CTranslate2 model (tests/back_fixture.py), in one process, taking turns --repeat times:

  engine:  `review --lang ta --back-translate --no-pdf` with the cache deleted first (model load,
           sentence split, translation, comparison, sheet);
  cached:  the same command again (no engine is loaded);
  check:   `check --lang ta` without, then with `--back-translated` (cache read, comparison).

Each side's fastest run counts; the ratios are printed. The model is tiny, so `engine` is
the lower bound of what a real NLLB-200 costs: the cached run's advantage only grows with it.

Usage: .venv/bin/python benchmarks/bench_back.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from click.testing import CliRunner

    from back_fixture import build_back_model
    from clinic import UFE, copy_clinic
    from workflow.checks.backcache import CACHE_DIR
    from workflow.cli.main import main as leaflet

    with tempfile.TemporaryDirectory() as tmp:
        model = build_back_model(Path(tmp) / "back-ct2")
        root = copy_clinic(Path(tmp) / "clinic")
        with (root / "source" / "site.toml").open("a", encoding="utf-8") as toml:
            toml.write(f'\n[translation.back]\nta = {{ engine = "ctranslate2", model = "{model}" }}\n')

        def run(*argv: str) -> float:
            start = time.perf_counter()
            result = CliRunner().invoke(leaflet, ["--root", str(root), *argv])
            elapsed = time.perf_counter() - start
            assert result.exit_code in (0, 1), result.output
            return elapsed

        review = ("review", "--lang", "ta", UFE, "--back-translate", "--no-pdf")
        check = ("check", "--lang", "ta", "--min-coverage", "0")
        times: dict[str, list[float]] = {"engine": [], "cached": [], "check": [], "check --back-translated": []}
        for _ in range(args.repeat):
            shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
            times["engine"].append(run(*review))
            times["cached"].append(run(*review))
            times["check"].append(run(*check))
            times["check --back-translated"].append(run(*check, "--back-translated"))
        best = {k: min(v) for k, v in times.items()}
        for name, value in best.items():
            print(f"{name:>24}: {value * 1000:8.1f} ms (fastest of {args.repeat})")
        print(f"review, engine / cached: {best['engine'] / best['cached']:.2f}x")
        print(f"check --back-translated / check: {best['check --back-translated'] / best['check']:.2f}x")


if __name__ == "__main__":
    main()
