"""Profiling Spark DataFrames: each partition by the native profiler, merged on the driver.

`DataFrame.mapInArrow` (Spark 3.3 or later) hands each partition's record batches to a function on
the executor, which streams them into one `profile arrow -` process and yields that partition's
profile; the driver merges the partitions' profiles with `profile merge`. Column types come from the
DataFrame's schema, so every partition logs a column alike.

The executors need `pyarrow` and this package (as any `mapInArrow` function does). The `profile`
binary is shipped to them with `SparkContext.addFile` (`ship_binary=True`, the default), or found
there through `SKETCHBOOK_PROFILE` and the PATH (`ship_binary=False`).
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from ._binary import find_profile_binary
from ._run import Timestamp, cli_options, merge_profiles, profile_batches

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: The column of the per-partition result: one row per non-empty partition, its profile's bytes.
_RESULT_SCHEMA = "profile binary"


def profile_dataframe(
    frame: DataFrame,
    *,
    columns: Sequence[str] | None = None,
    text_columns: Sequence[str] | None = None,
    dataset_timestamp: Timestamp | None = None,
    threads: int | None = None,
    binary: str | os.PathLike[str] | None = None,
    ship_binary: bool = True,
) -> bytes:
    """Profiles a Spark DataFrame into one whylogs v1 profile.

    Args:
        frame: the DataFrame; it is read once (one Spark job).
        columns: only these columns (a `select` before profiling).
        text_columns: free-text columns, with text-metadata columns `<column>.<feature>`.
        dataset_timestamp: the profile's dataset timestamp (default: now, taken once on the driver
            so that every partition's profile carries the same).
        threads: profiler threads per partition (default: `spark.task.cpus`, so that a task uses
            the cores Spark gave it).
        binary: the driver's `profile` binary (default: `SKETCHBOOK_PROFILE`, the PATH, the bundled
            copy); with `ship_binary`, the one the executors run too.
        ship_binary: ship the driver's binary to the executors with `SparkContext.addFile`.

    Returns:
        The merged profile's bytes (`DatasetProfileView.deserialize` reads them).

    Raises:
        SketchbookError: a partition's profiler or the merge failed; Spark wraps a failure on an
            executor in its own exception, whose text carries the profiler's message.
    """
    session = frame.sparkSession
    if columns is not None:
        frame = frame.select(*columns)
    timestamp = dataset_timestamp if dataset_timestamp is not None else _dt.datetime.now(_dt.timezone.utc)
    if threads is None:
        threads = int(session.sparkContext.getConf().get("spark.task.cpus", "1"))
    options = cli_options(text_columns=text_columns, dataset_timestamp=timestamp, threads=threads)
    driver_binary = find_profile_binary(binary)
    shipped_name = _ship(session.sparkContext, driver_binary) if ship_binary else None

    def profile_partition(partition: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        batches = iter(partition)
        first = next(batches, None)
        if first is None:
            return  # an empty partition adds nothing to the merge
        executable = _executor_binary(shipped_name)

        def all_batches() -> Iterator[pa.RecordBatch]:
            yield first
            yield from batches

        data = profile_batches(first.schema, all_batches(), options, binary=executable)
        yield pa.RecordBatch.from_arrays([pa.array([data], type=pa.binary())], names=["profile"])

    rows = frame.mapInArrow(profile_partition, _RESULT_SCHEMA).collect()
    profiles = [bytes(row["profile"]) for row in rows]
    if not profiles:
        # No rows at all: the profile of the schema's columns, with none logged.
        from pyspark.sql.pandas.types import to_arrow_schema

        return profile_batches(to_arrow_schema(frame.schema), iter(()), options, binary=driver_binary)
    if len(profiles) == 1:
        return profiles[0]
    return merge_profiles(profiles, binary=driver_binary)


def _ship(context: object, driver_binary: str) -> str:
    """Adds the binary to the Spark job's files; the name executors find it under."""
    name = os.path.basename(driver_binary)
    context.addFile(driver_binary)  # type: ignore[attr-defined]
    return name


def _executor_binary(shipped_name: str | None) -> str:
    """The binary an executor runs: the shipped copy (made executable if the fetch lost the bit)."""
    if shipped_name is None:
        return find_profile_binary(None)
    from pyspark import SparkFiles

    path = Path(SparkFiles.get(shipped_name))
    if os.access(path, os.X_OK):
        return str(path)
    # Spark fetches files without their mode bits on some file systems: run an executable copy
    # beside it, in Spark's own files folder, which Spark deletes when the application ends.
    # Workers may get here at once: each copies to a name of its own and renames into place.
    private = path.with_name(path.name + ".executable")
    if os.access(private, os.X_OK):
        return str(private)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name + ".", delete=False) as scratch:
        with open(path, "rb") as source:
            shutil.copyfileobj(source, scratch)
    try:
        os.chmod(scratch.name, stat.S_IRWXU)
        os.replace(scratch.name, private)
    except BaseException:
        os.unlink(scratch.name)
        raise
    return str(private)
