"""`leaflet translate` against raw CTranslate2 and against argostranslate.translate once per msgid.

No model can be downloaded here, so the benchmark builds the test suite's models
(tests/mt_fixture.py, tests/nllb_fixture.py), copy models whose weights are dense, so CTranslate2
does the work of a real model of their shape: `--model tiny` is the tests' one-layer model,
`base` a real Argos package's shape (6+6 layers x 512, 32k vocabulary), `nllb600m` the shape
of NLLB-200-distilled-600M (12+12 layers x 1024, feed-forward 4096, 256,206 tokens; built
once under /tmp, about 2 GB, run with int8 as README converts it; `--limit` keeps its runs short).

`--corpus article` is the bundled article (its msgids; Hindi with the Hindi glossary for Argos
and LibreTranslate, Marathi for NLLB), `--corpus segments` is --segments generated paragraphs.
For each engine, in one fresh process, alternately --repeat times:

  raw:      a Translator loaded with the same threads, the msgids as they are (no masks) split
            into sentences the way the engine splits them, one `translate_batch` of all of them
            length-sorted, max_batch_size 32, the engine's decoding settings (beam 4, its
            length penalty, max_decoding_length 256), decoded;
  leaflet:  translate_language() on fresh catalogs (masking, batching, restoring, the
            fallback and writing included);
  per msgid (Argos only): argostranslate.translate.translate(msgid, "en", "hi") for each msgid.

Each line gives tokens in and out, sentences decoded, translate_batch calls (requests for
LibreTranslate, whose tokens the server keeps) and the time of every run, then the median
ratio of the runs (compare the medians of two invocations for reruns). `--masks` prints,
for the bundled article, how many words of each sentence reach the model as masks.

Usage: .venv/bin/python benchmarks/bench_translate.py [--corpus article|segments] [--segments 546]
         [--model tiny|base|nllb600m] [--engine argos,nllb,libretranslate] [--repeat 2] [--limit N] [--masks]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

WORDS = ("the patient doctor spine bone cement pain relief fracture vertebra procedure recovery "
         "balloon needle imaging guidance height posture mobility risk infection bleeding nerve "
         "treatment surgery hospital home walking rest week day hour medicine dose follow-up "
         "osteoporosis injury back care team nurse question answer result safe quick small").split()
VERBS = "helps reduces improves supports needs takes follows explains checks restores".split()
SIZES = {"tiny": {}, "base": {"layers": (6, 6), "d_model": 512, "ffn": 2048, "vocab_size": 32000},
         "nllb600m": {"layers": (12, 12), "d_model": 1024, "ffn": 4096, "vocab_size": 256206}}
BIG = Path(tempfile.gettempdir()) / "leaflet-bench-models"


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


def make_project(root: Path, corpus: str, segments: int) -> None:
    from workflow.catalogs import extract
    from workflow.catalogs.merge import init_catalogs

    shutil.copytree(REPO / "source", root / "source",
                    ignore=shutil.ignore_patterns("*.md") if corpus == "segments" else None)
    if corpus == "segments":
        rng = random.Random(10)
        per_article = 100
        for a in range(0, segments, per_article):
            body = "\n\n".join(paragraph(rng, a + i) for i in range(min(per_article, segments - a)))
            (root / "source" / "articles" / f"bench-{a // per_article}.md").write_text(
                f"---\ntitle: Benchmark article {a // per_article}\n---\n{body}\n", encoding="utf-8")
    extract.run(root)
    for lang in ("hi", "mr"):
        init_catalogs(root, lang)
    shutil.copy(REPO / "locales" / "hi" / "glossary.csv", root / "locales" / "hi" / "glossary.csv")


MEASURE = r"""
import json, shutil, sys, time
from pathlib import Path
root, engine_name, repeat, limit = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lang = "mr" if engine_name == "nllb" else "hi"
from workflow import catalogs
from workflow.mt.engines import load_engine
from workflow.mt.translate import translate_language
from workflow.source.site import load_site

def untranslated(root):
    out = []
    for domain in catalogs.catalog_domains(root, lang):
        book = catalogs.read_catalog(catalogs.catalog_path(root, lang, domain))
        out += [e.msgid for e in catalogs.active(book) if catalogs.is_untranslated(e)]
    return out

msgids = untranslated(root)
if limit:  # keep the first `limit` msgids: mark the rest no-mt
    keep = set(msgids[:limit])
    for domain in catalogs.catalog_domains(root, lang):
        path = catalogs.catalog_path(root, lang, domain)
        book = catalogs.read_catalog(path)
        for e in catalogs.active(book):
            if e.msgid not in keep:
                e.flags.append("no-mt")
        catalogs.write_catalog(book, path, book.fingerprint)
    msgids = msgids[:limit]

import ctranslate2
from workflow.mt.argos import _threads
from workflow.mt.batching import Stats
# The raw side: the msgids as they are, split and tokenised as the engine does (an engine
# instance of its own, so leaflet's model load stays in leaflet's time).
if engine_name == "libretranslate":
    from workflow.mt.argos import load_engine as load_argos
    splitter = load_argos("en", "hi")
else:
    splitter = load_engine(load_site(root), lang)
paragraphs = list(dict.fromkeys(p for m in msgids for p in m.split("\n")))
sentences = list(dict.fromkeys(s.strip() for p in paragraphs for s in splitter.split(p) if s.strip()))
inter, intra = _threads(1, 0)

def raw_run():
    t = time.perf_counter()
    if engine_name != "nllb":
        from argostranslate import settings
        translator = ctranslate2.Translator(str(Path(splitter.pkg.package_path) / "model"), device="cpu",
                                            inter_threads=inter, intra_threads=intra,
                                            compute_type=settings.compute_type)
        tokens = splitter._encode(sentences)
        options = dict(replace_unknowns=True, beam_size=max(1, settings.beam_size), length_penalty=0.2,
                       max_decoding_length=256, num_hypotheses=1, return_scores=True)
        prefix, decode = None, splitter.pkg.tokenizer.decode
    else:
        translator = ctranslate2.Translator(str(splitter.folder), device="cpu", inter_threads=inter,
                                            intra_threads=intra, compute_type=splitter.compute_type)
        family = splitter.family
        family.load(splitter.folder)
        tokens = family.encode(sentences, "en", "mr")
        options = family.decoding.options()
        prefix = [family.target_prefix("mr")] * len(tokens)
        decode = lambda hyp: family.decode(hyp, "mr")
    order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
    results = translator.translate_batch([tokens[i] for i in order], target_prefix=prefix, max_batch_size=32,
                                         **options)
    [decode(r.hypotheses[0]) for r in results]
    stats = Stats(len(tokens), sum(map(len, tokens)), sum(len(r.hypotheses[0]) for r in results), 1)
    return time.perf_counter() - t, stats

pristine = root.parent / f"locales-pristine-{engine_name}"
shutil.rmtree(pristine, ignore_errors=True)
shutil.copytree(root / "locales", pristine)
raw_runs, leaflet_runs = [], []
for _ in range(repeat):  # alternate, so a busy moment of the machine hits both sides
    raw_runs.append(raw_run())
    shutil.rmtree(root / "locales")
    shutil.copytree(pristine, root / "locales")
    t = time.perf_counter()
    engine = load_engine(load_site(root), lang)
    report = translate_language(root, lang, engine)
    leaflet_runs.append((time.perf_counter() - t, engine.stats))
out = {"msgids": len(msgids), "drafted": report.drafted, "fallback": report.fallback,
       "rejected": len(report.rejected), "memory": report.memory, "reused": report.reused,
       "raw": [(t, vars(s)) for t, s in raw_runs], "leaflet": [(t, vars(s)) for t, s in leaflet_runs]}
if engine_name == "argos":
    from argostranslate import translate
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for msgid in msgids:
            translate.translate(msgid, "en", "hi")
        runs.append(time.perf_counter() - t)
    out["per_msgid"] = runs
print(json.dumps(out))
"""


def masks_report() -> None:
    """Per sentence of the bundled article: words that reach the model as masks, of its words."""
    import polib

    from workflow.catalogs.glossary import load_glossary
    from workflow.mt.masking import MAX_MASKED_SHARE, masked_words, protect, protect_for_model

    terms = load_glossary(REPO, "hi")
    rows = over = kept = 0
    for e in polib.pofile(str(REPO / "locales" / "templates" / "kyphoplasty-vs-vertebroplasty.pot")):
        everything = masked_words(protect(e.msgid, terms))
        sent = masked_words(protect_for_model(e.msgid, terms))
        for (sentence, masks, words), (_, sent_masks, sent_words) in zip(everything, sent):
            rows += 1
            flag = masks > MAX_MASKED_SHARE * words
            over += flag
            kept += flag and sent_masks < masks
            print(f"  {masks:2}/{words:2} masked{' > 1/3' if flag else '      '} -> sent {sent_masks:2}/{sent_words:2}"
                  f"  {sentence[:60]!r}")
    print(f"masks: {rows} sentences, {over} with more than a third of their words masked when glossary "
          f"terms are masked; {kept} of those get the terms as words")


def libretranslate_server(home, tmp: Path, models: list[Path]):  # noqa: ANN001, ANN201
    """A LibreTranslate server on 127.0.0.1 with `models`, from tests/mt/test_libretranslate.py's venv."""
    venv = Path(os.environ.get("LEAFLET_LIBRETRANSLATE_VENV", Path(tempfile.gettempdir()) / "leaflet-libretranslate-venv"))
    exe = venv / "bin" / "libretranslate"
    if not exe.is_file():
        sys.exit(f"LibreTranslate is not installed in {venv}: run tests/mt/test_libretranslate.py once")
    env = {k: v for k, v in home.env().items() if k != "PYTHONPATH"}
    for model in models:
        subprocess.run([str(venv / "bin" / "python"), "-c", "import sys; from argostranslate import package; "
                        "package.install_from_path(sys.argv[1])", str(model)], env=env, check=True, timeout=600)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([str(exe), "--host", "127.0.0.1", "--port", str(port), "--load-only", "en,hi,bn",
                                "--disable-web-ui", "--disable-files-translation", "--threads", "2"],
                               env=env, stdout=(tmp / "server.log").open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(url + "/languages", timeout=2):
                return url, process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                sys.exit("LibreTranslate did not start: " + (tmp / "server.log").read_text()[-2000:])
            time.sleep(1)


def spread(runs: list) -> str:
    """How far one side's times move between runs: the slowest over the fastest."""
    times = [t for t, _ in runs]
    return f"{max(times) / min(times) - 1:.0%} apart"


def show(name: str, t: float, s: dict) -> str:
    tokens = (f"{s['tokens_in']:6} tokens in {s['tokens_out']:6} out" if s["tokens_in"]
              else f"{'(tokens on the server)':>30}")
    return f"    {name:<8} {t:8.2f} s  {tokens}  {s['sentences']:5} sentences  {s['calls']:3} calls"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=["article", "segments"], default="article")
    parser.add_argument("--segments", type=int, default=546)
    parser.add_argument("--model", choices=list(SIZES), default="tiny")
    parser.add_argument("--engine", default="argos,nllb", help="comma-separated: argos, nllb, libretranslate")
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each side")
    parser.add_argument("--limit", type=int, default=0, help="translate only the first N msgids (0: all)")
    parser.add_argument("--masks", action="store_true", help="print the masked words per sentence first")
    args = parser.parse_args()
    if args.masks:
        masks_report()

    import mt_fixture
    import nllb_fixture

    engines = args.engine.split(",")
    size = SIZES[args.model]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        home = mt_fixture.new_home(tmp_path / "argos")
        project = tmp_path / "project"
        make_project(project, args.corpus, args.segments)
        table = []
        if "argos" in engines or "libretranslate" in engines:
            models = [mt_fixture.build_argosmodel(tmp_path / "model", **size)]
            mt_fixture.install(home, models[0])
        if "nllb" in engines:
            model = BIG / f"nllb-{args.model}-ct2"
            if not (model / "model.bin").is_file():
                shutil.rmtree(model, ignore_errors=True)
                nllb_fixture.build_nllb(model, **size)
            quantized = ', compute_type = "int8"' if args.model == "nllb600m" else ""  # as README converts it
            table.append(f'mr = {{ engine = "ctranslate2", model = "{model}", device = "cpu"{quantized} }}')
        server = None
        if "libretranslate" in engines:
            models.append(mt_fixture.build_argosmodel(tmp_path / "model", to_code="bn", to_name="Bengali"))
            url, server = libretranslate_server(mt_fixture.new_home(tmp_path / "server"), tmp_path, models)
            table.append(f'hi = {{ engine = "libretranslate", url = "{url}" }}')
        with (project / "source" / "site.toml").open("a", encoding="utf-8") as site:
            site.write("\n[translation]\n" + "\n".join(table) + "\n")
        try:
            for engine in engines:  # each on a copy of the project as made
                own = tmp_path / engine / "project"
                shutil.copytree(project, own)
                if engine == "argos":  # hi served by Argos
                    site = own / "source" / "site.toml"
                    text = site.read_text(encoding="utf-8")
                    site.write_text("\n".join(line for line in text.split("\n") if not line.startswith("hi = ")),
                                    encoding="utf-8")
                result = subprocess.run([sys.executable, "-c", MEASURE, str(own), engine, str(args.repeat),
                                         str(args.limit)], env=home.env(), capture_output=True, text=True,
                                        timeout=7200)
                if result.returncode != 0:
                    sys.exit(result.stderr)
                m = json.loads(result.stdout.strip().splitlines()[-1])
                print(f"{engine}: {args.model} model, {args.corpus}: {m['msgids']} msgids ({m['drafted']} drafted, "
                      f"{m['fallback']} by fallback, {m['rejected']} rejected)")
                ratios, speedups = [], []
                for run, ((raw, raw_stats), (leaflet, stats)) in enumerate(zip(m["raw"], m["leaflet"]), 1):
                    print(f"  run {run}:")
                    print(show("raw", raw, raw_stats))
                    print(show("leaflet", leaflet, stats))
                    ratios.append(leaflet / raw)
                    line = f"    leaflet / raw {leaflet / raw:.2f}x (target <= 1.1x)"
                    if "per_msgid" in m:
                        per = m["per_msgid"][run - 1]
                        speedups.append(per / leaflet)
                        line += (f"; argostranslate once per msgid {per:.2f} s: leaflet is "
                                 f"{per / leaflet:.1f}x faster (target >= 5x)")
                    print(line)
                print(f"  median of {len(ratios)} runs: leaflet / raw {statistics.median(ratios):.2f}x "
                      f"(runs {min(ratios):.2f}-{max(ratios):.2f}, raw {spread(m['raw'])})"
                      + (f"; {statistics.median(speedups):.1f}x faster than per msgid" if speedups else ""))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
