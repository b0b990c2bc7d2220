"""The registry of languages: every per-language fact the tool uses, in one record per language.

In the spirit of Translate Toolkit's `translate.lang`: adding a language is one `Language`
entry below (and a `Script` entry if its script is new). Everything else derives from here:
the plural forms of new catalogs, the script and punctuation checks, native digits, the font
stack of pages and leaflets, the writing direction, and the names shown to readers. Names
come from CLDR through Babel, which is where they are kept up to date; a code that is not in
the registry gets a plain record from Babel's data (so a Latin-script language still works).

No module outside this one holds a table keyed by language code or script.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError


@dataclass(frozen=True)
class Face:
    """A font file: of the `manimgx-fonts` package, or shipped in `workflow/fonts/` (`bundled`)."""

    family: str
    file: str  # file name inside the font package, e.g. "NotoSansDevanagari[wght].ttf"
    style: str = "normal"
    #: CSS font-weight of a static font ("400", "700"); "" for a variable font (400–700).
    weight: str = ""
    bundled: bool = False
    #: Declared to web pages. Leaflets use every face; a page that lacks a bold face has its
    #: bold drawn by the browser from the regular one.
    web: bool = True


@dataclass(frozen=True)
class Script:
    """A writing system: its letters, its native digits and the font that sets it."""

    name: str  # Unicode script name
    #: Character-class ranges of its letters (digits and dandas left out).
    letters: str
    #: Zeros of the decimal digit sets written in this script (first: the one its languages use).
    digit_zeros: tuple[int, ...] = ()
    #: The font of this script; None for Latin, which every stack ends with.
    face: Face | None = None
    #: First code point of its Unicode block when the block follows ISCII's common plan (the
    #: Brahmic scripts of India: the same letter at the same offset), else 0.
    block: int = 0
    #: Offsets of that plan the script has no letter for, and the letter written instead
    #: (Tamil has no voiced or aspirated stops: ग, ख, घ are written க).
    folds: tuple[tuple[int, int], ...] = ()

    @property
    def digits(self) -> str:
        zero = self.digit_zeros[0] if self.digit_zeros else ord("0")
        return "".join(chr(zero + d) for d in range(10))


def _noto(name: str) -> Face:
    return Face(f"Noto Sans {name}", f"NotoSans{name}[wght].ttf")


def _brahmic(name: str, block: int, font: str | None = None, folds: tuple[tuple[int, int], ...] = ()) -> Script:
    """A script on ISCII's plan: letters are its block less the digits (and Devanagari's dandas)."""
    digits = block + 0x66
    letters = f"{chr(block)}-{chr(digits - 1)}{chr(digits + 10)}-{chr(block + 0x7f)}"
    return Script(name, letters, (digits,), _noto(font or name), block, folds)


#: Tamil writes the unvoiced, unaspirated stop of each row for the others (ख ग घ → க, but ज
#: keeps ஜ; फ ब भ → ப) and ஷ for श: the substitutions of indic-nlp-library's transliterator.
_TAMIL_FOLDS = tuple((row + k, row) for row in range(0x15, 0x29, 5) for k in (1, 2, 3) if row + k != 0x1C) \
    + ((0x2B, 0x2A), (0x2C, 0x2A), (0x2D, 0x2A), (0x36, 0x37))


LATIN = Script("Latin", "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f")
SCRIPTS: dict[str, Script] = {s.name: s for s in (
    Script("Devanagari", "\u0900-\u0963\u0971-\u097f", (0x0966,), _noto("Devanagari"), 0x0900),
    _brahmic("Bengali", 0x0980),
    _brahmic("Gurmukhi", 0x0A00),
    _brahmic("Gujarati", 0x0A80),
    _brahmic("Odia", 0x0B00, "Oriya"),
    _brahmic("Tamil", 0x0B80, folds=_TAMIL_FOLDS),
    _brahmic("Telugu", 0x0C00),
    _brahmic("Kannada", 0x0C80),
    _brahmic("Malayalam", 0x0D00),
    # Extended Arabic-Indic digits (Urdu) first, then the Arabic-Indic ones Arabic uses.
    Script("Arabic", "\u0600-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
                     "\ufb50-\ufdff\ufe70-\ufefc", (0x06F0, 0x0660), _noto("Arabic")),
    LATIN,
)}

# CLDR plural rules in gettext form; Babel's gettext table has (n != 1) for all of ours.
_ONE_OR_ZERO = "nplurals=2; plural=(n > 1);"
_ONLY_ONE = "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True)
class Language:
    code: str
    script: Script
    #: gettext Plural-Forms of new catalogs, from CLDR's cardinal rules.
    plural_forms: str = _ONLY_ONE
    #: What an English full stop becomes at the end of a sentence.
    full_stop: str = "."
    #: What an English question mark becomes.
    question_mark: str = "?"
    #: Usual length of a translation relative to the English source, in characters.
    usual_ratio: float = 1.0
    #: "ltr" or "rtl".
    direction: str = "ltr"
    #: Faces of this language when they differ from its script's (Urdu: Nastaliq, not Naskh).
    faces_override: tuple[Face, ...] = ()
    #: Line height of its body text in leaflets and pages (tall scripts need more).
    line_height: float = 1.75
    #: Line height of headings and tables when the stylesheets' tight one would let a line's ink
    #: run into the next (Nastaliq); None keeps the stylesheets' own.
    compact_line_height: float | None = None
    #: FLORES-200 code, the language token of NLLB-200 and IndicTrans2 ("mar_Deva").
    flores: str = ""
    #: The Argos Translate index publishes an English→this-language package.
    argos: bool = False

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def heading_line_height(self) -> float:
        """Line height of headings on web pages: large type needs less leading than body text,
        but a script whose marks climb and descend keeps more of it than Latin."""
        return self.compact_line_height or round(max(1.3, self.line_height - 0.3), 2)

    @property
    def digits(self) -> str:
        """The native decimal digits 0-9 (a translation may write numbers with these)."""
        return self.script.digits

    @property
    def face(self) -> Face | None:
        """The script font of this language's pages; Latin follows it in every stack."""
        return self.faces[0] if self.faces else None

    @property
    def faces(self) -> tuple[Face, ...]:
        """Every font file of that face (a static font has one file per weight)."""
        return self.faces_override or ((self.script.face,) if self.script.face else ())

    @property
    def sentence_ends(self) -> frozenset[str]:
        """Accepted last characters where the English sentence ends with a full stop."""
        return frozenset({self.full_stop, "॥"} if self.full_stop == "।" else {self.full_stop})

    @property
    def sentence_marks(self) -> frozenset[str]:
        """Characters that end a sentence in this language's text (the danda, the Urdu full stop)."""
        return frozenset(".?!…") | self.sentence_ends | {self.question_mark}

    @property
    def name(self) -> str:
        """English name, from CLDR (e.g. Hindi)."""
        return display_name(self.code, "en")

    @property
    def native_name(self) -> str:
        """The language's name in itself, from CLDR (e.g. हिन्दी, اردو)."""
        return display_name(self.code, self.code)


_DEVANAGARI, _BENGALI, _ARABIC = SCRIPTS["Devanagari"], SCRIPTS["Bengali"], SCRIPTS["Arabic"]
#: Urdu is read in Nastaliq (SIL OFL, shipped in workflow/fonts/ with its licence); its letters
#: climb and descend far, so its lines are taller. Its contextual forms make a subset of a
#: page's letters about 110 KB: web pages take the regular face alone (the browser draws the
#: bold), so a phone fetches one such file, not two; leaflets have the true bold.
_NASTALIQ = (Face("Noto Nastaliq Urdu", "NotoNastaliqUrdu-Regular.ttf", weight="400", bundled=True),
             Face("Noto Nastaliq Urdu", "NotoNastaliqUrdu-Bold.ttf", weight="700", bundled=True, web=False))

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language("en", LATIN, line_height=1.55, flores="eng_Latn"),
    Language("hi", _DEVANAGARI, _ONE_OR_ZERO, full_stop="।", flores="hin_Deva", argos=True),
    Language("mr", _DEVANAGARI, flores="mar_Deva"),
    Language("ne", _DEVANAGARI, full_stop="।", flores="npi_Deva"),
    Language("gu", SCRIPTS["Gujarati"], _ONE_OR_ZERO, flores="guj_Gujr"),
    Language("bn", _BENGALI, _ONE_OR_ZERO, full_stop="।", flores="ben_Beng", argos=True),
    Language("as", _BENGALI, _ONE_OR_ZERO, full_stop="।", flores="asm_Beng"),
    Language("pa", SCRIPTS["Gurmukhi"], _ONE_OR_ZERO, full_stop="।", flores="pan_Guru"),
    Language("or", SCRIPTS["Odia"], full_stop="।", usual_ratio=1.05, flores="ory_Orya"),
    Language("ta", SCRIPTS["Tamil"], usual_ratio=1.3, flores="tam_Taml"),
    Language("te", SCRIPTS["Telugu"], usual_ratio=1.1, flores="tel_Telu"),
    Language("kn", SCRIPTS["Kannada"], _ONE_OR_ZERO, usual_ratio=1.15, flores="kan_Knda"),
    Language("ml", SCRIPTS["Malayalam"], usual_ratio=1.35, flores="mal_Mlym"),
    Language("ur", _ARABIC, full_stop="۔", question_mark="؟", usual_ratio=0.95, direction="rtl",
             faces_override=_NASTALIQ, line_height=2.5, compact_line_height=2.2, flores="urd_Arab", argos=True),
)}


@lru_cache(maxsize=None)
def display_name(code: str, locale: str = "en") -> str:
    """CLDR's name of language `code` in `locale`'s language (Babel)."""
    from babel import Locale
    return Locale.parse(code).get_display_name(locale) or code


def is_known(code: str) -> bool:
    """True for a code Babel has locale data for (so names, dates and direction exist)."""
    from babel import Locale, UnknownLocaleError
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


@lru_cache(maxsize=None)
def language(code: str) -> Language:
    """The record of `code`: the registry's, or one built from Babel's data for other codes.

    Raises UsageError for a code Babel does not know (site.toml validation names the file).
    """
    if code in LANGUAGES:
        return LANGUAGES[code]
    if not is_known(code):
        raise UsageError(f"unknown language code {code!r}")
    from babel import Locale
    from babel.messages.plurals import get_plural
    locale = Locale.parse(code)
    rtl = locale.character_order == "right-to-left"
    return Language(code, LATIN, get_plural(code).plural_forms, direction="rtl" if rtl else "ltr",
                    line_height=1.55)


def native_digits() -> dict[int, str]:
    """Every native digit of every script in the registry (and the Arabic separators) to ASCII,
    for `str.translate`."""
    table = {zero + d: str(d) for script in SCRIPTS.values() for zero in script.digit_zeros
             for d in range(10)}
    table.update({0x066B: ".", 0x066C: ","})
    return table


#: The candra vowels of English loanwords (डॉक्टर), for the scripts that lack them: the plain
#: vowel (ॉ → ो), so Tamil gets டோக்டர where a plain shift would give an unassigned code point.
_NEAREST = {0x0D: 0x0F, 0x11: 0x13, 0x45: 0x47, 0x49: 0x4B}


def from_devanagari(text: str, code: str) -> str:
    """`text` written in Devanagari moved letter by letter to the script of language `code`.

    Models that unify the Brahmic scripts (IndicTrans2) write Gujarati, Tamil, Bengali … in
    Devanagari; the plan the blocks share makes this a shift of each code point, as
    indic-nlp-library's UnicodeIndicTransliterator does it. Dandas (।, ॥) are common to every
    script and stay; a candra vowel the script lacks becomes the plain one, a sign it lacks is
    left out; a language of another script (Urdu) is returned unchanged.
    """
    import unicodedata

    script = language(code).script
    if not script.block or script.block == 0x0900:
        return text
    folds = dict(script.folds)
    out = []
    for c in text:
        offset = ord(c) - 0x0900
        if 0 <= offset <= 0x6F and c not in "\u0964\u0965":
            moved = chr(script.block + folds.get(offset, offset))
            if unicodedata.category(moved) == "Cn":  # a letter the script does not have
                moved = chr(script.block + _NEAREST.get(offset, offset))
                if unicodedata.category(moved) == "Cn" and unicodedata.category(c).startswith("M"):
                    continue  # a sign it lacks altogether (Tamil has no nukta): ज़ is written ஜ
            c = moved
        out.append(c)
    return "".join(out)
