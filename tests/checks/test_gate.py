"""One gate for check and publish, on a centre's project of three articles in Hindi and Marathi.

Nothing check rejects reaches a reader; editions are decided per article and language; what
would stop publish is reported by check first; drafts never replace the public edition.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pypdf
import pytest
from click.testing import CliRunner

from gate_fixture import ARTICLES, clear, make_project, set_entries
from workflow.base import lock
from workflow.cli.main import main

WOUND, PAIN, HOME = "wound-care", "pain-medicines", "going-home"


def leaflet(root: Path, *args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["--root", str(root), *args])


def tree(path: Path):  # noqa: ANN201
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def text(path: Path) -> str:
    return "".join(tree(path).find(".//body").itertext())


def uris(pdf: Path) -> list[str]:
    """Every link target of a PDF (its link annotations)."""
    found = []
    for page in pypdf.PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            found.append(str(action.get("/URI") or action.get("/D") or action.get("/F") or ""))
    return found


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    return make_project(tmp_path / "clinic")


# ---------------------------------------------------------------- every language publishes

def test_every_language_publishes_an_article_with_an_image_in_one_run_and_in_several(clinic: Path) -> None:
    one = leaflet(clinic, "publish", "--lang", "hi", "--lang", "mr")
    assert one.exit_code == 0, one.output
    for lang in ("hi", "mr"):
        imgs = [i.get("src") for i in tree(clinic / "output" / lang / f"{WOUND}.html").iter("img")]
        assert imgs == ["../assets/images/articles/images/dressing.png"], lang
        assert len(pypdf.PdfReader(clinic / "output" / lang / f"{WOUND}.pdf").pages[0].images) == 1
    again = leaflet(clinic, "publish", "--lang", "mr", "--force")
    assert again.exit_code == 0, again.output
    assert leaflet(clinic, "publish", "--lang", "hi", "--force").exit_code == 0


# ---------------------------------------------------------------- nothing check rejects is shown

HOSTILE = {
    # domain, msgid, hostile msgstr, the check that rejects it
    "unclosed bold": (WOUND, "Keep the dressing **dry** for 48 hours.", "पट्टी को 48 घंटे तक **सूखा रखें।",
                      "markdown"),
    "changed dose": (PAIN, "Do not take more than 4 g of paracetamol in 24 hours.",
                     "48 घंटे में 4 g से ज़्यादा पैरासिटामोल न लें।", "numbers"),
    "romanised": (PAIN, "Write to care@lotus.example with questions.", "Sawal hon to care@lotus.example par likhen.",
                  "script"),
    "traversal link": (HOME, "Read the [caring for your wound](wound-care.md) leaflet.",
                       "[देखें](../../../../etc/passwd) पर्चा पढ़ें।", "markdown"),
    "english sentence": (HOME, "More at [our site](https://lotus.example/home).",
                         "और जानकारी [हमारी साइट](https://lotus.example/home) पर। "
                         "Do not lift anything heavy for six weeks.", "latin"),
    "reversed phone": (WOUND, "Call 020 2612 3456 if the wound bleeds.",
                       "घाव से ख़ून आए तो \u202e020 2612 3456 पर फ़ोन करें।", "bidi"),
    "padded date": ("site", "Last reviewed: %(date)s", "पिछली समीक्षा: %(date)100000s", "placeholders"),
}


def test_publish_withholds_exactly_what_check_rejects_and_says_where(clinic: Path) -> None:
    for domain, msgid, msgstr, _ in HOSTILE.values():
        set_entries(clinic, "hi", domain, {msgid: msgstr})
    checked = leaflet(clinic, "check", "--lang", "hi", "--format", "json")
    assert checked.exit_code == 1
    errors = {(p["path"], p["line"], p["check"]) for p in json.loads(checked.output)["problems"]
              if p["severity"] == "error"}
    assert {code for _, _, code in errors} == {code for *_, code in HOSTILE.values()}

    result = leaflet(clinic, "publish", "--lang", "hi", "--lang", "mr")
    assert result.exit_code == 0, result.output
    withheld = {(path, int(line), code) for path, line, code in
                re.findall(r"withheld  (\S+):(\d+): \[(\w+)\]", result.output)}
    assert withheld <= errors, "one judgement, on the msgstr line check names"
    assert {(path, line) for path, line, _ in withheld} == {(path, line) for path, line, _ in errors}

    out = clinic / "output" / "hi"
    for domain, msgid, msgstr, _ in HOSTILE.values():
        if domain == "site":
            continue
        english = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", msgid).replace("**", "")
        blocks = [el for el in tree(out / f"{domain}.html").find(".//article").iter()
                  if "".join(el.itertext()).replace("\u00a0", " ").strip() == english]  # units joined by no-break spaces
        assert blocks and all(el.get("lang") == "en" for el in blocks), msgid
        assert msgstr not in (out / f"{domain}.html").read_text(encoding="utf-8")
    assert "100000" not in (out / f"{WOUND}.html").read_text(encoding="utf-8")
    assert "\u202e" not in "".join((out / f"{s}.html").read_text(encoding="utf-8") for s in ARTICLES)
    assert "etc/passwd" not in (out / f"{HOME}.html").read_text(encoding="utf-8")
    # the Marathi editions are untouched by Hindi's problems
    assert "withheld  locales/mr" not in result.output
    strict = leaflet(clinic, "publish", "--lang", "hi", "--strict")
    assert strict.exit_code == 1 and "[numbers] withheld" in strict.output


def test_no_link_but_public_schemes_and_published_pages_and_no_file_uri_in_a_pdf(clinic: Path) -> None:
    set_entries(clinic, "hi", HOME, {"More at [our site](https://lotus.example/home).":
                                     "और [हमारी साइट](https://lotus.example/home) पर, [फ़ाइल](other.html) भी।"},
                flags=("leaflet-ignore:markdown",))  # check silenced: the page is the last guard
    result = leaflet(clinic, "publish", "--lang", "hi")
    assert result.exit_code == 0, result.output
    page = clinic / "output" / "hi" / f"{HOME}.html"
    hrefs = [a.get("href") for a in tree(page).find(".//article").iter("a")]
    assert "wound-care.html" in hrefs and "https://lotus.example/home" in hrefs
    assert "other.html" not in hrefs, "a relative link to a page that is not published"
    for pdf in (clinic / "output" / "hi").glob("*.pdf"):
        targets = uris(pdf)
        assert targets and all(t.split(":")[0] in ("https", "http", "mailto", "tel") for t in targets), targets
        assert b"file:" not in pdf.read_bytes()
    # With the site's address known, a link to another page becomes that page's web address.
    toml = clinic / "source" / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('city = "Pune"',
                                                             'city = "Pune"\nwebsite = "https://lotus.example"'),
                    encoding="utf-8")
    assert leaflet(clinic, "publish", "--lang", "hi").exit_code == 0
    assert "https://lotus.example/hi/wound-care.html" in uris(clinic / "output" / "hi" / f"{HOME}.pdf")


# ---------------------------------------------------------------- per-edition decisions

def test_all_decides_per_edition_and_lists_only_published_ones(clinic: Path) -> None:
    for slug in (PAIN, HOME):
        clear(clinic, "hi", slug)  # new articles, not yet translated into Hindi
    clear(clinic, "mr", WOUND)
    result = leaflet(clinic, "publish", "--all")
    assert result.exit_code == 0, result.output
    assert f"skipped  hi/{PAIN}: 0.0% reviewed, below min_coverage 80%" in result.output
    assert f"skipped  mr/{WOUND}: 0.0% reviewed, below min_coverage 80%" in result.output
    out = clinic / "output"
    assert sorted(p.name for p in (out / "hi").glob("*.html")) == ["index.html", f"{WOUND}.html"]
    assert sorted(p.name for p in (out / "mr").glob("*.pdf")) == [f"{HOME}.pdf", f"{PAIN}.pdf"]
    hi_index = (out / "hi" / "index.html").read_text(encoding="utf-8")
    assert f"{WOUND}.html" in hi_index and PAIN not in hi_index and HOME not in hi_index
    switcher = [a.get("hreflang") for a in tree(out / "hi" / f"{WOUND}.html").iter("a") if a.get("hreflang")]
    assert "mr" not in switcher, "no Marathi edition of this article"
    assert 'hreflang="hi"' not in (out / "mr" / f"{PAIN}.html").read_text(encoding="utf-8")
    root_index = (out / "index.html").read_text(encoding="utf-8")
    assert "hi/index.html" in root_index and "mr/index.html" in root_index
    # A language with no edition at all is not listed anywhere.
    clear(clinic, "hi", WOUND)
    again = leaflet(clinic, "publish", "--all")
    assert "skipped  hi: no edition to publish" in again.output
    assert not (out / "hi").exists() and "hi/index.html" not in (out / "index.html").read_text(encoding="utf-8")


def test_an_edition_with_a_rejected_entry_is_held_back_by_all(clinic: Path) -> None:
    set_entries(clinic, "hi", PAIN, {"Dose": "Khurak dose of the medicine"})
    result = leaflet(clinic, "publish", "--all")
    assert f"skipped  hi/{PAIN}: 1 translation rejected by check" in result.output
    assert "withheld" not in result.output or f"hi/{PAIN}.html" not in result.output
    assert not (clinic / "output" / "hi" / f"{PAIN}.html").exists()
    assert (clinic / "output" / "mr" / f"{PAIN}.html").exists()


def test_check_gates_coverage_per_due_edition(clinic: Path) -> None:
    clear(clinic, "mr", HOME)
    failing = leaflet(clinic, "check", "--format", "json")
    assert failing.exit_code == 1
    assert [(p["lang"], p["domain"]) for p in json.loads(failing.output)["problems"]] == [("mr", HOME)]
    article = clinic / "source" / "articles" / f"{HOME}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("date: 2026-03-03",
                                                                   "date: 2026-03-03\nlanguages: [hi]"),
                       encoding="utf-8")
    assert leaflet(clinic, "check").exit_code == 0, "not yet due in Marathi: CI stays green"
    published = leaflet(clinic, "publish", "--all")
    assert f"skipped  mr/{HOME}: not due" in published.output
    article.write_text(article.read_text(encoding="utf-8").replace("languages: [hi]", "languages: [hi, xx]"),
                       encoding="utf-8")
    bad = leaflet(clinic, "check")
    assert bad.exit_code == 2 and f"source/articles/{HOME}.md:5: 'languages' names 'xx'" in bad.output


# ---------------------------------------------------------------- check fails first

def test_a_missing_image_fails_check_with_its_line_and_skips_only_its_editions(clinic: Path) -> None:
    (clinic / "source" / "articles" / "images" / "dressing.png").unlink()
    checked = leaflet(clinic, "check")
    assert checked.exit_code == 1
    assert re.search(r"source/articles/wound-care.md\n\s+7: error \[images\] image 'images/dressing.png' "
                     r"is not a file under source/", checked.output), checked.output
    result = leaflet(clinic, "publish", "--lang", "hi", "--lang", "mr")
    assert result.exit_code == 0, result.output
    for lang in ("hi", "mr"):
        assert (f"skipped  {lang}/{WOUND}: source/articles/wound-care.md:7: image 'images/dressing.png' "
                "is not a file under source/") in result.output
        assert (clinic / "output" / lang / f"{PAIN}.pdf").is_file()
        assert not (clinic / "output" / lang / f"{WOUND}.html").exists()


# ---------------------------------------------------------------- drafts and dates

def test_drafts_have_their_own_tree_and_a_watermark_on_every_pdf_page(clinic: Path) -> None:
    assert leaflet(clinic, "publish", "--lang", "hi").exit_code == 0
    public = {p: p.read_bytes() for p in (clinic / "output" / "hi").iterdir()}
    set_entries(clinic, "hi", PAIN, {})
    result = leaflet(clinic, "publish", "--lang", "hi", "--include-drafts")
    assert result.exit_code == 0, result.output
    assert public == {p: p.read_bytes() for p in (clinic / "output" / "hi").iterdir()}
    drafts = clinic / "output" / "drafts" / "hi"
    page = tree(drafts / f"{PAIN}.html")
    assert any(m.get("name") == "robots" and m.get("content") == "noindex" for m in page.iter("meta"))
    leaflet_html = publish_leaflet_html(clinic)
    assert 'class="watermark"' in leaflet_html and 'class="draft"' not in leaflet_html
    for number, pdf_page in enumerate(pypdf.PdfReader(drafts / f"{PAIN}.pdf").pages, start=1):
        assert "मशीनी अनुवाद, जाँचा नहीं गया" in pdf_page.extract_text(), f"page {number} unmarked"


def publish_leaflet_html(root: Path) -> str:
    from workflow.render.html import Edition
    from workflow.source.segments import parse_article
    from workflow.source.site import load_site
    from workflow.source.articles import load_articles
    article = next(a for a in load_articles(root) if a.slug == PAIN)
    return Edition(load_site(root), "hi", include_drafts=True).article(parse_article(article), []).leaflet


def test_the_review_date_only_on_a_reviewed_edition(clinic: Path) -> None:
    clear(clinic, "mr", WOUND)
    assert leaflet(clinic, "publish", "--lang", "hi", "--lang", "mr").exit_code == 0
    assert "पिछली समीक्षा" in text(clinic / "output" / "hi" / f"{WOUND}.html")
    assert "शेवटचा आढावा" not in text(clinic / "output" / "mr" / f"{WOUND}.html")
    assert "शेवटचा आढावा" in text(clinic / "output" / "mr" / f"{PAIN}.html")
    pdf_text = pypdf.PdfReader(clinic / "output" / "mr" / f"{WOUND}.pdf").pages[0].extract_text()
    assert "2026" not in pdf_text


# ---------------------------------------------------------------- one writer per output folder

def test_concurrent_publishes_keep_every_language(clinic: Path) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom workflow.publish.pipeline import publish\n"
            f"publish(Path({str(clinic)!r}), [sys.argv[1]])\n")
    runs = [subprocess.Popen([sys.executable, "-c", code, lang], stderr=subprocess.PIPE) for lang in ("hi", "mr")]
    for run in runs:
        assert run.wait() == 0, run.stderr.read() if run.stderr else ""
    manifest = json.loads((clinic / "output" / ".leaflet-build.json").read_text(encoding="utf-8"))
    assert set(manifest["languages"]) == {"en", "hi", "mr"}  # English comes with either
    assert {f"{lang}/{WOUND}.pdf" for lang in ("en", "hi", "mr")} <= set(manifest["files"])


def test_a_second_writer_stops_with_a_clear_message(clinic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.2)
    out = clinic / "output"
    with lock.output_lock(out):
        result = leaflet(clinic, "publish", "--lang", "hi")
    assert result.exit_code == 2
    assert f"leaflet: error: {out}: another leaflet command is writing {out}" in result.output
    assert not (out / "hi").exists()
    assert leaflet(clinic, "publish", "--lang", "hi").exit_code == 0
