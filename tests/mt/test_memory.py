"""Translation memory: which reviewed msgid a new msgid is drafted from, on catalogs read from disk."""

from __future__ import annotations

from pathlib import Path

from workflow import catalogs
from workflow.catalogs.glossary import load_glossary
from workflow.mt.memory import Memory

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: hi\\n"\n\n'


def book(tmp_path: Path, name: str, entries: list[tuple[str, str, str]]) -> catalogs.Catalog:
    """A catalog file of (msgid, msgstr, flag) entries, read back as translate reads it."""
    body = "".join((f"#, {flag}\n" if flag else "") + f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'
                   for msgid, msgstr, flag in entries)
    path = tmp_path / f"{name}.po"
    path.write_text(HEADER + body, encoding="utf-8")
    return catalogs.read_catalog(path)


def test_the_closest_reviewed_msgid_with_the_same_numbers_is_the_match(tmp_path: Path) -> None:
    books = {"a": book(tmp_path, "a", [
        ("Walk a little every day.", "रोज़ थोड़ा टहलें।", ""),
        ("Take 500 mg of paracetamol every 6 hours.", "हर 6 घंटे में 500 mg पैरासिटामोल लें।", ""),
        ("Rest for a week after the procedure.", "प्रक्रिया के बाद एक सप्ताह आराम करें।", "fuzzy"),
        ("Drink plenty of water.", "", ""),
    ]), "b": book(tmp_path, "b", [("Walk a little every other day.", "हर दूसरे दिन थोड़ा टहलें।", "")])}
    memory = Memory.of(books)
    match = memory.best("Walk a little on every other day.")
    assert (match.entry.msgid, match.domain, match.percent) == ("Walk a little every other day.", "b", 95)
    # 97 % alike, but another dose: never drafted from the 500 mg translation.
    assert memory.best("Take 250 mg of paracetamol every 6 hours.") is None
    assert memory.best("Take 500 mg of paracetamol every 6 hours!").entry.msgid.startswith("Take 500 mg")
    # Unreviewed entries (a machine draft or fuzzy, an empty msgstr) are not remembered.
    assert memory.best("Rest for a week after the procedures.") is None
    assert memory.best("Drink plenty of waters.") is None
    assert memory.best("Something else entirely.") is None


def test_an_identical_msgid_is_not_a_memory_match_and_the_first_of_equals_wins(tmp_path: Path) -> None:
    books = {"a": book(tmp_path, "a", [("Call us on the day.", "उसी दिन हमें फ़ोन करें।", ""),
                                       ("Call us on the way.", "रास्ते में हमें फ़ोन करें।", "")]),
             "b": book(tmp_path, "b", [("Call us on the bay.", "खाड़ी पर हमें फ़ोन करें।", "")])}
    memory = Memory.of(books)
    assert memory.best("Call us on the day.").entry.msgid == "Call us on the way."  # itself is left out
    assert memory.best("Call us on the ray.").entry.msgid == "Call us on the day."  # three equals: the first
    assert memory.best("Call us on the ray.").domain == "a"


def test_glossary_terms_are_spans_a_match_must_share(tmp_path: Path) -> None:
    glossary = tmp_path / "locales" / "hi" / "glossary.csv"
    glossary.parent.mkdir(parents=True)
    glossary.write_text("source,target,note\nkyphoplasty,काइफोप्लास्टी,\nvertebroplasty,वर्टेब्रोप्लास्टी,\n",
                        encoding="utf-8")
    terms = load_glossary(tmp_path, "hi")
    books = {"a": book(tmp_path, "a", [("Kyphoplasty takes about an hour.", "काइफोप्लास्टी में लगभग एक घंटा लगता है।", "")])}
    memory = Memory.of(books, terms)
    assert memory.best("Kyphoplasty takes about one hour.") is not None
    assert memory.best("Vertebroplasty takes about an hour.") is None
