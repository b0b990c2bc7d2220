"""How every command grows with the project: 100, 400 and 1,600 articles × 11 languages.

Usage: python benchmarks/bench_scale.py [--sizes 100,400,1600] [--skip-publish] [--compare-at 400]
                                       [--keep DIR]

For each size, a project of synthetic articles (headings, paragraphs, lists and tables made
of sentences from the clinic fixture and the bundled article, every article different) is
built through the CLI (`leaflet extract`, `leaflet init --all`), and its catalogs are filled
with stand-in translations in each language's script: in Hindi and Marathi about 92 % of the
entries reviewed (so `publish --all` takes them), elsewhere about 60 %, the rest machine
drafts, fuzzy entries from an update, and untranslated entries. A few articles are then
edited and re-extracted, so `update` has something to merge. Each step runs as a subprocess
of its own small wrapper, which reports the step's wall time and peak RSS
(`getrusage(RUSAGE_CHILDREN).ru_maxrss`: the largest single process of the step, not the
sum over a process pool):

  extract (every template written) · update --all · check · status ·
  publish --all, a no-op after an untimed first publish (--skip-publish leaves both out)

Then, per step, the growth between consecutive sizes, time(n2) / time(n1) / (n2 / n1):
about 1 is linear, above 1.3 grows worse than the project.

At --compare-at (default 400; 0 for none) it also times `leaflet check` against Translate
Toolkit's `pocount` and `pofilter` over the same catalogs, and prints where check's time
goes: cProfile's top 10 by cumulative time of `leaflet check --jobs 1`.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workflow.catalogs.pofile import read_catalog, write_catalog  # noqa: E402
from workflow.catalogs.states import MT_MARK, active

LANGS = ["hi", "mr", "gu", "bn", "pa", "ta", "te", "kn", "ml", "or", "ur"]
#: Languages translated well enough for `publish --all`; the others stay below min_coverage.
READY = {"hi", "mr"}
#: First letter and zero digit of each language's script, for the stand-in translations.
SCRIPT = {"hi": (0x0915, 0x0966), "mr": (0x0915, 0x0966), "gu": (0x0A95, 0x0AE6), "bn": (0x0995, 0x09E6),
          "pa": (0x0A15, 0x0A66), "ta": (0x0B95, 0x0BE6), "te": (0x0C15, 0x0C66), "kn": (0x0C95, 0x0CE6),
          "ml": (0x0D15, 0x0D66), "or": (0x0B15, 0x0B66), "ur": (0x0628, 0x06F0)}
FULL_STOP = {"hi": "।", "bn": "।", "pa": "।", "or": "।", "ur": "۔"}
QUESTION_MARK = {"ur": "؟"}
#: What a translation keeps as it is: code, link targets, addresses, placeholders, phones.
KEEP = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|%\(\w+\)s|\+?\d[\d ]{6,}\d")
SITE_TOML = REPO / "tests" / "projects" / "clinic" / "source" / "site.toml"
SENTENCE_SOURCES = [REPO / "tests" / "projects" / "clinic" / "source" / "articles",
                    REPO / "source" / "articles"]
HEADINGS = ["Before the procedure", "How it is done", "After the procedure", "Risks and side effects",
            "When to call us", "Looking after yourself at home", "Questions to ask your doctor",
            "Preparing for your visit", "What the results mean", "Medicines"]
ROWS = [("Hospital stay", "1 night"), ("Cramping pain", "1–3 days"), ("Light activity", "1 week"),
        ("Return to work", "1–2 weeks"), ("Driving", "24 hours"), ("Follow-up scan", "4–6 weeks")]

STEP = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "seconds": elapsed, "maxrss_kb": peak, "stderr": done.stderr[-2000:]}))
"""


def sentences() -> list[str]:
    """Prose sentences of the fixture and bundled articles (no markup, no headings)."""
    found: list[str] = []
    for folder in SENTENCE_SOURCES:
        for path in sorted(folder.glob("*.md")):
            body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
            for block in body.split("\n\n"):
                block = block.strip()
                if not block or block[0] in "#|>`!-*0123456789[" or "](" in block:
                    continue
                found += [s.strip() for s in re.split(r"(?<=\.) (?=[A-Z])", " ".join(block.split()))
                          if len(s.strip()) > 30]
    return found


def article(n: int, rng: random.Random, bank: list[str]) -> str:
    """A synthetic article: front matter, sections of paragraphs, a list and a table."""
    out = ["---", f'title: "Patient guide {n}: {rng.choice(HEADINGS).lower()}"',
           f'description: "{rng.choice(bank)}"', "author: Dr. A. Sharma", f"date: 2026-{1 + n % 12:02d}-14",
           "tags: [guide]", "---", ""]
    for heading in rng.sample(HEADINGS, 4):
        out += [f"## {heading}", ""]
        for _ in range(rng.randint(2, 3)):
            para = " ".join(rng.sample(bank, rng.randint(1, 3)))
            if rng.random() < 0.3:
                para += f" Call +91 98277 60073 if it lasts more than {2 + n % 5} days."
            out += [para, ""]
    out += [f"- {s}" for s in rng.sample(bank, 3)] + [""]
    out += ["| Stage | How long |", "| --- | --- |"]
    out += [f"| {stage} | {how} |" for stage, how in rng.sample(ROWS, 3)] + [""]
    out += [f"Guide number {n} was written by the centre's doctors. Write to care@example-clinic.in "
            f"with questions."]
    return "\n".join(out) + "\n"


def pseudo(text: str, lang: str) -> str:
    """A stand-in translation: letters in the language's script; markup, addresses and numbers kept."""
    letter, zero = SCRIPT[lang]

    def plain(part: str) -> str:
        return "".join(chr(letter + (ord(c.lower()) - 97) % 20) if "a" <= c.lower() <= "z"
                       else chr(zero + int(c)) if c.isdigit() and c.isascii() else c for c in part)

    pieces, pos = [], 0
    for m in KEEP.finditer(text):
        pieces += [plain(text[pos:m.start()]), m.group(0)]
        pos = m.end()
    out = "".join(pieces) + plain(text[pos:])
    if out.endswith("."):
        out = out[:-1] + FULL_STOP.get(lang, ".")
    elif out.endswith("?"):
        out = out[:-1] + QUESTION_MARK.get(lang, "?")
    return out


def fill(root: Path, lang: str, rng: random.Random) -> None:
    """Translate each catalog of `lang`: reviewed, machine drafts, fuzzy from update, untranslated."""
    reviewed = 0.92 if lang in READY else 0.60
    for path in sorted((root / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        catalog = read_catalog(path, root)
        for entry in active(catalog):
            roll = rng.random()
            if roll >= reviewed + (1 - reviewed) * 0.6:
                continue  # untranslated
            if entry.msgid_plural:
                entry.msgstr_plural = {i: pseudo(entry.msgid_plural if i else entry.msgid, lang)
                                       for i in range(len(entry.msgstr_plural))}
            else:
                entry.msgstr = pseudo(entry.msgid, lang)
            if roll >= reviewed + (1 - reviewed) * 0.3:
                entry.flags.insert(0, "fuzzy")  # fuzzy from an update, with the earlier source
                entry.previous_msgid = entry.msgid.replace("the", "a", 1)
            elif roll >= reviewed:
                entry.flags.insert(0, "fuzzy")
                entry.tcomment = f"{MT_MARK} argos en→{lang} 1.0"
        write_catalog(catalog, path)


def leaflet(root: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "leaflet"), "--root", str(root), *args]


def step(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of `cmd`, run under a fresh wrapper process."""
    done = subprocess.run([sys.executable, "-c", STEP, *cmd], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    if report["rc"] not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({report['rc']}): {report['stderr']}")
    return report["seconds"], report["maxrss_kb"]


def cli(root: Path, *args: str) -> None:
    subprocess.run(leaflet(root, *args), check=True, stdout=subprocess.DEVNULL)


def build(root: Path, size: int) -> dict[str, tuple[float, int]]:
    """Write the project, filling it through the CLI; returns the extract step's figures."""
    rng = random.Random(size)
    bank = sentences()
    (root / "source" / "articles").mkdir(parents=True)
    site = SITE_TOML.read_text(encoding="utf-8")
    site = re.sub(r"(?m)^languages = .*$", "languages = " + json.dumps(LANGS), site)
    (root / "source" / "site.toml").write_text(site, encoding="utf-8")
    for n in range(size):
        (root / "source" / "articles" / f"guide-{n:04d}.md").write_text(article(n, rng, bank), encoding="utf-8")
    figures = {"extract": step(leaflet(root, "extract"))}
    cli(root, "init", "--all")
    for lang in LANGS:
        fill(root, lang, rng)
    for n in rng.sample(range(size), max(1, size // 20)):  # edits since the last update
        path = root / "source" / "articles" / f"guide-{n:04d}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n\n", f"\n\nThis paragraph is new in edition {n}.\n\n", 1), encoding="utf-8")
    cli(root, "extract")
    return figures


def measure(root: Path, size: int, publish: bool) -> dict[str, tuple[float, int]]:
    start = time.perf_counter()
    figures = build(root, size)
    figures["update --all"] = step(leaflet(root, "update", "--all"))
    built = time.perf_counter() - start
    pos = list((root / "locales").glob("*/LC_MESSAGES/*.po"))
    entries = sum(len(active(read_catalog(p, root))) for p in pos[:50]) * len(pos) // min(50, len(pos))
    print(f"\n{size} articles × {len(LANGS)} languages: {len(pos)} catalogs, about {entries} entries "
          f"(built in {built:.0f} s)")
    figures["check"] = step(leaflet(root, "check", "--format", "json"), ok=(0, 1))
    figures["status"] = step(leaflet(root, "status", "--format", "json"))
    if publish:
        first = time.perf_counter()
        cli(root, "publish", "--all")
        print(f"  (first publish --all, untimed step: {time.perf_counter() - first:.0f} s)")
        figures["publish --all (no-op)"] = step(leaflet(root, "publish", "--all"))
    for name, (seconds, rss) in figures.items():
        print(f"  {name:<24} {seconds:8.2f} s   peak RSS {rss / 1024:7.0f} MiB")
    return figures


def growth(results: dict[int, dict[str, tuple[float, int]]]) -> None:
    sizes = sorted(results)
    print("\ngrowth per step: time(n2) / time(n1) / (n2 / n1)   (~1 linear, > 1.3 worse);"
          " peak RSS(n2) / peak RSS(n1)")
    for a, b in zip(sizes, sizes[1:]):
        for name in results[a]:
            if name not in results[b]:
                continue
            ratio = results[b][name][0] / results[a][name][0] / (b / a)
            verdict = "worse" if ratio > 1.3 else "linear" if ratio >= 0.7 else "sublinear"
            memory = results[b][name][1] / results[a][name][1]
            print(f"  {a:>5} → {b:<5} {name:<24} time {ratio:5.2f}  {verdict:<9}  peak RSS {memory:5.2f}x")


def compare(root: Path) -> None:
    """leaflet check against pocount and pofilter on the same catalogs, and check's profile."""
    bindir = Path(sys.executable).parent
    pos = sorted(str(p.relative_to(root)) for p in (root / "locales").glob("*/LC_MESSAGES/*.po"))
    scratch = Path(tempfile.mkdtemp(prefix="pofilter-"))
    try:
        rows = {
            "leaflet check": step(leaflet(root, "check", "--format", "json"), ok=(0, 1)),
            "leaflet check --jobs 1": step(leaflet(root, "check", "--jobs", "1", "--format", "json"), ok=(0, 1)),
            "pocount --short": step([str(bindir / "pocount"), "--short", *(str(root / p) for p in pos)]),
            "pofilter": step([str(bindir / "pofilter"), "--progress=none", "-i", str(root / "locales"),
                              "-o", str(scratch / "out")]),
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\ncheck against Translate Toolkit over the same {len(pos)} catalogs:")
    for name, (seconds, rss) in rows.items():
        print(f"  {name:<24} {seconds:8.2f} s   peak RSS {rss / 1024:7.0f} MiB")
    profile = Path(tempfile.mkdtemp(prefix="check-profile-")) / "check.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "workflow.cli", "--root", str(root),
                    "check", "--jobs", "1", "--format", "json"], stdout=subprocess.DEVNULL, check=False)
    stats = pstats.Stats(str(profile))
    shutil.rmtree(profile.parent, ignore_errors=True)
    total = max(cum for _cc, _nc, _tt, cum, _callers in stats.stats.values())  # type: ignore[attr-defined]
    wrappers = re.compile(r"click/|runpy|^<string>$|^~$|workflow/cli\.py$")
    rows = [(cum, tt, calls, f"{Path(file).name}:{line}({func})" if file != "~" else func)
            for (file, line, func), (_cc, calls, tt, cum, _callers) in stats.stats.items()  # type: ignore[attr-defined]
            if not wrappers.search(file) and "exec" not in func]
    print(f"\nwhere `leaflet check --jobs 1` spends its {total:.2f} s (cProfile; click and runpy frames left out):")
    for title, key in (("cumulative", 0), ("own time", 1)):
        print(f"  top 10 by {title}:")
        for cum, tt, calls, name in sorted(rows, key=lambda r: -r[key])[:10]:
            print(f"    {cum:7.2f} s cum {tt:7.2f} s own {calls:>9} calls  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,400,1600", help="article counts, comma-separated")
    parser.add_argument("--skip-publish", action="store_true", help="leave out both publish runs")
    parser.add_argument("--compare-at", type=int, default=400,
                        help="size at which to compare with pocount/pofilter and profile check (0: none)")
    parser.add_argument("--keep", type=Path, help="build the projects under this folder and keep them")
    args = parser.parse_args()
    # Every subprocess runs this checkout's workflow package, whatever the venv has installed.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    base = Path(tempfile.mkdtemp(prefix="bench-scale-")) if args.keep is None else args.keep
    print(f"{os.cpu_count()} cores; Python {sys.version.split()[0]}")
    results: dict[int, dict[str, tuple[float, int]]] = {}
    try:
        for size in sizes:
            root = base / f"articles-{size}"
            shutil.rmtree(root, ignore_errors=True)
            results[size] = measure(root, size, publish=not args.skip_publish)
            if size == args.compare_at:
                compare(root)
            if args.keep is None:
                shutil.rmtree(root, ignore_errors=True)
        growth(results)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
