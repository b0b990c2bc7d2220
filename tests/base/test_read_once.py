"""Every input file is read at most once per command, forked workers included, and only through
the bounded reader: a FIFO, a device or an oversized file anywhere in source/ or locales/ is one
line and exit 2, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from clinic import copy_clinic
from conftest import REPO, run_cli

SLUG = "kyphoplasty-vs-vertebroplasty"

#: The commands the read-once promise covers, each run on a project prepared by extract + update.
COMMANDS = [
    ["check", "--all"],
    ["check", "--all", "--jobs", "2"],  # forked workers read the catalogs
    ["check", "--lang", "hi", "--require-signoff"],
    ["status", "--all"],
    ["status", "--all", "--drafts"],
    ["review", "--lang", "hi", "--no-pdf"],
    ["publish", "--lang", "hi", "--lang", "ur", "--jobs", "2"],
    ["publish", "--all"],
    ["signoff", "--lang", "hi", SLUG, "--by", "Dr A. Sharma, radiologist"],
]

#: Runs one command in a fresh interpreter with an audit hook that logs every file opened for
#: reading, from the parent and from every forked worker, through a descriptor opened first.
PROBE = r"""
import os, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
root = os.path.realpath(sys.argv[2])
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        mode = args[1] if isinstance(args[1], str) else ""
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        if "w" in mode or "a" in mode or "+" in mode or flags & (os.O_WRONLY | os.O_RDWR):
            return
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(root + os.sep):
            os.write(log, (os.path.relpath(path, root) + "\n").encode())
sys.addaudithook(hook)
from workflow.cli import main
main(["--root", sys.argv[2], *sys.argv[3:]])
"""


def reads(root: Path, args: list[str], tmp_path: Path) -> Counter[str]:
    log = tmp_path / f"reads-{len(list(tmp_path.glob('reads-*')))}.log"
    result = subprocess.run([sys.executable, "-c", PROBE, str(log), str(root), *args], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
    assert result.returncode in (0, 1), (args, result.stderr[-2000:])
    names = log.read_text(encoding="utf-8").split() if log.exists() else []
    return Counter(n for n in names if n.split(os.sep)[0] in ("source", "locales"))


@pytest.mark.parametrize("which", ["bundled", "clinic"])
def test_every_input_is_read_once_per_command(which: str, project: Path, tmp_path: Path) -> None:
    root = project if which == "bundled" else copy_clinic(tmp_path / "clinic")
    for args in (["extract"], ["update"]):
        assert run_cli(root, *args).exit_code == 0
    for args in COMMANDS:
        if which == "clinic" and args[0] == "signoff":
            args = ["signoff", "--lang", "hi", "renal-biopsy-aftercare", "--by", "Dr A. Sharma, radiologist"]
        counted = reads(root, args, tmp_path)
        assert counted, f"{args}: no input read at all (the probe is broken)"
        twice = {name: n for name, n in counted.items() if n > 1}
        assert not twice, f"leaflet {' '.join(args)} read these more than once: {twice}"


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)


def _huge(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: above every limit, no disk used


def _zero(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    path.symlink_to("/dev/zero")


#: (file, what it is made into, a command that must read it)
HOSTILE = [
    ("locales/hi/glossary.csv", _fifo, ["check", "--lang", "hi"]),
    ("locales/hi/glossary.csv", _zero, ["status", "--lang", "hi"]),
    ("locales/hi/glossary.csv", _huge, ["publish", "--lang", "hi"]),
    (f"locales/hi/signoff/{SLUG}.json", _fifo, ["status", "--lang", "hi"]),
    (f"locales/hi/signoff/{SLUG}.json", _zero, ["review", "--lang", "hi", "--no-pdf"]),
    (f"locales/hi/signoff/{SLUG}.json", _huge, ["check", "--lang", "hi", "--require-signoff"]),
    ("locales/hi/LC_MESSAGES/site.po", _fifo, ["publish", "--lang", "hi"]),
    ("locales/templates/site.pot", _zero, ["check", "--lang", "hi"]),
    (f"source/articles/{SLUG}.md", _fifo, ["status", "--lang", "hi"]),
    ("source/site.toml", _zero, ["check", "--lang", "hi"]),
    ("source/articles/images/photo.png", _fifo, ["publish", "--lang", "hi"]),
    ("source/articles/images/photo.png", _huge, ["publish", "--lang", "hi"]),
]


@pytest.mark.parametrize("rel,make,args", HOSTILE, ids=[f"{r}-{m.__name__[1:]}-{a[0]}" for r, m, a in HOSTILE])
def test_a_fifo_device_or_huge_input_is_one_line_and_exit_2(rel: str, make, args: list[str], project: Path) -> None:
    make(project / rel)
    result = subprocess.run([sys.executable, "-m", "workflow.cli", "--root", str(project), *args],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                            timeout=120)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, (result.returncode, result.stderr[-1500:])
    assert len(lines) == 1 and lines[0].startswith(f"leaflet: error: {rel}: "), lines
    assert "not a regular file" in lines[0] or "too large" in lines[0], lines[0]
    assert not (project / "output").exists() or args[0] != "publish" or not any((project / "output").rglob("*.html"))
