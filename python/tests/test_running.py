"""Running the profiler: options, streaming, and errors surfaced as exceptions (fake binaries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

import sketchbook
from sketchbook._run import cli_options

# Copies stdin to the file after -o, and records its arguments beside it.
ECHO_PROFILER = """
out=""
prev=""
for arg in "$@"; do
  if [ "$prev" = "-o" ]; then out="$arg"; fi
  prev="$arg"
done
printf '%s\\n' "$@" > "$(dirname "$0")/args.txt"
cat > "$out"
"""


def test_options_map_to_the_cli_flags() -> None:
    flags = cli_options(
        columns=["a", "b"], text_columns=["review"], dataset_timestamp=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc), threads=3
    )
    assert flags == ["--columns", "a,b", "--text-columns", "review", "--dataset-timestamp", "1767312000000", "--threads", "3"]
    assert cli_options(dataset_timestamp=dt.date(2026, 1, 2)) == ["--dataset-timestamp", "2026-01-02"]
    assert cli_options(dataset_timestamp=dt.datetime(2026, 1, 2)) == ["--dataset-timestamp", "1767312000000"]


@pytest.mark.parametrize(
    "options, error",
    [
        ({"columns": "a,b"}, TypeError),
        ({"columns": ["a,b"]}, ValueError),
        ({"threads": 0}, ValueError),
        ({"threads": True}, ValueError),
        ({"dataset_timestamp": 1.5}, TypeError),
    ],
)
def test_bad_options_are_errors_before_anything_runs(options: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        cli_options(**options)  # type: ignore[arg-type]


def test_the_batches_reach_the_profiler_as_one_arrow_stream(fake_binary: Callable[[str], Path]) -> None:
    binary = fake_binary(ECHO_PROFILER)
    table = pa.table({"x": list(range(1000)), "s": [str(i) for i in range(1000)]})
    data = sketchbook.profile_arrow(table, binary=binary, threads=2)
    assert pa.ipc.open_stream(data).read_all().equals(table)
    args = (binary.parent / "args.txt").read_text().split("\n")
    assert args[:2] == ["arrow", "-"] and "--quiet" in args and "--threads" in args


def test_a_profiler_error_is_an_exception_with_its_message(fake_binary: Callable[[str], Path]) -> None:
    binary = fake_binary("cat > /dev/null\necho 'profile: error: -: Arrow: schema at byte 8: bad' >&2\nexit 2\n")
    with pytest.raises(sketchbook.SketchbookError) as caught:
        sketchbook.profile_arrow(pa.table({"x": [1, 2]}), binary=binary)
    assert caught.value.message == "-: Arrow: schema at byte 8: bad"
    assert caught.value.exit_status == 2
    assert caught.value.command[1:3] == ["arrow", "-"]


def test_a_profiler_that_stops_reading_early_is_reported_not_a_broken_pipe(fake_binary: Callable[[str], Path]) -> None:
    binary = fake_binary("echo 'profile: error: -: too many columns' >&2\nexit 2\n")
    big = pa.table({"x": pa.array(range(2_000_000))})
    with pytest.raises(sketchbook.SketchbookError, match="too many columns"):
        sketchbook.profile_arrow(big, binary=binary)


def test_a_chatty_profiler_does_not_deadlock(fake_binary: Callable[[str], Path]) -> None:
    # 1 MB of warnings on stderr while it reads: the pipe must be drained as it goes.
    binary = fake_binary(ECHO_PROFILER.replace("cat >", "head -c 1000000 /dev/zero | tr '\\\\0' w >&2\ncat >"))
    table = pa.table({"x": list(range(100_000))})
    assert pa.ipc.open_stream(sketchbook.profile_arrow(table, binary=binary)).read_all().num_rows == 100_000


def test_an_empty_iterable_of_batches_has_no_schema() -> None:
    with pytest.raises(ValueError, match="no record batches"):
        sketchbook.profile_arrow(iter(()))


def test_merge_needs_profiles() -> None:
    with pytest.raises(ValueError):
        sketchbook.merge_profiles([])


def test_a_crashed_profiler_is_named_by_its_signal_and_runtime_line(fake_binary: Callable[[str], Path]) -> None:
    binary = fake_binary(
        "cat > /dev/null\necho 'Fatal error: Swift runtime failure: arithmetic overflow' >&2\n"
        "printf 'rax 0x0\\nrbx 0x1\\nBacktrace took 0.2s\\n' >&2\nkill -ILL $$\n"
    )
    with pytest.raises(sketchbook.SketchbookError) as caught:
        sketchbook.profile_arrow(pa.table({"x": [1]}), binary=binary)
    assert caught.value.message.startswith("profile was killed by signal 4")
    assert "arithmetic overflow" in caught.value.message
