"""A CTranslate2 sequence-to-sequence model as a translation engine: NLLB-200 or IndicTrans2.

Argos publishes English→Indic models for Hindi, Bengali and Urdu only; NLLB-200 covers all
eleven target languages. A model is a CTranslate2 folder (`model.bin`, `config.json`, the
vocabulary) with its SentencePiece model, as `ct2-transformers-converter --model
facebook/nllb-200-distilled-600M --copy_files sentencepiece.bpe.model` writes it.

How a model family turns text into tokens and back is a `Family` (`families`): NLLB-200, and
IndicTrans2 with its own normalisation, script unification and separate source and target
SentencePiece models; translate.py does not change for either.

Batching is `batching`'s, shared with Argos: every distinct sentence of a run, sorted by
length, in batches of 32 with a decoding limit from each batch's longest sentence, one model load. English is split into sentences with pysbd (rule-based,
pure Python), every other language (back-translation) by the registry's sentence-end marks
(`base.sentences`; pysbd raises on Tamil): no stanza, no torch. ctranslate2, sentencepiece and
pysbd are imported inside functions, so extract, check and publish never load them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from ..base.errors import InputError, MissingModelError
from ..base.sentences import split_sentences
from ..source.translation import LICENCES, UNKNOWN
from .argos import Translation, _threads
from .batching import Decoded, Progress, Stats, decode, paragraph_sentences, score
from .families import FAMILIES, Decoding, Family, read_vocabulary

__all__ = ["FAMILIES", "CT2Engine", "Decoding", "Family", "covered", "family_for", "install_model"]

#: A sentence can end inside a paragraph only at one of these followed by a space.
_MAY_END_INSIDE = re.compile(r"[.!?…]['\"”’)\]]*\s")

MODEL_FILES = ("model.bin", "config.json")


def is_model_folder(folder: Path) -> bool:
    return all((folder / f).is_file() for f in MODEL_FILES) and bool(
        read_vocabulary(folder, "shared_vocabulary", "target_vocabulary"))


def family_for(folder: Path, name: str | None = None) -> Family:
    """The family named in site.toml, or the first whose files are in `folder`."""
    if name is not None:
        return FAMILIES[name]()
    for cls in FAMILIES.values():
        family = cls()
        if family.matches(folder):
            return family
    raise InputError(f"not a model of a known family ({', '.join(FAMILIES)}): an NLLB-200 folder has "
                     "sentencepiece.bpe.model beside model.bin, an IndicTrans2 one vocab/model.SRC and "
                     "vocab/model.TGT", str(folder))


def covered(folder: Path, family: Family, langs: Sequence[str]) -> list[str]:
    """The languages of `langs` whose language token the model has."""
    vocab = family.language_tokens(folder)
    return [lang for lang in langs if (code := family.code(lang)) and code in vocab]


def resolve_device(device: str) -> str:
    """`auto`: a CUDA GPU when CTranslate2 sees one, else the CPU."""
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


class CT2Engine:
    """A CTranslate2 model of a `Family`, for one language pair, translated in large batches."""

    def __init__(self, folder: Path, source: str, target: str, *, family: Family | None = None,
                 device: str = "auto", compute_type: str = "default", label: str | None = None):
        self.folder = folder
        self.source = source
        self.target = target
        self.family = family or family_for(folder)
        self.device = device
        self.compute_type = compute_type
        self.label = label or folder.name
        self.licence = LICENCES.get(self.family.name, UNKNOWN)
        self._translator: Any = None
        self._splitter: Any = None
        tokens = self.family.language_tokens(folder)
        #: what this engine asked of the model so far (the benchmark prints it)
        self.stats = Stats()
        for lang in (source, target):
            code = self.family.code(lang)
            if code is None or code not in tokens:
                raise MissingModelError(
                    f"the {self.family.name} model {folder} has no language token for {lang}"
                    + (f" ({code})" if code else "") + ": it does not cover this language; give "
                    f"{target} another model or engine in [translation] of source/site.toml")

    @property
    def provenance(self) -> str:
        return f"{self.family.name} {self.source}→{self.target} {self.label} ({self.licence})"

    def _load(self) -> None:
        if self._translator is None:
            import ctranslate2

            inter, intra = _threads(1, 0)
            device = resolve_device(self.device)
            self._translator = ctranslate2.Translator(
                str(self.folder), device=device, compute_type=self.compute_type,
                inter_threads=inter, intra_threads=intra)
            self.family.load(self.folder)

    def split(self, paragraph: str) -> list[str]:
        """Sentences with their trailing whitespace: joined, they give the paragraph back."""
        if self.source != "en":  # pysbd raises on Tamil and most of our languages
            return split_sentences(paragraph, self.source)
        if not paragraph.strip() or not _MAY_END_INSIDE.search(paragraph.rstrip()):
            return [paragraph]  # no sentence end before the last word: one sentence (pysbd is slow)
        if self._splitter is None:
            import pysbd

            self._splitter = pysbd.Segmenter(language=self.source, clean=False)
        return self._splitter.segment(paragraph)

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        return [t.text for t in self.translate_scored(texts, progress)]

    def translate_scored(self, texts: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        self._load()
        paragraphs = paragraph_sentences(texts, self.split)
        sentences = list(dict.fromkeys(s.strip() for ss in paragraphs.values() for s in ss if s.strip()))
        decoding = self.family.decoding
        encoded = self.family.encode(sentences, self.source, self.target)
        decoded = dict(zip(sentences, decode(
            self._translator, encoded, prefix=self.family.target_prefix(self.target),
            options=decoding.options(), progress=progress, stats=self.stats)))
        for sentence, tokens in zip(sentences, encoded):
            if len(tokens) > decoding.max_input_length:  # the model saw only the start
                decoded[sentence] = replace(decoded[sentence], cut=True)

        def paragraph_value(paragraph: str) -> tuple[str, list[Decoded]]:
            out, used = [], []
            for sentence in paragraphs[paragraph]:
                core = sentence.strip()
                if not core:
                    out.append(sentence)
                    continue
                used.append(decoded[core])
                out.append(self.family.decode(decoded[core].tokens, self.target)
                           + sentence[len(sentence.rstrip()):])
            return "".join(out).strip(), used

        values = {p: paragraph_value(p) for p in paragraphs}
        translations = []
        for text in texts:
            parts = [values[p] for p in text.split("\n")]
            used = [d for p in parts for d in p[1]]
            translations.append(Translation("\n".join(p[0] for p in parts), score(used),
                                            any(d.cut for d in used)))
        return translations


# ---------------------------------------------------------------- installing model folders

@dataclass(frozen=True)
class InstalledModel:
    name: str
    folder: Path
    family: str

    @property
    def licence(self) -> str:
        return LICENCES.get(self.family, UNKNOWN)


def installed_folders(models: Path) -> list[InstalledModel]:
    """The CTranslate2 models in `models`, each with its family (`unknown` if none matches)."""
    found = []
    for folder in sorted(models.iterdir()) if models.is_dir() else []:
        if folder.is_dir() and not folder.name.startswith("."):
            try:
                family = family_for(folder).name
            except InputError:
                family = UNKNOWN
            found.append(InstalledModel(folder.name, folder, family))
    return found


def _model_root(top: Path) -> Path | None:
    """`top` or the one folder inside it that holds model.bin and config.json."""
    if is_model_folder(top):
        return top
    inner = [p for p in top.iterdir() if p.is_dir()] if top.is_dir() else []
    return inner[0] if len(inner) == 1 and is_model_folder(inner[0]) else None


def _unpack(path: Path, dest: Path) -> None:
    import tarfile
    import zipfile

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if any(n.startswith("/") or ".." in Path(n).parts for n in archive.namelist()):
                raise InputError("refusing an archive with absolute or parent paths", str(path))
            archive.extractall(dest)
    elif tarfile.is_tarfile(path):
        with tarfile.open(path) as archive:
            try:
                archive.extractall(dest, filter="data")
            except tarfile.FilterError as exc:
                raise InputError(f"refusing an unsafe archive member: {exc}", str(path)) from None
    else:
        raise InputError("not a CTranslate2 model: give its folder, or a .tar.gz, .tar or .zip of it",
                         str(path))


def install_model(path: Path, models: Path) -> InstalledModel:
    """Copy a CTranslate2 model folder (or unpack an archive of one) into `models`/<name>.

    Checked first: the CTranslate2 files, the vocabulary and a known family's tokenizer. An
    installed model of the same name is replaced only once the new one is complete.
    """
    import shutil
    import tempfile

    if not path.exists():
        raise InputError("no such file or folder", str(path))
    models.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models, prefix=".installing-") as tmp:
        work = Path(tmp)
        if path.is_dir():
            source = path
        else:
            _unpack(path, work / "unpacked")
            found = _model_root(work / "unpacked")
            if found is None:
                raise InputError("no CTranslate2 model in the archive (model.bin, config.json and "
                                 "the vocabulary in its top folder)", str(path))
            source = found
        if not is_model_folder(source):
            raise InputError("not a CTranslate2 model folder: model.bin, config.json and a vocabulary "
                             "file are needed", str(path))
        family = family_for(source)
        name = (path.name if path.is_dir() else source.name)
        if name == "unpacked":
            name = path.name.split(".")[0]
        staged = work / name
        shutil.copytree(source, staged)
        target = models / name
        if target.exists():
            old = work / ".old"
            target.rename(old)
        staged.rename(target)
    return InstalledModel(name, target, family.name)
