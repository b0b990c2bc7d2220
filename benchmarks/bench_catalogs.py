"""Extract and update on 1,000 generated articles; `leaflet update` against msgmerge, in one run.

Usage: python benchmarks/bench_catalogs.py [--articles 1000]
Prints wall times and the ratio update/msgmerge (target <= 3x).
"""

from __future__ import annotations

import argparse
import random
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

WORDS = ("kyphoplasty vertebroplasty fracture vertebra cement balloon patient pain relief spine bone "
         "recovery procedure anesthesia doctor imaging needle cavity height alignment daily life").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, n: int) -> str:
    blocks = [f"---\ntitle: Article {n} about {rng.choice(WORDS)}\ndescription: {sentence(rng)}\n---\n"]
    for section in range(4):
        blocks.append(f"## Section {section} on {rng.choice(WORDS)}")
        blocks += [" ".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(3)]
        blocks.append("\n".join(f"- **{rng.choice(WORDS)}:** {sentence(rng)}" for _ in range(3)))
    blocks.append("| Aspect | A | B |\n|---|---|---|\n" + "\n".join(
        f"| {rng.choice(WORDS)} {i} | {sentence(rng)} | {sentence(rng)} |" for i in range(5)))
    return "\n\n".join(blocks) + "\n"


def timed(label: str, fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:8.2f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "source" / "articles").mkdir(parents=True)
        shutil.copy(REPO / "source" / "site.toml", root / "source" / "site.toml")
        texts = {f"article-{n:04d}": article(rng, n) for n in range(args.articles)}
        for slug, text in texts.items():
            (root / "source" / "articles" / f"{slug}.md").write_text(text, "utf-8")
        timed(f"extract ({args.articles} articles, first run)", lambda: extract.run(root))
        merge.init_catalogs(root, "hi")
        for domain in catalogs.template_domains(root):  # translate everything
            path = catalogs.catalog_path(root, "hi", domain)
            po = catalogs.read_catalog(path)
            for entry in catalogs.active(po):
                entry.msgstr = "अनुवाद " + entry.msgid
            catalogs.write_catalog(po, path)
        for slug in list(texts)[::10]:  # edit one article in ten
            path = root / "source" / "articles" / f"{slug}.md"
            text = path.read_text("utf-8")
            path.write_text(text.replace(" pain ", " severe pain ", 2).replace("## Section 3", "## Part 3"), "utf-8")
        timed("extract (after editing 10% of articles)", lambda: extract.run(root))
        baseline = root / "baseline"
        shutil.copytree(root / "locales" / "hi", baseline)

        def msgmerge_all() -> None:
            for domain in catalogs.template_domains(root):
                po = baseline / "LC_MESSAGES" / f"{domain}.po"
                subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(po),
                                str(catalogs.template_path(root, domain))], check=True)

        leaflet = [sys.executable, "-m", "workflow.cli", "--root", str(root), "update", "--lang", "hi"]
        ours = timed("leaflet update --lang hi", lambda: subprocess.run(leaflet, check=True,
                                                                       stdout=subprocess.DEVNULL))
        theirs = timed("msgmerge --previous, once per catalog", msgmerge_all)
        print(f"ratio leaflet update / msgmerge: {ours / theirs:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
