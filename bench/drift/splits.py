"""Random row splits and the injected changes of the power measurement. Pure functions of a
table and a random generator (or the seeds it is derived from): no files, no processes. The
engine benchmark (drift_bench.py) and the peers (peers.py) both take their splits and injections
from here, so that they see the same rows."""
from __future__ import annotations

import hashlib
import math
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from table import ColumnFacts, Table, category_columns, cell, is_null, nullable_columns, shiftable_columns

NEW_CATEGORY = "zz-drift-bench-new-category"


@dataclass(frozen=True)
class SplitKind:
    name: str
    reference_share: float  # the share of rows that goes to the reference (first) part


SPLIT_KINDS: tuple[SplitKind, ...] = (
    SplitKind("halves", 0.5),
    SplitKind("10/90", 0.10),
    SplitKind("90/10", 0.90),
    SplitKind("25/75", 0.25),
    SplitKind("75/25", 0.75),
)


INJECTIONS: tuple[str, ...] = (
    "mean_shift_0.5sd", "scale_1.5x", "category_share_10pt", "nulls_plus_10pt", "new_category_10pct")
HALVES = 0.5  # the power is measured on the halves split


@dataclass(frozen=True)
class Injection:
    """One change made to the target part: its kind, the column it went into, the changed target
    part (the original is left as it was) and what was done (for the record)."""
    kind: str
    column: ColumnFacts
    changed: Table
    details: dict[str, object] = field(default_factory=dict)


def derive_seed(master: int, *parts: str) -> int:
    """A stable 64-bit seed for one table and one step (independent of PYTHONHASHSEED)."""
    text = "\x1f".join([str(master), *parts]).encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


def split_rows(rows: list[list[str]], reference_share: float, rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    """Rows shuffled and cut at round(share * n) (at least one row each side); each part keeps
    the original row order."""
    n = len(rows)
    if n < 2:
        raise ValueError("a split needs at least two rows")
    cut = min(max(round(reference_share * n), 1), n - 1)
    order = list(range(n))
    rng.shuffle(order)
    first = sorted(order[:cut])
    second = sorted(order[cut:])
    return [rows[i] for i in first], [rows[i] for i in second]


def numbers(rows: list[list[str]], index: int) -> list[float]:
    return [float(cell(row, index)) for row in rows if not is_null(cell(row, index))]


def format_number(value: float, integral: bool) -> str:
    if integral:
        return str(int(value))
    return repr(float(value))


def stochastic_round(value: float, rng: random.Random) -> int:
    """floor(value) or floor(value) + 1, with the expectation `value`: keeps an integral column
    integral without biasing the shift."""
    low = math.floor(value)
    return int(low + (1 if rng.random() < value - low else 0))


def at_least(share: float, total: int) -> int:
    """The fewest of `total` items that make at least `share` of them (a change of "10 points" is
    never 9.9: the engine's thresholds sit exactly at 0.1)."""
    return math.ceil(share * total - 1e-9)


def _copy(rows: list[list[str]], width: int) -> list[list[str]]:
    return [list(row) + [""] * (width - len(row)) for row in rows]


def _map_numeric(table: Table, index: int, integral: bool, rng: random.Random, transform) -> Table:
    rows = _copy(table.rows, table.width)
    for row in rows:
        if is_null(row[index]):
            continue
        moved = transform(float(row[index]))
        row[index] = format_number(stochastic_round(moved, rng) if integral else moved, integral)
    return Table(list(table.header), rows)


def inject_mean_shift(reference: Table, target: Table, index: int, integral: bool, rng: random.Random,
                      sigmas: float = 0.5) -> tuple[Table, dict[str, object]]:
    """Adds `sigmas` reference standard deviations to every value of the column in the target."""
    sd = statistics.pstdev(numbers(reference.rows, index))
    delta = sigmas * sd
    shifted = _map_numeric(target, index, integral, rng, lambda x: x + delta)
    return shifted, {"sigma": sd, "shift": delta}


def inject_scale(reference: Table, target: Table, index: int, integral: bool, rng: random.Random,
                 factor: float = 1.5) -> tuple[Table, dict[str, object]]:
    """Scales the column's deviations from the reference mean by `factor` in the target."""
    mean = statistics.fmean(numbers(reference.rows, index))
    scaled = _map_numeric(target, index, integral, rng, lambda x: mean + factor * (x - mean))
    return scaled, {"mean": mean, "factor": factor}


def _non_null_rows(rows: list[list[str]], index: int) -> list[int]:
    return [i for i, row in enumerate(rows) if not is_null(cell(row, index))]


def inject_category_share(target: Table, index: int, rng: random.Random,
                          points: float = 0.10) -> tuple[Table, dict[str, object]]:
    """Moves `points` of the non-null values' share to the most frequent category (from the
    others, at random), or away from it (to the others, by their frequency) when it already holds
    more than 1 - points."""
    rows = _copy(target.rows, target.width)
    present = _non_null_rows(rows, index)
    counts: dict[str, int] = {}
    for i in present:
        counts[rows[i][index]] = counts.get(rows[i][index], 0) + 1
    if len(counts) < 2:
        raise ValueError("a category share change needs two categories")
    top = sorted(counts, key=lambda c: (-counts[c], c))[0]
    moved = at_least(points, len(present))
    before = counts[top] / len(present)
    others = [i for i in present if rows[i][index] != top]
    if before + points <= 1.0 and len(others) >= moved:
        for i in rng.sample(others, moved):
            rows[i][index] = top
        direction = "up"
    else:
        tops = [i for i in present if rows[i][index] == top]
        names = sorted(c for c in counts if c != top)
        weights = [counts[c] for c in names]
        for i in rng.sample(tops, min(moved, len(tops))):
            rows[i][index] = rng.choices(names, weights)[0]
        direction = "down"
    after = sum(1 for i in present if rows[i][index] == top) / len(present)
    return Table(list(target.header), rows), {
        "category": top, "direction": direction, "share_before": before, "share_after": after}


def inject_nulls(target: Table, index: int, rng: random.Random, points: float = 0.10) -> tuple[Table, dict[str, object]]:
    """Blanks `points` of all rows, chosen among the non-null ones: the null rate rises by
    `points` (as far as there are values to blank)."""
    rows = _copy(target.rows, target.width)
    present = _non_null_rows(rows, index)
    count = min(at_least(points, len(rows)), len(present))
    for i in rng.sample(present, count):
        rows[i][index] = ""
    return Table(list(target.header), rows), {
        "null_rate_before": 1 - len(present) / len(rows),
        "null_rate_after": 1 - (len(present) - count) / len(rows)}


def inject_new_category(target: Table, index: int, rng: random.Random,
                        share: float = 0.10) -> tuple[Table, dict[str, object]]:
    """Replaces `share` of all rows' values (chosen among the non-null ones) with a category the
    reference never had."""
    rows = _copy(target.rows, target.width)
    present = _non_null_rows(rows, index)
    count = min(at_least(share, len(rows)), len(present))
    for i in rng.sample(present, count):
        rows[i][index] = NEW_CATEGORY
    return Table(list(target.header), rows), {"category": NEW_CATEGORY, "share": count / len(rows)}


def split_table(table: Table, seed: int, table_id: str, share: float) -> tuple[Table, Table]:
    """The table's two parts for a split whose smaller part has `share` of the rows, shuffled with
    the table's own seed for that share (the first part is the smaller one)."""
    rng = random.Random(derive_seed(seed, table_id, "split", str(share)))
    first, second = split_rows(table.rows, share, rng)
    return Table(table.header, first), Table(table.header, second)


def candidate_columns(kind: str, facts: list[ColumnFacts], rows: int) -> list[ColumnFacts]:
    """The columns an injection of `kind` may go into, for a table of `rows` rows."""
    if kind in ("mean_shift_0.5sd", "scale_1.5x"):
        return shiftable_columns(facts)
    if kind in ("category_share_10pt", "new_category_10pct"):
        return category_columns(facts, rows)
    if kind == "nulls_plus_10pt":
        return nullable_columns(facts, rows)
    raise ValueError(f"unknown injection {kind!r}")


def _change(kind: str, reference: Table, target: Table, column: ColumnFacts,
            rng: random.Random) -> tuple[Table, dict[str, object]]:
    integral = column.kind == "integral"
    changes: dict[str, Callable[[], tuple[Table, dict[str, object]]]] = {
        "mean_shift_0.5sd": lambda: inject_mean_shift(reference, target, column.index, integral, rng),
        "scale_1.5x": lambda: inject_scale(reference, target, column.index, integral, rng),
        "category_share_10pt": lambda: inject_category_share(target, column.index, rng),
        "nulls_plus_10pt": lambda: inject_nulls(target, column.index, rng),
        "new_category_10pct": lambda: inject_new_category(target, column.index, rng),
    }
    return changes[kind]()


def inject(kind: str, reference: Table, target: Table, facts: list[ColumnFacts],
           rng: random.Random) -> Injection | None:
    """One change of `kind` into `target`, in a column picked with `rng` among the table's
    candidates (`facts` are the whole table's), or None when the table has none."""
    candidates = candidate_columns(kind, facts, len(reference.rows) + len(target.rows))
    if not candidates:
        return None
    column = rng.choice(candidates)
    changed, details = _change(kind, reference, target, column, rng)
    return Injection(kind, column, changed, details)


def injections(reference: Table, target: Table, facts: list[ColumnFacts], seed: int,
               table_id: str) -> list[Injection]:
    """Every injection of the power measurement into one table's target part, each kind with its
    own seed derived from the master seed and the table (kinds without a column are left out)."""
    made = []
    for kind in INJECTIONS:
        rng = random.Random(derive_seed(seed, table_id, "inject", kind))
        injection = inject(kind, reference, target, facts, rng)
        if injection is not None:
            made.append(injection)
    return made
