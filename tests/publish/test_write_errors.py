"""A full disk or an output that cannot be written names the page or sheet that was to be
written, not a staging folder or temp file the user never asked for: one line, exit 2.

The full disk is a real one: a small tmpfs mounted in a private mount namespace (`unshare`),
so nothing outside the test's child process sees it. A folder or file that cannot be written
is made immutable (`chattr +i`), which holds for root too."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import workflow
from conftest import run_cli
from test_publish import only_small_article

ENV = {**os.environ, "PYTHONPATH": str(Path(workflow.__file__).resolve().parents[1])}


def _can(command: str) -> bool:
    return subprocess.run(["sh", "-c", command], capture_output=True).returncode == 0


@pytest.fixture
def built(project: Path) -> Path:
    only_small_article(project)
    for args in (("extract",), ("update", "--lang", "hi"), ("publish", "--lang", "hi"),
                 ("review", "--lang", "hi")):
        result = run_cli(project, *args)
        assert result.exit_code == 0, result.output
    return project


def one_error(done: subprocess.CompletedProcess, named: str) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: "), done.stderr
    assert named in lines[0] and ".leaflet-staging" not in lines[0] and "leaflet-tmp" not in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------- a full disk

def on_full_disk(root: Path, copy: Path, remove: list[str], *args: str) -> subprocess.CompletedProcess:
    """`leaflet ARGS --output DISK` where DISK is a tmpfs holding `copy` minus `remove`, then
    shrunk to what that uses plus 8 KiB: the next file of any size fills it."""
    disk = root.parent / "disk"
    disk.mkdir()
    leaflet = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "workflow.cli", "--root", str(root), *args,
                                                "--output", str(disk)])
    script = (f"mount -t tmpfs -o size=64m tmpfs {disk} && cp -a {copy}/. {disk}/ && "
              + "".join(f"rm -f {disk}/{r} && " for r in remove)
              + f"used=$(du -sk {disk} | cut -f1) && mount -o remount,size=$((used + 8))k {disk} && {leaflet}")
    return subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, env=ENV)


needs_unshare = pytest.mark.skipif(not shutil.which("unshare") or not _can(
    "unshare --mount sh -c 'mount -t tmpfs -o size=1m tmpfs /mnt'"), reason="needs unshare and tmpfs mounts")


@needs_unshare
@pytest.mark.parametrize("lost, named", [
    ("hi/back-care.pdf", "hi/back-care.pdf"),  # rendered in the staging folder
    ("en/back-care.pdf", "en/back-care.pdf"),
    ("hi/back-care.html hi/back-care.pdf", "hi/back-care.pdf"),
])
def test_publish_on_a_full_disk_names_the_page(built: Path, lost: str, named: str) -> None:
    done = on_full_disk(built, built / "output", lost.split(), "publish", "--lang", "hi")
    line = one_error(done, named)
    assert "no space left on device" in line


@needs_unshare
def test_review_on_a_full_disk_names_the_sheet(built: Path) -> None:
    done = on_full_disk(built, built / "output", ["review/hi/back-care.pdf"], "review", "--lang", "hi")
    assert "no space left on device" in one_error(done, "review/hi/back-care.pdf")


# ---------------------------------------------------------------- what cannot be written

needs_chattr = pytest.mark.skipif(not shutil.which("chattr") or not _can(
    "d=$(mktemp -d) && chattr +i $d && chattr -i $d && rmdir $d"), reason="needs chattr +i")


def leaflet(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workflow.cli", "--root", str(root), *args],
                          capture_output=True, text=True, env=ENV)


@needs_chattr
@pytest.mark.parametrize("frozen", [
    "output",  # not even a staging folder can be made
    "output/hi",  # rendered, but cannot be moved into place
    "output/hi/back-care.pdf",  # cannot be replaced
])
def test_publish_into_what_cannot_be_written_names_the_page(built: Path, frozen: str) -> None:
    path = built / frozen
    if path.is_dir():
        (built / "output" / "hi" / "back-care.pdf").unlink()  # the one file to rebuild
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        done = leaflet(built, "publish", "--lang", "hi", *([] if path.is_dir() else ["--force"]))
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert "permission denied" in one_error(done, "output/hi/back-care.pdf")


@needs_chattr
def test_review_into_a_sheet_that_cannot_be_replaced_names_it(built: Path) -> None:
    path = built / "output" / "review" / "hi" / "back-care.pdf"
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        done = leaflet(built, "review", "--lang", "hi")
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert "permission denied" in one_error(done, "review/hi/back-care.pdf")
