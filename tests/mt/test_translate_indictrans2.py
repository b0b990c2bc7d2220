"""`leaflet translate` through a real (tiny) IndicTrans2-shaped model: see indictrans2_fixture.py."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from conftest import run_cli, write_article
from indictrans2_fixture import WORDS_UR
from mt_fixture import WORDS

from workflow import catalogs
from workflow.base.languages import SCRIPTS, from_devanagari, language
from workflow.base.patterns import URL
from workflow.mt.batching import BATCH_SENTENCES
from workflow.mt.ctranslate2 import CT2Engine
from workflow.mt.translate import translate_language
from workflow.source.markup import signature as markup

LANGS = ("hi", "mr", "gu", "bn", "pa", "ta", "te", "kn", "ml", "or", "ur")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def configure(root: Path, table: str) -> None:
    site = root / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + "\n[translation]\n" + table + "\n", encoding="utf-8")


def drafts(root: Path, lang: str) -> list[polib.POEntry]:
    found = []
    for domain in catalogs.catalog_domains(root, lang):
        book = catalogs.read_catalog(catalogs.catalog_path(root, lang, domain), root)
        found += [e for e in catalogs.active(book) if catalogs.is_machine_draft(e)]
    return found


def foreign_letters(lang: str) -> re.Pattern[str]:
    """Letters of every script of the registry but `lang`'s own and Latin."""
    own = language(lang).script.name
    return re.compile("[" + "".join(s.letters for s in SCRIPTS.values() if s.name not in (own, "Latin")) + "]")


def test_the_bundled_article_in_all_eleven_languages(bare_project: Path, indictrans2_model: Path,
                                                     indictrans2_ur_model: Path) -> None:
    project = bare_project
    assert run_cli(project, "extract").exit_code == 0
    assert run_cli(project, "init", *(a for lang in LANGS for a in ("--lang", lang))).exit_code == 0
    configure(project, f'default = {{ engine = "ctranslate2", model = "{indictrans2_model}", device = "cpu" }}\n'
                       f'ur = {{ engine = "ctranslate2", model = "{indictrans2_ur_model}", '
                       'family = "indictrans2", device = "cpu" }')
    result = run_cli(project, "translate", "--all")
    assert result.exit_code == 0, result.output
    for lang in LANGS:
        assert re.search(rf"^{lang}: \d+ drafted", result.output, re.M), result.output
        found = drafts(project, lang)
        assert len(found) > 40, (lang, len(found))
        own = WORDS_UR if lang == "ur" else {en: from_devanagari(w, lang) for en, w in WORDS.items()}
        foreign = foreign_letters(lang)
        pain = [e for e in found if re.search(r"\bpain\b", e.msgid)]
        assert pain and all(own["pain"] in e.msgstr for e in pain), (lang, pain[:1])
        for e in found:
            assert not foreign.search(e.msgstr), (lang, e.msgstr)  # its own script only
            assert markup(e.msgid) == markup(e.msgstr), (lang, e.msgid, e.msgstr)
            assert NUMBER.findall(e.msgid) == NUMBER.findall(e.msgstr), (lang, e.msgid, e.msgstr)
            assert URL.findall(e.msgid) == URL.findall(e.msgstr)
            note = catalogs.mt_note(e)
            assert note.startswith(f"leaflet-mt: indictrans2 en→{lang} indictrans2"), note
    ta = drafts(project, "ta")
    assert any("வலி" not in e.msgstr and "தர்த" in e.msgstr for e in ta)  # दर्द, moved to Tamil letters


def test_a_number_and_a_url_in_the_second_decode_batch_survive(project: Path, indictrans2_model: Path) -> None:
    step = BATCH_SENTENCES  # sentences per decode batch: the last one (the longest) is in a later batch
    words = ["rest", "walk", "sleep", "sit", "stand", "eat", "drink", "read", "call", "wait", "bend", "lift",
             "turn", "stretch", "breathe", "cough"]
    pairs = [f"{a.capitalize()}, {b} and {c} slowly." for a in words for b in words for c in words
             if len({a, b, c}) == 3]
    assert len(pairs) > step
    last = ("After the procedure most patients go home within 24 hours, and the doctor reviews the spine at "
            "https://cvic.example/spine-care before the second visit.")
    write_article(project, "many", "\n\n".join(pairs[:step + 20] + [last]))
    assert run_cli(project, "extract").exit_code == 0
    assert run_cli(project, "update").exit_code == 0
    configure(project, f'ta = {{ engine = "ctranslate2", model = "{indictrans2_model}", device = "cpu" }}')
    slices: list[tuple[int, int]] = []
    engine = CT2Engine(indictrans2_model, "en", "ta", device="cpu")
    report = translate_language(project, "ta", engine, progress=lambda done, total: slices.append((done, total)))
    assert report.drafted > step and not report.rejected
    assert len(slices) >= 3 and slices[1][0] < slices[-1][0]  # 0, the first batch, the second one
    draft = next(e for e in drafts(project, "ta") if e.msgid == last)
    assert "24" in draft.msgstr and "https://cvic.example/spine-care" in draft.msgstr
    assert "டோக்டர" in draft.msgstr  # doctor: डॉक्टर in Tamil letters


def test_devanagari_moves_to_each_script_as_the_blocks_are_laid_out() -> None:
    assert from_devanagari("दर्द, नमस्ते। 12", "gu") == "દર્દ, નમસ્તે। 12"
    assert from_devanagari("नमस्ते", "bn") == "নমস্তে"
    assert from_devanagari("शरीर", "pa") == "\u0a36\u0a30\u0a40\u0a30"  # ਸ਼ਰੀਰ, as its one letter
    assert from_devanagari("नमस्ते", "ml") == "നമസ്തേ"
    assert from_devanagari("बाघ", "ta") == "பாக"  # Tamil has no voiced or aspirated stops
    assert from_devanagari("शरीर जल", "ta") == "ஷரீர ஜல"  # श is written ஷ, ज keeps ஜ
    assert from_devanagari("मरीज़", "ta") == "மரீஜ"  # no nukta in Tamil: left out
    assert from_devanagari("डॉक्टर", "ta") == "டோக்டர"  # no candra o: the plain one
    assert from_devanagari("डॉक्टर", "gu") == "ડૉક્ટર"  # Gujarati has it
    assert from_devanagari("डॉक्टर", "bn") == "ডোক্টর"
    assert from_devanagari("दर्द", "ur") == "दर्द" and from_devanagari("दर्द", "hi") == "दर्द"
    for lang in ("gu", "bn", "pa", "or", "te", "kn", "ml"):  # one letter for one: the way back is exact
        moved = from_devanagari("कमल पानी में", lang)
        back = "".join(chr(ord(c) - language(lang).script.block + 0x0900)
                       if language(lang).script.block <= ord(c) < language(lang).script.block + 0x70 else c
                       for c in moved)
        assert back == "कमल पानी में", lang


def test_a_sentence_longer_than_the_model_reads_is_marked_cut(indictrans2_model: Path) -> None:
    engine = CT2Engine(indictrans2_model, "en", "hi", device="cpu")
    short, long = engine.translate_scored(["The patient has back pain.", "The patient has pain " * 80 + "today."])
    assert short.text == "The मरीज़ has back दर्द." and not short.cut
    assert long.cut  # CTranslate2 would read only the first 256 tokens: the rest would be lost
