"""Shared fixtures: throwaway copies of the content repository, so tests never write into it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


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
