#!/usr/bin/env python3
"""The Python package side by side with whylogs: pandas frames, and Spark in local mode.

    bench_python.py pandas --rows 1000000 --rounds 5     profile_pandas vs why.log(df), same frame
    bench_python.py spark  --rows 2000000 --rounds 3     profile_dataframe vs whylogs'
                                                         collect_dataset_profile_view, same Parquet,
                                                         and the floor both stand on: a mapInArrow
                                                         that only counts the batches Spark hands it
    bench_python.py wide   --columns 5000 --rows 20000   one pass of profile_dataframe over a wide
                                                         table; peak memory of the JVM, its Python
                                                         workers and the profilers

Tools alternate round by round, so the machine's noise hits them alike; medians and the ratio of
medians are printed, and every run is appended as a JSON line to --results. The data is the
deterministic wine-like table of bench/csv/gen_wine_csv.py (16 columns, ~1 % empty cells).
Needs: pandas, pyarrow, whylogs 1.6.4 (numpy<2), pyspark 3.5 and a JDK for spark/wide, the
`sketchbook` package, and SKETCHBOOK_PROFILE (a release `profile` build).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent / "csv" / "gen_wine_csv.py"


def wine_csv(rows: int, scratch: Path) -> Path:
    path = scratch / f"wine_{rows}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(GENERATOR), str(rows), str(path)], check=True)
    return path


def wine_parquet(rows: int, scratch: Path) -> Path:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    path = scratch / f"wine_{rows}.parquet"
    if not path.exists():
        table = pacsv.read_csv(wine_csv(rows, scratch))
        pq.write_table(table, path, row_group_size=131_072)
    return path


class PeakMemory(threading.Thread):
    """Samples the resident memory of this process's descendants by command, every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[str, int] = {}
        self.peak_total = 0
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.wait(0.2):
            totals: dict[str, int] = {}
            for pid, kind in _descendants(os.getpid()):
                rss = _rss_bytes(pid)
                totals[kind] = totals.get(kind, 0) + rss
            for kind, value in totals.items():
                self.peaks[kind] = max(self.peaks.get(kind, 0), value)
            self.peak_total = max(self.peak_total, sum(totals.values()))

    def stop(self) -> None:
        self._stopping.set()
        self.join()


def _descendants(root: int) -> list[tuple[int, str]]:
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
        names[int(entry.name)] = name
    found: list[tuple[int, str]] = []
    stack = list(children.get(root, []))
    while stack:
        pid = stack.pop()
        name = names.get(pid, "?")
        kind = "jvm" if name == "java" else "profile" if name == "profile" else "python" if name.startswith("python") else name
        found.append((pid, kind))
        stack.extend(children.get(pid, []))
    return found


def _rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed(label: str, function: Callable[[], Any], results: Path, extra: dict[str, Any]) -> float:
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    record = {"tool": label, "seconds": round(seconds, 3), **extra}
    with results.open("a") as f:
        f.write(json.dumps(record) + "\n")
    print(json.dumps(record), file=sys.stderr)
    return seconds


def report(title: str, times: dict[str, list[float]], baseline: str) -> None:
    print(f"\n{title}")
    print("| tool | runs | median s | min–max s | median ÷ " + baseline + " |")
    print("| --- | ---: | ---: | --- | ---: |")
    base = statistics.median(times[baseline])
    for tool, values in times.items():
        median = statistics.median(values)
        print(f"| {tool} | {len(values)} | {median:.2f} | {min(values):.2f}–{max(values):.2f} | {median / base:.1f}× |")


def bench_pandas(args: argparse.Namespace) -> None:
    import pandas as pd
    import whylogs as why

    import sketchbook

    frame = pd.read_csv(wine_csv(args.rows, args.scratch))
    times: dict[str, list[float]] = {"sketchbook.profile_pandas": [], "why.log(df)": []}
    extra = {"bench": "pandas", "rows": args.rows}
    for _ in range(args.rounds):
        times["sketchbook.profile_pandas"].append(timed("sketchbook.profile_pandas", lambda: sketchbook.profile_pandas(frame), args.results, extra))
        times["why.log(df)"].append(timed("why.log(df)", lambda: why.log(frame).view().serialize(), args.results, extra))
    report(f"pandas frame, {args.rows:,} rows × {frame.shape[1]} columns", times, "sketchbook.profile_pandas")


def _spark_session(cores: int) -> Any:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("sketchbook-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", args_driver_memory)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


args_driver_memory = "4g"


def _count_batches(partition: Any) -> Any:
    """The floor of any `mapInArrow` profiler: Spark reads, converts and ships every batch; this
    only counts them."""
    import pyarrow as pa

    rows = sum(batch.num_rows for batch in partition)
    yield pa.RecordBatch.from_arrays([pa.array([rows], type=pa.int64())], names=["rows"])


def bench_spark(args: argparse.Namespace) -> None:
    from whylogs.api.pyspark.experimental import collect_dataset_profile_view

    from sketchbook.spark import profile_dataframe

    path = wine_parquet(args.rows, args.scratch)
    spark = _spark_session(args.cores)
    frame = spark.read.parquet(str(path))
    frame.count()  # warm the JVM and the file cache for all
    runs: dict[str, Callable[[], Any]] = {
        "sketchbook profile_dataframe": lambda: profile_dataframe(spark.read.parquet(str(path))),
        "whylogs collect_dataset_profile_view": lambda: collect_dataset_profile_view(spark.read.parquet(str(path))).serialize(),
        "floor: mapInArrow counting rows": lambda: spark.read.parquet(str(path)).mapInArrow(_count_batches, "rows long").collect(),
    }
    times: dict[str, list[float]] = {label: [] for label in runs}
    extra = {"bench": "spark", "rows": args.rows, "cores": args.cores, "partitions": frame.rdd.getNumPartitions()}
    for _ in range(args.rounds):
        for label, run in runs.items():
            times[label].append(timed(label, run, args.results, extra))
    spark.stop()
    report(f"Spark local[{args.cores}], Parquet, {args.rows:,} rows × 16 columns", times, "sketchbook profile_dataframe")


def bench_wide(args: argparse.Namespace) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    from whylogs.core import DatasetProfileView

    from sketchbook.spark import profile_dataframe

    path = args.scratch / f"wide_{args.columns}x{args.rows}.parquet"
    if not path.exists():
        rng = np.random.default_rng(20261207)
        arrays = [pa.array(rng.normal(size=args.rows)) for _ in range(args.columns)]
        pq.write_table(pa.table(arrays, names=[f"f{i}" for i in range(args.columns)]), path, row_group_size=5_000)
    spark = _spark_session(args.cores)
    memory = PeakMemory()
    memory.start()
    start = time.perf_counter()
    data = profile_dataframe(spark.read.parquet(str(path)))
    seconds = time.perf_counter() - start
    memory.stop()
    spark.stop()
    view = DatasetProfileView.deserialize(data)
    columns = len(view.get_columns())
    record = {
        "bench": "wide",
        "columns": args.columns,
        "rows": args.rows,
        "seconds": round(seconds, 2),
        "profiled_columns": columns,
        "peak_rss_mib": {kind: round(value / 2**20) for kind, value in sorted(memory.peaks.items())},
        "peak_total_rss_mib": round(memory.peak_total / 2**20),
    }
    with args.results.open("a") as f:
        f.write(json.dumps(record) + "\n")
    print(f"\nwide table: {args.columns:,} columns × {args.rows:,} rows in one pass: {seconds:.1f} s, "
          f"{columns:,} columns profiled; peak resident memory (MiB) {record['peak_rss_mib']}, all together {record['peak_total_rss_mib']}")


def main() -> int:
    global args_driver_memory
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench", choices=["pandas", "spark", "wide"])
    parser.add_argument("--rows", type=int)
    parser.add_argument("--columns", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--scratch", type=Path, default=Path(os.environ.get("SKETCHBOOK_BENCH_DIR", "/tmp/sketchbook-bench")))
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args()
    args_driver_memory = args.driver_memory
    args.scratch.mkdir(parents=True, exist_ok=True)
    if args.rows is None:
        args.rows = {"pandas": 1_000_000, "spark": 2_000_000, "wide": 20_000}[args.bench]
    if args.results is None:
        args.results = args.scratch / f"python-{args.bench}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.jsonl"
    if not os.environ.get("SKETCHBOOK_PROFILE"):
        parser.error("set SKETCHBOOK_PROFILE to a release build of profile (swift build -c release --product profile)")
    {"pandas": bench_pandas, "spark": bench_spark, "wide": bench_wide}[args.bench](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
