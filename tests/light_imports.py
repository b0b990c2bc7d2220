"""Imports every module of workflow/ without the extras' libraries; exits 1 naming any that fail.

Run as a script so that the import happens in a fresh interpreter: by tests/base/test_light_install.py
with the `[mt]` and `[cluster]` libraries made unimportable, and by tests/smoke_install.sh in a venv
that never had them.
"""

from __future__ import annotations

import importlib
import importlib.abc
import pkgutil
import sys
import traceback

#: What the `[mt]` extra brings (and what argostranslate pulls in), and `[cluster]`'s Dask: none may
#: be needed to import a module.
EXTRA_LIBRARIES = ("argostranslate", "ctranslate2", "sentencepiece", "pysbd", "minisbd", "stanza", "spacy",
                   "sacremoses", "rapidfuzz", "torch", "distributed", "dask")
#: Modules the README names as needing `[mt]` to import. None: MT libraries load inside functions.
MT_ONLY: frozenset[str] = frozenset()


class BlockExtras(importlib.abc.MetaPathFinder):
    """Makes the extras' libraries unimportable, as in an install without `[mt]` or `[cluster]`."""

    def find_spec(self, name, path=None, target=None):  # noqa: ANN001, ANN201
        if name.split(".")[0] in EXTRA_LIBRARIES:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: not in the light install)", name=name)
        return None


def failures() -> list[str]:
    """`module: error` for every module of workflow/ that does not import."""
    import workflow

    failed = []
    for info in pkgutil.walk_packages(workflow.__path__, "workflow."):
        if info.name in MT_ONLY or info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - every kind of failure is what this reports
            failed.append(f"{info.name}: {traceback.format_exc().strip().splitlines()[-1]}")
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in EXTRA_LIBRARIES)
    if loaded:
        failed.append(f"extras' libraries loaded by importing workflow: {loaded}")
    return failed


def main() -> int:
    if "--block-extras" in sys.argv:
        sys.meta_path.insert(0, BlockExtras())
    failed = failures()
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
