"""Our catalog layout is GNU gettext's: msgcat, msgmerge and Poedit would not reflow our files."""

from __future__ import annotations

import random
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest

from workflow.catalogs.pofile import write_catalog
from polib import POEntry as GettextEntry

BLOCKS = {"Devanagari": (0x0900, 0x097F), "Bengali": (0x0980, 0x09FF), "Gurmukhi": (0x0A00, 0x0A7F),
          "Gujarati": (0x0A80, 0x0AFF), "Oriya": (0x0B00, 0x0B7F), "Tamil": (0x0B80, 0x0BFF),
          "Telugu": (0x0C00, 0x0C7F), "Kannada": (0x0C80, 0x0CFF), "Malayalam": (0x0D00, 0x0D7F),
          "Arabic": (0x0600, 0x06FF)}
ENDINGS = ["", "", "", "", ",", ".", ":", "?", "!", ";", "।", "۔", "؟", "%"]
TOKENS = ["**", "*", "https://example.org/a-b/c", "%(name)s", "{count}", "90%", "(x)", "\"q\"", "-", "—",
          "0731 4675670", "+91 9827760073", "a/b", "x-ray", "[link](https://example.org)"]


def _word(rng: random.Random, letters: list[str], marks: list[str]) -> str:
    syllables = [rng.choice(letters) + (rng.choice(marks) if marks and rng.random() < 0.6 else "")
                 for _ in range(rng.randint(1, 4))]
    return "".join(syllables) + rng.choice(ENDINGS)


def _text(rng: random.Random, letters: list[str], marks: list[str], size: int) -> str:
    """Realistic prose: syllables of a letter and a mark, words, punctuation, markup, numbers."""
    words = [rng.choice(TOKENS) if rng.random() < 0.15 else _word(rng, letters, marks) for _ in range(size)]
    return " ".join(words)


@pytest.mark.parametrize("script", sorted(BLOCKS))
def test_layout_matches_msgcat(script: str, tmp_path: Path):
    low, high = BLOCKS[script]
    chars = [chr(c) for c in range(low, high + 1)]
    letters = [c for c in chars if unicodedata.category(c) in ("Lo", "Nd")] + list("abcxyz0123456789")
    marks = [c for c in chars if unicodedata.category(c) in ("Mn", "Mc")]
    rng = random.Random(script)
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "hi"}
    for i in range(300):
        text = _text(rng, letters, marks, rng.randint(1, 40)) + (f"\nline {i}" if i % 9 == 0 else "")
        entry = GettextEntry(msgid=f"{i} {text}", msgstr=text, comment="paragraph",
                             occurrences=[(f"source/articles/article-{j}.md", str(i)) for j in range(i % 8)])
        if i % 4 == 0:
            entry.flags, entry.previous_msgid = ["fuzzy"], text[: len(text) // 2]
        entry.obsolete = i % 13 == 0
        po.append(entry)
    ours = tmp_path / "ours.po"
    write_catalog(po, ours)
    theirs = tmp_path / "theirs.po"
    subprocess.run(["msgcat", "-o", str(theirs), str(ours)], check=True)
    assert theirs.read_text("utf-8") == ours.read_text("utf-8")
