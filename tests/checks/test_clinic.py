"""The clinic fixture is what its README says: the states per language, and a clean Hindi check."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from conftest import run_cli
from clinic import BIOPSY, CLINIC, LIVER, UFE, copy_clinic
from workflow.catalogs.pofile import read_catalog
from workflow.catalogs.states import MT_MARK, active
from workflow.catalogs.repository import catalog_path


def _states(lang: str, domain: str) -> tuple[int, int, int]:
    """(reviewed, machine drafts, untranslated) entries of a fixture catalog."""
    entries: list[polib.POEntry] = active(read_catalog(catalog_path(CLINIC, lang, domain), CLINIC))
    draft = [e for e in entries if "fuzzy" in e.flags and MT_MARK in (e.tcomment or "")]
    empty = [e for e in entries if not e.translated() and "fuzzy" not in e.flags]
    reviewed = [e for e in entries if e.translated()]
    return len(reviewed), len(draft), len(empty)


def test_states_per_language() -> None:
    for lang in ("hi", "mr"):
        for domain in (UFE, LIVER, "site"):
            reviewed, drafts, untranslated = _states(lang, domain)
            assert reviewed > 0 and drafts == untranslated == 0, (lang, domain)
    assert _states("ta", UFE)[1:] == (0, 0)
    assert _states("ta", LIVER)[0] == 0
    reviewed, drafts, untranslated = _states("ur", UFE)
    assert reviewed == 0 and drafts > 0 and untranslated > 0
    assert _states("ur", "site")[1:] == (0, 0)
    for lang in ("hi", "mr", "ta", "ur"):
        assert _states(lang, BIOPSY)[:2] == (0, 0)


def test_templates_are_current(tmp_path: Path) -> None:
    root = copy_clinic(tmp_path / "clinic")
    result = run_cli(root, "extract")
    assert result.exit_code == 0 and result.output.count("unchanged") == 4, result.output


def test_only_the_new_article_fails_the_hindi_and_marathi_gate() -> None:
    for lang in ("hi", "mr"):
        result = run_cli(CLINIC, "check", "--lang", lang, "--format", "json")
        assert result.exit_code == 1, result.output
        problems = json.loads(result.output)["problems"]
        assert [(p["domain"], p["check"]) for p in problems] == [(BIOPSY, "coverage")], problems
