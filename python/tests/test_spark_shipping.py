"""The shipped binary on an executor, when Spark's fetch lost its executable bit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")

from sketchbook import spark as sketchbook_spark  # noqa: E402


def test_a_shipped_binary_without_its_mode_bits_runs_as_an_executable_copy_in_sparks_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched = tmp_path / "profile"
    fetched.write_bytes(b"#!/bin/sh\necho shipped\n")
    fetched.chmod(0o644)
    monkeypatch.setattr(pyspark.SparkFiles, "get", classmethod(lambda cls, name: str(tmp_path / name)))

    first = sketchbook_spark._executor_binary("profile")
    second = sketchbook_spark._executor_binary("profile")

    assert first == second == str(tmp_path / "profile.executable")
    assert os.access(first, os.X_OK)
    assert Path(first).read_bytes() == fetched.read_bytes()
    # Nothing else is left behind: Spark deletes its files folder, and with it the copy.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile", "profile.executable"]


def test_an_executable_shipped_binary_is_run_where_spark_fetched_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fetched = tmp_path / "profile"
    fetched.write_bytes(b"#!/bin/sh\n")
    fetched.chmod(0o755)
    monkeypatch.setattr(pyspark.SparkFiles, "get", classmethod(lambda cls, name: str(tmp_path / name)))

    assert sketchbook_spark._executor_binary("profile") == str(fetched)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile"]
