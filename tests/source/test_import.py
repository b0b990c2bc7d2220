"""`leaflet import`: saved CMS pages become articles that extract, publish and pass check untouched.

The pages under tests/data/import/ are written the way WordPress (Astra theme, Gutenberg blocks,
Yoast FAQ, Jetpack sharing) and Drupal 10 (Olivero) save them from a browser, with the page chrome
a content manager would otherwise cut by hand.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from workflow.cli.main import main
from workflow.source.importer import convert_page, slugify
from workflow.source.segments import parse_article
from workflow.source.articles import load_article

DATA = Path(__file__).parent.parent / "data" / "import"
WORDPRESS = DATA / "Varicose Veins.html"
DRUPAL = DATA / "uterine-fibroid-embolisation.html"
WP_SLUG = "laser-vs-sclerotherapy-varicose-veins"
DRUPAL_SLUG = "uterine-fibroid-embolisation"

#: Text of the page chrome: none of it may reach an article.
CHROME = ["Leave a Reply", "Read More", "Post Comment", "Share this", "Facebook", "WhatsApp",
          "Recent Posts", "About The Author", "Radiodiagnosis", "Previous Post", "Book Appointment",
          "Patient Blog", "Skip to content", "Medicity Tower", "Our Doctors", "Copyright",
          "Privacy Policy", "cookies", "Thank you doctor", "Posted in", "Spider Veins",
          "Deep Vein Thrombosis", "Main navigation", "Health Library", "Add new comment",
          "Related articles", "Prostate Artery", "Tags", "Visit us", "Powered by", "Search"]


def run(root: Path, *args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["--root", str(root), *args])


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_wordpress_page_imports_extracts_publishes_and_passes_check(project: Path) -> None:
    result = run(project, "import", str(WORDPRESS))
    assert result.exit_code == 0, result.output
    article = project / "source" / "articles" / f"{WP_SLUG}.md"
    image = project / "source" / "articles" / "images" / WP_SLUG / "evla-diagram.png"
    assert f"  written  source/articles/{WP_SLUG}.md" in result.output.splitlines()
    assert f"  written  source/articles/images/{WP_SLUG}/evla-diagram.png" in result.output.splitlines()
    assert image.read_bytes() == (DATA / "Varicose Veins_files" / "evla-diagram.png").read_bytes()
    dropped = [line for line in result.output.splitlines() if line.startswith("  dropped  ")]
    assert any("embedded video" in line and "youtube.com/embed/dQw4w9WgXcQ" in line
               and "How laser treatment for varicose veins works" in line for line in dropped)
    assert any("remote image" in line and "foam-sclerotherapy.jpg" in line for line in dropped)

    text = article.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Laser or Sclerotherapy for Varicose Veins?\n"
                           "description: How endovenous laser ablation and sclerotherapy treat varicose "
                           "veins, who each suits, and what recovery is like.\ndate: 2025-03-14\n---\n")
    body = body_of(text)
    lines = body.splitlines()
    assert "## What Causes Varicose Veins?" in lines
    assert "### Benefits of EVLA" in lines
    assert "### Is laser treatment painful?" in lines  # the FAQ block's questions as headings
    assert not any(line.startswith("# ") for line in lines)  # the title is front matter, not a heading
    assert "| Aspect | Laser (EVLA) | Sclerotherapy |" in lines  # first row as header, without its bold
    assert "| --- | --- | --- |" in lines
    assert "| Anaesthesia | Local | None |" in lines
    assert "**Small scars:** a single needle puncture, no cuts or stitches." in lines
    assert "- pregnancy and *family history*," in lines
    assert "[NHS guide to varicose veins](https://www.nhs.uk/conditions/varicose-veins/)" in body
    # a link relative to the site becomes absolute through the page's canonical address
    assert "[varicose veins clinic](https://www.cvic-indore.example/varicose-veins/)" in body
    assert f"![A laser fibre inside a leg vein](images/{WP_SLUG}/evla-diagram.png)" in lines
    # a paragraph opening with "* " stays a paragraph
    assert r"\* Costs vary with the number of legs treated; ask our team for an estimate." in lines
    for chrome in CHROME:
        assert chrome not in body, chrome
    assert "<" not in body.replace("\\<", "")

    assert run(project, "extract").exit_code == 0
    assert run(project, "update", "--lang", "hi").exit_code == 0
    pot = (project / "locales" / "templates" / f"{WP_SLUG}.pot").read_text(encoding="utf-8")
    assert 'msgid "Laser (EVLA)"' in pot and "#. table header: column 2" in pot
    published = run(project, "publish", "--lang", "hi")
    assert published.exit_code == 0, published.output
    page = (project / "output" / "hi" / f"{WP_SLUG}.html").read_text(encoding="utf-8")
    assert '<th lang="en">Laser (EVLA)</th>' in page
    assert '<h3 lang="en">Benefits of EVLA</h3>' in page
    assert (project / "output" / "hi" / f"{WP_SLUG}.pdf").stat().st_size > 0
    assert (project / "output" / "assets" / "images" / "articles" / "images" / WP_SLUG
            / "evla-diagram.png").is_file()
    checked = run(project, "check", "--lang", "hi", "--min-coverage", "0")
    assert checked.exit_code == 0, checked.output


def test_drupal_page_imports_extracts_and_publishes(project: Path) -> None:
    result = run(project, "import", str(DRUPAL))
    assert result.exit_code == 0, result.output
    text = (project / "source" / "articles" / f"{DRUPAL_SLUG}.md").read_text(encoding="utf-8")
    assert "title: 'Uterine Fibroid Embolisation: Treating Fibroids Without Surgery'" in text
    # the date is the <time datetime> one: the displayed "02/03/2025" is 3 February, not 2 March
    assert "\ndate: 2025-02-03\n" in text
    body = body_of(text)
    lines = body.splitlines()
    assert "## How is UFE done?" in lines and "### Who can have it?" in lines
    assert "1. A fine tube (catheter) is guided to the arteries of the womb using X-ray imaging." in lines
    assert "| Treatment | Hospital stay | Back to normal |" in lines
    assert "| Myomectomy | 2–4 nights | 4–6 weeks |" in lines
    assert "**heavy periods**" in body and "*Uterine fibroid embolisation*" in body
    assert lines.count("> “I was back at my desk in a week, after years of heavy bleeding.” – a patient, 2024") == 1
    assert "[angiography suite](https://www.cvic-indore.example/procedures/angiography)" in body
    assert "[0731 4675670](tel:+917314675670)" in body
    for chrome in CHROME:
        assert chrome not in body, chrome
    dropped = [line for line in result.output.splitlines() if line.startswith("  dropped  ")]
    assert any("video" in line and "ufe-animation.mp4" in line for line in dropped)
    assert any("embedded video" in line and "player.vimeo.com/video/123456789" in line for line in dropped)

    assert run(project, "extract").exit_code == 0
    assert run(project, "update", "--lang", "hi").exit_code == 0
    published = run(project, "publish", "--lang", "hi")
    assert published.exit_code == 0, published.output
    assert (project / "output" / "hi" / f"{DRUPAL_SLUG}.pdf").stat().st_size > 0
    checked = run(project, "check", "--lang", "hi", "--min-coverage", "0")
    assert checked.exit_code == 0, checked.output


def test_import_never_overwrites(project: Path) -> None:
    assert run(project, "import", str(DRUPAL)).exit_code == 0
    article = project / "source" / "articles" / f"{DRUPAL_SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8")
    before = article.read_bytes()
    again = run(project, "import", str(DRUPAL))
    assert again.exit_code == 2
    assert again.output.strip() == (f"leaflet: error: source/articles/{DRUPAL_SLUG}.md already exists: "
                                    "choose another slug with --slug")
    assert article.read_bytes() == before


def _title(page: Path) -> str:
    return convert_page(page).text.split("\ntitle: ", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize("case", ["another-slug", "renamed", "same-title", "saved-again"])
def test_a_page_already_imported_is_not_imported_twice(project: Path, tmp_path: Path, case: str) -> None:
    articles = project / "source" / "articles"
    page = DRUPAL
    if case == "same-title":  # written by hand before, under the page's title
        (articles / "fibroids.md").write_text(f"---\ntitle: {_title(DRUPAL)}\n---\n\nOur own text.\n",
                                              encoding="utf-8")
    else:
        assert run(project, "import", str(DRUPAL)).exit_code == 0
    if case == "renamed":
        (articles / f"{DRUPAL_SLUG}.md").rename(articles / "fibroid-embolisation.md")
    if case == "saved-again":
        page = tmp_path / "Fibroid embolisation – CVIC.html"
        shutil.copy(DRUPAL, page)
    before = {p.relative_to(articles).as_posix(): p.read_bytes() for p in articles.rglob("*") if p.is_file()}
    args = ["--slug", "fibroid-embolisation"] if case in ("another-slug", "saved-again") else []
    again = run(project, "import", str(page), *args)
    assert again.exit_code == 2, again.output
    lines = again.output.strip().splitlines()
    assert len(lines) == 1 and "is already this page" in lines[0], again.output
    assert {p.relative_to(articles).as_posix(): p.read_bytes() for p in articles.rglob("*") if p.is_file()} == before


def test_an_image_of_another_article_is_not_replaced(project: Path) -> None:
    folder = project / "source" / "articles" / "images" / WP_SLUG
    folder.mkdir(parents=True)
    (folder / "evla-diagram.png").write_bytes(b"another picture")
    result = run(project, "import", str(WORDPRESS))
    assert result.exit_code == 2
    assert "already exists with other content" in result.output
    assert (folder / "evla-diagram.png").read_bytes() == b"another picture"
    assert not (project / "source" / "articles" / f"{WP_SLUG}.md").exists()


@pytest.mark.parametrize("name, content, message", [
    ("notes.html", "What is the Difference Between a Kyphoplasty and Vertebroplasty?\n\nBack pain is common.\n",
     "not an HTML page"),
    ("photo.html", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not an HTML page"),
    ("contact-us.html", None, "no article found in the page"),
])
def test_bad_input_exits_2_with_one_line_naming_the_file(project: Path, tmp_path: Path, name: str,
                                                         content: str | None, message: str) -> None:
    page = DATA / name if content is None else tmp_path / name
    if content is not None:
        page.write_text(content, encoding="latin-1")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run(project, "import", str(page))
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"leaflet: error: {page}: {message}")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_bad_slug_and_missing_page(project: Path) -> None:
    for slug in ("site", "Bad Slug", "index"):
        result = run(project, "import", str(DRUPAL), "--slug", slug)
        assert result.exit_code == 2 and "a slug must match" in result.output
    missing = run(project, "import", str(DATA / "missing.html"))
    assert missing.exit_code == 2 and missing.output.strip().endswith("missing.html: no such file")


def _page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>A Page About Veins | Clinic</title>{head}</head><body>"
            f"<nav><ul><li><a href='/'>Home</a></li><li><a href='/blog'>Blog</a></li></ul></nav>"
            f"<article><h1>A Page About Veins</h1><div class='entry-content'>{body}</div></article>"
            f"<footer>Copyright</footer></body></html>")


FILLER = "<p>" + "Veins carry blood back to the heart through one-way valves that can weaken. " * 3 + "</p>"


def test_stray_markdown_characters_are_escaped(tmp_path: Path) -> None:
    page = tmp_path / "veins.html"
    page.write_text(_page(FILLER + "<p>1. Walk every day, said the doctor.</p><p># of visits: 2</p>"
                          "<p>Use &lt;b&gt; tags? No: [1] and a_b_c and *stars* and a \\ backslash.</p>"
                          "<p>- not a list</p><table><tr><th>Size</th><th>Note</th></tr>"
                          "<tr><td>&lt;3 mm</td><td>a | b</td></tr></table>"), encoding="utf-8")
    imported = convert_page(page, "veins")
    body = body_of(imported.text)
    lines = body.splitlines()
    assert r"1\. Walk every day, said the doctor." in lines
    assert r"\# of visits: 2" in lines
    assert r"\- not a list" in lines
    assert r"| <3 mm | a \| b |" in lines
    parsed = parse_article(load_article(_write(tmp_path, imported), tmp_path))
    texts = [s.msgid for s in parsed.segments]
    rendered = [t.type for t in parsed.tokens]
    assert "ordered_list_open" not in rendered and "bullet_list_open" not in rendered
    assert "heading_open" not in rendered  # neither "# of visits" nor the title
    assert any("Use \\<b> tags?" in t for t in texts)  # text, not an HTML tag the loader refuses
    assert "A Page About Veins" not in body


def _write(tmp_path: Path, imported) -> Path:  # noqa: ANN001
    path = tmp_path / "source" / "articles" / f"{imported.slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(imported.text, encoding="utf-8")
    return path


def test_slug_from_address_then_title(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_text(_page(FILLER, "<link rel='canonical' href='https://x.example/blog/veins-and-you.html'>"),
                    encoding="utf-8")
    assert convert_page(page).slug == "veins-and-you"
    page.write_text(_page(FILLER, "<link rel='canonical' href='https://x.example/?p=123'>"), encoding="utf-8")
    assert convert_page(page).slug == "a-page-about-veins"
    assert slugify("Kyphoplasty vs. Vertebroplasty – What’s the Difference?") == \
        "kyphoplasty-vs-vertebroplasty-whats-the-difference"


def test_links_without_an_address_to_resolve_against_become_text(tmp_path: Path) -> None:
    page = tmp_path / "veins.html"
    page.write_text(_page(FILLER + "<p>See <a href='/contact'>our team</a>, <a href='#top'>the top</a>, "
                          "<a href='javascript:void(0)'>this</a> and <a href='https://a.example/x'>that</a>."
                          "</p>"), encoding="utf-8")
    body = body_of(convert_page(page, "veins").text)
    assert "See our team, the top, this and [that](https://a.example/x)." in body


def test_images_linked_to_their_full_size_file_are_kept(tmp_path: Path) -> None:
    shutil.copytree(DATA / "Varicose Veins_files", tmp_path / "p_files")
    page = tmp_path / "veins.html"
    page.write_text(_page(FILLER + "<figure><a href='https://x.example/big.png'><img src='p_files/evla-diagram.png'"
                          " alt='Laser fibre'></a></figure><p><img src='p_files/missing.png' alt='Gone'></p>"),
                    encoding="utf-8")
    imported = convert_page(page, "veins")
    assert "![Laser fibre](images/veins/evla-diagram.png)" in imported.text.splitlines()
    assert [i.target for i in imported.images] == ["images/veins/evla-diagram.png"]
    assert any(re.search(r"image not saved with the page p_files/missing\.png", d) for d in imported.dropped)
