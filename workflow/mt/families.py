"""Model families of the CTranslate2 engine: how each turns text into tokens and back.

NLLB-200: one SentencePiece model, `eng_Latn pieces </s>` as source, the target language token
as decoder prefix; its language tokens are in the shared vocabulary.

IndicTrans2 (AI4Bharat, as its `inference/engine.py` runs its CTranslate2 conversions):
`model.bin` with `vocab/model.SRC` and `vocab/model.TGT`, separate SentencePiece models. The
tags `eng_Latn tam_Taml` are source text, so they live in the source vocabulary only, and
nothing is forced on the decoder. English is normalised and tokenised as Moses does
(sacremoses) before SentencePiece; the output is detokenised, and the Brahmic-script
languages, which the model writes in Devanagari, are moved to their own script
(`languages.from_devanagari`). Masks (`masking`) are kept out of Moses: only the text between
them is tokenised, so a mask stays where it was against its words. IndicTransToolkit's
IndicProcessor does the same steps but needs transformers<5, keeps its placeholders in a queue
across calls and rewrites Markdown, so these steps are done here with sacremoses and the registry.

The licence of each family's published weights is in `source.translation.LICENCES`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..base.files import MAX_CATALOG_BYTES, read_limited
from ..base.languages import from_devanagari, language
from ..source import translation

#: Masks are private-use characters (`masking`): Moses must not split or space them.
_MASK = re.compile("([\ue000-\uf8ff])")
#: Sentence ends that Moses's detokeniser does not know, and Perso-Arabic punctuation.
_SPACE_BEFORE = re.compile(r" +([।॥۔؟،])")


@dataclass(frozen=True)
class Decoding:
    """CTranslate2 decoding settings; the benchmark's raw baseline uses the same ones."""

    beam_size: int = 4
    length_penalty: float = 1.0
    max_decoding_length: int = 256
    max_input_length: int = 1024

    def options(self) -> dict[str, Any]:
        return {"beam_size": self.beam_size, "length_penalty": self.length_penalty,
                "max_decoding_length": self.max_decoding_length,
                "max_input_length": self.max_input_length, "replace_unknowns": True,
                "return_scores": True, "num_hypotheses": 1}


class Family(Protocol):
    """How one family of models is prepared, tokenised and decoded."""

    name: str
    decoding: Decoding

    def matches(self, folder: Path) -> bool:
        """Whether `folder` holds a model of this family."""
        ...

    def code(self, lang: str) -> str | None:
        """The model's name for a language, or None if the family does not know it."""
        ...

    def language_tokens(self, folder: Path) -> set[str]:
        """The vocabulary its language tokens live in (to see which languages a model covers)."""
        ...

    def load(self, folder: Path) -> None:
        """Load the tokenizer(s) of the model in `folder`."""
        ...

    def encode(self, sentences: list[str], source: str, target: str) -> list[list[str]]:
        ...

    def target_prefix(self, target: str) -> list[str] | None:
        ...

    def decode(self, tokens: list[str], target: str) -> str:
        ...


def read_vocabulary(folder: Path, *names: str) -> set[str]:
    """The first of the vocabulary files `names` (`.json` or `.txt`) in a CTranslate2 folder."""
    for name in names:
        for path in (folder / f"{name}.json", folder / f"{name}.txt"):
            if path.is_file():
                text = read_limited(path, MAX_CATALOG_BYTES, str(path)).decode("utf-8")
                return set(json.loads(text)) if path.suffix == ".json" else set(text.split("\n"))
    return set()


@dataclass
class NLLB:
    """NLLB-200: one SentencePiece model, `[src_lang] pieces </s>`, target language as prefix."""

    name: str = "nllb"
    decoding: Decoding = field(default_factory=Decoding)
    sp_file: str = "sentencepiece.bpe.model"
    _sp: Any = None

    def matches(self, folder: Path) -> bool:
        return (folder / self.sp_file).is_file()

    def code(self, lang: str) -> str | None:
        return language(lang).flores or None

    def language_tokens(self, folder: Path) -> set[str]:
        return read_vocabulary(folder, "shared_vocabulary", "target_vocabulary")

    def load(self, folder: Path) -> None:
        import sentencepiece as spm

        self._sp = spm.SentencePieceProcessor(model_file=str(folder / self.sp_file))

    def encode(self, sentences: list[str], source: str, target: str) -> list[list[str]]:
        code = self.code(source)
        pieces = self._sp.encode(sentences, out_type=str) if sentences else []
        return [[code, *p, "</s>"] for p in pieces]

    def target_prefix(self, target: str) -> list[str] | None:
        return [self.code(target)]

    def decode(self, tokens: list[str], target: str) -> str:
        if tokens and tokens[0] == self.code(target):
            tokens = tokens[1:]
        return self._sp.decode(tokens)


@dataclass
class IndicTrans2:
    """IndicTrans2's CTranslate2 conversions: `src tgt pieces` in, Devanagari out (module doc)."""

    name: str = "indictrans2"
    #: inference/engine.py's settings: beam 5, at most 256 tokens out; 256 positions in (a longer
    #: sentence would be cut, so its draft is refused as cut).
    decoding: Decoding = field(default_factory=lambda: Decoding(beam_size=5, max_input_length=256))
    _sp_src: Any = None
    _sp_tgt: Any = None
    _moses: dict[str, Any] = field(default_factory=dict)

    def matches(self, folder: Path) -> bool:
        return all((folder / "vocab" / f).is_file() for f in ("model.SRC", "model.TGT"))

    def code(self, lang: str) -> str | None:
        return language(lang).flores or None

    def language_tokens(self, folder: Path) -> set[str]:
        return read_vocabulary(folder, "source_vocabulary", "shared_vocabulary")

    def load(self, folder: Path) -> None:
        import sentencepiece as spm

        self._sp_src = spm.SentencePieceProcessor(model_file=str(folder / "vocab" / "model.SRC"))
        self._sp_tgt = spm.SentencePieceProcessor(model_file=str(folder / "vocab" / "model.TGT"))

    def _tool(self, kind: str, lang: str) -> Any:
        key = f"{kind}:{lang}"
        if key not in self._moses:
            import sacremoses

            self._moses[key] = {"normalize": sacremoses.MosesPunctNormalizer,
                                "tokenize": sacremoses.MosesTokenizer,
                                "detokenize": sacremoses.MosesDetokenizer}[kind](lang=lang)
        return self._moses[key]

    def normalise(self, sentence: str, source: str) -> str:
        """Moses's punctuation normalisation and tokenisation of the text between the masks."""
        normalizer, tokenizer = self._tool("normalize", source), self._tool("tokenize", source)
        parts = _MASK.split(sentence)
        for i in range(0, len(parts), 2):
            core = parts[i].strip()
            if core:
                text = " ".join(tokenizer.tokenize(normalizer.normalize(core), escape=False))
                parts[i] = parts[i][:len(parts[i]) - len(parts[i].lstrip())] + text \
                    + parts[i][len(parts[i].rstrip()):]
        return "".join(parts).strip()

    def encode(self, sentences: list[str], source: str, target: str) -> list[list[str]]:
        tags = [self.code(source), self.code(target)]
        texts = [self.normalise(s, source) for s in sentences]
        pieces = self._sp_src.encode(texts, out_type=str) if texts else []
        return [[*tags, *p] for p in pieces]

    def target_prefix(self, target: str) -> list[str] | None:
        return None

    def decode(self, tokens: list[str], target: str) -> str:
        """Pieces joined as engine.py joins them, detokenised, in the target's own script."""
        text = "".join(tokens).replace("▁", " ").strip()
        detokenizer = self._tool("detokenize", target)
        parts = _MASK.split(from_devanagari(text, target))
        for i in range(0, len(parts), 2):
            core = parts[i].strip()
            if core:
                parts[i] = parts[i][:len(parts[i]) - len(parts[i].lstrip())] \
                    + detokenizer.detokenize(core.split()) + parts[i][len(parts[i].rstrip()):]
        text = _SPACE_BEFORE.sub(r"\1", "".join(parts))
        if target == "or":  # engine.py: the transliteration writes ଯ଼ for ୟ
            text = text.replace("ଯ଼", "ୟ")
        return unicodedata.normalize("NFC", text)


#: Model families by name (site.toml's `family`); the first whose files match is the default.
FAMILIES: dict[str, type] = {"nllb": NLLB, "indictrans2": IndicTrans2}
assert tuple(FAMILIES) == translation.FAMILIES, "source.translation.FAMILIES names the families"
