"""A text layer that reads back as the text: `/ActualText` for every shaped line WeasyPrint draws.

WeasyPrint tells PDF readers what a glyph means through the font's ToUnicode map, one text per
glyph id, whichever cluster used the glyph first. Indic shaping reorders and ligates: the glyph
of प drawn in पि maps to "पि" for the rest of the document, the vowel sign before it to nothing,
and conjuncts fall apart, so search, copy-paste and screen readers get "पिीठ ददर्द" for पीठ दर्द.
A map cannot say that one glyph means different text in different places; a marked-content span
with `/ActualText` (ISO 32000-1, 14.9.4) can, and readers use its text instead of the glyphs'.

`actual_text()` wraps WeasyPrint's `draw_first_line`, which writes the glyphs of one line of one
text box, so that the glyphs of each word that needs it are written inside
`/Span <</ActualText (the word)>> BDC … EMC`: a span per word keeps each word's place on the
page for selection and search highlights. The words that need it are the ones in a script
that shapes (see `needs_actual_text`), Urdu's too: Nastaliq draws a letter with a different glyph
in each place it takes in a word, and the map alone reads most words back wrong. Text extractors
(poppler, pdf.js) take the text of right-to-left glyphs as laid out left to right and reverse it
into reading order, an `/ActualText` span's too, so a right-to-left word's span holds its letters
in visual order (a span per cluster reads right, but poppler splits words where Nastaliq's
letters step up and down). A word with digits in a right-to-left line keeps the glyph map, which
reads digits right: reversing could turn 25 into 52. Lines without such a word, Latin ones,
are written byte for byte as before, and no glyph moves in any line. The span nests inside the
`/Span <</MCID n>>` that tagged PDF puts around the text box, as marked content may.

This reaches into WeasyPrint's drawing code, so it checks the function it wraps: when the
signature is not the one it was written against (pyproject.toml pins the versions tested), it
leaves WeasyPrint alone, the PDF is what WeasyPrint alone makes, and `tests/test_text_layer.py`
fails.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pydyf
from weasyprint.draw import text as weasyprint_text
from weasyprint.text.ffi import ffi, pango

from ..base.languages import LANGUAGES, LATIN

#: The parameters of `weasyprint.draw.text.draw_first_line` this was written against.
EXPECTED_PARAMETERS = ("stream", "textbox", "text_overflow", "block_ellipsis", "matrix")


#: Letters of the scripts the registry knows besides Latin: the ones HarfBuzz shapes by
#: reordering, conjuncts, ligatures and contextual forms.
SHAPED_LETTERS = re.compile("[" + "".join(sorted({lang.script.letters for lang in LANGUAGES.values()
                                                   if lang.script is not LATIN})) + "]")


def needs_actual_text(word: str) -> bool:
    """Whether the glyphs of `word` may not map back to it: a word with a letter of a shaped
    script, or with a combining mark or a joiner; not a right-to-left word with digits.

    Not only words with vowel signs: a glyph keeps the text of the first cluster it was drawn in,
    so the ज of वजह reads back as the जि of an earlier जिस."""
    if any(char.isdigit() for char in word) and any(unicodedata.bidirectional(char) in ("R", "AL")
                                                    for char in word):
        return False
    return bool(SHAPED_LETTERS.search(word)) or any(
        unicodedata.category(char).startswith("M") or char in "\u200c\u200d" for char in word)


def _words(text: str) -> tuple[list[str], list[int]]:
    """The whitespace-separated words of `text` and, for each byte of its UTF-8, its word or -1."""
    words, owner = [], []
    for chunk in re.split(r"(\s+)", text):
        index = -1
        if chunk and not chunk.isspace():
            index = len(words)
            words.append(chunk.replace("\xad", ""))
        owner.extend([index] * len(chunk.encode()))
    return words, owner


def glyph_words(layout: Any) -> list[tuple[int, str] | None] | None:
    """For each glyph `draw_first_line` writes, in order, (index, text) of its word when that word
    needs `/ActualText` (in visual order in a right-to-left run), else None.

    Read from the Pango line WeasyPrint has just laid out (after any ellipsis), the way
    `draw_first_line` walks it: runs in visual order, empty glyphs written as offsets only."""
    line, _ = layout.get_first_line()
    words, owner = _words(layout.text)
    spanned = [needs_actual_text(word) for word in words]
    glyphs: list[tuple[int, str] | None] = []
    run = line.runs[0]
    while run != ffi.NULL:
        item, run = run.data, run.next
        string = item.glyphs
        for i in range(string.num_glyphs):
            if string.glyphs[i].glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            byte = item.item.offset + string.log_clusters[i]
            word = owner[byte] if byte < len(owner) else -1
            if word < 0 or not spanned[word]:
                glyphs.append(None)
            elif item.item.analysis.level % 2:
                glyphs.append((word, words[word][::-1]))  # right to left: in visual order, see above
            else:
                glyphs.append((word, words[word]))
    return glyphs


class _SpanningStream:
    """The stream `draw_first_line` writes to, splitting its `TJ` arrays where a word that needs
    `/ActualText` starts or ends and putting that word's glyphs in a span.

    Splitting a `TJ` array between two glyphs moves nothing; every glyph, offset and kerning
    number is written as it came. Everything but `show_text` and `add_font` goes straight through."""

    def __init__(self, stream: Any, textbox: Any):
        self._stream = stream
        self._textbox = textbox
        self._glyphs: list[tuple[int, str] | None] | None = None
        self._next = 0  # index of the next glyph written
        self._open: tuple[int, str] | None = None
        self._digits = 4  # hex digits per glyph id: 2 for bitmap fonts

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def add_font(self, pango_font: Any) -> Any:
        font, size = self._stream.add_font(pango_font)
        self._digits = 2 if getattr(font, "bitmap", False) else 4
        return font, size

    def _word(self) -> tuple[int, str] | None:
        glyphs = self._glyphs or []
        return glyphs[self._next] if self._next < len(glyphs) else None

    def show_text(self, text: str) -> None:
        if self._glyphs is None:
            self._glyphs = glyph_words(self._textbox.pango_layout) or []
        if not any(self._glyphs):
            self._stream.show_text(text)
            return
        pieces: list[str] = []
        for token in re.split(r"(<[0-9a-fA-F]*>)", text):
            if not token.startswith("<"):
                pieces.append(token)
                continue
            ids = token[1:-1]
            run = ""
            for start in range(0, len(ids), self._digits):
                word = self._word()
                if self._open != word:
                    if run:
                        pieces.append(f"<{run}>")
                        run = ""
                    if "".join(pieces):
                        self._stream.show_text("".join(pieces))
                    pieces = []
                    self._switch(word)
                run += ids[start:start + self._digits]
                self._next += 1
            pieces.append(f"<{run}>")
        if "".join(pieces):
            self._stream.show_text("".join(pieces))

    def _switch(self, word: tuple[int, str] | None) -> None:
        if self._open:
            self._stream.end_marked_content()
        if word:
            self._stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(word[1])}))
        self._open = word

    def close(self) -> None:
        """End the span still open at the end of the line."""
        self._switch(None)


def compatible(function: Callable) -> bool:
    """Whether `function` is the `draw_first_line` this module knows how to wrap."""
    try:
        parameters = tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return False
    return parameters == EXPECTED_PARAMETERS and hasattr(pydyf.Stream, "begin_marked_content") \
        and hasattr(pydyf.Stream, "end_marked_content")


def with_actual_text(draw_first_line: Callable) -> Callable:
    """`draw_first_line`, putting the glyphs of each word that needs it in an `/ActualText` span."""

    def draw(stream, textbox, text_overflow, block_ellipsis, matrix):
        spanning = _SpanningStream(stream, textbox)
        try:
            return draw_first_line(spanning, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            spanning.close()

    draw.wrapped = draw_first_line
    return draw


@contextmanager
def actual_text() -> Iterator[bool]:
    """Within the block, WeasyPrint writes `/ActualText` for shaped lines; yields whether it does.

    Not for threads: it swaps a module attribute of WeasyPrint (leaflets render in processes)."""
    original = weasyprint_text.draw_first_line
    if getattr(original, "wrapped", None) is not None or not compatible(original):
        yield getattr(original, "wrapped", None) is not None
        return
    weasyprint_text.draw_first_line = with_actual_text(original)
    try:
        yield True
    finally:
        weasyprint_text.draw_first_line = original
