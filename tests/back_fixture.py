"""Tiny but real back-translation models (Tamil and Urdu → English), NLLB-shaped, built in seconds.

The same CTranslate2 copy model as `nllb_fixture` (position-for-position copy, an output
projection that swaps pieces), trained the same way, but its swaps are whole sentences: each
sentence of the clinic's Tamil, Urdu and Hindi catalogs is one SentencePiece piece (a user-defined
symbol), which the model turns into the piece of the English sentence it translates. The
sentences are cut by the production splitter (`workflow.base.sentences`), so a model built here
back-translates only what the engine really sends it: a splitting error shows as an untranslated
sentence.

- `faithful`: the English exactly;
- `faulty`: the English with every "not" dropped and "500" turned into "50", the two errors
  that harm patients most (a lost negation, a changed dose).

A pytest plugin (`pytest_plugins` in conftest.py) for the `back_model`/`faulty_back_model` fixtures.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import polib
import pytest
from clinic import CLINIC, UFE
from mt_fixture import CORPUS, _copy_model
from nllb_fixture import LANGUAGE_TOKENS

from workflow.base.sentences import split_sentences

#: The catalogs whose sentences the models know.
CATALOGS = (("ta", UFE), ("ur", UFE), ("hi", UFE))


def faulty(english: str) -> str:
    """What the faulty model says instead of `english`: "not" dropped, 500 as 50."""
    return re.sub(r"\b500\b", "50", re.sub(r"\bnot\s+", "", english))


def _piece(sentence: str) -> str:
    return sentence.strip().replace(" ", "▁")


def sentence_pairs(root: Path = CLINIC) -> dict[str, str]:
    """Each sentence of the translations (as the engine receives it) → the English it renders.

    A translation with as many sentences as its English is paired sentence by sentence; one with
    a different number renders the whole English with its first sentence, the others nothing.
    """
    pairs: dict[str, str] = {}
    for lang, domain in CATALOGS:
        for entry in polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po")):
            if not entry.msgstr or entry.obsolete:
                continue
            for line_ta, line_en in zip(entry.msgstr.split("\n"), entry.msgid.split("\n")):
                ours = [s.strip() for s in split_sentences(line_ta, lang) if s.strip()]
                english = [s.strip() for s in split_sentences(line_en, "en") if s.strip()]
                if len(ours) != len(english):
                    english = [" ".join(english)] + [""] * (len(ours) - 1)
                pairs.update(zip(ours, english))
    return pairs


def build_back_model(dest: Path, *, broken: bool = False) -> Path:
    """Write the model folder `dest` (see the module doc) and return it."""
    import sentencepiece as spm

    pairs = sentence_pairs()
    words = {_piece(ours): _piece(faulty(en) if broken else en) or "" for ours, en in pairs.items()}
    symbols = sorted({"▁" + w for w in words} | {"▁" + w for w in words.values() if w})
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 3), model_writer=model, model_type="bpe",
        vocab_size=300, hard_vocab_limit=False, character_coverage=1.0, split_digits=True,
        bos_id=0, pad_id=1, eos_id=2, unk_id=3, minloglevel=2, user_defined_symbols=symbols)
    sp_model = model.getvalue()
    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    for ours in pairs:  # every sentence the engine sends is one piece the model knows
        assert sp.encode(ours, out_type=str) == ["▁" + _piece(ours)], ours
    # A sentence that renders nothing becomes the bare word boundary, which decodes to nothing.
    swaps = {ours: en for ours, en in words.items() if en}
    empty = {"▁" + ours: "▁" for ours, en in words.items() if not en}
    _copy_model(sp_model, swaps, dest, extra_tokens=LANGUAGE_TOKENS, pieces=empty,
                config={"add_source_eos": False, "decoder_start_token": "</s>"})
    (dest / "sentencepiece.bpe.model").write_bytes(sp_model)
    return dest


_CACHE: dict[bool, Path] = {}


def _cached(broken: bool, factory: pytest.TempPathFactory) -> Path:
    if broken not in _CACHE:
        name = "back-faulty" if broken else "back"
        _CACHE[broken] = build_back_model(factory.mktemp(name) / f"{name}-ct2", broken=broken)
    return _CACHE[broken]


@pytest.fixture
def back_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The faithful ta/ur→en model folder, built once per session."""
    return _cached(False, tmp_path_factory)


@pytest.fixture
def faulty_back_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ta/ur→en model that drops "not" and turns 500 into 50."""
    return _cached(True, tmp_path_factory)
