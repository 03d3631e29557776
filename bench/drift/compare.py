"""Markdown tables of false-alarm and detection rates, ours beside the peers', on the tables that
every given record ran (so that a peer run that left a table out compares like with like).

Detection is the share of injected changes whose injected column was called drift. Every record
must have made the same injections (column and details) on the common tables: a mismatch is
printed and the exit status is 1.

usage: python compare.py ENGINE.json [PEERS.json ...]"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import rates
import splits

ENGINE = "Sketchbook `profile diff`"
BUCKETS = ("all", f"n<{rates.SMALL_N}", f"n>={rates.SMALL_N}")


@dataclass(frozen=True)
class Injected:
    """One injection as a record made it: what was changed, the sizes, and whether the rule
    called the injected column drift."""
    column: str
    details: str  # canonical JSON of the injection's details
    n_reference: int
    n_target: int
    detected: bool

    @property
    def bucket(self) -> str:
        return rates.size_bucket(min(self.n_reference, self.n_target))


def ok_tables(record: dict) -> list[dict]:
    return [t for t in record["tables"] if "error" not in t]


def label(record: dict, rule: str) -> str:
    return f"{record['peer']} {record['environment']['packages'][record['peer']]} {rule}"


def verdicts(record: dict) -> dict[str, dict[str, dict[str, str]]]:
    """{rule label: {table id: {split kind: verdict}}} from an engine or a peer record."""
    ok = ok_tables(record)
    if "peer" not in record:
        return {ENGINE: {t["id"]: {k: s["verdict"] for k, s in t["splits"].items()} for t in ok}}
    return {label(record, rule): {t["id"]: {k: s[rule]["verdict"] for k, s in t["splits"].items()} for t in ok}
            for rule in record["false_alarms"]}


def injected(entry: dict, column_verdict: str) -> Injected:
    return Injected(entry["column"], json.dumps(entry["details"], sort_keys=True), entry["n_reference"],
                    entry["n_target"], column_verdict == "drift")


def detections(record: dict) -> dict[str, dict[str, dict[str, Injected]]]:
    """{rule label: {table id: {injection kind: Injected}}} from an engine or a peer record; a
    peer record without power (made before peers.py measured it) gives none."""
    ok = ok_tables(record)
    if "peer" not in record:
        return {ENGINE: {t["id"]: {k: injected(e, e["column_verdict"]) for k, e in t["injections"].items()}
                         for t in ok}}
    return {label(record, rule): {t["id"]: {k: injected(e, e[rule]["column_verdict"])
                                            for k, e in t["injections"].items()} for t in ok}
            for rule in record.get("power", {})}


def common_tables(by_rule: dict[str, dict[str, object]]) -> set[str]:
    return set.intersection(*(set(by_table) for by_table in by_rule.values())) if by_rule else set()


def table(rules: dict[str, dict[str, dict[str, str]]]) -> str:
    common = common_tables(rules)
    kinds = [k.name for k in splits.SPLIT_KINDS]
    lines = [f"False alarms on {len(common)} tables (share called drift, by reference/target split):", "",
             "| rule | " + " | ".join(kinds) + " |", "| --- |" + " ---: |" * len(kinds)]
    for name, by_table in rules.items():
        cells = []
        for kind in kinds:
            alarms = sum(by_table[t][kind] == "drift" for t in common)
            cells.append(f"{100 * alarms / len(common):.1f}%" if common else "n/a")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def mismatches(rules: dict[str, dict[str, dict[str, Injected]]]) -> list[str]:
    """The injections, on the common tables, that some record made differently (another column or
    other details) or not at all: each names the table, the kind and the rules that differ."""
    common = common_tables(rules)
    found = []
    for table_id in sorted(common):
        kinds = sorted({k for by_table in rules.values() for k in by_table[table_id]})
        for kind in kinds:
            made = {name: by_table[table_id].get(kind) for name, by_table in rules.items()}
            shapes = {(i.column, i.details, i.n_reference, i.n_target) if i else None for i in made.values()}
            if len(shapes) > 1:
                found.append(f"{table_id} {kind}: " + "; ".join(
                    f"{name} {i.column if i else 'not made'}" for name, i in made.items()))
    return found


def cell(injections: list[Injected]) -> str:
    if not injections:
        return "n/a"
    count = sum(i.detected for i in injections)
    return f"{100 * count / len(injections):.1f}% ({count}/{len(injections)})"


def detection_table(rules: dict[str, dict[str, dict[str, Injected]]], bucket: str = "all") -> str:
    """Per rule and injection kind, the detection rate with its count, on the common tables and
    the given size bucket (min n per side)."""
    common = common_tables(rules)
    kinds = [k for k in splits.INJECTIONS if any(k in by_table[t] for by_table in rules.values() for t in common)]
    scope = "all injections" if bucket == "all" else f"{bucket} per side"
    lines = [f"Injected column called drift on {len(common)} tables, {scope} (rate, count/injections):", "",
             "| rule | " + " | ".join(kinds) + " |", "| --- |" + " ---: |" * len(kinds)]
    for name, by_table in rules.items():
        cells = []
        for kind in kinds:
            made = [by_table[t][kind] for t in sorted(common) if kind in by_table[t]]
            cells.append(cell([i for i in made if bucket == "all" or i.bucket == bucket]))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    if not paths:
        raise SystemExit(__doc__)
    rules: dict[str, dict[str, dict[str, str]]] = {}
    powers: dict[str, dict[str, dict[str, Injected]]] = {}
    for path in paths:
        record = json.loads(Path(path).read_text())
        rules.update(verdicts(record))
        powers.update(detections(record))
    print(table(rules))
    if len(powers) < 2:
        return 0
    for bucket in BUCKETS:
        print()
        print(detection_table(powers, bucket))
    differ = mismatches(powers)
    if differ:
        print(f"\n{len(differ)} injections differ between the records:", file=sys.stderr)
        for line in differ:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"\nThe records made the same injections (column, details, sizes) on the "
          f"{len(common_tables(powers))} common tables.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
