"""The install a user gets: what workflow/ imports is what pyproject.toml declares, and every module
imports without the `[mt]` extra. tests/smoke_install.sh runs the commands in a real light install."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import trove_classifiers

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "workflow"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LIGHT_IMPORTS = ROOT / "tests" / "light_imports.py"


def _name(requirement: str) -> str:
    """The normalized distribution name of a requirement string (`lxml[x]>=5` → `lxml`)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


def _third_party_imports(paths: list[Path]) -> dict[str, str]:
    """Top-level module imported → `file:line` of its first import, standard library left out."""
    found: dict[str, str] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "workflow":
                    found.setdefault(top, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _undeclared(paths: list[Path], declared: set[str]) -> list[str]:
    owners = metadata.packages_distributions()
    missing = []
    for module, where in sorted(_third_party_imports(paths).items()):
        distributions = {_name(d) for d in owners.get(module, [module])}
        if not distributions & declared:
            missing.append(f"{where}: imports {module} ({', '.join(sorted(distributions))}) not declared")
    return missing


def test_the_light_install_declares_what_it_imports() -> None:
    """Outside mt/, a library is a dependency, or an extra's other than [mt] (imported lazily:
    `test_every_module_imports_without_the_extras` holds that)."""
    light = [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "mt"]
    extras = {k: v for k, v in PROJECT["optional-dependencies"].items() if k not in ("mt", "test")}
    declared = {_name(r) for r in PROJECT["dependencies"] + [r for v in extras.values() for r in v]}
    assert not _undeclared(light, declared)


def test_the_mt_extra_declares_what_mt_imports() -> None:
    declared = {_name(r) for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["mt"]}
    assert not _undeclared(list((PACKAGE / "mt").rglob("*.py")), declared)


def test_readability_gets_its_cleaner_from_a_declared_dependency() -> None:
    """lxml 6 has no `html_clean` extra: `lxml[html_clean]` installed nothing and import broke."""
    declared = {_name(r) for r in PROJECT["dependencies"]}
    assert "lxml-html-clean" in declared
    assert not any("[" in r for r in PROJECT["dependencies"] if _name(r) == "lxml")


def test_every_module_imports_without_the_extras() -> None:
    done = subprocess.run([sys.executable, str(LIGHT_IMPORTS), "--block-extras"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_mt_libraries_are_really_blocked(tmp_path: Path) -> None:
    """A module that imports an MT library at the top is reported, so the test above can fail."""
    package = tmp_path / "workflow"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "eager.py").write_text("import ctranslate2\n")
    (package / "fine.py").write_text("import json\n")
    done = subprocess.run([sys.executable, str(LIGHT_IMPORTS), "--block-extras"], cwd=tmp_path,
                          env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "workflow.eager: ModuleNotFoundError: No module named 'ctranslate2' (blocked: not in the light install)"]


def test_packaging_metadata() -> None:
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    # `license = "MIT"` is an SPDX expression (PEP 639): setuptools before 77 refuses it.
    floor = next(r for r in build["requires"] if _name(r) == "setuptools")
    assert tuple(map(int, re.search(r">=\s*([\d.]+)", floor)[1].split("."))) >= (77,)
    assert PROJECT["license"] == "MIT" and "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    unknown = [c for c in PROJECT["classifiers"] if c not in trove_classifiers.classifiers]
    assert not unknown
    claimed = re.fullmatch(r">=\s*(3\.\d+)", PROJECT["requires-python"])[1]
    assert f"Programming Language :: Python :: {claimed}" in PROJECT["classifiers"]
    assert PROJECT["urls"]
