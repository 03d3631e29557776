"""Running `profile arrow -` on a stream of record batches, and `profile merge`."""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Union

import pyarrow as pa

from ._binary import find_profile_binary
from .errors import SketchbookError

#: What `dataset_timestamp` accepts: a datetime (UTC when naive), epoch milliseconds, or the
#: strings `profile --dataset-timestamp` accepts (`2026-11-25`, `2026-11-25T13:00:00Z`).
Timestamp = Union[_dt.datetime, _dt.date, int, str]


def cli_options(
    *,
    columns: Sequence[str] | None = None,
    text_columns: Sequence[str] | None = None,
    dataset_timestamp: Timestamp | None = None,
    threads: int | None = None,
) -> list[str]:
    """The `profile arrow` flags for the keyword options every `profile_*` function takes."""
    flags: list[str] = []
    for flag, names in (("--columns", columns), ("--text-columns", text_columns)):
        if names is None:
            continue
        if isinstance(names, str):
            raise TypeError(f"{flag[2:].replace('-', '_')} must be a sequence of column names, not a string")
        for name in names:
            if "," in name:
                raise ValueError(f"column name {name!r} contains a comma, which {flag} cannot express")
        flags += [flag, ",".join(names)]
    if dataset_timestamp is not None:
        flags += ["--dataset-timestamp", _timestamp_flag(dataset_timestamp)]
    if threads is not None:
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
            raise ValueError(f"threads must be a positive integer, got {threads!r}")
        flags += ["--threads", str(threads)]
    return flags


def _timestamp_flag(value: Timestamp) -> str:
    if isinstance(value, bool):
        raise TypeError("dataset_timestamp must be a datetime, a date, epoch milliseconds or a string")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc)
        return str(int(aware.timestamp() * 1000))
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"dataset_timestamp must be a datetime, a date, epoch milliseconds or a string, not {type(value).__name__}")


class _StderrCollector(threading.Thread):
    """Reads a process's stderr to the end, so that a chatty process never blocks on a full pipe."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self._stream = stream
        self.text = ""

    def run(self) -> None:
        self.text = self._stream.read().decode("utf-8", errors="replace")


def _failure(command: Sequence[str], status: int, stderr: str) -> SketchbookError:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line.removeprefix("profile: error: ") for line in lines if line.startswith("profile: error: ")]
    if errors:
        return SketchbookError("\n".join(errors), status, command)
    if status < 0:
        # Killed by a signal (a crash or the OOM killer): the runtime's own line says why, not the
        # backtrace's last lines.
        cause = [line.strip() for line in lines if "Fatal error" in line or "runtime failure" in line]
        message = f"profile was killed by signal {-status}" + (f": {cause[0]}" if cause else "")
        return SketchbookError(message, status, command)
    message = "\n".join(lines[-5:]) or f"profile exited with status {status} and printed nothing"
    return SketchbookError(message, status, command)


def profile_batches(
    schema: pa.Schema,
    batches: Iterable[pa.RecordBatch],
    options: Sequence[str],
    *,
    binary: str | os.PathLike[str] | None = None,
) -> bytes:
    """Streams `batches` (all of `schema`) into one `profile arrow -` process; its profile's bytes.

    Raises:
        SketchbookError: the profiler failed; the message is its error line.
    """
    executable = find_profile_binary(binary)
    with tempfile.TemporaryDirectory(prefix="sketchbook-") as scratch:
        output = Path(scratch) / "profile.bin"
        command = [executable, "arrow", "-", "-o", str(output), "--quiet", *options]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert process.stdin is not None and process.stderr is not None
        collector = _StderrCollector(process.stderr)
        collector.start()
        try:
            with pa.ipc.new_stream(process.stdin, schema) as writer:
                for batch in batches:
                    writer.write_batch(batch)
            process.stdin.close()
        except (BrokenPipeError, OSError, pa.ArrowException) as error:
            # The profiler stopped reading: it has failed, and its stderr says why. If it has not,
            # the error is on this side (a batch that does not match the schema).
            _close_quietly(process.stdin)
            status = process.wait()
            collector.join()
            if status != 0:
                raise _failure(command, status, collector.text) from error
            raise
        except BaseException:
            process.kill()
            process.wait()
            collector.join()
            raise
        status = process.wait()
        collector.join()
        if status != 0:
            raise _failure(command, status, collector.text)
        return output.read_bytes()


def merge_profiles(profiles: Sequence[bytes], *, binary: str | os.PathLike[str] | None = None) -> bytes:
    """Merges whylogs profiles (as bytes) with `profile merge`; the merged profile's bytes.

    Raises:
        SketchbookError: the merge failed (an invalid profile); the message names it.
        ValueError: `profiles` is empty.
    """
    if not profiles:
        raise ValueError("there are no profiles to merge")
    executable = find_profile_binary(binary)
    with tempfile.TemporaryDirectory(prefix="sketchbook-") as scratch:
        inputs = Path(scratch) / "in"
        inputs.mkdir()
        for index, data in enumerate(profiles):
            (inputs / f"{index:06d}.bin").write_bytes(data)
        output = Path(scratch) / "merged.bin"
        command = [executable, "merge", str(inputs), "-o", str(output), "--quiet"]
        completed = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if completed.returncode != 0:
            raise _failure(command, completed.returncode, completed.stderr.decode("utf-8", errors="replace"))
        return output.read_bytes()


def _close_quietly(stream: IO[bytes]) -> None:
    try:
        stream.close()
    except OSError:
        pass
