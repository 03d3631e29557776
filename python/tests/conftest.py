"""Shared fixtures: fake `profile` binaries for the unit tests, the real one for the native tests."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def fake_binary(tmp_path: Path) -> Callable[[str], Path]:
    """Writes an executable shell script standing in for `profile`; returns its path."""

    def make(script: str) -> Path:
        path = tmp_path / "bin" / "profile"
        path.parent.mkdir(exist_ok=True)
        path.write_text("#!/bin/sh\n" + script)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    return make


@pytest.fixture
def native_binary() -> str:
    """The real `profile` binary, from SKETCHBOOK_PROFILE (CI sets it; the native tests need it)."""
    path = os.environ.get("SKETCHBOOK_PROFILE")
    if not path:
        pytest.fail("the native tests need SKETCHBOOK_PROFILE set to a built `profile` binary")
    return path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "native: runs the real `profile` binary (needs SKETCHBOOK_PROFILE)")
    config.addinivalue_line("markers", "spark: runs Spark in local mode (needs pyspark and a JDK)")
