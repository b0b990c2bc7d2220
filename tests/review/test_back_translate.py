"""Back-translation for a reviewer who does not read the language, on the clinic's fibroid article.

Real CTranslate2 models (`back_fixture`): a faithful Tamil/Urdu/Hindi→English one and one that
drops "not" and turns 500 into 50. `review --back-translate` fills `.leaflet-cache/` through the
engine; `check --back-translated` and `signoff --back-translated` read it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from clinic import UFE, copy_clinic
from conftest import run_cli
from workflow.checks.backcache import CACHE_DIR

#: Every segment the faulty model harms, by msgid line in the Tamil catalog: dropped "not"s and
#: the 500 mg dose, each with the check code it must raise.
FAULTY_TA = {
    ("meaning-negation", "Do not eat for 6 hours before the procedure. You may drink water up to 2 hours before."),
    ("meaning-negation", "Walk at home; do not lift heavy things"),
    ("meaning-quantity", "**Pain:** take paracetamol 500 mg every 6 hours, at most 4 g a day, unless your "
                         "doctor has told you otherwise."),
    ("meaning-negation", "**Rest:** do not drive for 24 hours after the procedure."),
    ("meaning-negation", "Call us at once on +91 98277 60073 if you have a fever above 38 °C, heavy bleeding or "
                         "pain that the medicines do not control. You can also write to care@example-clinic.in."),
}


def project(tmp_path: Path, model: Path, *, review: str = "") -> Path:
    """The clinic with `model` translating ta, ur and hi back into English."""
    root = copy_clinic(tmp_path / "clinic")
    spec = f'{{ engine = "ctranslate2", model = "{model}" }}'
    with (root / "source" / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write(f"\n[translation.back]\nta = {spec}\nur = {spec}\nhi = {spec}\n{review}")
    return root


def meaning(root: Path, *args: str) -> tuple[int, list[dict]]:
    result = run_cli(root, "check", "--lang", "ta", "--min-coverage", "0", "--back-translated",
                     "--format", "json", *args)
    problems = [p for p in json.loads(result.output)["problems"] if p["check"].startswith("meaning")]
    return result.exit_code, problems


def sheet_html(root: Path, lang: str = "ta") -> str:
    return (root / "output" / "review" / lang / f"{UFE}.html").read_text(encoding="utf-8")


def test_the_faulty_model_is_flagged_at_every_harm_in_review_and_check(tmp_path: Path,
                                                                      faulty_back_model: Path) -> None:
    root = project(tmp_path, faulty_back_model)
    result = run_cli(root, "review", "--lang", "ta", UFE, "--back-translate", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "5 of 30 segments (negation 4, quantity 1, term 0)" in result.output

    page = sheet_html(root)
    summary = page[page.index('<section class="meaning"'):page.index("</section>", page.index('<section class="meaning"'))]
    linked = re.findall(r'href="#s(\d+)"', summary)
    assert len(linked) == 5
    for number in linked:  # each summary entry links to a row that exists and is flagged
        row = re.search(rf'<tr id="s{number}".*?</tr>', page, re.S).group(0)
        assert 'class="back machine flagged"' in row
    assert "Do eat for 6 hours" in page and "paracetamol 50 mg" in page

    code, problems = meaning(root)
    assert code == 0  # warnings
    assert {(p["check"], p["msgid"]) for p in problems} == FAULTY_TA
    assert all(p["severity"] == "warning" for p in problems)
    po = (root / "locales/ta/LC_MESSAGES" / f"{UFE}.po").read_text(encoding="utf-8").splitlines()
    for p in problems:  # on the msgstr line, the one a translator edits
        assert po[p["line"] - 1].startswith("msgstr")

    code, problems = meaning(root, "--strict-meaning")
    assert code == 1 and len(problems) == 5 and all(p["severity"] == "error" for p in problems)


def test_the_faithful_model_raises_nothing_and_a_second_run_calls_no_engine(tmp_path: Path,
                                                                          back_model: Path) -> None:
    model = shutil.copytree(back_model, tmp_path / "model")
    root = project(tmp_path, model)
    first = run_cli(root, "review", "--lang", "ta", UFE, "--back-translate", "--no-pdf")
    assert "30 by the engine, 0 from the cache" in first.output, first.output
    assert "0 of 30 segments (negation 0, quantity 0, term 0)" in first.output
    assert meaning(root) == (0, [])

    (model / "model.bin").unlink()  # any engine call would now fail
    second = run_cli(root, "review", "--lang", "ta", UFE, "--back-translate", "--no-pdf")
    assert second.exit_code == 0, second.output
    assert "0 by the engine, 30 from the cache" in second.output
    page = sheet_html(root)
    assert "0 of 30 segments flagged" in page
    # rows in reading order, each with its back-translation beside the Tamil
    numbers = [int(n) for n in re.findall(r'<tr id="s(\d+)"', page)]
    assert numbers == sorted(numbers) and len(numbers) == 30
    assert page.count('<td class="back machine"') == 30
    assert "Do not eat for 6 hours before the procedure." in page
    assert (root / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")


def test_check_names_segments_it_could_not_compare(tmp_path: Path, back_model: Path) -> None:
    root = project(tmp_path, back_model)
    code, problems = meaning(root)
    assert code == 0
    assert [p["check"] for p in problems] == ["meaning"]
    assert "30 segments not compared" in problems[0]["message"]
    assert "leaflet review --lang ta uterine-fibroid-embolization --back-translate" in problems[0]["message"]
    assert meaning(root, "--strict-meaning")[0] == 1


def test_a_changed_model_is_not_served_from_the_cache(tmp_path: Path, back_model: Path,
                                                     faulty_back_model: Path) -> None:
    root = project(tmp_path, back_model)
    run_cli(root, "review", "--lang", "ta", UFE, "--back-translate", "--no-pdf")
    toml = root / "source" / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(str(back_model), str(faulty_back_model)),
                    encoding="utf-8")
    assert meaning(root)[1][0]["check"] == "meaning"  # keyed by model: nothing cached for this one
    result = run_cli(root, "review", "--lang", "ta", UFE, "--back-translate", "--no-pdf")
    assert "30 by the engine" in result.output
    assert len(meaning(root)[1]) == 5


def test_machine_drafts_are_back_translated_too_and_the_setting_turns_it_on(tmp_path: Path,
                                                                           faulty_back_model: Path) -> None:
    root = project(tmp_path, faulty_back_model, review='review = ["ur"]\n')
    result = run_cli(root, "review", "--lang", "ur", UFE, "--no-pdf")  # no flag: site.toml asks for it
    assert result.exit_code == 0, result.output
    assert "back-translated 16 segments ur→en" in result.output
    page = sheet_html(root, "ur")
    assert page.count('<td class="back machine') == 30
    assert page.count('<div class="none">nothing to translate back</div>') == 14
    plain = run_cli(root, "review", "--lang", "ur", UFE, "--no-pdf", "--no-back-translate")
    assert "back-translated" not in plain.output
    assert 'class="back machine' not in sheet_html(root, "ur")


def test_signoff_records_the_sheet_and_its_open_flags(tmp_path: Path, faulty_back_model: Path) -> None:
    root = project(tmp_path, faulty_back_model)
    by = "Dr A. Sharma, consultant radiologist"
    refused = run_cli(root, "signoff", "--lang", "hi", UFE, "--by", by, "--back-translated")
    assert refused.exit_code == 1 and "review --lang hi" in refused.output + str(refused.stderr_bytes or "")
    run_cli(root, "review", "--lang", "hi", UFE, "--back-translate", "--no-pdf")
    signed = run_cli(root, "signoff", "--lang", "hi", UFE, "--by", by, "--back-translated")
    assert signed.exit_code == 0, signed.output
    record = json.loads((root / "locales/hi/signoff" / f"{UFE}.json").read_text(encoding="utf-8"))
    back = record["back_translation"]
    assert back["engine"].endswith("hi→en")
    assert sorted(f["kind"] for f in back["open_flags"]) == ["negation"] * 4 + ["quantity"]
    status = run_cli(root, "status", "--lang", "hi")
    assert f"hi/{UFE}: by {by} on" in status.output
    assert "with a back-translation sheet" in status.output and "5 flags open (negation 4, quantity 1)" in status.output

    # signed without the sheet: no field, as in every record written before it existed, still valid
    run_cli(root, "signoff", "--lang", "hi", UFE, "--by", by)
    record = json.loads((root / "locales/hi/signoff" / f"{UFE}.json").read_text(encoding="utf-8"))
    assert "back_translation" not in record
    status = run_cli(root, "status", "--lang", "hi")
    assert f"signed  hi/{UFE}" in status.output and "back-translation" not in status.output


@pytest.mark.parametrize("entry, message", [
    ('ta = { engine = "ctranslate2" }', "source/site.toml:{line}: 'ta' in [translation.back]: the ctranslate2 engine needs"),
    ('xx = "argos"', "source/site.toml:{line}: 'xx' in [translation.back] is not a language"),
    ('review = ["en"]', "source/site.toml:{line}: 'review' in [translation.back] must be a list of languages"),
])
def test_a_bad_back_entry_is_reported_with_its_line(tmp_path: Path, entry: str, message: str) -> None:
    root = copy_clinic(tmp_path / "clinic")
    toml = root / "source" / "site.toml"
    text = toml.read_text(encoding="utf-8") + f"\n[translation.back]\n{entry}\n"
    toml.write_text(text, encoding="utf-8")
    result = run_cli(root, "review", "--lang", "ta", "--no-pdf")
    assert result.exit_code == 2
    assert message.format(line=len(text.splitlines())) in result.output + (result.stderr or "")


def test_translate_back_fills_the_cache_for_ci_without_a_sheet(tmp_path: Path, faulty_back_model: Path) -> None:
    root = project(tmp_path, faulty_back_model)
    before = {p: p.read_bytes() for p in (root / "locales").rglob("*.po")}
    result = run_cli(root, "translate", "--lang", "ta", "--back")
    assert result.exit_code == 0, result.output
    assert "ta: back-translated 30 segments ta→en" in result.output and "30 by the engine" in result.output
    assert {p: p.read_bytes() for p in (root / "locales").rglob("*.po")} == before
    assert not (root / "output").exists()
    assert {(p["check"], p["msgid"]) for p in meaning(root)[1]} == FAULTY_TA
    again = run_cli(root, "translate", "--lang", "ta", "--back")
    assert "0 by the engine, 30 from the cache" in again.output


def test_a_flag_is_silenced_per_entry_like_any_check(tmp_path: Path, faulty_back_model: Path) -> None:
    import polib

    root = project(tmp_path, faulty_back_model)
    run_cli(root, "translate", "--lang", "ta", "--back")
    path = root / "locales/ta/LC_MESSAGES" / f"{UFE}.po"
    po = polib.pofile(str(path))
    next(e for e in po if "paracetamol" in e.msgid).flags.append("leaflet-ignore:meaning-quantity")
    po.save(str(path))
    codes = [p["check"] for p in meaning(root)[1]]
    assert codes == ["meaning-negation"] * 4
    result = run_cli(root, "check", "--lang", "ta", "--min-coverage", "0")
    assert "[flags]" not in result.output  # a known code, not reported as a typo
