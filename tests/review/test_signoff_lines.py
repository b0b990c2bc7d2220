"""`check --require-signoff` reports a change on the msgstr line, as every other finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_signoff import BY, SMALL, leaflet, translate, two  # noqa: F401 - `two` is a fixture
from workflow.catalogs.pofile import read_catalog
from workflow.catalogs.repository import catalog_path
from workflow.review import signing

CHANGES = {  # what changes after the sign-off -> (domain, msgid of the entry reported)
    "translation": ("back-care", "Fever", "तेज़ बुखार"),
    "long-translation": ("back-care", "Rest your back and call the centre if the pain gets worse.",
                         "अपनी पीठ को पूरा आराम दें और अगर दर्द बढ़ता जाए या कम न हो तो बिना देर किए केंद्र को "
                         "फ़ोन करें, ताकि डॉक्टर आपकी जाँच कर सकें और सही सलाह दे सकें।"),
    "interface": ("site", None, None),
}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_change_since_signoff_is_on_the_msgstr_line(two: Path, kind: str) -> None:  # noqa: F811
    signing.sign(two, "hi", SMALL, BY)
    domain, msgid, msgstr = CHANGES[kind]
    catalog = read_catalog(catalog_path(two, "hi", domain), two)
    if msgid is None:
        msgid = next(e.msgid for e in catalog if e.msgstr and not e.obsolete and not e.msgid_plural)
        msgstr = catalog.find(msgid).msgstr + " (नया)"
    translate(two, "hi", domain, {msgid: msgstr})
    catalog = read_catalog(catalog_path(two, "hi", domain), two)
    msgstr_line, msgid_line = catalog.msgstr_line(catalog.find(msgid)), catalog.msgid_line(catalog.find(msgid))
    assert msgstr_line != msgid_line
    gate = leaflet(two, "check", "--lang", "hi", "--require-signoff", "--format", "json")
    assert gate.exit_code == 1, gate.output
    found = [p for p in json.loads(gate.stdout)["problems"] if p["check"] == "signoff" and p["msgid"] == msgid]
    assert found and all(p["line"] == msgstr_line and p["msgid_line"] == msgid_line for p in found), found
    text = leaflet(two, "check", "--lang", "hi", "--require-signoff")
    assert f"{msgstr_line}: error [signoff]" in text.output
