"""`update` after a sequence of edits of an article: each entry's translation, fuzzy flag and
`#| msgid` (the text the translation was made for) as GNU `msgmerge --previous` writes them.

Each example edits one sentence a word at a time (edit, update, edit, update ...) and merges
both ways after every edit; examples are few and small so the test stays fast in CI.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.catalogs.merge import merge, new_catalog
from workflow.catalogs.pofile import Message, build_template, dumps

#: Sentences with no word in common, so each edit has one clear nearest translation.
SENTENCES = [
    "Keep the dressing dry for two days after the biopsy",
    "Call the clinic at once if bleeding soaks through bandage",
    "Most patients walk around their room within four hours",
    "Avoid lifting heavy shopping bags during next week",
]
TRANSLATIONS = ["पट्टी दो दिन सूखी रखें", "खून आए तो तुरंत फ़ोन करें", "चार घंटे में चलें", "भारी सामान न उठाएँ"]
EXTRA_WORDS = ["gently", "always", "please", "carefully", "also", "usually"]
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _template(texts: list[str]) -> polib.POFile:
    return build_template("care", [Message(t, [("source/articles/care.md", i + 1)]) for i, t in enumerate(texts)],
                          CREATED)


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[int, str, int, str]]:
    """(sentence, kind, word position, word) for each edit of the sequence."""
    steps = []
    for _ in range(draw(st.integers(2, 4))):
        steps.append((draw(st.integers(0, len(SENTENCES) - 1)),
                      draw(st.sampled_from(["replace", "insert", "delete"])),
                      draw(st.integers(0, 9)), draw(st.sampled_from(EXTRA_WORDS))))
    return steps


def _apply(text: str, kind: str, position: int, word: str) -> str:
    words = text.split()
    position %= len(words)
    if kind == "replace":
        words[position] = word
    elif kind == "insert":
        words.insert(position, word)
    elif len(words) > 6:
        del words[position]
    return " ".join(words)


def _msgmerge(catalog: Path, template: polib.POFile, folder: Path) -> Path:
    pot, out = folder / "care.pot", folder / f"{catalog.stem}+.po"
    pot.write_text(dumps(template), encoding="utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(catalog), str(pot)],
                   check=True, timeout=30)
    return out


def _states(catalog: polib.POFile) -> dict[tuple[bool, str], tuple[str, bool, str | None]]:
    return {(e.obsolete, e.msgid): (e.msgstr, e.fuzzy, e.previous_msgid) for e in catalog if e.msgid}


def _start() -> polib.POFile:
    catalog = new_catalog(_template(SENTENCES), "hi", "care")
    for entry, translation in zip(catalog, TRANSLATIONS):
        entry.msgstr = translation
    return catalog


def test_a_second_edit_keeps_the_text_the_translation_was_made_for() -> None:
    ours = _start()
    texts = list(SENTENCES)
    for new in ("Keep the dressing dry for three days after the biopsy",
                "Keep the dressing clean and dry for three days after the biopsy"):
        texts[0] = new
        ours = merge(ours, _template(texts))
    entry = ours.find(texts[0])
    assert entry.fuzzy and entry.msgstr == TRANSLATIONS[0]
    assert entry.previous_msgid == SENTENCES[0]


@settings(max_examples=25, deadline=None)
@given(steps=edits())
def test_previous_msgid_after_any_edit_sequence_is_what_msgmerge_writes(steps: list[tuple[int, str, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ours = _start()
        theirs = folder / "hi.po"
        theirs.write_text(dumps(ours), encoding="utf-8")
        texts = list(SENTENCES)
        for index, kind, position, word in steps:
            texts[index] = _apply(texts[index], kind, position, word)
            template = _template(texts)
            ours = merge(ours, template)
            theirs = _msgmerge(theirs, template, folder)
            assert _states(ours) == _states(polib.pofile(str(theirs))), steps
