"""The peers' drift rules on the benchmark's random splits, computed by the peers' own code:
  whylogs  - whylogs 1.6.4's `calculate_drift_scores` with its default per-column algorithm (KS
             test for numbers, chi-square for categories; DRIFT when p < 0.05), and the Hellinger
             variant (Hellinger distance on numeric columns, DRIFT at >= 0.4; chi-square elsewhere),
             on profiles made by `why.log(pandas.read_csv(part))`;
  evidently - Evidently's DataDriftPreset at its defaults, from the `evidently.legacy` API that
             Evidently 0.7 ships (the stattest it picks per column type and size; the dataset is
             drift when at least half of its columns drift, its default drift_share 0.5).
A table is called drift by whylogs when any column is DRIFT; for Evidently both its own dataset
verdict and "any column drift" are reported. The splits are the engine benchmark's (same seed,
same tables, same rows).

usage (in the peer's venv; see peers.sh): python peers.py --peer whylogs|evidently [--sample N]
      [--seed S] [--jobs J] [--output FILE] [--cache DIR] [--tables TEXT]"""
from __future__ import annotations

import argparse
import concurrent.futures
import importlib.metadata
import io
import json
import platform
import random
import sys
import time
import warnings
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


def whylogs_verdicts(reference, target) -> dict[str, dict[str, list[str]]]:
    """Drift columns by rule ("default" and "hellinger"), each with the algorithm that fired."""
    from whylogs.viz.drift.column_drift_algorithms import Hellinger, calculate_drift_scores

    reference_view, target_view = reference, target
    default = calculate_drift_scores(target_view=target_view, reference_view=reference_view, with_thresholds=True)
    hellinger_map = {}
    for name, column in target_view.get_columns().items():
        ref_column = reference_view.get_column(name)
        if ref_column is not None and Hellinger().calculate(ref_column, column, True) is not None:
            hellinger_map[name] = Hellinger()
    hellinger = calculate_drift_scores(target_view=target_view, reference_view=reference_view,
                                       drift_map=hellinger_map, with_thresholds=True)

    def drifted(scores: dict) -> dict[str, list[str]]:
        return {name: [score["algorithm"]] for name, score in scores.items()
                if score and score.get("drift_category") == "DRIFT"}

    return {"default": drifted(default), "hellinger": drifted(hellinger)}


def evidently_verdicts(reference, target) -> dict[str, object]:
    """Evidently's DataDriftPreset at its defaults (the `evidently.legacy` API that Evidently 0.7
    ships): drift columns with their stattest, and its dataset verdict. The 0.7 API's preset
    treats high-cardinality strings as text and trains a classifier per such column (about 35 s
    per report here), too slow for this corpus; its numeric and categorical stattests are the same."""
    from evidently.legacy.metric_preset import DataDriftPreset
    from evidently.legacy.report import Report

    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=reference, current_data=target)
    result = next(m["result"] for m in report.as_dict()["metrics"] if m["metric"] == "DataDriftTable")
    columns = {name: [column["stattest_name"]] for name, column in result["drift_by_columns"].items()
               if column["drift_detected"]}
    return {"dataset_drift": bool(result["dataset_drift"]), "drift_columns": columns,
            "share": result["share_of_drifted_columns"]}


def run_table(entry: dict, peer: str, seed: int) -> dict:
    table_id = entry["id"]
    record: dict[str, object] = {"id": table_id, "rows": entry["rows"], "columns": entry["columns"], "splits": {}}
    try:
        warnings.simplefilter("ignore")
        table = read_table(Path(entry["path"]))
        facts = column_facts(table)
        names = profile_names(table.header)
        record["classes"] = {names[f.index]: rates.column_class(f.kind, f.distinct_share, f.row_names)
                             for f in facts}
        parts = {}
        for share in sorted({smaller_share(k) for k in splits.SPLIT_KINDS}):
            rng = random.Random(splits.derive_seed(seed, table_id, "split", str(share)))
            first_rows, second_rows = splits.split_rows(table.rows, share, rng)
            first, second = frame(Table(table.header, first_rows)), frame(Table(table.header, second_rows))
            if peer == "whylogs":
                import whylogs

                first, second = whylogs.log(first).view(), whylogs.log(second).view()
            parts[share] = (first, second, len(first_rows), len(second_rows))
        for kind in splits.SPLIT_KINDS:
            a, b, n_a, n_b = parts[smaller_share(kind)]
            reference, target, n_ref, n_target = (a, b, n_a, n_b) if kind.reference_share <= 0.5 else (b, a, n_b, n_a)
            if peer == "whylogs":
                verdicts = whylogs_verdicts(reference, target)
                record["splits"][kind.name] = {
                    "n_reference": n_ref, "n_target": n_target,
                    **{rule: {"verdict": "drift" if cols else "none", "drift_columns": cols}
                       for rule, cols in verdicts.items()}}
            else:
                result = evidently_verdicts(reference, target)
                cols = result["drift_columns"]
                record["splits"][kind.name] = {
                    "n_reference": n_ref, "n_target": n_target,
                    "dataset_drift": {"verdict": "drift" if result["dataset_drift"] else "none", "drift_columns": cols,
                                      "share": result["share"]},
                    "any_column": {"verdict": "drift" if cols else "none", "drift_columns": cols}}
    except Exception as error:  # recorded per table
        record["error"] = f"{type(error).__name__}: {error}"
    return record


def rules_of(peer: str) -> tuple[str, ...]:
    return ("default", "hellinger") if peer == "whylogs" else ("dataset_drift", "any_column")


def summarize(records: list[dict], peer: str) -> dict[str, object]:
    ok = [r for r in records if "error" not in r]
    summary: dict[str, object] = {}
    for rule in rules_of(peer):
        per_kind = {}
        for kind in splits.SPLIT_KINDS:
            split_records = []
            for r in ok:
                entry = r["splits"][kind.name]
                columns = [rates.ColumnOutcome(n, "drift", "", fired) for n, fired in entry[rule]["drift_columns"].items()]
                split_records.append(rates.SplitRecord(r["id"], entry["n_reference"], entry["n_target"],
                                                       rates.DiffOutcome(entry[rule]["verdict"], None, columns),
                                                       r["classes"]))
            per_kind[kind.name] = rates.false_alarm_summary(split_records)
        summary[rule] = per_kind
    return summary


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
        "benchmark": "drift false alarms of the peers' rules (issue 12)", "format": 1, "peer": args.peer,
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
        "false_alarms": summarize(records, args.peer),
        "tables": records,
    }
    for rule, per_kind in result["false_alarms"].items():
        print(f"\n== {args.peer} {rule}", flush=True)
        for kind, s in per_kind.items():
            fa = s["false_alarm"]
            top = ", ".join(f"{m} {v['tables']}" for m, v in list(s["by_metric"].items())[:3])
            rate = "n/a" if fa["rate"] is None else f"{100 * fa['rate']:.1f}%"
            print(f"{kind:>7}: {rate} called drift ({fa['count']}/{fa['of']}) [{top}]", flush=True)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=1, default=str) + "\n")
        print(f"\nJSON record: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
