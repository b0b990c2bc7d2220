"""Golden extraction, one Markdown construct per case: `data/extract/<case>.md` → `<case>.expect.pot`.

Each case is extracted by `leaflet extract` in a project of its own, with
`SOURCE_DATE_EPOCH=0`, and the template must equal the expected one byte for byte (the
references carry the source lines, so line numbers are checked too).

After a deliberate change of extraction, regenerate the expected templates and read the diff:
    PYTHONPATH=. python tests/test_extract_golden.py --update
"""

from __future__ import annotations

import difflib
import shutil
import sys
from pathlib import Path

import pytest

from conftest import run_cli

CASES = Path(__file__).resolve().parent.parent / "data" / "extract"
SITE = """source_language = "en"
languages = ["hi"]

[centre]
name = "Golden Centre"
"""


def extracted(case: Path, root: Path) -> str:
    """The template `leaflet extract` writes for the article `case` alone."""
    (root / "source" / "articles").mkdir(parents=True)
    (root / "source" / "site.toml").write_text(SITE, encoding="utf-8")
    shutil.copy(case, root / "source" / "articles" / case.name)
    result = run_cli(root, "extract", env={"SOURCE_DATE_EPOCH": "0"})
    assert result.exit_code == 0, result.output
    return (root / "locales" / "templates" / f"{case.stem}.pot").read_text(encoding="utf-8")


def cases() -> list[Path]:
    return sorted(CASES.glob("*.md"))


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_extraction_matches_the_expected_template(case: Path, tmp_path: Path) -> None:
    expected_path = case.with_suffix(".expect.pot")
    assert expected_path.exists(), f"no {expected_path.name}: run this module with --update"
    expected = expected_path.read_text(encoding="utf-8")
    got = extracted(case, tmp_path)
    diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                        f"{expected_path.name} (expected)", f"{case.stem}.pot (extracted)"))
    assert got == expected, f"extraction of {case.name} changed:\n{diff}"


def test_every_case_has_an_expected_template_and_no_orphan() -> None:
    stems = {p.stem for p in cases()}
    expected = {p.name.removesuffix(".expect.pot") for p in CASES.glob("*.expect.pot")}
    assert len(stems) >= 10 and stems == expected


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    import tempfile
    for case in cases():
        with tempfile.TemporaryDirectory() as tmp:
            case.with_suffix(".expect.pot").write_text(extracted(case, Path(tmp)), encoding="utf-8")
        print("wrote", case.with_suffix(".expect.pot").name)
