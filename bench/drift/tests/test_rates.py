from __future__ import annotations

import pytest

import rates


def report(verdict: str, columns: dict[str, tuple[str, dict[str, str]]]) -> dict:
    return {"summary": {"verdict": verdict, "significance_level": 0.01},
            "columns": {name: {"verdict": v, "kind": "numeric", "presence": "both",
                               "metrics": {m: {"value": 0.0, "verdict": mv} for m, mv in metrics.items()}}
                        for name, (v, metrics) in columns.items()}}


def test_parse_diff_names_the_metrics_that_fired() -> None:
    outcome = rates.parse_diff(report("drift", {
        "x": ("drift", {"ks": "drift", "psi": "possible", "wasserstein": "drift"}),
        "y": ("none", {"ks": "none"}),
    }))
    assert outcome.drift
    assert [(c.name, c.fired) for c in outcome.drifted()] == [("x", ["ks", "wasserstein"])]
    assert outcome.column("y").fired == []


def test_parse_diff_attributes_a_metricless_drift_to_presence() -> None:
    raw = report("drift", {"gone": ("drift", {})})
    raw["columns"]["gone"]["presence"] = "missing"
    assert rates.parse_diff(raw).drifted()[0].fired == ["presence:missing"]


def split(table: str, verdict: str, drift_columns: dict[str, list[str]], n: int = 500) -> rates.SplitRecord:
    columns = [rates.ColumnOutcome(name, "drift", "", fired) for name, fired in drift_columns.items()]
    classes = {name: "string/high-cardinality" for name in drift_columns}
    return rates.SplitRecord(table, n, n, rates.DiffOutcome(verdict, 0.01, columns), classes)


def test_false_alarm_summary_counts_tables_causes_and_sole_causes() -> None:
    summary = rates.false_alarm_summary([
        split("a", "drift", {"id": ["unseen_share"], "name": ["jensen_shannon", "unseen_share"]}),
        split("b", "drift", {"id": ["unseen_share"]}),
        split("c", "none", {}, n=5000),
        split("d", "possible", {}, n=5000),
    ])
    assert summary["false_alarm"]["count"] == 2 and summary["false_alarm"]["rate"] == 0.5
    assert summary["by_metric"]["unseen_share"] == {
        "tables": 2, "tables_only_cause": 1, "table_rate": 0.5, "column_alarms": 3}
    assert summary["by_metric"]["jensen_shannon"]["tables_only_cause"] == 0
    assert list(summary["by_metric"]) == ["unseen_share", "jensen_shannon"]
    assert summary["by_size"]["n<1000"]["rate"] == 1.0 and summary["by_size"]["n>=1000"]["rate"] == 0.0
    assert summary["verdicts"] == {"drift": 2, "none": 1, "possible": 1}
    assert summary["column_alarms_by_class"] == {"string/high-cardinality": 3}


def test_power_counts_the_injected_column_not_the_table() -> None:
    def record(table: str, column_verdict: str, table_verdict: str, n: int) -> rates.PowerRecord:
        columns = [rates.ColumnOutcome("x", column_verdict, "", ["ks"] if column_verdict == "drift" else []),
                   rates.ColumnOutcome("other", "drift" if table_verdict == "drift" else "none", "", [])]
        return rates.PowerRecord(table, "mean_shift_0.5sd", "x", n, n, rates.DiffOutcome(table_verdict, None, columns))

    summary = rates.power_summary([
        record("a", "drift", "drift", 5000),
        record("b", "none", "drift", 5000),   # a false alarm elsewhere is not a detection
        record("c", "possible", "none", 300),
    ])["mean_shift_0.5sd"]
    assert summary["all"]["column_detected"]["count"] == 1
    assert summary["all"]["table_called_drift"]["count"] == 2
    assert summary["n>=1000"]["column_detected"]["rate"] == 0.5
    assert summary["n<1000"]["column_detected"]["rate"] == 0.0
    assert summary["all"]["fired_on_column"] == {"ks": 1}


def test_wilson_interval() -> None:
    low, high = rates.wilson(0, 100)
    assert low == 0.0 and high == pytest.approx(0.037, abs=0.001)
    low, high = rates.wilson(50, 100)
    assert low == pytest.approx(0.404, abs=0.001) and high == pytest.approx(0.596, abs=0.001)
    assert rates.rate(0, 0)["rate"] is None


def test_column_class() -> None:
    assert rates.column_class("integral", 1.0, True) == "row_names"
    assert rates.column_class("string", 0.9, False) == "string/high-cardinality"
    assert rates.column_class("fractional", 0.1, False) == "fractional"


def test_exit_status_fails_on_errors_and_on_wine_only() -> None:
    from drift_bench import exit_status

    good = {"corpus": {"errors": 0}, "wine": {"pass": True, "missed": []}}
    assert exit_status(good) == 0
    assert exit_status({**good, "corpus": {"errors": 2}}) == 1
    assert exit_status({**good, "wine": {"pass": False, "missed": ["pH"]}}) == 1


def test_compare_uses_only_the_tables_every_record_ran() -> None:
    import compare

    rules = {
        "ours": {"a": {"halves": "drift"}, "b": {"halves": "none"}, "c": {"halves": "drift"}},
        "peer": {"a": {"halves": "none"}, "b": {"halves": "none"}},  # left c out
    }
    for by_table in rules.values():
        for kinds in by_table.values():
            for kind in ("10/90", "90/10", "25/75", "75/25"):
                kinds[kind] = "none"
    text = compare.table(rules)
    assert "on 2 tables" in text
    assert "| ours | 50.0% | 0.0%" in text and "| peer | 0.0% |" in text


def test_injected_outcome_keeps_the_injected_columns_own_verdict() -> None:
    missed = rates.injected_outcome("drift", {"other": ["chi-square"]}, "x", "possible")
    assert missed.drift and missed.column("x").verdict == "possible"
    assert [c.name for c in missed.drifted()] == ["other"]
    caught = rates.injected_outcome("drift", {"x": ["ks"]}, "x", "drift")
    assert [(c.name, c.verdict, c.fired) for c in caught.columns] == [("x", "drift", ["ks"])]
    unscored = rates.injected_outcome("none", {}, "x", "not_scored")
    assert not rates.PowerRecord("t", "k", "x", 10, 10, unscored).column_detected


def injected(column: str, verdict: str, n: int = 500, details: dict | None = None) -> dict:
    return {"column": column, "details": details or {"shift": 1.0}, "n_reference": n, "n_target": n,
            "column_verdict": verdict}


def test_compare_tabulates_detection_on_the_common_tables_by_size() -> None:
    import compare

    engine = {"tables": [
        {"id": "a", "injections": {"mean_shift_0.5sd": injected("x", "drift")}},
        {"id": "b", "injections": {"mean_shift_0.5sd": injected("y", "none", n=5000)}},
        {"id": "c", "injections": {"mean_shift_0.5sd": injected("z", "drift")}},
    ]}
    peer = {"peer": "p", "environment": {"packages": {"p": "1.0"}}, "power": {"r": {}}, "tables": [
        {"id": "a", "injections": {"mean_shift_0.5sd": {**injected("x", ""), "r": {"column_verdict": "none"}}}},
        {"id": "b", "injections": {"mean_shift_0.5sd": {**injected("y", "", n=5000),
                                                        "r": {"column_verdict": "drift"}}}},
        {"id": "c", "error": "failed"},
    ]}
    rules = {**compare.detections(engine), **compare.detections(peer)}
    assert list(rules) == [compare.ENGINE, "p 1.0 r"]
    text = compare.detection_table(rules)
    assert "on 2 tables" in text
    assert f"| {compare.ENGINE} | 50.0% (1/2) |" in text and "| p 1.0 r | 50.0% (1/2) |" in text
    large = compare.detection_table(rules, "n>=1000")
    assert f"| {compare.ENGINE} | 0.0% (0/1) |" in large and "| p 1.0 r | 100.0% (1/1) |" in large
    assert compare.mismatches(rules) == []


def test_compare_names_an_injection_another_record_made_differently() -> None:
    import compare

    engine = {"tables": [{"id": "a", "injections": {"scale_1.5x": injected("x", "drift")}}]}
    peer = {"peer": "p", "environment": {"packages": {"p": "1.0"}}, "power": {"r": {}}, "tables": [
        {"id": "a", "injections": {"scale_1.5x": {**injected("w", ""), "r": {"column_verdict": "drift"}},
                                   "nulls_plus_10pt": {**injected("w", ""), "r": {"column_verdict": "none"}}}}]}
    found = compare.mismatches({**compare.detections(engine), **compare.detections(peer)})
    assert len(found) == 2
    assert found[0].startswith("a nulls_plus_10pt:") and "not made" in found[0]
    assert found[1].startswith("a scale_1.5x:") and "x" in found[1] and "w" in found[1]
