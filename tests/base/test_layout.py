"""The stage packages import only down, and the light commands never reach machine translation."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "workflow"
#: Lowest first: a module may import from its own package and the ones before it.
STAGES = ["base", "source", "catalogs", "checks", "mt", "editions", "render", "publish", "review", "cli"]
#: Stages that run without the `[mt]` extra (check, publish) and so never import `mt`.
WITHOUT_MT = {"base", "source", "catalogs", "checks", "editions", "render", "publish"}


def imported_stages(path: Path) -> set[tuple[str, int]]:
    """(stage, line) of every import of a workflow module in `path`, function-level ones too."""
    own = path.relative_to(PACKAGE.parent).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(own[: len(own) - node.level])
                target = base + (node.module.split(".") if node.module else [])
                names = [target + [a.name] for a in node.names] if len(target) == 1 else [target]
            else:
                names = [node.module.split(".") + [a.name] for a in node.names] if node.module == "workflow" \
                    else [node.module.split(".")]
        elif isinstance(node, ast.Import):
            names = [a.name.split(".") for a in node.names]
        else:
            continue
        for parts in names:
            if parts[0] == "workflow" and len(parts) > 1 and parts[1] in STAGES:
                found.add((parts[1], node.lineno))
    return found


def test_every_module_is_in_a_stage_package() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert not loose, f"modules outside the stage packages: {loose}"
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()) == sorted(STAGES)


def test_imports_run_down() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = path.relative_to(PACKAGE).parts[0]
        if stage not in STAGES:
            continue
        for target, line in imported_stages(path):
            if STAGES.index(target) > STAGES.index(stage) or (stage in WITHOUT_MT and target == "mt"):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports workflow.{target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_module_is_over_400_lines() -> None:
    long = {p.relative_to(PACKAGE).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long


def test_every_stage_package_says_what_it_takes_and_gives() -> None:
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"workflow/{stage}/__init__.py has no docstring"
