"""Sentences of every language of the registry, by its own sentence-end marks (pysbd raises on Tamil)."""

from __future__ import annotations

import pytest

from workflow.base.languages import language
from workflow.base.sentences import split_sentences

#: Two sentences per language, as translators write them (the danda in hi, bn, pa, or; ۔ and ؟ in ur).
SAMPLES = {
    "en": ["Do not eat for 6 hours. ", "You may drink water."],
    "hi": ["6 घंटे तक कुछ न खाएँ। ", "आप पानी पी सकते हैं।"],
    "mr": ["6 तास काहीही खाऊ नका. ", "तुम्ही पाणी पिऊ शकता."],
    "gu": ["6 કલાક સુધી કંઈ ખાશો નહીં. ", "તમે પાણી પી શકો છો."],
    "bn": ["৬ ঘণ্টা কিছু খাবেন না। ", "আপনি জল পান করতে পারেন।"],
    "pa": ["6 ਘੰਟੇ ਕੁਝ ਨਾ ਖਾਓ। ", "ਤੁਸੀਂ ਪਾਣੀ ਪੀ ਸਕਦੇ ਹੋ।"],
    "or": ["6 ଘଣ୍ଟା କିଛି ଖାଆନ୍ତୁ ନାହିଁ। ", "ଆପଣ ପାଣି ପିଇପାରିବେ।"],
    "ta": ["6 மணி நேரம் எதுவும் சாப்பிட வேண்டாம். ", "தண்ணீர் குடிக்கலாம்."],
    "te": ["6 గంటలు ఏమీ తినవద్దు. ", "మీరు నీరు తాగవచ్చు."],
    "kn": ["6 ಗಂಟೆ ಏನನ್ನೂ ತಿನ್ನಬೇಡಿ. ", "ನೀವು ನೀರು ಕುಡಿಯಬಹುದು."],
    "ml": ["6 മണിക്കൂർ ഒന്നും കഴിക്കരുത്. ", "നിങ്ങൾക്ക് വെള്ളം കുടിക്കാം."],
    "ur": ["6 گھنٹے تک کچھ نہ کھائیں۔ ", "کیا آپ پانی پی سکتے ہیں؟ ", "جی ہاں۔"],
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_every_language_splits_at_its_own_sentence_end(lang: str) -> None:
    sentences = SAMPLES[lang]
    paragraph = "".join(sentences)
    assert split_sentences(paragraph, lang) == sentences
    assert language(lang).full_stop in language(lang).sentence_marks


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_a_decimal_or_a_mark_without_a_space_is_no_sentence_end(lang: str) -> None:
    text = "2.5 mg, www.example.in/care, 38.5 °C"
    assert split_sentences(text, lang) == [text]


def test_a_mark_of_another_language_is_no_sentence_end() -> None:
    assert split_sentences("एक। दो", "mr") == ["एक। दो"]
    assert split_sentences("ایک۔ دو", "hi") == ["ایک۔ دو"]


def test_the_ctranslate2_engine_splits_tamil_without_pysbd(back_model) -> None:  # noqa: ANN001
    from workflow.mt.ctranslate2 import CT2Engine

    engine = CT2Engine(back_model, "ta", "en")
    assert engine.split("".join(SAMPLES["ta"])) == SAMPLES["ta"]
