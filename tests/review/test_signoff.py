"""Clinical sign-off: bound to the texts an edition publishes, enforced by the release build.

The project is a copy of the bundled one (its Hindi catalogs are fully reviewed) plus a second,
small article with a reviewed Hindi catalog, so two editions can be signed and changed apart.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from conftest import write_article
from workflow import catalogs
from workflow.editions import signoff
from workflow.review import signing
from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.repository import catalog_path
from workflow.cli.main import main
from workflow.base.errors import FindingsError, InputError
from workflow.publish.pipeline import publish

BIG = "kyphoplasty-vs-vertebroplasty"
SMALL = "back-care"
BY = "Dr A. Sharma, consultant interventional radiologist"
#: The small article's segments in document order, and their reviewed Hindi.
SMALL_HI = {
    "Back care": "पीठ की देखभाल",
    "Rest your back and call the centre if the pain gets worse.":
        "अपनी पीठ को आराम दें और दर्द बढ़े तो केंद्र को फ़ोन करें।",
    "When to call": "कब फ़ोन करें",
    "Fever": "बुखार",
    "Numbness in the legs": "पैरों में सुन्नपन",
}


def leaflet(root: Path, *args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["--root", str(root), *args])


def translate(root: Path, lang: str, domain: str, values: dict[str, str]) -> None:
    path = catalog_path(root, lang, domain)
    catalog = read_catalog(path, root)
    for entry in catalogs.active(catalog):
        if entry.msgid in values:
            entry.msgstr = values[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None
    write_catalog(catalog, path)


@pytest.fixture
def two(project: Path) -> Path:
    """The bundled project plus `back-care`, extracted, merged and reviewed in Hindi."""
    write_article(project, SMALL, "Rest your back and call the centre if the pain gets worse.\n\n"
                  "## When to call\n\n- Fever\n- Numbness in the legs\n", title="Back care")
    assert leaflet(project, "extract").exit_code == 0
    assert leaflet(project, "update", "--lang", "hi").exit_code == 0
    translate(project, "hi", SMALL, SMALL_HI)
    return project


def state(root: Path, slug: str) -> signoff.Verdict:
    return next(v for v in signoff.verdicts(root, ["hi"]) if v.slug == slug)


def test_signing_records_who_when_and_what(two: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01T00:00:00Z
    assert state(two, SMALL).state == signoff.UNSIGNED
    result = leaflet(two, "signoff", "--lang", "hi", SMALL, "--by", BY)
    assert result.exit_code == 0, result.output
    path = two / "locales" / "hi" / "signoff" / f"{SMALL}.json"
    assert "locales/hi/signoff/back-care.json" in result.output
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["signed_by"] == BY and data["signed_at"] == "2027-01-01T00:00:00Z"
    assert [(s["msgid"], s["msgstr"]) for s in data["segments"]] == list(SMALL_HI.items())
    assert ["Call us", "हमें फ़ोन करें"] in [[i["msgid"], i["msgstr"]] for i in data["interface"]]
    assert data["digest"] == state(two, SMALL).digest and state(two, SMALL).state == signoff.SIGNED
    assert state(two, BIG).state == signoff.UNSIGNED  # one edition signed, not the other


def test_layout_reordering_and_a_null_update_keep_the_signoff(two: Path) -> None:
    for slug in (SMALL, BIG):
        signing.sign(two, "hi", slug, BY)
    digests = {v.slug: v.digest for v in signoff.verdicts(two, ["hi"])}
    for domain in (SMALL, BIG, "site"):
        path = catalog_path(two, "hi", domain)
        before = path.read_bytes()
        po = polib.pofile(str(path), wrapwidth=40)
        entries = list(po)
        del po[:]
        po.extend(reversed(entries))  # another order of entries, another wrapping
        po.wrapwidth = 40
        po.save(str(path))
        assert path.read_bytes() != before
    assert all(v.state == signoff.SIGNED for v in signoff.verdicts(two, ["hi"]))
    assert leaflet(two, "update", "--lang", "hi").exit_code == 0
    verdicts = signoff.verdicts(two, ["hi"])
    assert [v.state for v in verdicts] == [signoff.SIGNED, signoff.SIGNED]
    assert {v.slug: v.digest for v in verdicts} == digests


def test_an_edited_translation_blocks_the_release_until_signed_again(two: Path) -> None:
    for slug in (SMALL, BIG):
        signing.sign(two, "hi", slug, BY)
    translate(two, "hi", SMALL, {"Fever": "तेज़ बुखार"})
    seen = state(two, SMALL)
    assert seen.state == signoff.CHANGED and state(two, BIG).state == signoff.SIGNED
    assert [(c.kind, c.index, c.old, c.new) for c in seen.changes] == [("translation", 3, "बुखार", "तेज़ बुखार")]

    with pytest.raises(FindingsError) as refused:
        publish(two, ["hi"], strict=True)
    assert f"hi/{SMALL}: changed since sign-off by {BY}" in str(refused.value)
    assert 'segment 4 "Fever" (translation changed)' in str(refused.value)
    assert BIG not in str(refused.value)
    assert not (two / "output").exists()

    status = leaflet(two, "status", "--lang", "hi")
    assert f"  changed  hi/{SMALL}: 1 change since sign-off by {BY}" in status.output
    assert f"   signed  hi/{BIG}: by {BY}" in status.output
    shown = json.loads(leaflet(two, "status", "--lang", "hi", "--format", "json").output)
    assert {e["slug"]: e["state"] for e in shown["editions"]} == {BIG: "signed", SMALL: "changed"}

    gate = leaflet(two, "check", "--lang", "hi", "--require-signoff")
    assert gate.exit_code == 1
    catalog = read_catalog(catalog_path(two, "hi", SMALL), two)
    line = catalog.msgstr_line(catalog.find("Fever"))  # the line a translator edits, as other findings
    assert re.search(rf"^locales/hi/LC_MESSAGES/{SMALL}\.po .*\n +{line}: error \[signoff\] hi/{SMALL} changed "
                     rf"since sign-off by {re.escape(BY)} on .*segment 4 \"Fever\" \(translation changed\)",
                     gate.output, re.M), gate.output
    assert leaflet(two, "check", "--lang", "hi").exit_code == 0  # without the option: not a gate

    assert leaflet(two, "signoff", "--lang", "hi", SMALL, "--by", BY).exit_code == 0
    assert leaflet(two, "check", "--lang", "hi", "--require-signoff").exit_code == 0
    released = leaflet(two, "publish", "--lang", "hi", "--strict")
    assert released.exit_code == 0, released.output
    assert (two / "output" / "hi" / f"{SMALL}.pdf").is_file()


def test_an_edited_english_source_invalidates_and_shows_old_beside_new(two: Path) -> None:
    signing.sign(two, "hi", SMALL, BY)
    article = two / "source" / "articles" / f"{SMALL}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("- Fever", "- A fever"), encoding="utf-8")
    assert leaflet(two, "extract").exit_code == 0 and leaflet(two, "update", "--lang", "hi").exit_code == 0
    seen = state(two, SMALL)
    assert seen.state == signoff.CHANGED
    assert [(c.kind, c.old_msgid, c.msgid, c.old, c.new) for c in seen.changes] == \
        [("source", "Fever", "A fever", "बुखार", None)]
    # Not signable while the new English has no reviewed translation; then signable again.
    refused = leaflet(two, "signoff", "--lang", "hi", SMALL, "--by", BY)
    assert refused.exit_code == 1 and '1 of 5 segments have no reviewed translation' in refused.output
    translate(two, "hi", SMALL, {"A fever": "बुखार"})
    assert leaflet(two, "signoff", "--lang", "hi", SMALL, "--by", BY).exit_code == 0
    assert state(two, SMALL).state == signoff.SIGNED


def test_an_edited_interface_string_invalidates_every_edition(two: Path) -> None:
    for slug in (SMALL, BIG):
        signing.sign(two, "hi", slug, BY)
    translate(two, "hi", "site", {"Call us": "हमें कॉल करें"})
    for v in signoff.verdicts(two, ["hi"]):
        assert v.state == signoff.CHANGED
        assert [(c.kind, c.msgid, c.old, c.new) for c in v.changes] == \
            [("interface", "Call us", "हमें फ़ोन करें", "हमें कॉल करें")]


def test_signoff_refuses_fallbacks_and_errors_and_writes_nothing(two: Path) -> None:
    record = two / "locales" / "hi" / "signoff" / f"{SMALL}.json"
    translate(two, "hi", SMALL, {"Fever": ""})
    result = leaflet(two, "signoff", "--lang", "hi", SMALL, "--by", BY)
    assert result.exit_code == 1
    assert 'cannot be signed off: 1 of 5 segments have no reviewed translation' in result.output
    assert 'segment 4 "Fever"' in result.output and not record.exists()

    translate(two, "hi", SMALL, {"Fever": "बुखार", "Numbness in the legs": "Numbness in the legs"})
    result = leaflet(two, "signoff", "--lang", "hi", SMALL, "--by", BY)
    assert result.exit_code == 1 and "[identical]" in result.output and "no reviewed translation" not in result.output
    assert f"locales/hi/LC_MESSAGES/{SMALL}.po:" in result.output and not record.exists()

    for by in ("Dr A. Sharma", ", radiologist", "  "):
        result = leaflet(two, "signoff", "--lang", "hi", SMALL, "--by", by)
        assert result.exit_code == 2 and "NAME, ROLE" in result.output
    assert leaflet(two, "signoff", "--lang", "hi", "no-such", "--by", BY).exit_code == 2
    assert not record.exists()


def test_an_unsigned_edition_blocks_the_strict_build_only(two: Path) -> None:
    signing.sign(two, "hi", SMALL, BY)
    result = leaflet(two, "publish", "--lang", "hi", "--strict")
    assert result.exit_code == 1
    assert f"hi/{BIG}: never signed off" in result.output and f"hi/{SMALL}" not in result.output
    assert not (two / "output").exists()
    gate = leaflet(two, "check", "--lang", "hi", "--require-signoff")
    assert gate.exit_code == 1 and f"locales/hi/signoff/{BIG}.json" in gate.output


def test_a_hand_edited_record_is_an_input_error(two: Path) -> None:
    path, _ = signing.sign(two, "hi", SMALL, BY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["segments"][3]["msgstr"] = "तेज़ बुखार"  # the texts no longer match the digest
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(InputError, match="does not match its own digest"):
        signoff.read_record(two, "hi", SMALL)
    path.write_text("{\n  \"version\": 1,\n", encoding="utf-8")
    result = leaflet(two, "status", "--lang", "hi")
    assert result.exit_code == 2 and f"locales/hi/signoff/{SMALL}.json:3:" in result.output


def test_two_editions_signed_on_two_branches_merge_cleanly(two: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args], cwd=two,
                              check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "content")
    git("checkout", "-qb", "small")
    signing.sign(two, "hi", SMALL, BY)
    git("add", "-A")
    git("commit", "-qm", "sign small")
    git("checkout", "-q", "main")
    signing.sign(two, "hi", BIG, "Dr R. Verma, orthopaedic surgeon")
    git("add", "-A")
    git("commit", "-qm", "sign big")
    git("merge", "-q", "--no-edit", "small")
    assert not git("status", "--porcelain")
    assert {v.slug: v.state for v in signoff.verdicts(two, ["hi"])} == {BIG: signoff.SIGNED, SMALL: signoff.SIGNED}
