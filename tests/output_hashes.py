"""Hashes of everything the commands write for the bundled project and the fixture projects.

`tests/golden/outputs.json` holds these hashes as recorded before the stage packages were
formed; `test_output_hashes.py` builds the same outputs and compares them byte for byte, so a
move of code that should change nothing is proved to change nothing. Run this file to
re-record after a reviewed change of output: `python tests/output_hashes.py`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLDEN = HERE / "golden" / "outputs.json"
EPOCH = "1767225600"  # 2026-01-01, so every date in the outputs is fixed

#: (project, the commands run on a copy of it, in order)
RUNS: dict[str, list[list[str]]] = {
    "bundled": [["extract"], ["update"], ["check", "--all"], ["check", "--lang", "hi", "--format", "json"],
                ["status", "--all"], ["publish", "--all"], ["publish", "--lang", "hi", "--include-drafts"],
                ["review", "--lang", "hi"]],
    "clinic": [["extract"], ["update"], ["check", "--all"], ["status", "--all"], ["publish", "--lang", "hi", "--lang", "ta", "--lang", "ur"],
               ["publish", "--all"], ["review", "--lang", "ta"]],
}
SOURCES = {"bundled": REPO, "clinic": HERE / "projects" / "clinic", "check": HERE / "projects" / "check"}
RUNS["check"] = [["extract"], ["update"], ["publish", "--lang", "hi"]]


def build(name: str, dest: Path) -> dict[str, str]:
    """Copy project `name` to `dest`, run its commands, and hash every file under it."""
    from workflow.cli.main import main

    for part in ("source", "locales"):
        if (SOURCES[name] / part).is_dir():
            shutil.copytree(SOURCES[name] / part, dest / part)
    env = {"SOURCE_DATE_EPOCH": EPOCH, "LEAFLET_JOBS": "1"}
    hashes = {}
    for args in RUNS[name]:
        result = CliRunner().invoke(main, ["--root", str(dest), *args], env=env)
        assert result.exit_code in (0, 1), (args, result.output, result.exception)
        said = f"{result.exit_code}\n{result.output}".replace(str(dest), "ROOT")
        hashes["$ leaflet " + " ".join(args)] = hashlib.sha256(said.encode()).hexdigest()
    for path in sorted(dest.rglob("*")):
        if path.is_file() and path.name != ".leaflet-build.json":  # its key hashes the code itself
            hashes[path.relative_to(dest).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def build_all(tmp: Path) -> dict[str, dict[str, str]]:
    return {name: build(name, tmp / name) for name in RUNS}


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        recorded = build_all(Path(tmp))
    GOLDEN.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{sum(len(v) for v in recorded.values())} files recorded in {GOLDEN.relative_to(REPO)}")
