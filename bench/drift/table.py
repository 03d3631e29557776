"""A CSV table as rows of strings, read and written with the csv module so that every field the
profiler sees is the text the dataset shipped (no pandas round trip), plus the column facts the
benchmark needs (which columns are numeric, integral, low-cardinality categories, row names).

Missing values follow pandas' default NA strings, as `profile csv` does."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

NA_STRINGS: frozenset[str] = frozenset({
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
})
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

# A string column is a category column when it has at most this many distinct values.
MAX_CATEGORIES = 50
# A numeric column is shifted or scaled only when it has at least this many distinct values.
MIN_NUMERIC_DISTINCT = 10


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]

    @property
    def width(self) -> int:
        return len(self.header)


@dataclass(frozen=True)
class ColumnFacts:
    index: int
    name: str
    kind: str  # "integral", "fractional", "string" or "empty"
    non_null: int
    distinct: int
    row_names: bool  # the unnamed first column R writes for row names

    @property
    def numeric(self) -> bool:
        return self.kind in ("integral", "fractional")

    @property
    def distinct_share(self) -> float:
        return self.distinct / self.non_null if self.non_null else 0.0


def is_null(value: str) -> bool:
    return value in NA_STRINGS


def read_table(path: Path, delimiter: str = ",") -> Table:
    with path.open(newline="", encoding="utf-8", errors="surrogateescape") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader)
        rows = [row for row in reader if row]
    return Table(header, rows)


def write_table(table: Table, path: Path | TextIO, delimiter: str = ",") -> None:
    """Writes to a file path, or to an open text stream."""
    if not isinstance(path, Path):
        _write(table, path, delimiter)
        return
    with path.open("w", newline="", encoding="utf-8", errors="surrogateescape") as handle:
        _write(table, handle, delimiter)


def _write(table: Table, handle: TextIO, delimiter: str) -> None:
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)


def cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def column_values(table: Table, index: int) -> list[str]:
    return [cell(row, index) for row in table.rows]


def classify(values: list[str]) -> str:
    present = [v for v in values if not is_null(v)]
    if not present:
        return "empty"
    if all(_INTEGER.match(v) for v in present):
        return "integral"
    if all(_NUMBER.match(v) for v in present):
        return "fractional"
    return "string"


def column_facts(table: Table) -> list[ColumnFacts]:
    facts = []
    for index, name in enumerate(table.header):
        values = column_values(table, index)
        present = [v for v in values if not is_null(v)]
        facts.append(ColumnFacts(
            index=index, name=name, kind=classify(values), non_null=len(present),
            distinct=len(set(present)), row_names=(index == 0 and name.strip() == ""),
        ))
    return facts


def shiftable_columns(facts: list[ColumnFacts]) -> list[ColumnFacts]:
    """Numeric columns (not row names) with enough distinct values to shift or scale."""
    return [f for f in facts if f.numeric and not f.row_names and f.distinct >= MIN_NUMERIC_DISTINCT]


# Null and category injections change 10% of a part's rows among its non-null values: a column
# qualifies when at least this share of the table's rows is non-null, so that a random half has
# room for the whole change.
MIN_NON_NULL_SHARE = 0.2


def category_columns(facts: list[ColumnFacts], rows: int) -> list[ColumnFacts]:
    """String columns with 2 to MAX_CATEGORIES distinct values and room for the change."""
    return [f for f in facts if f.kind == "string" and not f.row_names and 2 <= f.distinct <= MAX_CATEGORIES
            and f.non_null >= MIN_NON_NULL_SHARE * rows]


def nullable_columns(facts: list[ColumnFacts], rows: int) -> list[ColumnFacts]:
    """Columns (not row names) with enough non-null values to blank 10 points of a half's rows."""
    return [f for f in facts if not f.row_names and f.non_null >= MIN_NON_NULL_SHARE * rows]
