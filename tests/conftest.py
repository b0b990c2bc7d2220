"""Shared fixtures: throwaway copies of the content repository, so tests never write into it.

The Argos fixtures (`argos_model`, `argos_home`, `empty_argos_home`) come from the
`mt_fixture` plugin, the fake LibreTranslate servers (`serve`, `closed_port`) from
`libre_fixture`; `published` is the sample site, published once per session.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from workflow.cli.main import main

pytest_plugins = ["mt_fixture", "nllb_fixture", "back_fixture", "indictrans2_fixture", "libre_fixture"]

REPO = Path(__file__).resolve().parent.parent


def run_cli(root: Path | str | None, *args: str, **invoke: Any) -> Result:
    """`leaflet --root ROOT ARGS...` in this process (no `--root` when `root` is None).

    `invoke` goes to CliRunner.invoke (`env`, `input`, `catch_exceptions`).
    """
    prefix = [] if root is None else ["--root", str(root)]
    return CliRunner().invoke(main, [*prefix, *args], **invoke)


@dataclass(frozen=True)
class Published:
    """The bundled project with the Hindi and Urdu samples, and what publishing it returned."""

    root: Path
    result: Any  # workflow.publish.PublishResult


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Published once per session and shared by the tests that only read the output."""
    from samples import copy_project, translate_samples
    from workflow.publish.pipeline import publish

    root = copy_project(tmp_path_factory.mktemp("published"))
    for lang in ("hi", "ur"):
        translate_samples(root, lang)
    return Published(root, publish(root, ["hi", "ur"]))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled project (source/ and locales/) in a temporary directory."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "source", root / "source")
    if (REPO / "locales").is_dir():
        shutil.copytree(REPO / "locales", root / "locales")
    return root


@pytest.fixture
def bare_project(tmp_path: Path) -> Path:
    """The bundled source only: no catalogs yet."""
    root = tmp_path / "bare"
    shutil.copytree(REPO / "source", root / "source")
    return root


def write_article(root: Path, slug: str, body: str, title: str = "A test article", **meta: str) -> Path:
    """Write `source/articles/<slug>.md` with front matter and return its path."""
    lines = ["---", f"title: {title}"] + [f"{k}: {v}" for k, v in meta.items()] + ["---", body]
    path = root / "source" / "articles" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def unterminate_a_msgstr(path: Path) -> int:
    """Break the first non-empty msgstr of a catalog (drop its closing quote); return its line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and line != 'msgstr ""')
    lines[number] = lines[number].rstrip('"')
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def only_small_article(root: Path, slug: str = "back-care") -> None:
    """Replace the bundled article with a short one, for tests that render many PDFs."""
    for path in (root / "source" / "articles").glob("*.md"):
        path.unlink()
    write_small_article(root, slug)


def write_small_article(root: Path, slug: str) -> None:
    (root / "source" / "articles" / f"{slug}.md").write_text(
        f"---\ntitle: About {slug}\ndescription: A short test article.\ndate: 2026-01-31\n---\n\n"
        "Rest your back and call the centre if the pain gets worse.\n\n## When to call\n\n"
        "- Fever\n- Numbness in the legs\n", encoding="utf-8")


def error_line(result) -> str:  # noqa: ANN001
    """The one error line of a refused run (and that it is one, with no traceback)."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: "), result.output
    return lines[0]
