"""A tiny but real NLLB-shaped CTranslate2 model, built in a fraction of a second.

The shape of `ct2-transformers-converter --model facebook/nllb-200-… --copy_files
sentencepiece.bpe.model`: a CTranslate2 folder with `sentencepiece.bpe.model` beside it,
fairseq's special tokens first (`<s> <pad> </s> <unk>`), the FLORES-200 language tokens after
the SentencePiece pieces, `</s>` as decoder start token, and no automatic source `</s>`
(the caller writes `eng_Latn … </s>` and gives the target language as decoder prefix).

The weights are mt_fixture's copy model: every piece is copied except a few English words,
which become Marathi ("pain" → "वेदना"); it is unsure of "relief", so drafts with that word
score lower. The SentencePiece model has no byte fallback, as
NLLB's has none: a mask character is `<unk>`, which CTranslate2's `replace_unknowns` copies.

`faulty=True` builds the same model with the first mask characters as tokens of its own
that come out wrong, as real models do: U+E000 and U+E001 swap places, U+E002 is dropped.
`looping=True` builds one that writes "pain" where it should stop, so it never stops: the
sentence again and again, as a broken or randomly initialised model does.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from mt_fixture import CORPUS, _copy_model

from workflow.base.languages import LANGUAGES

WORDS_MR = {"bone": "हाड", "pain": "वेदना", "patient": "रुग्ण", "spine": "मणका",
            "doctor": "डॉक्टर", "cement": "सिमेंट", "relief": "आराम"}

#: NLLB's language tokens for English and every language of `workflow.base.languages`.
LANGUAGE_TOKENS = ("eng_Latn",) + tuple(sorted(lang.flores for lang in LANGUAGES.values()))


#: The model is less sure of these words: drafts with them score lower.
HESITANT = {"▁relief": 0.9}

FAULTY_MASKS = {"\ue000": "\ue001", "\ue001": "\ue000", "\ue002": "▁"}


def _sentencepiece(words: dict[str, str]) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 3), model_writer=model, model_type="bpe",
        vocab_size=300, hard_vocab_limit=False, character_coverage=1.0, split_digits=True,
        bos_id=0, pad_id=1, eos_id=2, unk_id=3, minloglevel=2,
        user_defined_symbols=["▁" + w for w in words] + ["▁" + w for w in words.values()])
    return model.getvalue()


def build_nllb(dest: Path, *, faulty: bool = False, looping: bool = False, words: dict[str, str] | None = None,
               languages: tuple[str, ...] = LANGUAGE_TOKENS, layers: tuple[int, int] = (1, 1),
               d_model: int | None = None, ffn: int = 4, vocab_size: int = 0) -> Path:
    """Write the model folder `dest` (see the module doc) and return it."""
    words = WORDS_MR if words is None else words
    sp_model = _sentencepiece(words)
    extra = languages + (tuple(FAULTY_MASKS) if faulty else ())
    pieces = (FAULTY_MASKS if faulty else {}) | ({"</s>": "▁pain"} if looping else {})
    _copy_model(sp_model, words, dest, layers=layers, d_model=d_model, ffn=ffn, vocab_size=vocab_size,
                extra_tokens=extra, pieces=pieces or None, hesitant=HESITANT,
                config={"add_source_eos": False, "decoder_start_token": "</s>"})
    (dest / "sentencepiece.bpe.model").write_bytes(sp_model)
    return dest


def archive(folder: Path, dest: Path) -> Path:
    """`folder` as a .tar.gz with the folder on top, as a model is passed from centre to centre."""
    path = dest / f"{folder.name}.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.add(folder, arcname=folder.name)
    return path


_CACHE: dict[str, Path] = {}


def _cached(key: str, factory: pytest.TempPathFactory, **kwargs: object) -> Path:
    if key not in _CACHE:
        _CACHE[key] = build_nllb(factory.mktemp(key) / "nllb-tiny-ct2", **kwargs)  # type: ignore[arg-type]
    return _CACHE[key]


@pytest.fixture
def nllb_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The NLLB-shaped fixture model folder, built once per test session."""
    return _cached("nllb", tmp_path_factory)


@pytest.fixture
def looping_nllb_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture model that never stops."""
    return _cached("nllb-looping", tmp_path_factory, looping=True)


@pytest.fixture
def faulty_nllb_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture model that swaps the first two masks and drops the third."""
    return _cached("nllb-faulty", tmp_path_factory, faulty=True)

