"""A Markdown table of false-alarm rates, ours beside the peers', on the tables that every given
record ran (so that a peer run that left a table out compares like with like).

usage: python compare.py ENGINE.json [PEERS.json ...]"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import splits


def verdicts(record: dict) -> dict[str, dict[str, dict[str, str]]]:
    """{rule label: {table id: {split kind: verdict}}} from an engine or a peer record."""
    ok = [t for t in record["tables"] if "error" not in t]
    if "peer" not in record:
        return {"Sketchbook `profile diff`": {t["id"]: {k: s["verdict"] for k, s in t["splits"].items()} for t in ok}}
    rules = {}
    for rule in record["false_alarms"]:
        rules[f"{record['peer']} {record['environment']['packages'][record['peer']]} {rule}"] = {
            t["id"]: {k: s[rule]["verdict"] for k, s in t["splits"].items()} for t in ok}
    return rules


def table(rules: dict[str, dict[str, dict[str, str]]]) -> str:
    common = set.intersection(*(set(by_table) for by_table in rules.values()))
    kinds = [k.name for k in splits.SPLIT_KINDS]
    lines = [f"False alarms on {len(common)} tables (share called drift, by reference/target split):", "",
             "| rule | " + " | ".join(kinds) + " |", "| --- |" + " ---: |" * len(kinds)]
    for label, by_table in rules.items():
        cells = []
        for kind in kinds:
            alarms = sum(by_table[t][kind] == "drift" for t in common)
            cells.append(f"{100 * alarms / len(common):.1f}%" if common else "n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    if not paths:
        raise SystemExit(__doc__)
    rules: dict[str, dict[str, dict[str, str]]] = {}
    for path in paths:
        rules.update(verdicts(json.loads(Path(path).read_text())))
    print(table(rules))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
