"""The real profiler against whylogs 1.6.4 on the same data (needs SKETCHBOOK_PROFILE)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import sketchbook

from ._compare import differences, summary

why = pytest.importorskip("whylogs")
from whylogs.core import DatasetProfileView  # noqa: E402

pytestmark = pytest.mark.native

SEED = 20261207


def _frame(rows: int, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    alcohol = rng.normal(10.4, 1.1, rows)
    alcohol[rng.random(rows) < 0.05] = np.nan
    return pd.DataFrame(
        {
            "alcohol": alcohol,
            "quality": rng.integers(3, 9, rows),
            "region": rng.choice(["Douro", "Mosel", "Rioja", "Napa"], rows),
            "organic": rng.random(rows) < 0.3,
            "note": [None if i % 7 == 0 else f"note {i % 50}" for i in range(rows)],
        }
    )


def test_a_pandas_frame_profiles_as_whylogs_logs_it(native_binary: str) -> None:
    frame = _frame(20_000)
    ours = DatasetProfileView.deserialize(sketchbook.profile_pandas(frame, binary=native_binary))
    theirs = why.log(frame).view()
    problems = differences(summary(ours), summary(theirs))
    assert not problems, f"seed {SEED}: " + "; ".join(problems)


def test_a_parquet_file_is_read_in_batches_and_profiles_as_its_frame(native_binary: str, tmp_path: Path) -> None:
    frame = _frame(50_000, seed=SEED + 1)
    path = tmp_path / "wine.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=8_192)
    ours = DatasetProfileView.deserialize(sketchbook.profile_parquet(path, binary=native_binary, batch_rows=5_000))
    theirs = why.log(frame).view()
    problems = differences(summary(ours), summary(theirs))
    assert not problems, f"seed {SEED + 1}: " + "; ".join(problems)


def test_only_the_columns_asked_for_are_profiled(native_binary: str, tmp_path: Path) -> None:
    frame = _frame(1_000)
    path = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    view = DatasetProfileView.deserialize(sketchbook.profile_parquet(path, columns=["quality", "region"], binary=native_binary))
    assert set(summary(view)) == {"quality", "region"}
    view = DatasetProfileView.deserialize(sketchbook.profile_pandas(frame, columns=["alcohol"], binary=native_binary))
    assert set(summary(view)) == {"alcohol"}


def test_whylogs_reads_the_bytes_from_a_file_too(native_binary: str, tmp_path: Path) -> None:
    path = tmp_path / "p.bin"
    path.write_bytes(sketchbook.profile_pandas(_frame(100), binary=native_binary))
    assert summary(why.read(str(path)).view())["quality"]["counts/n"] == 100


def test_an_empty_frame_gives_a_profile_of_its_columns(native_binary: str) -> None:
    frame = _frame(10).iloc[0:0]
    view = DatasetProfileView.deserialize(sketchbook.profile_pandas(frame, binary=native_binary))
    assert all(row["counts/n"] == 0 for row in summary(view).values())


def test_an_unknown_column_is_the_profilers_error_as_an_exception(native_binary: str) -> None:
    with pytest.raises(sketchbook.SketchbookError) as caught:
        sketchbook.profile_pandas(_frame(10), columns=["no such column"], binary=native_binary)
    assert "no such column" in caught.value.message
    assert caught.value.exit_status == 2


def test_merging_two_halves_gives_the_whole(native_binary: str) -> None:
    frame = _frame(10_000)
    halves = [sketchbook.profile_pandas(part, binary=native_binary) for part in (frame.iloc[:5_000], frame.iloc[5_000:])]
    merged = DatasetProfileView.deserialize(sketchbook.merge_profiles(halves, binary=native_binary))
    whole = DatasetProfileView.deserialize(sketchbook.profile_pandas(frame, binary=native_binary))
    problems = differences(summary(merged), summary(whole))
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize(
    ("first", "later"),
    [
        ([1, 2], [2.5, None]),  # ints then floats in an object column: double, not truncated ints
        ([None, None], ["a", "b"]),  # an all-None slice before strings
        (["a", "b"], [None, None]),  # an all-None slice after strings
        ([1.5, 2.0], [3, 4]),
        (["a", "b"], [b"x", None]),  # str then bytes: binary when converted whole
    ],
)
def test_an_object_column_whose_slices_differ_is_converted_as_the_whole_frame(
    native_binary: str, first: list[object], later: list[object]
) -> None:
    rows = len(first) * 3 + len(later) * 3
    frame = pd.DataFrame({"mixed": pd.Series(first * 3 + later * 3, dtype=object), "n": range(rows)})
    ours = DatasetProfileView.deserialize(sketchbook.profile_pandas(frame, binary=native_binary, batch_rows=len(first) * 3))
    # The contract: the frame as Arrow converts it whole (ints and floats make a double column).
    theirs = why.log(pa.Table.from_pandas(frame, preserve_index=False).to_pandas()).view()
    problems = differences(summary(ours), summary(theirs))
    assert not problems, "; ".join(problems)


def test_converting_slice_by_slice_gives_the_profile_of_the_frame_converted_whole(native_binary: str) -> None:
    rows = 3_000
    rng = np.random.default_rng(SEED + 2)
    quality = pd.array(rng.integers(3, 9, rows), dtype="Int64")
    quality[rng.random(rows) < 0.1] = pd.NA
    frame = pd.DataFrame(
        {
            "quality": quality,
            "color": pd.Categorical(rng.choice(["red", "white"], rows)),
            "tasted": pd.date_range("2026-01-01", periods=rows, freq="h", tz="Europe/Lisbon"),
            "note": [None if i % 5 == 0 else f"n{i % 40}" for i in range(rows)],
            "organic": rng.random(rows) < 0.5,
        }
    )
    sliced = DatasetProfileView.deserialize(sketchbook.profile_pandas(frame, binary=native_binary, batch_rows=512))
    whole = DatasetProfileView.deserialize(sketchbook.profile_arrow(pa.Table.from_pandas(frame, preserve_index=False), binary=native_binary))
    problems = differences(summary(sliced), summary(whole))
    assert not problems, f"seed {SEED + 2}: " + "; ".join(problems)
