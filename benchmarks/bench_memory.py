"""Translation memory as the site grows: rapidfuzz (what `translate` uses) against a difflib scan.

Usage: python benchmarks/bench_memory.py [--sizes 100,400,1600]

For each size, bench_scale's site in Hindi only (about 92 % of the entries reviewed, the rest
drafts, fuzzy and untranslated entries), read once. Then, for every untranslated msgid, the most
similar reviewed msgid with the same protected spans, two ways side by side in one process:

  rapidfuzz: `Memory.best`, as `leaflet translate` drafts from memory;
  difflib:   every candidate with the same spans through difflib's SequenceMatcher
             (`catalogs.merge.closest`, the cheap bounds first), as memory matched before.

Each line gives the reviewed msgids (candidates), the msgids looked up, the time of each way and
their ratio, the matches each found and the lookups where they differ (rapidfuzz's ratio counts
every character two strings share in order; difflib's blocks can find fewer, never more). Then
the growth between sizes, time(b) / time(a) / (b / a): about 1 is linear, about b / a quadratic.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_scale  # noqa: E402

from workflow import catalogs  # noqa: E402
from workflow.catalogs.glossary import load_glossary  # noqa: E402
from workflow.catalogs.merge import closest  # noqa: E402
from workflow.mt.memory import THRESHOLD, Memory, _spans  # noqa: E402


def difflib_best(memory: Memory, msgid: str) -> str | None:
    """The match the way memory found it before: a difflib scan of every candidate."""
    spans = _spans(msgid, memory.terms)
    found = closest(msgid, ((c.msgid, c) for group in memory.groups.values() for c in group
                            if c.msgid != msgid and c.spans == spans), THRESHOLD)
    return found[0].msgid if found else None


def measure(root: Path) -> dict[str, float]:
    books = {d: catalogs.read_catalog(catalogs.catalog_path(root, "hi", d), root)
             for d in catalogs.catalog_domains(root, "hi")}
    terms = load_glossary(root, "hi")
    queries = list(dict.fromkeys(e.msgid for book in books.values() for e in catalogs.active(book)
                                 if catalogs.is_untranslated(e) and not e.msgid_plural))
    start = time.perf_counter()
    memory = Memory.of(books, terms)
    fast = [memory.best(q) for q in queries]
    fast_s = time.perf_counter() - start
    start = time.perf_counter()
    slow = [difflib_best(memory, q) for q in queries]
    slow_s = time.perf_counter() - start
    fast_ids = [m.entry.msgid if m else None for m in fast]
    return {"candidates": sum(map(len, memory.groups.values())), "queries": len(queries),
            "rapidfuzz": fast_s, "difflib": slow_s, "fast_found": sum(m is not None for m in fast_ids),
            "slow_found": sum(m is not None for m in slow), "differ": sum(a != b for a, b in zip(fast_ids, slow))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,400,1600")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    bench_scale.LANGS[:] = ["hi"]  # the site in Hindi only: memory works on one language
    results = {}
    print(f"{'articles':>8} {'candidates':>10} {'lookups':>7} {'rapidfuzz':>10} {'difflib':>10} {'ratio':>7}"
          f" {'found (rf / difflib)':>21} {'differ':>6}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "site"
            bench_scale.build(root, size)
            r = results[size] = measure(root)
        print(f"{size:>8} {r['candidates']:>10} {r['queries']:>7} {r['rapidfuzz']:>8.2f} s {r['difflib']:>8.2f} s"
              f" {r['difflib'] / r['rapidfuzz']:>6.1f}x {r['fast_found']:>10} / {r['slow_found']:<8} {r['differ']:>6}",
              flush=True)
    for a, b in zip(sizes, sizes[1:]):
        print(f"growth {a} → {b}: " + ", ".join(
            f"{way} {results[b][way] / results[a][way] / (b / a):.2f}" for way in ("rapidfuzz", "difflib")))


if __name__ == "__main__":
    main()
