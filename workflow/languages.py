"""What the tool needs to know about each target language, in one record per language.

Names come from Babel (`catalogs.language_name`), plural rules from `catalogs.PLURAL_FORMS`
and fonts from `fonts`; the facts here are the ones no library gives us in the form check
and publish use: the script a translation must be written in, its native digits, how a
sentence ends, how long a translation usually is, and the writing direction.
"""

from __future__ import annotations

from dataclasses import dataclass


def _digits(zero: int) -> str:
    return "".join(chr(zero + d) for d in range(10))


@dataclass(frozen=True)
class Language:
    code: str
    #: Unicode script name of the letters a translation is written in.
    script: str
    #: The native decimal digits 0-9 (a translation may write numbers with these).
    digits: str
    #: What an English full stop becomes at the end of a sentence.
    full_stop: str = "."
    #: What an English question mark becomes.
    question_mark: str = "?"
    #: Usual length of a translation relative to the English source, in characters.
    usual_ratio: float = 1.0
    #: "ltr" or "rtl".
    direction: str = "ltr"
    #: FLORES-200 code, the language token of NLLB-200 and IndicTrans2 ("mar_Deva").
    flores: str = ""

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


DEVANAGARI, BENGALI = _digits(0x0966), _digits(0x09E6)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language("hi", "Devanagari", DEVANAGARI, full_stop="।", flores="hin_Deva"),
    Language("mr", "Devanagari", DEVANAGARI, flores="mar_Deva"),
    Language("ne", "Devanagari", DEVANAGARI, full_stop="।", flores="npi_Deva"),
    Language("gu", "Gujarati", _digits(0x0AE6), flores="guj_Gujr"),
    Language("bn", "Bengali", BENGALI, full_stop="।", flores="ben_Beng"),
    Language("as", "Bengali", BENGALI, full_stop="।", flores="asm_Beng"),
    Language("pa", "Gurmukhi", _digits(0x0A66), full_stop="।", flores="pan_Guru"),
    Language("or", "Odia", _digits(0x0B66), full_stop="।", usual_ratio=1.05, flores="ory_Orya"),
    Language("ta", "Tamil", _digits(0x0BE6), usual_ratio=1.3, flores="tam_Taml"),
    Language("te", "Telugu", _digits(0x0C66), usual_ratio=1.1, flores="tel_Telu"),
    Language("kn", "Kannada", _digits(0x0CE6), usual_ratio=1.15, flores="kan_Knda"),
    Language("ml", "Malayalam", _digits(0x0D66), usual_ratio=1.35, flores="mal_Mlym"),
    Language("ur", "Arabic", _digits(0x06F0), full_stop="۔", question_mark="؟", usual_ratio=0.95,
             direction="rtl", flores="urd_Arab"),
)}


def language(code: str) -> Language | None:
    """The record of a language, or None for one we have no facts about."""
    return LANGUAGES.get(code)
