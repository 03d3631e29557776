"""Reading `profile diff --format json` and turning many diffs into rates by cause. Pure: the
inputs are parsed JSON objects and plain records."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

SMALL_N = 1000  # the power is reported for min(n_ref, n_target) below and at or above this


@dataclass
class ColumnOutcome:
    name: str
    verdict: str
    kind: str
    fired: list[str]  # metrics whose verdict is "drift" (or the presence, for a missing column)


@dataclass
class DiffOutcome:
    verdict: str
    significance_level: float | None
    columns: list[ColumnOutcome] = field(default_factory=list)

    @property
    def drift(self) -> bool:
        return self.verdict == "drift"

    def drifted(self) -> list[ColumnOutcome]:
        return [c for c in self.columns if c.verdict == "drift"]

    def column(self, name: str) -> ColumnOutcome | None:
        return next((c for c in self.columns if c.name == name), None)


def parse_diff(report: dict) -> DiffOutcome:
    """The outcome of one `profile diff --format json` report."""
    summary = report["summary"]
    columns = []
    for name, column in report["columns"].items():
        fired = sorted(m for m, v in column.get("metrics", {}).items() if v.get("verdict") == "drift")
        if column.get("verdict") == "drift" and not fired:
            fired = [f"presence:{column.get('presence')}"]
        columns.append(ColumnOutcome(name, column.get("verdict", ""), column.get("kind", ""), fired))
    return DiffOutcome(summary["verdict"], summary.get("significance_level"), columns)


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a binomial proportion."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate(successes: int, trials: int) -> dict[str, object]:
    low, high = wilson(successes, trials)
    return {"count": successes, "of": trials, "rate": successes / trials if trials else None,
            "ci95": [round(low, 4), round(high, 4)]}


def size_bucket(n: int) -> str:
    return f"n<{SMALL_N}" if n < SMALL_N else f"n>={SMALL_N}"


def column_class(kind: str, distinct_share: float, row_names: bool) -> str:
    """A coarse class of a column for the breakdown: row names, or the inferred type with
    "high-cardinality" when at least half the non-null values are distinct."""
    if row_names:
        return "row_names"
    return f"{kind}/high-cardinality" if distinct_share >= 0.5 else kind


@dataclass
class SplitRecord:
    """One random split of one table: the diff's outcome and the facts of its columns."""
    table: str
    n_reference: int
    n_target: int
    outcome: DiffOutcome
    classes: dict[str, str]  # column name -> column_class


def false_alarm_summary(records: list[SplitRecord]) -> dict[str, object]:
    """The share of splits called drift, and what fired: per metric, the tables it fired in, the
    tables where it alone fired (fixing it alone would clear them) and its column alarms; column
    alarms per column class and metric."""
    alarms = [r for r in records if r.outcome.drift]
    tables_by_metric: Counter[str] = Counter()
    only_by_metric: Counter[str] = Counter()
    columns_by_metric: Counter[str] = Counter()
    columns_by_class: Counter[str] = Counter()
    by_class_metric: Counter[str] = Counter()
    verdicts: Counter[str] = Counter(r.outcome.verdict for r in records)
    for record in alarms:
        metrics_here: set[str] = set()
        for column in record.outcome.drifted():
            cls = record.classes.get(column.name, "unknown")
            columns_by_class[cls] += 1
            for metric in column.fired:
                columns_by_metric[metric] += 1
                by_class_metric[f"{cls} · {metric}"] += 1
                metrics_here.add(metric)
        for metric in metrics_here:
            tables_by_metric[metric] += 1
        if len(metrics_here) == 1:
            only_by_metric[next(iter(metrics_here))] += 1
    buckets: dict[str, list[SplitRecord]] = {}
    for record in records:
        buckets.setdefault(size_bucket(min(record.n_reference, record.n_target)), []).append(record)
    return {
        "tables": len(records),
        "false_alarm": rate(len(alarms), len(records)),
        "verdicts": dict(sorted(verdicts.items())),
        "by_size": {b: rate(sum(r.outcome.drift for r in rs), len(rs)) for b, rs in sorted(buckets.items())},
        "by_metric": {
            m: {"tables": tables_by_metric[m], "tables_only_cause": only_by_metric[m],
                "table_rate": tables_by_metric[m] / len(records) if records else None,
                "column_alarms": columns_by_metric[m]}
            for m in sorted(tables_by_metric, key=lambda m: (-tables_by_metric[m], m))},
        "column_alarms_by_class": dict(columns_by_class.most_common()),
        "column_alarms_by_class_and_metric": dict(by_class_metric.most_common()),
    }


@dataclass
class PowerRecord:
    """One injected change: whether the injected column, and the table, were called drift."""
    table: str
    injection: str
    column: str
    n_reference: int
    n_target: int
    outcome: DiffOutcome

    @property
    def column_outcome(self) -> ColumnOutcome | None:
        return self.outcome.column(self.column)

    @property
    def column_detected(self) -> bool:
        column = self.column_outcome
        return column is not None and column.verdict == "drift"


def injected_outcome(verdict: str, drift_columns: dict[str, list[str]], column: str,
                     column_verdict: str) -> DiffOutcome:
    """A DiffOutcome back from an injection's compact record: the table's verdict, its drift
    columns (with what fired) and the injected column's own verdict, whatever it is."""
    columns = [ColumnOutcome(name, "drift", "", fired) for name, fired in drift_columns.items()]
    if column_verdict != "drift":
        columns.append(ColumnOutcome(column, column_verdict, "", []))
    return DiffOutcome(verdict, None, columns)


def power_summary(records: list[PowerRecord]) -> dict[str, object]:
    """Per injection kind and size bucket: the share where the injected column was called drift
    (the detection rate) and where the table was (which false alarms elsewhere inflate), and the
    metrics that fired on the injected column."""
    summary: dict[str, object] = {}
    for kind in sorted({r.injection for r in records}):
        mine = [r for r in records if r.injection == kind]
        entry: dict[str, object] = {}
        groups = {"all": mine}
        for r in mine:
            groups.setdefault(size_bucket(min(r.n_reference, r.n_target)), []).append(r)
        for name, group in groups.items():
            fired: Counter[str] = Counter()
            for r in group:
                column = r.column_outcome
                if column is not None and column.verdict == "drift":
                    fired.update(column.fired)
            entry[name] = {
                "column_detected": rate(sum(r.column_detected for r in group), len(group)),
                "table_called_drift": rate(sum(r.outcome.drift for r in group), len(group)),
                "column_verdicts": dict(Counter(
                    (r.column_outcome.verdict if r.column_outcome else "absent") for r in group)),
                "fired_on_column": dict(fired.most_common()),
            }
        summary[kind] = entry
    return summary
