#!/usr/bin/env python3
"""Runs a command once and prints one JSON line: wall seconds, CPU seconds (user + sys of the
command and its children) and peak resident memory (MiB, of the largest process, from wait4).

usage: measure.py LABEL -- CMD [ARG ...]
"""
import json
import os
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    label, command = sys.argv[1], sys.argv[3:]
    start = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({
        "label": label, "wall_s": round(wall, 4), "cpu_s": round(usage.ru_utime + usage.ru_stime, 4),
        "peak_mib": round(usage.ru_maxrss / 1024, 1), "exit": code,
    }), flush=True)
    sys.exit(1 if code != 0 else 0)


if __name__ == "__main__":
    main()
