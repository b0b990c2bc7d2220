"""`leaflet check` against Translate Toolkit's pofilter and pocount on the same catalogs, in one run.

Builds a project of 200 articles (variants of the bundled one) translated into 11 languages:
about 85% of each catalog translated in the language's script with its digits and sentence ends,
5% fuzzy, the rest untranslated. Then times, as subprocesses over the same files:

- `leaflet check --min-coverage 0 --format json` (counts, staleness and every per-entry check),
- `pofilter` (Translate Toolkit's per-unit checks, over locales/ into a scratch folder),
- `pocount` (Translate Toolkit's counts only),
- `leaflet status --format json` (counts per catalog plus publish's reviewed share per language),

and prints the ratios. Target: leaflet check faster than both, leaflet status faster than pocount.

Usage: python benchmarks/bench_check.py [--articles 200] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
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

from workflow import catalogs  # noqa: E402

from workflow.catalogs import extract  # noqa: E402
from workflow.catalogs import merge  # noqa: E402
from workflow.base.languages import language  # noqa: E402

LANGS = ["hi", "mr", "gu", "bn", "pa", "ta", "te", "kn", "ml", "or", "ur"]
#: First letter and first digit of each language's script, for the pseudo-translations.
SCRIPT = {"hi": (0x0915, 0x0966), "mr": (0x0915, 0x0966), "gu": (0x0A95, 0x0AE6), "bn": (0x0995, 0x09E6),
          "pa": (0x0A15, 0x0A66), "ta": (0x0B95, 0x0BE6), "te": (0x0C15, 0x0C66), "kn": (0x0C95, 0x0CE6),
          "ml": (0x0D15, 0x0D66), "or": (0x0B15, 0x0B66), "ur": (0x0628, 0x06F0)}
KEEP = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+|\S+@\S+|%\(\w+\)s|\{\w+\}")
EXTRA = ["Call 0731 4675670 or +91 9827760073 for an appointment.",
         "About {n}% of patients walk within 24 hours; see [our page](https://www.example.org/{n}).",
         "Write to care{n}@cvic.example if the pain lasts more than 3 days.",
         "Is the procedure safe for patients over {n} years of age?"]


def variant(text: str, n: int, rng: random.Random) -> str:
    """The bundled article with its title and a few paragraphs changed, so every article differs."""
    lines = text.split("\n")
    out = []
    for line in lines:
        if line.startswith("title:"):
            line = "title: " + json.dumps(f"Article {n} – {line[6:].strip().strip(chr(34))}", ensure_ascii=False)
        out.append(line)
        if line and not line.startswith(("#", "|", "-", "---", "title:", "description:", "date:", "tags:"))\
                and rng.random() < 0.3:
            out += ["", rng.choice(EXTRA).format(n=n)]
    body = "\n".join(out)
    return re.sub(r"(?m)^(\w[^\n|]*?)\.$", lambda m: f"{m.group(1)} ({n})." if rng.random() < 0.2 else m.group(0),
                  body)


def pseudo(text: str, lang: str) -> str:
    """A stand-in translation: letters in the language's script, markup, addresses and numbers kept."""
    letter, digit = SCRIPT[lang]

    def plain(part: str) -> str:
        chars = []
        for ch in part:
            if "a" <= ch.lower() <= "z":
                chars.append(chr(letter + (ord(ch.lower()) - 97) % 20))
            elif ch.isdigit():
                chars.append(chr(digit + int(ch)))
            else:
                chars.append(ch)
        return "".join(chars)

    pieces, pos = [], 0
    for m in KEEP.finditer(text):
        pieces += [plain(text[pos:m.start()]), m.group(0)]
        pos = m.end()
    pieces.append(plain(text[pos:]))
    out = "".join(pieces)
    if out.endswith("."):
        out = out[:-1] + language(lang).full_stop
    elif out.endswith("?"):
        out = out[:-1] + language(lang).question_mark
    return out


def build(root: Path, articles: int) -> None:
    rng = random.Random(12)
    (root / "source" / "articles").mkdir(parents=True)
    site = (REPO / "source" / "site.toml").read_text(encoding="utf-8")
    site = re.sub(r"(?m)^languages = .*$", "languages = " + repr(LANGS).replace("'", '"'), site)
    (root / "source" / "site.toml").write_text(site, encoding="utf-8")
    seed = (REPO / "source" / "articles" / "kyphoplasty-vs-vertebroplasty.md").read_text(encoding="utf-8")
    for n in range(articles):
        (root / "source" / "articles" / f"article-{n:03d}.md").write_text(variant(seed, n, rng), encoding="utf-8")
    extract.run(root)
    for lang in LANGS:
        merge.init_catalogs(root, lang)
        for domain in catalogs.catalog_domains(root, lang):
            path = catalogs.catalog_path(root, lang, domain)
            catalog = catalogs.read_catalog(path)
            for entry in catalog:
                roll = rng.random()
                if roll < 0.10:
                    continue
                if entry.msgid_plural:
                    entry.msgstr_plural = {i: pseudo(entry.msgid_plural if i else entry.msgid, lang)
                                           for i in range(2)}
                else:
                    entry.msgstr = pseudo(entry.msgid, lang)
                if roll < 0.15:
                    entry.flags.append("fuzzy")
                    entry.tcomment = "leaflet-mt: argos-translate en->" + lang
            catalogs.write_catalog(catalog, path)


def run(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed


def interleaved(commands: dict[str, list[str]], cwd: Path, repeat: int, ok: dict[str, tuple[int, ...]]) -> dict[str, float]:
    """Best wall time of each command, the commands taking turns, so load from elsewhere hits all."""
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(repeat):
        for label, cmd in commands.items():
            times[label].append(run(cmd, cwd, ok.get(label, (0,))))
    for label, values in times.items():
        print(f"{label:<52} {min(values):8.2f} s  (best of {repeat})")
    return {label: min(values) for label, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the project here and keep it (reused when present)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory() if args.keep is None else None
    root = Path(tmp.name) if tmp else args.keep
    try:
        if not (root / "locales").is_dir():
            start = time.perf_counter()
            build(root, args.articles)
            print(f"built {args.articles} articles x {len(LANGS)} languages in {time.perf_counter() - start:.0f} s")
        pos = sorted(str(p.relative_to(root)) for p in (root / "locales").glob("*/LC_MESSAGES/*.po"))
        entries = sum(p.read_text(encoding="utf-8").count('\nmsgid "') for p in (root / "locales").rglob("*.po"))
        print(f"{len(pos)} catalogs, about {entries} entries; {os.cpu_count()} cores")
        bindir = Path(sys.executable).parent
        leaflet = [str(bindir / "leaflet"), "--root", str(root), "check", "--min-coverage", "0", "--format", "json"]
        scratch = root / "pofilter-out"

        shutil.rmtree(scratch, ignore_errors=True)
        t_filter = run([str(bindir / "pofilter"), "--progress=none", "-i", "locales", "-o", str(scratch)], root)
        print(f"{'pofilter (Translate Toolkit checks)':<52} {t_filter:8.2f} s  (once: it is slow)")
        status = [str(bindir / "leaflet"), "--root", str(root), "status", "--format", "json"]
        best = interleaved({"leaflet check (counts, stale, every entry check)": leaflet,
                            "pocount (Translate Toolkit counts)": [str(bindir / "pocount"), "--short", *pos],
                            "leaflet status (counts, publish's verdict)": status},
                           root, args.repeat, {"leaflet check (counts, stale, every entry check)": (0, 1)})
        t_check, t_count, t_status = best.values()
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"ratio leaflet check / pofilter:  {t_check / t_filter:.2f}  (target < 1)")
        print(f"ratio leaflet check / pocount:   {t_check / t_count:.2f}  (target < 1)")
        print(f"ratio leaflet status / pocount:  {t_status / t_count:.2f}  (target < 1)")
    finally:
        if tmp:
            tmp.cleanup()


if __name__ == "__main__":
    main()
