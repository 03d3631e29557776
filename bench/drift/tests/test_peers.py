"""The peers' verdicts are read from the peers' own result dictionaries; these tests use such
dictionaries as whylogs and Evidently return them, without the peers installed."""
from __future__ import annotations

import random

import peers
import splits
from table import Table, column_facts


def whylogs_score(category: str, algorithm: str = "ks") -> dict:
    return {"algorithm": algorithm, "pvalue": 0.01, "statistic": 0.3, "thresholds": {}, "drift_category": category}


def test_whylogs_rule_reads_each_columns_category() -> None:
    outcome = peers.whylogs_rule({"x": whylogs_score("DRIFT"), "y": whylogs_score("POSSIBLE_DRIFT", "chi-square"),
                                  "z": whylogs_score("NO_DRIFT"), "s": None})
    assert outcome.verdict == "drift" and outcome.drift_columns == {"x": ["ks"]}
    assert [outcome.column_verdict(c) for c in ("x", "y", "z", "s", "gone")] == [
        "drift", "possible", "none", peers.NOT_SCORED, peers.NOT_SCORED]
    assert peers.whylogs_rule({"z": whylogs_score("NO_DRIFT")}).verdict == "none"


def evidently_result(flags: dict[str, bool], dataset_drift: bool) -> dict:
    return {"dataset_drift": dataset_drift, "share_of_drifted_columns": sum(flags.values()) / len(flags),
            "drift_by_columns": {name: {"drift_detected": flag, "stattest_name": "K-S p_value"}
                                 for name, flag in flags.items()}}


def test_evidently_rules_share_the_column_flags() -> None:
    rules = peers.evidently_rules(evidently_result({"x": True, "y": False, "z": False}, False))
    assert rules["dataset_drift"].verdict == "none" and rules["any_column"].verdict == "drift"
    assert rules["dataset_drift"].split_entry() == {"verdict": "none", "drift_columns": {"x": ["K-S p_value"]},
                                                    "share": 1 / 3}
    assert rules["any_column"].split_entry() == {"verdict": "drift", "drift_columns": {"x": ["K-S p_value"]}}
    for rule in rules.values():
        assert (rule.column_verdict("x"), rule.column_verdict("y")) == ("drift", "none")


def test_power_summary_per_rule_from_injection_entries() -> None:
    table = Table(["", "x"], [[str(i), repr(float(i % 37))] for i in range(400)])
    reference, target = splits.split_table(table, 1, "t", splits.HALVES)
    made = splits.inject("mean_shift_0.5sd", reference, target, column_facts(table), random.Random(0))
    assert made is not None
    caught = peers.RuleOutcome("drift", {"x": ["ks"]}, {"x": "drift"})
    missed = peers.RuleOutcome("drift", {"other": ["chi-square"]}, {"x": "possible", "other": "drift"})
    entry = peers.injection_entry(made, "x", 200, 200, {"default": caught, "hellinger": missed})
    assert entry["column"] == "x" and entry["details"] == made.details
    assert entry["default"]["column_verdict"] == "drift" and entry["hellinger"]["column_verdict"] == "possible"
    records = [{"id": "t", "injections": {made.kind: entry}}]
    default = peers.power_summary(records, "default")[made.kind]["all"]
    hellinger = peers.power_summary(records, "hellinger")[made.kind]["all"]
    assert default["column_detected"]["count"] == 1 and default["fired_on_column"] == {"ks": 1}
    assert hellinger["column_detected"]["count"] == 0 and hellinger["table_called_drift"]["count"] == 1
    assert hellinger["column_verdicts"] == {"possible": 1}
    assert set(default) == {"column_detected", "table_called_drift", "column_verdicts", "fired_on_column"}


def test_power_is_summarized_once_for_evidently() -> None:
    assert peers.power_rules_of("whylogs") == peers.rules_of("whylogs")
    assert peers.power_rules_of("evidently") == ("any_column",)
