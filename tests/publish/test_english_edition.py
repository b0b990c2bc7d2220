"""The source language as an edition of its own, and publish's progress, on the clinic fixture.

The articles are written in English: `output/en/` shows them as written, every page names the
English page as its `x-default` alternate, and the root index and the language switchers offer
English beside the translations. English needs no catalog, no coverage and no sign-off.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pypdf
import pytest

from clinic import BIOPSY, LIVER, UFE, copy_clinic
from conftest import run_cli
from workflow.cli.main import main
from workflow.publish.pipeline import publish
from workflow.review.signing import sign

SLUGS = (LIVER, BIOPSY, UFE)
WEBSITE = "https://www.example-clinic.in"


def parse(path: Path):  # noqa: ANN201
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(path.read_bytes())


def text_of(el) -> str:  # noqa: ANN001
    return "".join(el.itertext())


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    return copy_clinic(tmp_path / "clinic")


@pytest.fixture(scope="module")
def clinic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clinic published in Hindi, Marathi and Urdu together (English comes with them)."""
    root = copy_clinic(tmp_path_factory.mktemp("clinic") / "clinic")
    result = run_cli(root, "publish", "--lang", "hi", "--lang", "mr", "--lang", "ur")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("published en, hi, mr, ur to ")
    return root


def test_english_pages_show_the_source_text_dated_and_unmarked(clinic_site: Path) -> None:
    out = clinic_site / "output" / "en"
    for slug in SLUGS:
        tree = parse(out / f"{slug}.html")
        assert (tree.get("lang"), tree.get("dir")) == ("en", "ltr")
        article = tree.find(".//article")
        # Nothing fell back, so nothing is marked as English inside a page that is English.
        assert not [el for el in article.iter() if el.get("lang")], slug
        assert article.find(".//p[@class='untranslated']") is None
        assert article.find(".//span[@class='reviewed']") is not None, f"{slug}: the source is reviewed"
        assert "<span lang=\"en\"" not in (out / f"{slug}.html").read_text(encoding="utf-8")
        assert not [m for m in tree.iter("meta") if m.get("name") == "robots"]
    page = (out / f"{UFE}.html").read_text(encoding="utf-8")
    assert "Last reviewed: " in page and "Skip to the article" in page and "Printable leaflet (PDF)" in page
    index = parse(out / "index.html")
    assert index.get("lang") == "en"
    assert {a.get("href") for a in index.iter("a")} >= {f"{slug}.html" for slug in SLUGS}


@pytest.mark.parametrize("lang", ["en", "hi", "mr", "ur"])
def test_every_page_has_an_x_default_alternate_to_the_english_page(clinic_site: Path, lang: str) -> None:
    out = clinic_site / "output" / lang
    for slug in SLUGS:
        tree = parse(out / f"{slug}.html")
        alternates = {el.get("hreflang"): el.get("href") for el in tree.iter("link") if el.get("rel") == "alternate"}
        assert set(alternates) == {"en", "hi", "mr", "ur", "x-default"}
        assert alternates["x-default"] == alternates["en"] == f"{WEBSITE}/en/{slug}.html"
        nav = tree.find(".//nav")
        assert [li.find("*").get("lang") for li in nav.iter("li")] == ["en", "hi", "mr", "ur"]
        assert text_of(nav.find(".//li")) == "English"
    index = parse(out / "index.html")
    alternates = {el.get("hreflang"): el.get("href") for el in index.iter("link") if el.get("rel") == "alternate"}
    assert alternates["x-default"] == alternates["en"] == "../en/index.html"


def test_the_root_index_offers_english_first(clinic_site: Path) -> None:
    root = parse(clinic_site / "output" / "index.html")
    offered = [(a.get("href"), a.get("lang"), text_of(a)) for a in root.iter("a") if a.get("hreflang")]
    assert offered[0] == ("en/index.html", "en", "English")
    assert [lang for _, lang, _ in offered] == ["en", "hi", "mr", "ur"]
    assert not (clinic_site / "output" / "ta").exists()


def test_every_link_of_every_page_resolves(clinic_site: Path) -> None:
    """Relative links are files; links under the centre's website are the pages published here."""
    out = clinic_site / "output"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 1 + 4 * (len(SLUGS) + 1)
    for page in pages:
        tree = parse(page)
        for el in tree.iter():
            ref = el.get("href") if el.tag in ("a", "link") else el.get("src") if el.tag == "img" else None
            if not ref or ref.startswith("#"):
                continue
            parts = urlsplit(ref)
            if parts.scheme in ("tel", "mailto"):
                continue
            if ref.startswith(WEBSITE + "/"):
                if el.tag == "link" or el.get("href", "").removeprefix(WEBSITE + "/").count("/") == 1:
                    target = out / unquote(parts.path).lstrip("/")
                    assert target.is_file(), f"{page}: {ref} is not a published page"
                continue
            if parts.scheme:  # an external link of an article, e.g. to a society's page
                assert el.tag == "a" and parts.scheme == "https", f"{page}: {ref}"
                continue
            assert (page.parent / unquote(parts.path)).resolve().is_file(), f"{page}: {ref} does not exist"


def test_the_english_leaflet_is_english_and_dated(clinic_site: Path) -> None:
    pdf = pypdf.PdfReader(clinic_site / "output" / "en" / f"{UFE}.pdf")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Uterine Fibroid Embolization: What to Expect" in " ".join(text.split())  # the title may wrap
    assert "Last reviewed" in text and "Machine translation" not in text
    assert "example-clinic.in/en/" in text  # the leaflet's own web address


def test_lang_en_alone_then_a_translation_keeps_the_switchers_right(clinic: Path) -> None:
    first = publish(clinic, ["en"])
    assert first.languages == ["en"] and not (clinic / "output" / "hi").exists()
    english = clinic / "output" / "en" / f"{UFE}.html"
    assert parse(english).find(".//nav") is None, "one language: no switcher"
    leaflet = clinic / "output" / "en" / f"{UFE}.pdf"
    stamp = leaflet.stat().st_mtime_ns
    second = run_cli(clinic, "publish", "--lang", "hi")
    assert second.exit_code == 0, second.output
    assert f'<a href="../hi/{UFE}.html" hreflang="hi"' in english.read_text(encoding="utf-8")
    assert leaflet.stat().st_mtime_ns == stamp, "the English leaflet does not depend on other languages"
    root = parse(clinic / "output" / "index.html")
    assert [a.get("lang") for a in root.iter("a") if a.get("hreflang")] == ["en", "hi"]


def test_publish_all_takes_english_whatever_the_coverage(clinic: Path) -> None:
    toml = clinic / "source" / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("min_coverage = 80", "min_coverage = 100"),
                    encoding="utf-8")
    result = publish(clinic, all_=True)
    assert result.languages[0] == "en"
    assert sorted((clinic / "output" / "en").glob("*.pdf")) == \
        sorted(clinic / "output" / "en" / f"{slug}.pdf" for slug in SLUGS)
    assert not [d for d in result.skipped_editions if d.lang == "en"]
    with pytest.raises(Exception, match="either --lang or --all"):
        publish(clinic, ["en"], all_=True)


def test_strict_asks_sign_off_of_translations_only(clinic: Path) -> None:
    (clinic / "source" / "articles" / f"{BIOPSY}.md").unlink()  # untranslated everywhere
    assert run_cli(clinic, "publish", "--lang", "en", "--strict").exit_code == 0  # no sign-off exists
    refused = run_cli(clinic, "publish", "--lang", "hi", "--strict", "--output", str(clinic / "release"))
    assert refused.exit_code == 1 and "not signed off" in refused.output
    assert "en/" not in refused.output.split("not signed off", 1)[1]
    for slug in (LIVER, UFE):
        sign(clinic, "hi", slug, "Dr A. Sharma, consultant radiologist")
    release = run_cli(clinic, "publish", "--lang", "hi", "--strict", "--output", str(clinic / "release"))
    assert release.exit_code == 0, release.output
    assert (clinic / "release" / "en" / f"{UFE}.pdf").is_file()
    assert not (clinic / "locales" / "en").exists()


def test_check_and_status_know_english_is_no_target(clinic: Path) -> None:
    checked = json.loads(run_cli(clinic, "check", "--format", "json").output)
    assert {c["lang"] for c in checked["catalogs"]} == {"hi", "mr", "ta", "ur"}
    status = run_cli(clinic, "status", "--format", "json").output
    assert '"en"' not in status
    for command in (["check", "--lang", "en"], ["status", "--lang", "en"], ["review", "--lang", "en"],
                    ["signoff", "--lang", "en", UFE, "--by", "Dr A. Sharma, radiologist"]):
        result = run_cli(clinic, *command)
        assert result.exit_code == 2 and "'en' is the source language" in result.output, command
    assert not (clinic / "locales" / "en").exists() and not (clinic / "output").exists()


# ---------------------------------------------------------------- progress

def test_publish_reports_progress_of_pages_then_leaflets(clinic: Path) -> None:
    calls: list[tuple[int, int]] = []
    publish(clinic, ["hi", "ta"], progress=lambda done, total: calls.append((done, total)))
    total = 3 * len(SLUGS) * 2  # en, hi, ta: a page and a leaflet per article
    assert calls == [(n, total) for n in range(1, total + 1)]
    calls.clear()
    publish(clinic, ["hi", "ta"], progress=lambda done, total: calls.append((done, total)))
    assert calls == [], "nothing to rebuild, nothing to report"
    publish(clinic, ["mr"], progress=lambda done, total: calls.append((done, total)))
    # Marathi's pages and leaflets, and the other languages' pages (their switchers name Marathi).
    assert calls[-1] == (3 * len(SLUGS) + len(SLUGS) * 2, 3 * len(SLUGS) + len(SLUGS) * 2)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_publish_draws_a_progress_bar_on_a_terminal_only(clinic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal, stdout = Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", stdout)
    main(["--root", str(clinic), "publish", "--lang", "hi"], standalone_mode=False)
    assert "rendering" in terminal.getvalue() and "100%" in terminal.getvalue()
    assert "rendering" not in stdout.getvalue() and "published en, hi" in stdout.getvalue()
    monkeypatch.undo()
    piped = run_cli(clinic, "publish", "--lang", "mr")  # CliRunner's stderr is no terminal
    assert piped.exit_code == 0 and "rendering" not in piped.output and "%" not in piped.stderr
