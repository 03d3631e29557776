#!/usr/bin/env python3
"""Converts a CSV (bench/csv/gen_wine_csv.py's) to an Arrow IPC stream with pyarrow, in the record
batches its CSV reader makes (at most 65,536 rows), uncompressed (or --compression lz4|zstd).

usage: csv_to_arrow.py IN.csv OUT.arrows [--compression lz4|zstd]
"""
import argparse

import pyarrow as pa
import pyarrow.csv as pacsv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--compression", choices=["lz4", "zstd"])
    args = parser.parse_args()
    table = pacsv.read_csv(args.input)
    options = pa.ipc.IpcWriteOptions(compression=args.compression)
    with pa.ipc.new_stream(args.output, table.schema, options=options) as writer:
        writer.write_table(table, max_chunksize=65536)
    print(f"{args.output}: {table.num_rows} rows, {table.num_columns} columns; {table.schema.types}")


if __name__ == "__main__":
    main()
