#!/usr/bin/env python3
"""Summarizes measure.py lines (JSON, one per run) into a Markdown table: the median wall time,
CPU time and peak memory per label, and each label's wall-time ratio to Sketchbook's at the same
size.

usage: report.py RESULTS.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict


def main():
    runs = defaultdict(list)
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                entry = json.loads(line)
                if entry["exit"] == 0:
                    runs[entry["label"]].append(entry)
    median = {label: {key: statistics.median(r[key] for r in entries) for key in ("wall_s", "cpu_s", "peak_mib")}
              for label, entries in runs.items()}
    print("| size | tool | runs | wall s (median) | min–max | CPU s | peak RSS MiB | wall ÷ Sketchbook |")
    print("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |")
    for label in sorted(runs, key=lambda l: (l.split(":")[0], l)):
        size, tool = label.split(":", 1)
        walls = [r["wall_s"] for r in runs[label]]
        base = median.get(f"{size}:sketchbook")
        ratio = f"{median[label]['wall_s'] / base['wall_s']:.1f}×" if base else "–"
        print(f"| {size} | {tool} | {len(walls)} | {median[label]['wall_s']:.2f} | {min(walls):.2f}–{max(walls):.2f} | "
              f"{median[label]['cpu_s']:.2f} | {median[label]['peak_mib']:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
