"""Finding the `profile` binary: the argument, SKETCHBOOK_PROFILE, the PATH, the bundled copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import sketchbook
from sketchbook import _binary


def test_the_environment_variable_wins_over_the_path(fake_binary: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = fake_binary("exit 0\n")
    other = tmp_path / "elsewhere" / "profile"
    other.parent.mkdir()
    other.write_text("#!/bin/sh\nexit 0\n")
    other.chmod(0o755)
    monkeypatch.setenv("PATH", str(other.parent))
    monkeypatch.setenv("SKETCHBOOK_PROFILE", str(chosen))
    assert sketchbook.find_profile_binary() == str(chosen)


def test_an_explicit_binary_that_is_not_executable_is_an_error_not_a_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKETCHBOOK_PROFILE", raising=False)
    missing = tmp_path / "nope"
    with pytest.raises(sketchbook.ProfileBinaryNotFound, match="is not an executable file"):
        sketchbook.find_profile_binary(missing)
    monkeypatch.setenv("SKETCHBOOK_PROFILE", str(missing))
    with pytest.raises(sketchbook.ProfileBinaryNotFound, match="SKETCHBOOK_PROFILE"):
        sketchbook.find_profile_binary()


def test_the_path_is_searched_then_the_bundled_copy(fake_binary: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKETCHBOOK_PROFILE", raising=False)
    on_path = fake_binary("exit 0\n")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert sketchbook.find_profile_binary() == str(on_path)

    bundled = tmp_path / "bundle" / "profile"
    bundled.parent.mkdir()
    bundled.write_text("#!/bin/sh\nexit 0\n")
    bundled.chmod(0o755)
    monkeypatch.setattr(_binary, "_BUNDLED", bundled)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert sketchbook.find_profile_binary() == str(bundled)


def test_nothing_found_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKETCHBOOK_PROFILE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(_binary, "_BUNDLED", tmp_path / "absent")
    with pytest.raises(sketchbook.ProfileBinaryNotFound) as caught:
        sketchbook.find_profile_binary()
    assert "PATH" in caught.value.message and "SKETCHBOOK_PROFILE" in caught.value.message
