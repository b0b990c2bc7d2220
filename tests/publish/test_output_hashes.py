"""Every output of the bundled and fixture projects is byte-identical to the reviewed record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from output_hashes import GOLDEN, RUNS, build


@pytest.mark.parametrize("name", sorted(RUNS))
def test_outputs_match_the_record(name: str, tmp_path: Path) -> None:
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))[name]
    built = build(name, tmp_path)
    changed = sorted(k for k in recorded.keys() | built.keys() if recorded.get(k) != built.get(k))
    assert not changed, f"outputs differ from tests/golden/outputs.json: {changed[:10]}"
