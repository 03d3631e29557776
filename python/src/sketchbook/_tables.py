"""Profiling Arrow data, pandas frames and Parquet files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union

import pyarrow as pa

from ._run import Timestamp, cli_options, profile_batches

if TYPE_CHECKING:
    import pandas

#: What `profile_arrow` accepts.
ArrowData = Union[pa.Table, pa.RecordBatch, pa.RecordBatchReader, Iterable[pa.RecordBatch]]


def profile_arrow(
    data: ArrowData,
    *,
    columns: Sequence[str] | None = None,
    text_columns: Sequence[str] | None = None,
    dataset_timestamp: Timestamp | None = None,
    threads: int | None = None,
    binary: str | os.PathLike[str] | None = None,
) -> bytes:
    """Profiles Arrow data into a whylogs v1 profile.

    Each column is logged as whylogs logs the pandas column `Table.to_pandas()` gives (an integer
    column with nulls stays integral), by the native `profile arrow`, batch by batch: the data is
    streamed to the profiler, never copied whole.

    Args:
        data: a `pyarrow.Table`, a `RecordBatch`, a `RecordBatchReader`, or an iterable of record
            batches that share one schema (an empty iterable is an error: it has no schema).
        columns: only these columns.
        text_columns: free-text columns, which also get the text-metadata columns
            `<column>.<feature>`.
        dataset_timestamp: the profile's dataset timestamp (default: now).
        threads: profiler threads (default: one per core).
        binary: the `profile` binary (default: `SKETCHBOOK_PROFILE`, the PATH, the bundled copy).

    Returns:
        The profile file's bytes: `whylogs.core.DatasetProfileView.deserialize(result)` reads it,
        and so does `whylogs.read` once written to a file.

    Raises:
        SketchbookError: the profiler failed (its message says why).
        ProfileBinaryNotFound: no `profile` binary was found.
    """
    schema, batches = _schema_and_batches(data)
    options = cli_options(columns=columns, text_columns=text_columns, dataset_timestamp=dataset_timestamp, threads=threads)
    return profile_batches(schema, batches, options, binary=binary)


def profile_pandas(
    frame: pandas.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    text_columns: Sequence[str] | None = None,
    dataset_timestamp: Timestamp | None = None,
    threads: int | None = None,
    binary: str | os.PathLike[str] | None = None,
    batch_rows: int = 65_536,
) -> bytes:
    """Profiles a pandas DataFrame into a whylogs v1 profile, as `why.log(frame)` would.

    The frame is converted to Arrow (`pyarrow.Table.from_pandas`, without the index) `batch_rows`
    rows at a time while `profile arrow` profiles the rows before; see `profile_arrow` for the
    options. Column names must be strings.

    Raises:
        SketchbookError: the profiler failed.
        TypeError: a column name is not a string, or a column's values cannot be converted to
            Arrow (mixed types in an object column, for example).
    """
    for name in frame.columns:
        if not isinstance(name, str):
            raise TypeError(f"column names must be strings; {name!r} is a {type(name).__name__}")
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be positive, got {batch_rows}")
    options = cli_options(columns=columns, text_columns=text_columns, dataset_timestamp=dataset_timestamp, threads=threads)
    # Slices are converted one by one while the profiler works on the ones before (the
    # conversion of object columns is most of this side's time). Each slice's types are inferred
    # on their own, as for the whole frame; when a slice's types differ from the first's (ints in
    # one slice and floats in the next, in an object column), the frame is converted whole
    # instead, as pyarrow infers its types. An all-null slice of a column fits any type.
    first = _from_pandas(frame.iloc[:batch_rows])
    try:
        return profile_batches(first.schema, _slices(frame, first, batch_rows), options, binary=binary)
    except _SliceDoesNotFitSchema:
        table = _from_pandas(frame)
        return profile_batches(table.schema, iter(table.to_batches(max_chunksize=batch_rows)), options, binary=binary)


class _SliceDoesNotFitSchema(Exception):
    """A slice of a frame has other column types than the slices before it."""


def _from_pandas(frame: pandas.DataFrame) -> pa.Table:
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise TypeError(f"the frame cannot be converted to Arrow: {error}") from error


def _slices(frame: pandas.DataFrame, first: pa.Table, batch_rows: int) -> Iterator[pa.RecordBatch]:
    # An empty frame is a schema and no batches: a profile of its columns with no rows.
    schema = first.schema
    yield from first.to_batches(max_chunksize=batch_rows)
    for start in range(batch_rows, len(frame), batch_rows):
        part = frame.iloc[start : start + batch_rows]
        columns = [_column(part[field.name], field.type) for field in schema]
        yield from pa.Table.from_arrays(columns, schema=schema).to_batches(max_chunksize=batch_rows)


def _column(values: pandas.Series, expected: pa.DataType) -> pa.Array:
    """One column of a later slice, as `Table.from_pandas` converts it, in the first slice's type."""
    from pandas.api.types import infer_dtype

    try:
        if pa.types.is_string(expected) and values.dtype == object and infer_dtype(values, skipna=True) in ("string", "empty"):
            # Only str and missing values: the type pyarrow would infer, without its slower
            # inferring pass over the objects (a third of the conversion of a text column).
            return pa.array(values, type=expected, from_pandas=True)
        converted = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise _SliceDoesNotFitSchema() from error
    if converted.type == expected:
        return converted
    if converted.null_count == len(converted):
        return pa.nulls(len(converted), type=expected)
    raise _SliceDoesNotFitSchema()


def profile_parquet(
    path: str | os.PathLike[str],
    *,
    columns: Sequence[str] | None = None,
    text_columns: Sequence[str] | None = None,
    dataset_timestamp: Timestamp | None = None,
    threads: int | None = None,
    binary: str | os.PathLike[str] | None = None,
    batch_rows: int = 65_536,
) -> bytes:
    """Profiles a Parquet file into a whylogs v1 profile, reading it in batches of `batch_rows`.

    pyarrow reads the file (only `columns`, when given) and streams its batches to
    `profile arrow`, so memory stays bounded by a few batches whatever the file's size.

    Raises:
        SketchbookError: the profiler failed.
        OSError: the file cannot be read (pyarrow's error).
    """
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    read_columns = list(columns) if columns is not None else None
    schema = parquet.schema_arrow if read_columns is None else pa.schema([parquet.schema_arrow.field(c) for c in read_columns])
    batches = parquet.iter_batches(batch_size=batch_rows, columns=read_columns)
    options = cli_options(columns=None, text_columns=text_columns, dataset_timestamp=dataset_timestamp, threads=threads)
    return profile_batches(schema, batches, options, binary=binary)


def _schema_and_batches(data: Any) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    if isinstance(data, pa.Table):
        return data.schema, iter(data.to_batches())
    if isinstance(data, pa.RecordBatch):
        return data.schema, iter((data,))
    if isinstance(data, pa.RecordBatchReader):
        return data.schema, iter(data)
    iterator = iter(data)
    try:
        first = next(iterator)
    except StopIteration:
        raise ValueError("there are no record batches, so there is no schema to profile; pass a Table") from None
    if not isinstance(first, pa.RecordBatch):
        raise TypeError(f"expected pyarrow record batches, got {type(first).__name__}")

    def chained() -> Iterator[pa.RecordBatch]:
        yield first
        yield from iterator

    return first.schema, chained()
