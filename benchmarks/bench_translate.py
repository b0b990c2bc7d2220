"""`leaflet translate` against raw CTranslate2, and against argostranslate.translate once per msgid.

No model can be downloaded here, so the benchmark builds the test suite's Argos package
(tests/mt_fixture.py): `--model tiny` is the one-layer copy model the tests use; `--model
base` has the shape of a real Argos package (6+6 layers, d_model 512, feed-forward 2048,
32,000 target tokens), so CTranslate2 does the work a real en→hi model would. Both sides
run in one fresh process with the same installed package and argostranslate's settings:

  leaflet:  translate_language() on a catalog of --segments generated paragraphs
            (protection, batched translation, restoring and writing included);
  baseline: argostranslate.translate.translate(msgid, "en", "hi") for every msgid.

For each engine (`--engine argos`, `nllb` or `both`), the same process also times raw
CTranslate2 on exactly the sentences leaflet sends: a Translator loaded with the same threads,
SentencePiece encode, one `translate_batch` with the same decoding settings, decode. The
ratio leaflet / raw is the cost of everything around the model (target <= 1.1x). The two sides
run --repeat times, alternately (leaflet on fresh catalogs each time), and each side's fastest
run counts, so a busy moment of a shared machine does not decide the ratio. The NLLB
model is tests/nllb_fixture.py's, `base` with the same 6+6 x 512 shape and 32k vocabulary.

Usage: .venv/bin/python benchmarks/bench_translate.py [--segments 520] [--model tiny|base]
                                                      [--engine argos|nllb|both] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
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
    from workflow.catalogs import extract
    from workflow.catalogs.merge import init_catalogs

    shutil.copytree(REPO / "source", root / "source", ignore=shutil.ignore_patterns("*.md"))
    rng = random.Random(10)
    per_article = 100
    for a in range(0, segments, per_article):
        body = "\n\n".join(paragraph(rng, a + i) for i in range(min(per_article, segments - a)))
        (root / "source" / "articles" / f"bench-{a // per_article}.md").write_text(
            f"---\ntitle: Benchmark article {a // per_article}\n---\n{body}\n", encoding="utf-8")
    extract.run(root)
    init_catalogs(root, "hi")
    init_catalogs(root, "mr")


MEASURE = r"""
import json, sys, time
from pathlib import Path
root, engine_name = Path(sys.argv[1]), sys.argv[2]
lang = "hi" if engine_name == "argos" else "mr"
from workflow import catalogs
msgids = []
for domain in catalogs.catalog_domains(root, lang):
    book = catalogs.read_catalog(catalogs.catalog_path(root, lang, domain))
    msgids += [e.msgid for e in catalogs.active(book) if catalogs.is_untranslated(e)]

t0 = time.perf_counter()
from workflow.mt.engines import load_engine
from workflow.source.site import load_site
from workflow.mt.translate import translate_language
t1 = time.perf_counter()

# The sentences leaflet sends (split by a separate engine instance, so leaflet's own model load
# stays in its time), for raw CTranslate2 with the same settings.
import ctranslate2
from workflow.mt.argos import _threads
from workflow.mt.masking import protect
splitter = load_engine(load_site(root), lang)
texts = list(dict.fromkeys(protect(m).text for m in msgids))
sentences = list(dict.fromkeys(s.strip() for t in texts for p in t.split("\n") for s in splitter.split(p)
                               if s.strip()))
inter, intra = _threads(1, 0)


def raw_run():
    t = time.perf_counter()
    if engine_name == "argos":
        from argostranslate import settings
        pkg = splitter.pkg
        translator = ctranslate2.Translator(str(Path(pkg.package_path) / "model"), device="cpu",
                                            inter_threads=inter, intra_threads=intra,
                                            compute_type=settings.compute_type)
        sp = pkg.tokenizer.lazy_processor()
        tokens = sp.encode(sentences, out_type=str)
        options = dict(replace_unknowns=True, beam_size=max(1, settings.beam_size), num_hypotheses=1,
                       length_penalty=0.2, return_scores=True)
        prefix = None
    else:
        import sentencepiece as spm
        translator = ctranslate2.Translator(str(splitter.folder), device="cpu", inter_threads=inter,
                                            intra_threads=intra, compute_type=splitter.compute_type)
        sp = spm.SentencePieceProcessor(model_file=str(splitter.folder / "sentencepiece.bpe.model"))
        tokens = [["eng_Latn", *p, "</s>"] for p in sp.encode(sentences, out_type=str)]
        options = splitter.family.decoding.options()
        prefix = [["mar_Deva"]] * len(tokens)
    results = translator.translate_batch(tokens, target_prefix=prefix, max_batch_size=32, **options)
    [sp.decode(r.hypotheses[0][1:] if prefix else r.hypotheses[0]) for r in results]
    return time.perf_counter() - t


import shutil
pristine = root.parent / f"locales-pristine-{engine_name}"
shutil.copytree(root / "locales", pristine)
raw_runs, leaflet_runs = [], []
for _ in range(int(sys.argv[3])):  # alternate, so a busy moment of the machine hits both sides
    raw_runs.append(raw_run())
    shutil.rmtree(root / "locales")
    shutil.copytree(pristine, root / "locales")
    t2 = time.perf_counter()
    report = translate_language(root, lang, load_engine(load_site(root), lang))
    leaflet_runs.append(time.perf_counter() - t2)
t4 = time.perf_counter()
out = {"msgids": len(msgids), "sentences": len(sentences), "drafted": report.drafted,
       "fallback": report.fallback, "rejected": len(report.rejected),
       "leaflet_import": t1 - t0, "leaflet": min(leaflet_runs), "raw": min(raw_runs),
       "raw_runs": raw_runs, "leaflet_runs": leaflet_runs}
if engine_name == "argos":
    from argostranslate import translate
    t5 = time.perf_counter()
    for msgid in msgids:
        translate.translate(msgid, "en", "hi")
    t6 = time.perf_counter()
    out.update(argos_import=t5 - t4, argos=t6 - t5)
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=520)
    parser.add_argument("--model", choices=["tiny", "base"], default="tiny")
    parser.add_argument("--engine", choices=["argos", "nllb", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each side; the fastest counts")
    args = parser.parse_args()

    import mt_fixture
    import nllb_fixture

    size = {"tiny": {}, "base": {"layers": (6, 6), "d_model": 512, "ffn": 2048, "vocab_size": 32000}}
    engines = ["argos", "nllb"] if args.engine == "both" else [args.engine]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        home = mt_fixture.new_home(tmp_path / "argos")
        if "argos" in engines:
            mt_fixture.install(home, mt_fixture.build_argosmodel(tmp_path / "model", **size[args.model]))
        project = tmp_path / "project"
        make_project(project, args.segments)
        if "nllb" in engines:
            model = nllb_fixture.build_nllb(tmp_path / f"nllb-{args.model}-ct2", **size[args.model])
            with (project / "source" / "site.toml").open("a", encoding="utf-8") as site:
                site.write(f'\n[translation]\nmr = {{ engine = "ctranslate2", model = "{model}", device = "cpu" }}\n')
        for engine in engines:
            result = subprocess.run([sys.executable, "-c", MEASURE, str(project), engine, str(args.repeat)],
                                    env=home.env(),
                                    capture_output=True, text=True, timeout=3600)
            if result.returncode != 0:
                sys.exit(result.stderr)
            m = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{engine}: {args.model} fixture model; {m['msgids']} untranslated segments, "
                  f"{m['sentences']} sentences ({m['drafted']} drafted, {m['fallback']} by fallback, "
                  f"{m['rejected']} rejected)")
            runs = lambda key: ", ".join(f"{t:.2f}" for t in m[key])  # noqa: E731
            print(f"  leaflet translate (batched):             {m['leaflet']:8.2f} s  "
                  f"(+ {m['leaflet_import']:.2f} s imports; runs {runs('leaflet_runs')})")
            print(f"  raw CTranslate2 translate_batch:         {m['raw']:8.2f} s  (runs {runs('raw_runs')})")
            print(f"  leaflet / raw: {m['leaflet'] / m['raw']:.2f}x (target <= 1.1x)")
            if "argos" in m:
                print(f"  argostranslate.translate once per msgid: {m['argos']:8.2f} s  "
                      f"(+ {m['argos_import']:.2f} s imports); leaflet is {m['argos'] / m['leaflet']:.1f}x "
                      "faster (target >= 5x)")


if __name__ == "__main__":
    main()
