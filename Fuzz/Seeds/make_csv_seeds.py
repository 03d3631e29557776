#!/usr/bin/env python3
"""Writes the hostile seed inputs of the csv-reader fuzz target.

These are the CSV shapes a review of the readers and reports used (issue 11): a header with
hundreds of columns, hundreds of repeats of one name (pandas' `a`, `a.1`, … renaming), and names
and values holding control characters, ANSI escapes, bidi overrides and special characters followed
by combining marks. Run from the repository root; the files are committed, so run it again only to
change them.

    python3 Fuzz/Seeds/make_csv_seeds.py
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "csv-reader"


def rows(header: list[str], body: list[list[str]]) -> bytes:
    lines = [",".join(header)] + [",".join(row) for row in body]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    wide = [f"c{i}" for i in range(300)]
    (FOLDER / "wide-header.csv").write_bytes(rows(wide, [[str(i % 7) for i in range(300)]]))
    repeated = ["a"] * 300 + ["a.1", "a.2"]
    (FOLDER / "repeated-names.csv").write_bytes(rows(repeated, [["1"] * len(repeated)]))
    hostile = ['"x\u0301"', "<b\u0301>", "&amp;", "|\u0301", "`", "\x1b[31mred", "bell\x07", '"line\nbreak"',
               "\u202etxt", "=cmd()", "+1", "-x", "@sum"]
    values = ['"\x1b[2J"', "=HYPERLINK()", "\u0301", '"a""\u0301"', "\x00", "-3", "+", "@", "\u2028", "\t"]
    body = [[values[(r + c) % len(values)] for c in range(len(hostile))] for r in range(12)]
    (FOLDER / "hostile-text.csv").write_bytes(rows(hostile, body))


if __name__ == "__main__":
    main()
