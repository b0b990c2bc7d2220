"""A tiny but real IndicTrans2-shaped CTranslate2 model, built in a fraction of a second.

The shape of AI4Bharat's CTranslate2 conversions as their `inference/engine.py` loads them:
`model.bin` and `config.json` with a source and a target vocabulary of their own, and the two
SentencePiece models in `vocab/model.SRC` and `vocab/model.TGT`. The source vocabulary has the
FLORES-200 language tags after the pieces (`eng_Latn tam_Taml` are written as source text);
the target vocabulary has none, and its word pieces are Devanagari, as IndicTrans2 writes
every Brahmic-script language. No byte fallback: a mask character is `<unk>`, which
CTranslate2's `replace_unknowns` copies.

The weights are mt_fixture's copy model, reading past the two tags: English pieces are copied
and a few words become Devanagari ("pain" → "दर्द"). A tiny model cannot read the target tag,
so `words=WORDS_UR` builds the one for Urdu, whose IndicTrans2 output is in its own script.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from mt_fixture import CORPUS, WORDS, _copy_model
from nllb_fixture import LANGUAGE_TOKENS

WORDS_UR = {"bone": "ہڈی", "pain": "درد", "patient": "مریض", "spine": "ریڑھ", "doctor": "ڈاکٹر",
            "cement": "سیمنٹ", "relief": "آرام"}


def _sentencepiece(symbols: list[str]) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 3), model_writer=model, model_type="bpe",
        vocab_size=300 + len(symbols), hard_vocab_limit=False, character_coverage=1.0, split_digits=True,
        bos_id=0, pad_id=1, eos_id=2, unk_id=3, minloglevel=2, user_defined_symbols=symbols)
    return model.getvalue()


def build_indictrans2(dest: Path, *, words: dict[str, str] | None = None) -> Path:
    """Write the model folder `dest` (see the module doc) and return it."""
    words = WORDS if words is None else words
    source = _sentencepiece(["▁" + w for w in words])
    target = _sentencepiece(["▁" + w for w in words] + ["▁" + w for w in words.values()])
    _copy_model(source, words, dest, extra_tokens=LANGUAGE_TOKENS, target_sp=target, skip=2,
                config={"decoder_start_token": "</s>"})
    (dest / "vocab").mkdir()
    (dest / "vocab" / "model.SRC").write_bytes(source)
    (dest / "vocab" / "model.TGT").write_bytes(target)
    return dest


_CACHE: dict[str, Path] = {}


def _cached(key: str, factory: pytest.TempPathFactory, **kwargs: object) -> Path:
    if key not in _CACHE:
        _CACHE[key] = build_indictrans2(factory.mktemp(key) / f"{key}-tiny-ct2", **kwargs)  # type: ignore[arg-type]
    return _CACHE[key]


@pytest.fixture
def indictrans2_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The IndicTrans2-shaped fixture model folder (Devanagari output), built once per session."""
    return _cached("indictrans2", tmp_path_factory)


@pytest.fixture
def indictrans2_ur_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same shape writing Urdu words in Arabic script."""
    return _cached("indictrans2-ur", tmp_path_factory, words=WORDS_UR)
