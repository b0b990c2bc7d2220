"""A tiny but real Argos Translate package, built in memory in a fraction of a second.

No model can be downloaded where the tests run, and argostranslate must not be mocked, so
this builds a genuine `.argosmodel`:

- a SentencePiece BPE model trained on a few lines, with byte fallback (any Devanagari or
  private-use character is encodable) and whole-word pieces for a few English words and
  their Hindi translations;
- a CTranslate2 Transformer whose numpy weights copy the source: tokens are one-hot in
  their own dimensions, positions are a binary code in dimensions apart, cross-attention
  matches equal positions, self-attention and feed-forward are zero, and the output
  projection maps the English word pieces to the Hindi ones ("pain" → "दर्द");
- a MiniSBD sentence splitter as a minimal ONNX graph with MiniSBD's inputs (`units`,
  `features`): it ends a sentence at `.`, `!` or `?` followed by a space;

all zipped under one top folder with `metadata.json`, as argospm packages are.

A pytest plugin (`pytest_plugins` in conftest.py) for its fixtures; benchmarks import the builders.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import string
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent

#: English word pieces the fixture model translates; every other piece is copied.
WORDS = {"bone": "हड्डी", "pain": "दर्द", "patient": "मरीज़", "spine": "रीढ़",
         "doctor": "डॉक्टर", "cement": "सीमेंट", "relief": "राहत"}

#: The lines the fixtures' SentencePiece models are trained on.
CORPUS = [
    "The patient has back pain after a fall.",
    "Bone cement is injected into the vertebra.",
    "The doctor explains the procedure to the patient.",
    "Pain relief is often quick, and most patients go home the same day.",
    " ".join(string.ascii_letters + string.digits + string.punctuation),
]


def _sentencepiece(words: dict[str, str]) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 3), model_writer=model, model_type="bpe",
        vocab_size=400, hard_vocab_limit=False, byte_fallback=True, character_coverage=1.0,
        split_digits=True, minloglevel=2,
        user_defined_symbols=["▁" + w for w in words] + ["▁" + w for w in words.values()])
    return model.getvalue()


def _copy_model(sp_model: bytes, words: dict[str, str], out: Path, *, layers: tuple[int, int] = (1, 1),
                d_model: int | None = None, ffn: int = 4, vocab_size: int = 0,
                extra_tokens: tuple[str, ...] = (), pieces: dict[str, str] | None = None,
                config: dict[str, object] | None = None, hesitant: dict[str, float] | None = None,
                target_sp: bytes | None = None, skip: int = 0) -> None:
    """Save a CTranslate2 model that copies its input and swaps `words` (see the module doc).

    `layers`, `d_model`, `ffn` and `vocab_size` (extra never-produced target tokens) only add
    computation, so the benchmark can run a model the size of a real Argos package.
    `extra_tokens` are vocabulary entries beyond the SentencePiece pieces (NLLB's language
    tokens), `pieces` more output swaps by piece, `config` the model's token settings, and
    `hesitant` pieces whose swap the model is less sure of (the weight left on copying them).
    `target_sp` gives the target side a vocabulary of its own (IndicTrans2: the source's extra
    tokens stay on the source side), and the decoder copies from `skip` positions further on
    (past IndicTrans2's two language tags).
    """
    import numpy as np
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + list(extra_tokens)
    target = vocab
    if target_sp is not None:
        tsp = spm.SentencePieceProcessor(model_proto=target_sp)
        target = [tsp.id_to_piece(i) for i in range(tsp.get_piece_size())]
        vocab = vocab + [t for t in target if t not in set(vocab)]  # the dimensions: every token once
    v, bits = len(vocab), 9  # 512 positions
    vocab += [f"<unused{i}>" for i in range(vocab_size - v)]
    d = max(d_model or 0, v + 2 * bits)
    f32 = np.float32
    tok = np.zeros(d, f32)
    tok[:v] = 1
    pos = np.zeros(d, f32)
    pos[v:v + 2 * bits] = 1
    emb = np.zeros((len(vocab), d), f32)
    emb[np.arange(v), np.arange(v)] = 1
    codes = np.zeros((2 ** bits, d), f32)
    for p in range(2 ** bits):
        for k in range(bits):
            codes[p, v + 2 * k + ((p >> k) & 1)] = 1  # each bit as a pair: same mean and norm

    def norm(spec) -> None:  # noqa: ANN001
        spec.gamma = np.ones(d, f32)
        spec.beta = np.zeros(d, f32)

    spec = transformer_spec.TransformerSpec.from_config(layers, 1, alignment_layer=0)
    spec.config.add_source_eos = True
    for key, value in (config or {}).items():
        setattr(spec.config, key, value)
    for part in (spec.encoder, spec.decoder):
        part.scale_embeddings = False
        part.position_encodings.encodings = codes
        norm(part.layer_norm)
    spec.decoder.position_encodings.encodings = np.roll(codes, -skip, axis=0)
    dim = {t: i for i, t in enumerate(vocab)}
    source = vocab if target_sp is None else vocab[:sp.get_piece_size() + len(extra_tokens)]
    spec.encoder.embeddings[0].weight = emb[[dim[t] for t in source]]
    spec.decoder.embeddings.weight = emb[[dim[t] for t in target]]
    for layer in [*spec.encoder.layer, *spec.decoder.layer]:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = np.zeros((3 * d, d), f32)
        layer.self_attention.linear[1].weight = np.zeros((d, d), f32)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = np.zeros((ffn, d), f32)
        layer.ffn.linear_1.weight = np.zeros((d, ffn), f32)
    for i, layer in enumerate(spec.decoder.layer):
        cross = layer.attention
        norm(cross.layer_norm)
        first = i == 0  # only the first layer copies; the others add nothing
        cross.linear[0].weight = np.diag(15.0 * pos) if first else np.zeros((d, d), f32)
        cross.linear[1].weight = np.concatenate([np.diag(pos), np.diag(tok if first else 0 * tok)])
        cross.linear[2].weight = np.diag(tok).astype(f32)
    projection = np.zeros((len(target), d), f32)
    row = {t: i for i, t in enumerate(target)}
    for t, i in row.items():
        if t in dim and dim[t] < v:
            projection[i, dim[t]] = 1
    swaps = {"▁" + en: "▁" + hi for en, hi in words.items()} | (pieces or {})
    for en, hi in swaps.items():
        if en in row:
            projection[row[en], dim[en]] = (hesitant or {}).get(en, 0)
        projection[row[hi], dim[en]] = 1
    spec.decoder.projection.weight = projection
    spec.register_source_vocabulary(source)
    spec.register_target_vocabulary(target)
    spec.validate()
    spec.optimize()
    out.mkdir(parents=True, exist_ok=True)
    spec.save(str(out))


def _minisbd_onnx(out: Path) -> None:
    """A MiniSBD model: per character, class 1 (token end), or 2 (sentence end) for .!? + space."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    units = ["<PAD>", "<UNK>"] + list(" " + string.ascii_letters + string.digits + string.punctuation)
    ids = {u: i for i, u in enumerate(units)}
    here = np.zeros((len(units), 5), np.float32)
    here[:, 1] = 1.5
    for c in ".!?":
        here[ids[c], 2] = 1.0
    after = np.zeros((len(units), 5), np.float32)
    after[ids[" "], 2] = 1.0
    nodes = [
        helper.make_node("Gather", ["here_table", "units"], ["here"]),
        helper.make_node("Slice", ["units", "one", "end", "one"], ["tail"]),
        helper.make_node("Slice", ["units", "zero", "one", "one"], ["first"]),
        helper.make_node("Mul", ["first", "zero"], ["pad"]),
        helper.make_node("Concat", ["tail", "pad"], ["next_units"], axis=1),
        helper.make_node("Gather", ["after_table", "next_units"], ["after"]),
        helper.make_node("MatMul", ["features", "feature_weights"], ["from_features"]),
        helper.make_node("Add", ["here", "after"], ["sum"]),
        helper.make_node("Add", ["sum", "from_features"], ["logits"]),
    ]
    initializers = [
        numpy_helper.from_array(here, "here_table"),
        numpy_helper.from_array(after, "after_table"),
        numpy_helper.from_array(np.array([0], np.int64), "zero"),
        numpy_helper.from_array(np.array([1], np.int64), "one"),
        numpy_helper.from_array(np.array([2 ** 62], np.int64), "end"),
        numpy_helper.from_array(np.zeros((1, 5), np.float32), "feature_weights"),
    ]
    graph = helper.make_graph(
        nodes, "sentence-boundaries",
        [helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "length"]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "length", 1])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", 5])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    config = {"feat_funcs": ["space_before"], "max_seqlen": 1000, "batch_size": 1,
              "skip_newline": False, "use_dictionary": False, "num_dict_feat": 0}
    vocab = {"lang": "en", "idx": 0, "cutoff": 0, "lower": False, "_unit2id": ids, "_id2unit": units}
    helper.set_model_props(model, {"lang_code": "en", "config": json.dumps(config),
                                   "vocab": json.dumps(vocab), "lexicon": "null"})
    onnx.checker.check_model(model)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(out))


def build_argosmodel(dest: Path, *, to_code: str = "hi", to_name: str = "Hindi", version: str = "1.0",
                     words: dict[str, str] | None = None, layers: tuple[int, int] = (1, 1),
                     d_model: int | None = None, ffn: int = 4, vocab_size: int = 0) -> Path:
    """Write `translate-en_<to>-<version>.argosmodel` into `dest` and return its path."""
    words = WORDS if words is None else words
    name = f"translate-en_{to_code}-{version.replace('.', '_')}"
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp) / name
        top.mkdir()
        sp_model = _sentencepiece(words)
        (top / "sentencepiece.model").write_bytes(sp_model)
        _copy_model(sp_model, words, top / "model", layers=layers, d_model=d_model, ffn=ffn,
                    vocab_size=vocab_size)
        _minisbd_onnx(top / "minisbd" / "en.onnx")
        (top / "metadata.json").write_text(json.dumps({
            "package_version": version, "argos_version": "1.11", "type": "translate",
            "from_code": "en", "from_name": "English", "to_code": to_code, "to_name": to_name,
            "links": [f"http://127.0.0.1/{name}.argosmodel"],
        }), encoding="utf-8")
        dest.mkdir(parents=True, exist_ok=True)
        archive = dest / f"{name}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for path in sorted(top.rglob("*")):
                zf.write(path, path.relative_to(tmp).as_posix())
    return archive


@dataclass(frozen=True)
class ArgosHome:
    """A private Argos data directory: the environment that points argostranslate at it."""

    root: Path

    @property
    def packages(self) -> Path:
        return self.root / "packages"

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "XDG_DATA_HOME": str(self.root / "data"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "ARGOS_PACKAGES_DIR": str(self.packages),
            "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",  # nothing listens there: never the network
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        })
        env.update(extra)
        return env

    def run_python(self, code: str, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        """Run Python in a fresh process that imports argostranslate with this home's settings."""
        return subprocess.run([sys.executable, "-c", code, *args], env=self.env(**extra_env),
                              capture_output=True, text=True, timeout=300)


def new_home(root: Path) -> ArgosHome:
    home = ArgosHome(root)
    for sub in ("data", "config", "cache", "packages"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return home


INSTALL = "import sys; from argostranslate import package; package.install_from_path(sys.argv[1])"


def install(home: ArgosHome, model: Path) -> None:
    """Install with argostranslate.package.install_from_path, in a process reading `home`'s settings."""
    result = home.run_python(INSTALL, str(model))
    assert result.returncode == 0, result.stderr


def import_argos_isolated(home: ArgosHome) -> None:
    """Import argostranslate in this process with its directories under `home`.

    argostranslate reads XDG_* and ARGOS_* once, when `argostranslate.settings` is
    imported (and creates its directories then); the environment is restored afterwards.
    The engine reads ARGOS_PACKAGES_DIR again at run time, so tests set that per test.
    """
    if "argostranslate.settings" in sys.modules:
        return
    saved = dict(os.environ)
    try:
        os.environ.update({k: v for k, v in home.env().items() if k != "PYTHONPATH"})
        # Imported for its side effect: argostranslate.settings reads the environment now.
        import argostranslate.package  # noqa: F401
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def argos_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture `.argosmodel` (en→hi), built once per test session."""
    return build_argosmodel(tmp_path_factory.mktemp("argosmodel"))


@pytest.fixture(scope="session")
def installed_argos_home(argos_model: Path, tmp_path_factory: pytest.TempPathFactory) -> ArgosHome:
    """An Argos home with the fixture model installed, once per test session."""
    home = new_home(tmp_path_factory.mktemp("argos-home"))
    install(home, argos_model)
    return home


@pytest.fixture
def argos_home(installed_argos_home: ArgosHome, monkeypatch: pytest.MonkeyPatch) -> ArgosHome:
    """The installed Argos home, active for this test."""
    import_argos_isolated(installed_argos_home)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(installed_argos_home.packages))
    return installed_argos_home


@pytest.fixture
def empty_argos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ArgosHome:
    """An Argos home with no model installed, active for this test."""
    home = new_home(tmp_path / "argos-empty")
    import_argos_isolated(home)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home.packages))
    return home


# ---------------------------------------------------------------- a project to translate

from workflow import catalogs  # noqa: E402 - the MT helpers above import none of it

from workflow.catalogs import extract  # noqa: E402 - the MT helpers above import none of it

from workflow.catalogs import merge  # noqa: E402 - the MT helpers above import none of it
from workflow.catalogs.pofile import read_catalog  # noqa: E402
from workflow.catalogs.repository import catalog_path

SAMPLE = """---
title: Pain relief after a spine fracture
description: What the doctor does, in 3 steps.
---
# Pain relief after a spine fracture

**Immediate pain relief:** most patients feel better within 24 hours.

Take 500 mg of paracetamol every 6 hours, and call 0731 4675670 if the pain gets worse.

See [our kyphoplasty guide](https://cvic.example/kyphoplasty_guide) or write to care@cvic.example.

Use `bone_cement` only as the doctor says. Keep the wound dry!

Bone cement sets in 10 minutes.

| Aspect | Kyphoplasty |
|---|---|
| Pain | Less after 2-3 days |

Indore

Rest for a day.

Walk a little every day.

{long} and take 5 mg.
""".replace("{long}", "a " * 300)

GLOSSARY = REPO / "tests" / "data" / "glossary.csv"


@pytest.fixture
def mt_project(tmp_path: Path) -> Path:
    """The bundled site with only a sample article, fresh hi and mr catalogs and the test glossary."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "source", root / "source", ignore=shutil.ignore_patterns("*.md"))
    (root / "source" / "articles" / "mt-sample.md").write_text(SAMPLE, encoding="utf-8")
    extract.run(root)
    for lang in ("hi", "mr"):
        merge.init_catalogs(root, lang)
    shutil.copy(GLOSSARY, root / "locales" / "hi" / "glossary.csv")
    return root


def po(root: Path, domain: str = "mt-sample", lang: str = "hi") -> polib.POFile:
    return read_catalog(catalog_path(root, lang, domain), root)


def entry(catalog: polib.POFile, start: str) -> polib.POEntry:
    found = [e for e in catalogs.active(catalog) if e.msgid.startswith(start)]
    assert len(found) == 1, [e.msgid for e in found]
    return found[0]
