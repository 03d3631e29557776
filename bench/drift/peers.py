"""The peers' drift rules on the benchmark's random splits and injected changes, computed by the
peers' own code:
  whylogs  - whylogs 1.6.4's `calculate_drift_scores` with its default per-column algorithm (KS
             test for numbers, chi-square for categories; DRIFT when p < 0.05), and the Hellinger
             variant (Hellinger distance on numeric columns, DRIFT at >= 0.4; chi-square elsewhere),
             on profiles made by `why.log(pandas.read_csv(part))`;
  evidently - Evidently's DataDriftPreset at its defaults, from the `evidently.legacy` API that
             Evidently 0.7 ships (the stattest it picks per column type and size; the dataset is
             drift when at least half of its columns drift, its default drift_share 0.5).
False alarms: a table is called drift by whylogs when any column is DRIFT; for Evidently both its
own dataset verdict and "any column drift" are reported. Power: the engine benchmark's injections
(splits.injections: same seeds, columns and changed rows) into the target half; detected when the
peer's verdict on the injected column is drift (whylogs: per rule; Evidently: the column's drift
flag). The splits are the engine benchmark's (same seed, same tables, same rows).

usage (in the peer's venv; see peers.sh): python peers.py --peer whylogs|evidently [--sample N]
      [--seed S] [--jobs J] [--output FILE] [--cache DIR] [--tables TEXT] [--max-rows N]"""
from __future__ import annotations

import argparse
import concurrent.futures
import importlib.metadata
import io
import json
import platform
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import corpus
import progress
import rates
import splits
from drift_bench import DEFAULT_SEED, ROOT, profile_names, smaller_share
from table import Table, column_facts, read_table, write_table


def frame(table: Table):
    """The part as pandas reads its CSV (what a whylogs or Evidently user would load)."""
    import pandas

    buffer = io.StringIO()
    write_table(table, buffer)
    buffer.seek(0)
    return pandas.read_csv(buffer, low_memory=False)


WHYLOGS_VERDICTS = {"DRIFT": "drift", "POSSIBLE_DRIFT": "possible", "NO_DRIFT": "none"}
NOT_SCORED = "not_scored"  # the peer gave the column no score (its verdict cannot be drift)


@dataclass
class RuleOutcome:
    """One rule's reading of one reference/target pair: the table's verdict, the drift columns
    with what fired, and every scored column's verdict."""
    verdict: str
    drift_columns: dict[str, list[str]]
    column_verdicts: dict[str, str]
    share: float | None = None  # Evidently's share of drifted columns

    def split_entry(self) -> dict[str, object]:
        """What a split's record keeps of it."""
        entry: dict[str, object] = {"verdict": self.verdict, "drift_columns": self.drift_columns}
        if self.share is not None:
            entry["share"] = self.share
        return entry

    def column_verdict(self, column: str) -> str:
        return self.column_verdicts.get(column, NOT_SCORED)


def whylogs_rule(scores: dict[str, dict | None]) -> RuleOutcome:
    """A RuleOutcome from `calculate_drift_scores(..., with_thresholds=True)`: drift when any
    column's category is DRIFT."""
    verdicts = {name: WHYLOGS_VERDICTS.get(score.get("drift_category") or "", NOT_SCORED)
                for name, score in scores.items() if score}
    drifted = {name: [score["algorithm"]] for name, score in scores.items()
               if score and score.get("drift_category") == "DRIFT"}
    return RuleOutcome("drift" if drifted else "none", drifted, verdicts)


def whylogs_outcomes(reference_view, target_view) -> dict[str, RuleOutcome]:
    """whylogs' rules, "default" and "hellinger", on two profile views."""
    from whylogs.viz.drift.column_drift_algorithms import Hellinger, calculate_drift_scores

    default = calculate_drift_scores(target_view=target_view, reference_view=reference_view, with_thresholds=True)
    hellinger_map = {}
    for name, column in target_view.get_columns().items():
        ref_column = reference_view.get_column(name)
        if ref_column is not None and Hellinger().calculate(ref_column, column, True) is not None:
            hellinger_map[name] = Hellinger()
    hellinger = calculate_drift_scores(target_view=target_view, reference_view=reference_view,
                                       drift_map=hellinger_map, with_thresholds=True)
    return {"default": whylogs_rule(default), "hellinger": whylogs_rule(hellinger)}


def evidently_rules(result: dict) -> dict[str, RuleOutcome]:
    """The two readings of a legacy DataDriftTable result: Evidently's dataset verdict and any
    column drift. Both carry the same per-column drift flags."""
    by_column = result["drift_by_columns"]
    verdicts = {name: "drift" if column["drift_detected"] else "none" for name, column in by_column.items()}
    drifted = {name: [column["stattest_name"]] for name, column in by_column.items() if column["drift_detected"]}
    return {"dataset_drift": RuleOutcome("drift" if result["dataset_drift"] else "none", drifted, verdicts,
                                         result["share_of_drifted_columns"]),
            "any_column": RuleOutcome("drift" if drifted else "none", drifted, verdicts)}


def evidently_outcomes(reference, target) -> dict[str, RuleOutcome]:
    """Evidently's DataDriftPreset at its defaults (the `evidently.legacy` API that Evidently 0.7
    ships). The 0.7 API's preset treats high-cardinality strings as text and trains a classifier
    per such column (about 35 s per report here), too slow for this corpus; its numeric and
    categorical stattests are the same."""
    from evidently.legacy.metric_preset import DataDriftPreset
    from evidently.legacy.report import Report

    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=reference, current_data=target)
    result = next(m["result"] for m in report.as_dict()["metrics"] if m["metric"] == "DataDriftTable")
    return evidently_rules(result)


class Peer:
    """A peer's view of a part (a profile for whylogs, the data frame for Evidently) and its rules."""

    def __init__(self, name: str) -> None:
        self.name = name

    def view(self, part: Table):
        data = frame(part)
        if self.name == "whylogs":
            import whylogs

            return whylogs.log(data).view()
        return data

    def outcomes(self, reference, target) -> dict[str, RuleOutcome]:
        return whylogs_outcomes(reference, target) if self.name == "whylogs" else evidently_outcomes(reference, target)


def injection_entry(injection: splits.Injection, column: str, n_reference: int, n_target: int,
                    outcomes: dict[str, RuleOutcome]) -> dict[str, object]:
    """An injection's record: what was changed, and per rule the table's verdict, the drift
    columns and the injected column's own verdict."""
    return {"column": column, "column_kind": injection.column.kind, "details": injection.details,
            "n_reference": n_reference, "n_target": n_target,
            **{rule: {**outcome.split_entry(), "column_verdict": outcome.column_verdict(column)}
               for rule, outcome in outcomes.items()}}


def run_table(entry: dict, peer: str, seed: int) -> dict:
    """Every split and injection of one table, as the engine benchmark makes them."""
    table_id = entry["id"]
    started = time.monotonic()
    record: dict[str, object] = {"id": table_id, "rows": entry["rows"], "columns": entry["columns"],
                                 "splits": {}, "injections": {}}
    try:
        warnings.simplefilter("ignore")
        runner = Peer(peer)
        table = read_table(Path(entry["path"]))
        facts = column_facts(table)
        names = profile_names(table.header)
        record["classes"] = {names[f.index]: rates.column_class(f.kind, f.distinct_share, f.row_names)
                             for f in facts}
        parts = {}
        for share in sorted({smaller_share(k) for k in splits.SPLIT_KINDS}):
            first, second = splits.split_table(table, seed, table_id, share)
            parts[share] = (runner.view(first), runner.view(second), first, second)
        for kind in splits.SPLIT_KINDS:
            a, b, first, second = parts[smaller_share(kind)]
            n_a, n_b = len(first.rows), len(second.rows)
            reference, target, n_ref, n_target = (a, b, n_a, n_b) if kind.reference_share <= 0.5 else (b, a, n_b, n_a)
            outcomes = runner.outcomes(reference, target)
            record["splits"][kind.name] = {"n_reference": n_ref, "n_target": n_target,
                                           **{rule: o.split_entry() for rule, o in outcomes.items()}}
        reference_view, _, first, second = parts[splits.HALVES]
        for injection in splits.injections(first, second, facts, seed, table_id):
            outcomes = runner.outcomes(reference_view, runner.view(injection.changed))
            record["injections"][injection.kind] = injection_entry(
                injection, names[injection.column.index], len(first.rows), len(second.rows), outcomes)
    except Exception as error:  # recorded per table
        record["error"] = f"{type(error).__name__}: {error}"
    record["seconds"] = round(time.monotonic() - started, 2)
    return record


def rules_of(peer: str) -> tuple[str, ...]:
    return ("default", "hellinger") if peer == "whylogs" else ("dataset_drift", "any_column")


def power_rules_of(peer: str) -> tuple[str, ...]:
    """The rules whose detection is summarized: Evidently's two rules share the per-column drift
    flags, so only `any_column` is (its dataset verdict stays in each injection's record)."""
    return ("default", "hellinger") if peer == "whylogs" else ("any_column",)


def false_alarm_summary(records: list[dict], rule: str) -> dict[str, object]:
    per_kind = {}
    for kind in splits.SPLIT_KINDS:
        split_records = []
        for r in records:
            entry = r["splits"][kind.name]
            columns = [rates.ColumnOutcome(n, "drift", "", fired) for n, fired in entry[rule]["drift_columns"].items()]
            split_records.append(rates.SplitRecord(r["id"], entry["n_reference"], entry["n_target"],
                                                   rates.DiffOutcome(entry[rule]["verdict"], None, columns),
                                                   r["classes"]))
        per_kind[kind.name] = rates.false_alarm_summary(split_records)
    return per_kind


def power_summary(records: list[dict], rule: str) -> dict[str, object]:
    power_records = []
    for r in records:
        for kind, entry in r["injections"].items():
            outcome = rates.injected_outcome(entry[rule]["verdict"], entry[rule]["drift_columns"],
                                             entry["column"], entry[rule]["column_verdict"])
            power_records.append(rates.PowerRecord(r["id"], kind, entry["column"], entry["n_reference"],
                                                   entry["n_target"], outcome))
    return rates.power_summary(power_records)


def summarize(records: list[dict], peer: str) -> dict[str, object]:
    ok = [r for r in records if "error" not in r]
    return {"false_alarms": {rule: false_alarm_summary(ok, rule) for rule in rules_of(peer)},
            "power": {rule: power_summary(ok, rule) for rule in power_rules_of(peer)}}


def print_report(result: dict, peer: str) -> None:
    for rule, per_kind in result["false_alarms"].items():
        print(f"\n== {peer} {rule}: false alarms", flush=True)
        for kind, s in per_kind.items():
            fa = s["false_alarm"]
            top = ", ".join(f"{m} {v['tables']}" for m, v in list(s["by_metric"].items())[:3])
            rate = "n/a" if fa["rate"] is None else f"{100 * fa['rate']:.1f}%"
            print(f"{kind:>7}: {rate} called drift ({fa['count']}/{fa['of']}) [{top}]", flush=True)
    for rule, per_injection in result["power"].items():
        print(f"\n== {peer} {rule}: injected column called drift", flush=True)
        for kind, groups in per_injection.items():
            cells = []
            for bucket in ("all", "n<1000", "n>=1000"):
                if bucket in groups:
                    d = groups[bucket]["column_detected"]
                    rate = "n/a" if d["rate"] is None else f"{100 * d['rate']:.1f}%"
                    cells.append(f"{bucket} {rate} ({d['count']}/{d['of']})")
            print(f"{kind:>20}: {'; '.join(cells)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the peers' drift rules on the benchmark's random splits")
    parser.add_argument("--peer", choices=("whylogs", "evidently"), required=True)
    parser.add_argument("--sample", type=int)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache" / "drift")
    parser.add_argument("--tables")
    parser.add_argument("--max-rows", type=int,
                        help="leave out tables with more rows (recorded; Evidently took over 20 minutes on flights here)")
    args, _ = parser.parse_known_args(argv)  # peers.sh passes the engine run's flags through
    started = time.time()
    manifest = corpus.load(args.cache)
    tables = corpus.select_tables(manifest, args.sample, args.seed, args.tables)
    left_out = [t["id"] for t in tables if args.max_rows is not None and t["rows"] > args.max_rows]
    tables = [t for t in tables if t["id"] not in left_out]
    print(f"peers: {args.peer}, seed {args.seed}, {len(tables)} tables, jobs {args.jobs}", flush=True)
    order = sorted(tables, key=lambda t: -t["rows"] * max(t["columns"], 1))
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_table, t, args.peer, args.seed) for t in order]
        records = progress.collect(futures, started)
    packages = ("whylogs", "numpy", "pandas", "scipy") if args.peer == "whylogs" else ("evidently", "numpy", "pandas", "scipy")
    result = {
        "benchmark": "drift false alarms and power of the peers' rules (issue 12)", "format": 1, "peer": args.peer,
        "seed": args.seed, "sample": args.sample, "jobs": args.jobs,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(time.time() - started, 1),
        "environment": {"python": platform.python_version(),
                        "packages": {p: importlib.metadata.version(p) for p in packages},
                        "corpus_packages": manifest["packages"]},
        "corpus": {"tables_run": len(records), "errors": sum("error" in r for r in records),
                   "max_rows": args.max_rows, "left_out": left_out},
        "rules": {"whylogs": {
            "default": "calculate_drift_scores defaults: KS (numbers) / chi-square (categories), DRIFT at p < 0.05; "
                       "table drift when any column is DRIFT",
            "hellinger": "Hellinger on numeric columns (DRIFT at >= 0.4), chi-square elsewhere; any column"},
            "evidently": {
            "dataset_drift": "DataDriftPreset defaults: Evidently's dataset verdict (>= 50% of columns drift)",
            "any_column": "DataDriftPreset defaults: any column drift"}}[args.peer],
        "method": {
            "injections": "drift_bench.py's, from splits.injections: same seed, column and changed rows, into the "
                          "target half of the halves split; the reference half is left as it is",
            "detection": "column_detected = the peer's verdict on the injected column is drift (whylogs: DRIFT under "
                         "the rule; Evidently: the column's drift_detected flag, the same under both of its rules, "
                         "so power is summarized for any_column only); not_scored = the peer gave the column no score",
            "size_buckets": "min(n_reference, n_target) < 1000 or >= 1000",
        },
        **summarize(records, args.peer),
        "tables": records,
    }
    print_report(result, args.peer)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=1, default=str) + "\n")
        print(f"\nJSON record: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
