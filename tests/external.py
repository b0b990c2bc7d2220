"""Tests that drive programs outside Python (poppler, Tesseract, Chromium) skip or fail by this rule."""

from __future__ import annotations

import os

import pytest


def on_ci() -> bool:
    """CI sets `CI` (to `true`): there every tool the tests use is installed, or the run fails."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(missing: list[str], install: str) -> None:
    """Skip when tools are `missing` (a developer machine); on CI fail instead, naming them.

    A test that skips on CI proves nothing while the run still looks green.
    """
    if not missing:
        return
    message = f"missing {', '.join(missing)} ({install})"
    if on_ci():
        pytest.fail(f"{message}: CI must install it", pytrace=False)
    pytest.skip(message)
