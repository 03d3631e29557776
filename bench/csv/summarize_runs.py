#!/usr/bin/env python3
"""Prints a Markdown table of the runs in a results-*.jsonl file (bench/csv/measure.py's lines).

Usage: python3 summarize_runs.py RESULTS.jsonl BASE_LABEL

One row per label, in order of first appearance: runs, the median wall time, min–max, the median
CPU time, the peak resident memory, and the median wall time's ratio to BASE_LABEL's.
"""

import json
import statistics
import sys


def main() -> None:
    path, base = sys.argv[1], sys.argv[2]
    by: dict[str, list[dict]] = {}
    for line in open(path):
        run = json.loads(line)
        by.setdefault(run["label"], []).append(run)
    base_wall = statistics.median(r["wall_s"] for r in by[base])
    print(f"| variant | runs | wall s (median) | min–max | CPU s (median) | peak RSS MiB | ÷ {base} |")
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: |")
    for label, group in by.items():
        walls = [r["wall_s"] for r in group]
        wall = statistics.median(walls)
        print(f"| {label} | {len(group)} | {wall:.2f} | {min(walls):.2f}–{max(walls):.2f} | "
              f"{statistics.median(r['cpu_s'] for r in group):.2f} | {max(r['peak_mib'] for r in group):.0f} | "
              f"{wall / base_wall:.2f}× |")


if __name__ == "__main__":
    main()
