"""`leaflet translate` against argostranslate.translate.translate once per msgid, on one catalog.

No model can be downloaded here, so the benchmark builds the test suite's Argos package
(tests/mt_fixture.py): `--model tiny` is the one-layer copy model the tests use; `--model
base` has the shape of a real Argos package (6+6 layers, d_model 512, feed-forward 2048,
32,000 target tokens), so CTranslate2 does the work a real en→hi model would. Both sides
run in one fresh process with the same installed package and argostranslate's settings:

  leaflet:  translate_language() on a catalog of --segments generated paragraphs
            (protection, batched translation, restoring and writing included);
  baseline: argostranslate.translate.translate(msgid, "en", "hi") for every msgid.

Usage: .venv/bin/python benchmarks/bench_translate.py [--segments 520] [--model tiny|base]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

WORDS = ("the patient doctor spine bone cement pain relief fracture vertebra procedure recovery "
         "balloon needle imaging guidance height posture mobility risk infection bleeding nerve "
         "treatment surgery hospital home walking rest week day hour medicine dose follow-up "
         "osteoporosis injury back care team nurse question answer result safe quick small").split()
VERBS = "helps reduces improves supports needs takes follows explains checks restores".split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words)), f"{rng.randint(2, 90)} {rng.choice(['mg', 'ml', '%', 'cm'])}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".!?")


def paragraph(rng: random.Random, n: int) -> str:
    text = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.25:
        text = f"**{rng.choice(WORDS).title()} {rng.choice(WORDS)}:** {text}"
    if rng.random() < 0.1:
        text += f" See [the guide](https://cvic.example/guide-{n})."
    return text


def make_project(root: Path, segments: int) -> None:
    from workflow import extract
    from workflow.merge import init_catalogs

    shutil.copytree(REPO / "source", root / "source", ignore=shutil.ignore_patterns("*.md"))
    rng = random.Random(10)
    per_article = 100
    for a in range(0, segments, per_article):
        body = "\n\n".join(paragraph(rng, a + i) for i in range(min(per_article, segments - a)))
        (root / "source" / "articles" / f"bench-{a // per_article}.md").write_text(
            f"---\ntitle: Benchmark article {a // per_article}\n---\n{body}\n", encoding="utf-8")
    extract.run(root)
    init_catalogs(root, "hi")


MEASURE = r"""
import json, sys, time
from pathlib import Path
root = Path(sys.argv[1])
from workflow import catalogs
msgids = []
for domain in catalogs.catalog_domains(root, "hi"):
    book = catalogs.read_catalog(catalogs.catalog_path(root, "hi", domain))
    msgids += [e.msgid for e in catalogs.active(book) if catalogs.is_untranslated(e)]

t0 = time.perf_counter()
from workflow.engine import load_engine
from workflow.translate import translate_language
t1 = time.perf_counter()
report = translate_language(root, "hi", load_engine("en", "hi"))
t2 = time.perf_counter()

from argostranslate import translate
t3 = time.perf_counter()
for msgid in msgids:
    translate.translate(msgid, "en", "hi")
t4 = time.perf_counter()
print(json.dumps({"msgids": len(msgids), "drafted": report.drafted, "rejected": len(report.rejected),
                  "leaflet_import": t1 - t0, "leaflet": t2 - t1, "argos_import": t3 - t2, "argos": t4 - t3}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=520)
    parser.add_argument("--model", choices=["tiny", "base"], default="tiny")
    args = parser.parse_args()

    import mt_fixture

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        size = {"tiny": {}, "base": {"layers": (6, 6), "d_model": 512, "ffn": 2048, "vocab_size": 32000}}
        model = mt_fixture.build_argosmodel(tmp_path / "model", **size[args.model])
        home = mt_fixture.new_home(tmp_path / "argos")
        mt_fixture.install(home, model)
        project = tmp_path / "project"
        make_project(project, args.segments)
        result = home.run_python(MEASURE, str(project))
        if result.returncode != 0:
            sys.exit(result.stderr)
        m = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"model: {args.model} fixture package; catalog: {m['msgids']} untranslated segments "
          f"({m['drafted']} drafted, {m['rejected']} rejected)")
    print(f"leaflet translate (batched):            {m['leaflet']:8.2f} s  (+ {m['leaflet_import']:.2f} s imports)")
    print(f"argostranslate.translate once per msgid: {m['argos']:8.2f} s  (+ {m['argos_import']:.2f} s imports)")
    print(f"ratio: {m['argos'] / m['leaflet']:.1f}x faster (target >= 5x); "
          f"with imports {(m['argos'] + m['argos_import']) / (m['leaflet'] + m['leaflet_import']):.1f}x")


if __name__ == "__main__":
    main()
