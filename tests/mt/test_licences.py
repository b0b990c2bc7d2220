"""Every engine and model carries its licence: `models list`, draft provenance, and the one
warning a run with a non-commercial model gives a centre whose use is not non-commercial."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from mt_fixture import ArgosHome, entry, po

from workflow import catalogs
from workflow.catalogs.drafts import model_of
from workflow.mt.argos import package_licence
from workflow.source.translation import LICENCES, non_commercial

WARNING = "licensed for non-commercial use only"


def configure(root: Path, table: str) -> None:
    site = root / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + "\n[translation]\n" + table + "\n", encoding="utf-8")


def test_an_argos_package_states_its_licence_or_it_is_unknown(tmp_path: Path) -> None:
    assert package_licence(tmp_path) == "unknown"  # no metadata.json
    (tmp_path / "metadata.json").write_text(json.dumps({"from_code": "en", "license": "CC0-1.0"}), encoding="utf-8")
    assert package_licence(tmp_path) == "CC0-1.0"
    (tmp_path / "metadata.json").write_text(json.dumps({"from_code": "en", "license": ""}), encoding="utf-8")
    assert package_licence(tmp_path) == "unknown"
    (tmp_path / "metadata.json").write_text("{not json", encoding="utf-8")
    assert package_licence(tmp_path) == "unknown"


def test_which_licences_are_non_commercial() -> None:
    assert LICENCES == {"nllb": "CC-BY-NC-4.0", "indictrans2": "MIT"}
    assert [non_commercial(x) for x in ("CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-4.0", "MIT", "unknown",
                                        "Apache-2.0")] == [True, True, False, False, False, False]


def test_models_list_shows_a_licence_for_every_engine_and_model(mt_project: Path, argos_home: ArgosHome,
                                                                 nllb_model: Path, indictrans2_model: Path,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEAFLET_MODELS_DIR", str(tmp_path / "models"))
    for model in (nllb_model, indictrans2_model):
        assert run_cli(mt_project, "models", "install", str(model)).exit_code == 0
    configure(mt_project, 'mr = { engine = "ctranslate2", model = "nllb-tiny-ct2" }\n'
                          'ta = { engine = "ctranslate2", model = "indictrans2-tiny-ct2" }\n'
                          'te = { engine = "libretranslate", url = "http://127.0.0.1:9" }')
    listed = run_cli(mt_project, "models", "list")
    assert listed.exit_code == 0, listed.output
    text = listed.output
    assert re.search(r"^  en→hi  1\.0 +English → Hindi  \[unknown\]  ", text, re.M), text
    assert re.search(r"^  ctranslate2  nllb-tiny-ct2  \(nllb\)  \[CC-BY-NC-4\.0\]  ", text, re.M), text
    assert re.search(r"^  ctranslate2  indictrans2-tiny-ct2  \(indictrans2\)  \[MIT\]  ", text, re.M), text
    assert re.search(r"^  hi  argos en→hi 1\.0 \(unknown\)$", text, re.M), text
    assert re.search(r"^  mr  nllb en→mr nllb-tiny-ct2 \(CC-BY-NC-4\.0\)  ", text, re.M), text
    assert re.search(r"^  ta  indictrans2 en→ta indictrans2-tiny-ct2 \(MIT\)  ", text, re.M), text
    assert re.search(r"^  te  libretranslate en→te http://127\.0\.0\.1:9 \(unknown\)$", text, re.M), text

    data = json.loads(run_cli(mt_project, "models", "list", "--format", "json").stdout)
    assert {m["name"]: m["licence"] for m in data["installed"]} == {
        "English → Hindi": "unknown", "nllb-tiny-ct2": "CC-BY-NC-4.0", "indictrans2-tiny-ct2": "MIT"}
    served = {s["lang"]: s for s in data["languages"]}
    assert {lang: s["licence"] for lang, s in served.items() if s["engine"]} == {
        "hi": "unknown", "mr": "CC-BY-NC-4.0", "ta": "MIT", "te": "unknown"}
    assert all(s["licence"] is None and s["problem"] for s in served.values() if not s["engine"])
    assert data["available"] is None  # the index is unreachable in tests


def test_the_non_commercial_warning_appears_exactly_when_it_should(mt_project: Path, argos_home: ArgosHome,
                                                                    nllb_model: Path, indictrans2_model: Path) -> None:
    site = mt_project / "source" / "site.toml"
    original = site.read_text(encoding="utf-8")
    configure(mt_project, f'mr = {{ engine = "ctranslate2", model = "{nllb_model}", device = "cpu" }}')
    both = run_cli(mt_project, "translate", "--lang", "hi", "--lang", "mr")
    assert both.exit_code == 0, both.output
    assert both.stderr.count(WARNING) == 1, both.stderr  # one line per run, naming the language
    assert re.search(r"^leaflet: warning: mr: drafted by a model licensed for non-commercial use only "
                     r"\(nllb nllb-tiny-ct2 \(CC-BY-NC-4\.0\)\)", both.stderr, re.M), both.stderr
    note = catalogs.mt_note(entry(po(mt_project, lang="mr"), "Rest for a day"))
    assert note.startswith("leaflet-mt: nllb en→mr nllb-tiny-ct2 (CC-BY-NC-4.0); score ")
    assert model_of(note) == ("nllb en→mr nllb-tiny-ct2", "CC-BY-NC-4.0")

    hi_only = run_cli(mt_project, "translate", "--lang", "hi", "--redraft")  # Argos: not known to be NC
    assert hi_only.exit_code == 0 and WARNING not in hi_only.stderr

    site.write_text(original, encoding="utf-8")
    configure(mt_project, f'use = "non-commercial"\nmr = {{ engine = "ctranslate2", model = "{nllb_model}", '
                          'device = "cpu" }')
    declared = run_cli(mt_project, "translate", "--lang", "mr", "--redraft")
    assert declared.exit_code == 0 and WARNING not in declared.stderr

    site.write_text(original, encoding="utf-8")
    configure(mt_project, f'mr = {{ engine = "ctranslate2", model = "{indictrans2_model}", device = "cpu" }}')
    permissive = run_cli(mt_project, "translate", "--lang", "mr", "--redraft")
    assert permissive.exit_code == 0 and WARNING not in permissive.stderr
    note = catalogs.mt_note(entry(po(mt_project, lang="mr"), "Rest for a day"))
    assert note.startswith("leaflet-mt: indictrans2 en→mr indictrans2-tiny-ct2 (MIT); score ")


def test_a_bad_use_is_reported_with_its_line(mt_project: Path) -> None:
    configure(mt_project, 'use = "research"')
    result = run_cli(mt_project, "translate", "--lang", "mr")
    assert result.exit_code == 2
    assert re.search(r"source/site\.toml:\d+: 'use' in \[translation\] must be one of commercial, non-commercial",
                     result.output), result.output


def test_old_provenance_lines_still_read() -> None:
    assert model_of("leaflet-mt: nllb en→mr nllb-200-distilled-600M-ct2; score 0.82") == (
        "nllb en→mr nllb-200-distilled-600M-ct2", None)
    assert model_of("leaflet-mt: indictrans2 en→ta indictrans2-en-indic-dist-200M-ct2 (MIT); score 0.81") == (
        "indictrans2 en→ta indictrans2-en-indic-dist-200M-ct2", "MIT")
    assert model_of("leaflet-mt: tm 92% from site") is None and model_of("leaflet-mt: reused from site") is None
