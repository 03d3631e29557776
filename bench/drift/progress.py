"""Collecting per-table records from a pool, with progress and errors on the terminal."""

from __future__ import annotations

import concurrent.futures
import sys
import time
from typing import Any


def collect(futures: list[concurrent.futures.Future[dict[str, Any]]], started: float) -> list[dict[str, Any]]:
    """The futures' records, sorted by table id; prints each error and every 25th table."""
    records: list[dict[str, Any]] = []
    for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
        record = future.result()
        records.append(record)
        if "error" in record:
            print(f"  error in {record['id']}: {record['error']}", file=sys.stderr, flush=True)
        if done % 25 == 0 or done == len(futures):
            print(f"  {done}/{len(futures)} tables ({time.time() - started:.0f} s)", flush=True)
    records.sort(key=lambda r: r["id"])
    return records
