#!/usr/bin/env python3
"""The DuckDB anchor: `SUMMARIZE SELECT * FROM read_csv_auto(path)` with DuckDB's default threads."""
import sys

import duckdb

connection = duckdb.connect()
rows = connection.execute(f"SUMMARIZE SELECT * FROM read_csv_auto('{sys.argv[1]}')").fetchall()
print(f"{len(rows)} columns summarized", file=sys.stderr)
