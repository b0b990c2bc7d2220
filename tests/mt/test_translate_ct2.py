"""`leaflet translate --lang mr` through a real (tiny) NLLB-shaped CTranslate2 model: see nllb_fixture.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mt_fixture import REPO, ArgosHome, entry, po
from nllb_fixture import archive, build_nllb
from conftest import run_cli

from workflow import catalogs

from workflow.catalogs import merge
from workflow.source.markup import signature as markup


def configure(root: Path, table: str) -> None:
    site = root / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + "\n[translation]\n" + table + "\n", encoding="utf-8")


def mr(root: Path, model: Path | str) -> None:
    configure(root, f'mr = {{ engine = "ctranslate2", model = "{model}", device = "cpu" }}')


def test_marathi_drafts_from_an_nllb_model(mt_project: Path, nllb_model: Path) -> None:
    mr(mt_project, nllb_model)
    result = run_cli(mt_project, "translate", "--lang", "mr")
    assert result.exit_code == 0, result.output
    catalog = po(mt_project, lang="mr")
    bold = entry(catalog, "**Immediate")
    assert bold.msgstr == "**Immediate वेदना आराम:** most रुग्णs feel better within 24 hours."
    assert catalogs.is_machine_draft(bold)
    note = catalogs.mt_note(bold)
    assert re.fullmatch(r"leaflet-mt: nllb en→mr nllb-tiny-ct2 \(CC-BY-NC-4\.0\); score 0\.\d\d", note), note
    link = entry(catalog, "See [our")
    assert link.msgstr.startswith("See [our kyphoplasty guide](https://cvic.example/kyphoplasty_guide)")
    # Sentences are split: each comes back with its own end, in order.
    assert entry(catalog, "Use `bone_cement`").msgstr == "Use `bone_cement` only as the डॉक्टर says. Keep the wound dry!"
    assert re.search(r"^mr: \d+ drafted, 0 by fallback, 1 rejected", result.output, re.M), result.output
    assert "(nllb en→mr nllb-tiny-ct2 (CC-BY-NC-4.0))" in result.output
    assert catalogs.is_untranslated(entry(po(mt_project, lang="hi"), "Rest for a day"))  # hi untouched
    path = catalogs.catalog_path(mt_project, "mr", "mt-sample")
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_drafts_the_model_is_unsure_of_score_lower(mt_project: Path, nllb_model: Path) -> None:
    mr(mt_project, nllb_model)
    assert run_cli(mt_project, "translate", "--lang", "mr").exit_code == 0
    catalog = po(mt_project, lang="mr")

    def score(start: str) -> float:
        return float(catalogs.mt_note(entry(catalog, start)).rsplit("score ", 1)[1].split(";")[0])

    assert score("**Immediate") < score("Rest for a day") <= 1.0  # "relief" is the unsure word


def test_a_model_installed_by_name_and_from_an_archive(mt_project: Path, nllb_model: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      empty_argos_home: ArgosHome) -> None:
    models = tmp_path / "models"
    monkeypatch.setenv("LEAFLET_MODELS_DIR", str(models))
    mr(mt_project, "nllb-tiny-ct2")
    missing = run_cli(mt_project, "translate", "--lang", "mr")
    assert missing.exit_code == 2
    assert f"no CTranslate2 model at {models / 'nllb-tiny-ct2'} for en→mr (Marathi)" in missing.output
    assert "leaflet models install" in missing.output

    packed = archive(nllb_model, tmp_path)
    installed = run_cli(mt_project, "models", "install", str(packed))
    assert installed.exit_code == 0, installed.output
    assert f"installed  nllb-tiny-ct2 (nllb, CC-BY-NC-4.0; covers hi mr gu bn pa ta te kn ml or ur) in {models / 'nllb-tiny-ct2'}" \
        in installed.output
    listed = run_cli(mt_project, "models", "list")
    assert re.search(r"^  mr  nllb en→mr nllb-tiny-ct2 \(CC-BY-NC-4\.0\)  .*nllb-tiny-ct2$", listed.output, re.M), listed.output
    assert re.search(r"^  gu  nothing: no translation model installed for en→gu .*ctranslate2", listed.output, re.M)
    result = run_cli(mt_project, "translate", "--lang", "mr")
    assert result.exit_code == 0, result.output
    assert catalogs.is_machine_draft(entry(po(mt_project, lang="mr"), "Rest for a day"))


def test_a_model_folder_installs_too(nllb_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEAFLET_MODELS_DIR", str(tmp_path / "models"))
    result = run_cli(REPO, "models", "install", str(nllb_model))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "models" / "nllb-tiny-ct2" / "model.bin").is_file()
    broken = tmp_path / "broken"
    shutil.copytree(nllb_model, broken)
    (broken / "sentencepiece.bpe.model").unlink()
    refused = run_cli(REPO, "models", "install", str(broken))
    assert refused.exit_code == 2 and "not a model of a known family" in refused.output


def test_a_model_without_the_language_token(mt_project: Path, tmp_path: Path) -> None:
    model = build_nllb(tmp_path / "en-hi-only", languages=("eng_Latn", "hin_Deva"))
    mr(mt_project, model)
    result = run_cli(mt_project, "translate", "--lang", "mr")
    assert result.exit_code == 2
    assert "has no language token for mr (mar_Deva): it does not cover this language" in result.output


@pytest.mark.parametrize("table, message", [
    ('mr = "deepl"', "unknown engine 'deepl' (known: argos, ctranslate2, libretranslate)"),
    ('mr = { engine = "ctranslate2" }', "the ctranslate2 engine needs model ="),
    ('mr = { engine = "ctranslate2", model = "m", device = "tpu" }', "device must be one of auto, cpu, cuda"),
    ('xx = "argos"', "'xx' in [translation] is not a language of 'languages'"),
    ('mr = { engine = "argos", model = "m" }', "model is not a field of the argos engine"),
    ('ta = { engine = "libretranslate", url = "ftp://x" }', "needs url = \"http://…\""),
])
def test_bad_translation_entries_name_the_file_and_line(mt_project: Path, table: str, message: str) -> None:
    configure(mt_project, "default = \"argos\"\n" + table)
    site = mt_project / "source" / "site.toml"  # the same key in another table comes first
    site.write_text(site.read_text(encoding="utf-8").replace("min_coverage = 80", "[min_coverage]\nmr = 90", 1),
                    encoding="utf-8")
    result = run_cli(mt_project, "check")
    assert result.exit_code == 2
    text = (mt_project / "source" / "site.toml").read_text(encoding="utf-8").splitlines()
    line = len(text)
    assert text[line - 1] == table
    assert result.output.startswith(f"leaflet: error: source/site.toml:{line}: ") and message in result.output


def test_broken_masks_fall_back_to_runs_and_keep_markup(mt_project: Path, faulty_nllb_model: Path) -> None:
    mr(mt_project, faulty_nllb_model)
    result = run_cli(mt_project, "translate", "--lang", "mr")
    assert result.exit_code == 0, result.output
    m = re.search(r"^mr: (\d+) drafted, (\d+) by fallback, (\d+) rejected", result.output, re.M)
    assert m and int(m.group(2)) >= 3, result.output
    catalog = po(mt_project, lang="mr")
    link = entry(catalog, "See [our")  # masks [ and ](…) swap places, the e-mail address is dropped
    assert link.msgstr == ("See [our kyphoplasty guide](https://cvic.example/kyphoplasty_guide) "
                           "or write to care@cvic.example.")
    note = catalogs.mt_note(link)
    assert re.fullmatch(r"leaflet-mt: nllb en→mr nllb-tiny-ct2 \(CC-BY-NC-4\.0\); score \d\.\d\d; fallback: text between markup "
                        r"translated apart \(e-mail address 'care@cvic\.example' missing from the translation\)", note)
    bold = entry(catalog, "**Immediate")
    assert markup(bold.msgstr) == markup(bold.msgid) and "वेदना आराम" in bold.msgstr
    # A draft without broken masks is not marked as a fallback.
    assert "fallback" not in catalogs.mt_note(entry(catalog, "Rest for a day"))
    for e in catalogs.active(catalog):
        if catalogs.is_machine_draft(e):
            assert markup(e.msgstr) == markup(e.msgid), e.msgid


def test_translate_of_mr_imports_no_stanza_or_torch(mt_project: Path, nllb_model: Path) -> None:
    mr(mt_project, nllb_model)
    code = ("import sys\nfrom workflow.cli.main import main\n"
            f"try:\n    main(['--root', {str(mt_project)!r}, 'translate', '--lang', 'mr'])\n"
            "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'argostranslate', 'stanza', 'torch', 'ctranslate2'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['ctranslate2']"


def test_status_lists_drafts_lowest_score_first(mt_project: Path, nllb_model: Path) -> None:
    mr(mt_project, nllb_model)
    assert run_cli(mt_project, "translate", "--lang", "mr").exit_code == 0
    result = run_cli(mt_project, "status", "--drafts", "--lang", "mr")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    scores = [float(line.split()[0]) for line in lines[:-1]]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    assert "relief" in lines[0].lower()  # the word the model is unsure of
    assert re.fullmatch(r"\d+ machine drafts awaiting review, lowest score first", lines[-1])
    first = re.match(r"\d\.\d\d  (locales/mr/LC_MESSAGES/[\w-]+\.po):(\d+)  ", lines[0])
    text = (mt_project / first.group(1)).read_text(encoding="utf-8").split("\n")
    assert text[int(first.group(2)) - 1].startswith("msgstr ")  # the line a reviewer edits
    limited = run_cli(mt_project, "status", "--drafts", "--lang", "mr", "--limit", "2")
    assert len(limited.output.strip().splitlines()) == 3 and "more not shown" in limited.output
    check = run_cli(mt_project, "check", "--lang", "mr")
    assert "score" not in check.output  # drafts are not reviewed: check ignores them and their scores


MORE = """---
title: More advice
---
Walk a little every other day.

Take 250 mg of paracetamol every 6 hours, and call 0731 4675670 if the pain gets worse.
"""


def test_translation_memory_drafts_from_a_similar_reviewed_msgid(mt_project: Path, nllb_model: Path) -> None:
    from workflow.catalogs import extract

    (mt_project / "source" / "articles" / "mt-more.md").write_text(MORE, encoding="utf-8")
    extract.run(mt_project)
    merge.init_catalogs(mt_project, "mr")
    sample = po(mt_project, lang="mr")
    for start, value in (("Walk a little", "दररोज थोडे चाला."),
                         ("Take 500 mg", "दर 6 तासांनी 500 mg पॅरासिटामॉल घ्या आणि वेदना वाढल्यास 0731 4675670 वर फोन करा.")):
        entry(sample, start).msgstr = value
    catalogs.write_catalog(sample, catalogs.catalog_path(mt_project, "mr", "mt-sample"))
    mr(mt_project, nllb_model)
    result = run_cli(mt_project, "translate", "--lang", "mr")
    assert result.exit_code == 0, result.output
    assert ", 1 from memory," in result.output
    more = po(mt_project, "mt-more", lang="mr")
    walk = entry(more, "Walk a little every other day")
    assert walk.msgstr == "दररोज थोडे चाला." and catalogs.is_machine_draft(walk)
    assert catalogs.mt_note(walk) == "leaflet-mt: tm 88% from mt-sample"
    # As similar, but another number: never drafted from the 500 mg translation.
    take = entry(more, "Take 250 mg")
    assert "500" not in take.msgstr and catalogs.mt_note(take).startswith("leaflet-mt: nllb en→mr")


def test_extract_check_and_publish_import_no_mt_library_with_engines_configured(mt_project: Path,
                                                                                 nllb_model: Path) -> None:
    configure(mt_project, f'mr = {{ engine = "ctranslate2", model = "{nllb_model}" }}\n'
                          'ta = { engine = "libretranslate", url = "http://127.0.0.1:9" }')
    code = ("import sys\nfrom click.testing import CliRunner\nfrom workflow.cli.main import main\n"
            f"for args in (['extract'], ['check', '--lang', 'mr'], ['status', '--drafts'], "
            "['publish', '--lang', 'mr']):\n"
            f"    r = CliRunner().invoke(main, ['--root', {str(mt_project)!r}, *args])\n"
            "    assert r.exit_code in (0, 1), r.output\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'argostranslate', 'ctranslate2', "
            "'sentencepiece', 'pysbd', 'torch', 'stanza', 'minisbd'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_device_and_compute_type_reach_ctranslate2(mt_project: Path, nllb_model: Path) -> None:
    from workflow.mt.engines import load_engine
    from workflow.source.site import load_site

    configure(mt_project, f'mr = {{ engine = "ctranslate2", model = "{nllb_model}", compute_type = "int8" }}')
    engine = load_engine(load_site(mt_project), "mr")
    assert engine.translate(["The patient has pain."]) == ["The रुग्ण has वेदना."]
    assert engine._translator.compute_type == "int8_float32"  # int8 weights on the CPU
    assert engine._translator.device == "cpu"  # device "auto" without a GPU
