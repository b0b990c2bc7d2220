"""Property: extract, fill every msgstr with its msgid, render: the HTML of rendering the source.

This is what guarantees that every extracted string is exactly the string publish looks up,
over everything the supported Markdown can express.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import catalogs
from workflow.catalogs import merge
from workflow.catalogs.extract import article_messages
from workflow.source.segments import parse_article, render_body
from workflow.source.articles import article_from_text

WORDS = st.sampled_from(["pain", "relief", "90%", "X-ray", "बैलून", "सीमेंट", "कशेरुका", "0731 4675670", "a_b",
                         "%(name)s", "{count}", "it’s", "\"quoted\"", "back\\slash", "#hash", "1.", "a&b",
                         "ड्रिल", "دوا", "(bone)", "long-term", "patients:"])


def words(min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=min_size, max_size=max_size).map(" ".join)


inline_piece = st.one_of(
    words(),
    words(1, 3).map(lambda s: f"*{s}*"),
    words(1, 3).map(lambda s: f"**{s}**"),
    st.sampled_from(["`code_span`", "`x < y`"]),
    words(1, 3).map(lambda s: f"[{s}](https://example.org/a_b?x=1)"),
    st.sampled_from(["[call](tel:+919827760073)", "[mail](mailto:care@example.org)"]),
    words(1, 2).map(lambda s: f"![{s}](images/spine.png)"),
)


def inline(max_pieces: int = 5) -> st.SearchStrategy[str]:
    seps = st.sampled_from([" ", " ", "\n", "  \n", "\\\n"])
    return st.lists(st.tuples(inline_piece, seps), min_size=1, max_size=max_pieces).map(
        lambda parts: "".join(p + s for p, s in parts[:-1]) + parts[-1][0])


def one_line(max_pieces: int = 4) -> st.SearchStrategy[str]:
    return st.lists(inline_piece, min_size=1, max_size=max_pieces).map(" ".join)


heading = st.tuples(st.integers(1, 4), one_line(3)).map(lambda t: "#" * t[0] + " " + t[1])
paragraph = inline()
bullet_list = st.lists(one_line(), min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items))
ordered_list = st.lists(one_line(), min_size=1, max_size=4).map(
    lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1)))
quote = inline(3).map(lambda s: "\n".join("> " + line for line in s.split("\n")))
image = words(1, 3).map(lambda s: f"![{s}](images/diagram.png)")
fence = st.sampled_from(["```\nprint('not extracted')\n```", "```python\nx = 1  # code\n```"])
cell = st.one_of(one_line(2).map(lambda s: s.replace("|", "/")), st.just(""))
table = st.tuples(st.integers(2, 3), st.integers(1, 3)).flatmap(
    lambda shape: st.lists(st.lists(cell, min_size=shape[0], max_size=shape[0]), min_size=shape[1] + 1,
                           max_size=shape[1] + 1)).map(
    lambda rows: "\n".join(["| " + " | ".join(c or "x" for c in rows[0]) + " |",
                            "|" + "---|" * len(rows[0])] + ["| " + " | ".join(r) + " |" for r in rows[1:]]))
block = st.one_of(heading, paragraph, bullet_list, ordered_list, quote, image, fence, table)
document = st.lists(block, min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(body=document)
def test_identity_translation_renders_the_source(tmp_path: Path, body: str):
    article = article_from_text(f"---\ntitle: Property\n---\n{body}\n", "property", "source/articles/property.md")
    template = catalogs.build_template("property", article_messages(article), catalogs.build_date())
    po = merge.new_catalog(template, "hi", "property")
    for entry in catalogs.active(po):
        entry.msgstr = entry.msgid
    path = tmp_path / "property.po"
    catalogs.write_catalog(po, path)  # through a real file: escaping must round-trip too
    table = {e.msgid: e.msgstr for e in catalogs.active(catalogs.read_catalog(path)) if catalogs.is_reviewed(e)}
    parsed = parse_article(article)
    rendered = render_body(parsed, lambda segment: table.get(segment.msgid))
    assert rendered.fallbacks == 0
    # Through the catalog file, exactly what the source's own text renders to (figures, joined
    # number-unit pairs and phone links included).
    assert rendered.html == render_body(parsed, lambda segment: segment.msgid).html


def test_translation_cannot_show_an_image_its_source_does_not():
    article = article_from_text("---\ntitle: T\n---\nSee ![the spine](images/spine.png) here.\n\nPlain text.\n",
                                "img", "source/articles/img.md")
    parsed = parse_article(article)
    hostile = {"See ![the spine](images/spine.png) here.": "देखें ![रीढ़](../site.toml) यहाँ।",
               "Plain text.": "सादा ![x](images/spine.png) पाठ।"}
    rendered = render_body(parsed, lambda segment: hostile.get(segment.msgid))
    assert "site.toml" not in rendered.html and rendered.fallbacks == 2
    assert '<p lang="en">See <img src="images/spine.png" alt="the spine" /> here.</p>' in rendered.html
    kept = {"See ![the spine](images/spine.png) here.": "देखें ![रीढ़](images/spine.png) यहाँ।"}
    rendered = render_body(parsed, lambda segment: kept.get(segment.msgid))
    assert 'देखें <img src="images/spine.png" alt="रीढ़" /> यहाँ।' in rendered.html
