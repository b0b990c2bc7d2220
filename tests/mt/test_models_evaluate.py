"""`leaflet models evaluate`: engines scored on the clinic fixture's reviewed Hindi, side by side."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
from clinic import copy_clinic
from conftest import run_cli
from mt_fixture import ArgosHome

from workflow import catalogs


def nllb(model: Path) -> str:
    return f'{{ engine = "ctranslate2", model = "{model}", device = "cpu" }}'


def test_two_engines_side_by_side_on_the_clinic(tmp_path: Path, argos_home: ArgosHome, nllb_model: Path) -> None:
    root = copy_clinic(tmp_path / "clinic")
    path = catalogs.catalog_path(root, "hi", "site")
    book = polib.pofile(str(path))
    reviewed = [e for e in catalogs.active(book) if catalogs.is_reviewed(e) and not e.msgid_plural]
    reviewed[0].tcomment = "leaflet-mt: argos en→hi 1.0; score 0.91"  # reviewed from Argos's own draft
    book.save()
    total = len({e.msgid for d in catalogs.catalog_domains(root, "hi")
                 for e in catalogs.active(polib.pofile(str(catalogs.catalog_path(root, "hi", d))))
                 if catalogs.is_reviewed(e) and not e.msgid_plural})

    result = run_cli(root, "models", "evaluate", "--lang", "hi", "--engine", "argos", "--engine", nllb(nllb_model))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"hi: {total} reviewed segments"
    assert re.match(r"engine +licence +segs +chrF\+\+ +BLEU +unchanged +median edits +s/segment", lines[1])
    row = re.compile(r"^(?P<label>.+?) +(?P<licence>\S+) +(?P<segs>\d+) +(?P<chrf>\d+\.\d) +(?P<bleu>\d+\.\d) "
                     r"+(?P<unchanged>\d+) +(?P<edits>\d+(?:\.\d+)?)(?: +(?P<secs>\d+\.\d+))?$")
    rows = [row.match(line) for line in lines[2:]]
    assert all(rows), lines
    argos, own, other = rows
    assert argos["label"] == "argos en→hi 1.0" and argos["licence"] == "unknown"
    assert own["label"].strip() == "reviewed from its own drafts" and own["segs"] == "1"
    assert other["label"] == "nllb en→hi nllb-tiny-ct2" and other["licence"] == "CC-BY-NC-4.0"
    assert int(argos["segs"]) == total - 1 and int(other["segs"]) == total  # not its draft: all of them
    for r in (argos, other):
        assert 0 < float(r["chrf"]) < 100

    data = json.loads(run_cli(root, "models", "evaluate", "--lang", "hi", "--engine", "argos",
                              "--format", "json").stdout)
    (engine,) = data["engines"]
    assert data["segments"] == total and engine["licence"] == "unknown"
    assert engine["scores"]["segments"] + engine["own"]["segments"] == total
    assert abs(engine["scores"]["chrf"] - float(argos["chrf"])) <= 0.051 and engine["seconds_per_segment"] > 0


def test_a_tsv_of_the_centres_own_pairs(tmp_path: Path, argos_home: ArgosHome) -> None:
    root = copy_clinic(tmp_path / "clinic")
    tsv = tmp_path / "pairs.tsv"
    # The fixture model turns "pain" into दर्द and "relief" into राहत and copies the rest.
    tsv.write_text("# English\treviewed\npain relief\tदर्द राहत\nbone pain\tहड्डी का दर्द\n", encoding="utf-8")
    data = json.loads(run_cli(root, "models", "evaluate", "--lang", "hi", "--tsv", str(tsv),
                              "--format", "json").stdout)
    scores = data["engines"][0]["scores"]
    assert data["segments"] == 2 and scores["unchanged"] == 1 and scores["failed"] == 0
    assert scores["median_edits"] == 1.5  # 0 for the first, 3 (" का") for the second
    assert 50 < scores["chrf"] < 100

    tsv.write_text("pain relief\tदर्द राहत\nno tab here\n", encoding="utf-8")
    bad = run_cli(root, "models", "evaluate", "--lang", "hi", "--tsv", str(tsv))
    assert bad.exit_code == 2 and f"{tsv}:2: expected the English text" in bad.output


def test_an_engine_that_cannot_serve_stops_before_any_work(tmp_path: Path, argos_home: ArgosHome) -> None:
    root = copy_clinic(tmp_path / "clinic")
    result = run_cli(root, "models", "evaluate", "--lang", "hi", "--engine", "ctranslate2:/nowhere")
    assert result.exit_code == 2 and "no CTranslate2 model at /nowhere for en→hi" in result.output
    result = run_cli(root, "models", "evaluate", "--lang", "hi", "--engine", "ctranslate2")
    assert result.exit_code == 2 and "ctranslate2 needs ctranslate2:MODEL" in result.output
