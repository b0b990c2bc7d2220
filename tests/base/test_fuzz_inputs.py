"""Hostile input never crashes leaflet: generated front matter, Markdown, site.toml and `.po`
text each end in exit 0 or 2, at most one error line naming the file, no traceback, and an
untouched tree when the run is refused. Examples are few and have no deadline, so CI stays fast.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.cli.main import main

REPO = Path(__file__).resolve().parents[2]
FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ARTICLE = "source/articles/fuzz.md"
SITE = "source/site.toml"
CATALOG = "locales/hi/LC_MESSAGES/fuzz.po"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-article project with hi catalogs: small, so each example is cheap."""
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(REPO / "source", root / "source", ignore=shutil.ignore_patterns("*.md"))
    (root / ARTICLE).write_text("---\ntitle: Back care\ndate: 2026-01-31\n---\n\nRest your back.\n\n"
                                "## When to call\n\n- Fever\n- Numbness\n", encoding="utf-8")
    for args in (["extract"], ["init", "--lang", "hi"]):
        assert CliRunner().invoke(main, ["--root", str(root), *args]).exit_code == 0
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def run_and_judge(base: Path, shown: str, data: bytes, commands: list[list[str]]) -> None:
    """Put `data` at `shown` in a copy of the project, run each command, and judge the outcome."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(base, root)
        (root / shown).write_bytes(data)
        for args in commands:
            before = tree(root)
            result = CliRunner().invoke(main, ["--root", str(root), *args])
            assert result.exception is None or isinstance(result.exception, SystemExit), \
                (args, repr(result.exception))
            assert result.exit_code in (0, 2), (args, result.output)
            errors = [line for line in result.stderr.splitlines() if line.startswith("leaflet: error:")]
            assert len(errors) <= 1 and "Traceback" not in result.output, (args, result.output)
            if result.exit_code == 2:
                assert len(errors) == 1 and shown in errors[0], (args, result.stderr)
                assert tree(root) == before, (args, "a refused run changed files")
                return


# ---------------------------------------------------------------- strategies

TRICKY = ["", "---", "...", ":", ": ", "- ", "[", "]", "{", "}", "'", '"', "\\", "\t", "\n", "\r\n", "&a", "*a",
          "!!python/object:os.system", "? ", "%YAML 1.1", "2026-02-30", "2026-13-01", "2026-01-31", "0x1F",
          "~", "null", "true", "1e400", "\u0905\u0928\u0941", "\ufeff", "\x00", "#"]
KEYS = ["title", "description", "author", "date", "tags", "Title", "other", "date:", "- title"]


@st.composite
def front_matter(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(KEYS))
        value = draw(st.one_of(st.sampled_from(TRICKY), st.text(max_size=20),
                               st.lists(st.sampled_from(TRICKY), max_size=3).map(lambda v: f"[{', '.join(v)}]")))
        lines.append(f"{key}: {value}" if draw(st.booleans()) else f"{key}:\n  {value}")
    closing = draw(st.sampled_from(["---\n", "...\n", ""]))
    body = draw(st.sampled_from(["Rest your back.\n", "", "# Heading\n"]))
    text = "---\n" + "\n".join(lines) + "\n" + closing + "\n" + body
    return text.encode("utf-8", errors="surrogatepass") if draw(st.booleans()) else text.encode("utf-8", "replace")


MARKDOWN = ["# ", "## ", "**", "*", "_", "`", "```\n", "[link](", "](", ")", "![img](", "pic.png", "<", ">",
            "<script>", "&amp;", "|", "|---|", "\n", "\n\n", "- ", "1. ", "> ", "{", "}", "%s", "%(x)s", "{0}",
            "\\", "<!--", "-->", "---", "===", "    ", "\t", "\u0964", "\u0939\u093f", "\u202e", "\x0c", "\r"]


@st.composite
def markdown(draw: st.DrawFn) -> bytes:
    parts = draw(st.lists(st.one_of(st.sampled_from(MARKDOWN), st.text(max_size=8)), max_size=40))
    text = "---\ntitle: Fuzzed\n---\n\n" + "".join(parts)
    return text.encode("utf-8", "replace")


SITE_TEXT = (REPO / SITE).read_text(encoding="utf-8")
TOML_VALUES = ['"en"', '"zz"', "5", '["hi"]', '["xx"]', '["qqq"]', '["hi", "hi"]', "[]", '"', "[", "{",
               "nan", "inf", "-1", "101", "{ default = 50, hi = 200 }", "{ xx = 50 }", '"\\q"', "1979-05-27",
               "2026-02-30", "true", '"""', "[[centre]]"]


@st.composite
def site_toml(draw: st.DrawFn) -> bytes:
    lines = SITE_TEXT.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "delete", "insert"]))
        if action == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=")[0] + "= " + draw(st.one_of(st.sampled_from(TOML_VALUES),
                                                                      st.text(max_size=10)))
        elif action == "delete":
            del lines[i]
        else:
            lines.insert(i, draw(st.one_of(st.sampled_from(TOML_VALUES), st.text(max_size=15))))
    return ("\n".join(lines) + "\n").encode("utf-8", "replace")


PO_FRAGMENTS = ['msgstr[5] "x"', 'msgstr[1] "x"', 'msgstr[0] "x"', 'msgstr "x"', 'msgid_plural "xs"', 'msgid "x"',
                'msgid ""', 'msgctxt "c"', '"\\q"', '"\\x41"', '"unterminated', '"a"b"', "#, fuzzy", "#, c-format",
                "#~ msgid \"gone\"", "#| msgid \"old\"", '"Plural-Forms: nplurals=banana; plural=((((;\\n"',
                '"Plural-Forms: nplurals=2; plural=n+5;\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"',
                '"Content-Type: text/plain; charset=latin-1\\n"', "", "msgstr", "\"\\\"", "\ufeff", "\x00",
                '"%s %d"', '"\u0939\u093f\u0902\u0926\u0940"']


@st.composite
def po_text(draw: st.DrawFn, base_text: str) -> bytes:
    lines = base_text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines)))
        action = draw(st.sampled_from(["insert", "replace", "delete"]))
        fragment = draw(st.one_of(st.sampled_from(PO_FRAGMENTS), st.text(max_size=12)))
        if action == "insert" or i == len(lines):
            lines.insert(i, fragment)
        elif action == "replace":
            lines[i] = fragment
        else:
            del lines[i]
    return ("\n".join(lines) + "\n").encode("utf-8", "replace")


# ---------------------------------------------------------------- the properties

@FUZZ
@given(data=front_matter())
def test_any_front_matter(base: Path, data: bytes) -> None:
    run_and_judge(base, ARTICLE, data, [["extract"], ["update", "--lang", "hi"]])


@FUZZ
@given(data=markdown())
def test_any_markdown(base: Path, data: bytes) -> None:
    run_and_judge(base, ARTICLE, data, [["extract"], ["update", "--lang", "hi"]])


@FUZZ
@given(data=site_toml())
def test_any_site_toml(base: Path, data: bytes) -> None:
    run_and_judge(base, SITE, data, [["extract"], ["update", "--lang", "hi"], ["status", "--lang", "hi"]])


@FUZZ
@given(data=st.data())
def test_any_po_text(base: Path, data: st.DataObject) -> None:
    text = (base / CATALOG).read_text(encoding="utf-8")
    run_and_judge(base, CATALOG, data.draw(po_text(text)), [["update", "--lang", "hi"], ["status", "--lang", "hi"]])
