from __future__ import annotations

import random
import statistics

import pytest

import splits
from table import Table, column_facts, is_null


def numbered(n: int) -> list[list[str]]:
    return [[str(i)] for i in range(n)]


def test_split_keeps_every_row_once_and_cuts_at_the_share() -> None:
    rows = numbered(1000)
    first, second = splits.split_rows(rows, 0.1, random.Random(1))
    assert len(first) == 100 and len(second) == 900
    assert sorted(first + second, key=lambda r: int(r[0])) == rows


def test_split_is_random_but_seeded() -> None:
    rows = numbered(500)
    a1, _ = splits.split_rows(rows, 0.5, random.Random(7))
    a2, _ = splits.split_rows(rows, 0.5, random.Random(7))
    a3, _ = splits.split_rows(rows, 0.5, random.Random(8))
    assert a1 == a2 and a1 != a3
    assert a1 != rows[:250]  # not a head/tail cut


def test_split_leaves_a_row_on_each_side() -> None:
    first, second = splits.split_rows(numbered(3), 0.1, random.Random(0))
    assert len(first) == 1 and len(second) == 2
    with pytest.raises(ValueError):
        splits.split_rows(numbered(1), 0.5, random.Random(0))


def test_derive_seed_is_stable_and_distinct() -> None:
    assert splits.derive_seed(1, "t", "split") == splits.derive_seed(1, "t", "split")
    assert splits.derive_seed(1, "t", "split") != splits.derive_seed(2, "t", "split")
    assert splits.derive_seed(1, "t", "a") != splits.derive_seed(1, "ta", "")


def numeric_table(values: list[float], integral: bool) -> Table:
    return Table(["x"], [[str(int(v)) if integral else repr(v)] for v in values])


def test_mean_shift_moves_the_mean_by_half_a_reference_sd() -> None:
    rng = random.Random(3)
    reference = numeric_table([rng.gauss(10, 2) for _ in range(5000)], False)
    target = numeric_table([rng.gauss(10, 2) for _ in range(5000)], False)
    original = [list(r) for r in target.rows]
    shifted, details = splits.inject_mean_shift(reference, target, 0, False, random.Random(4))
    assert target.rows == original  # the target part itself is not modified
    before = statistics.fmean(float(r[0]) for r in target.rows)
    after = statistics.fmean(float(r[0]) for r in shifted.rows)
    assert after - before == pytest.approx(0.5 * details["sigma"], rel=1e-9)
    assert details["sigma"] == pytest.approx(2, rel=0.05)


def test_integral_shift_stays_integral_and_unbiased() -> None:
    rng = random.Random(5)
    reference = numeric_table([rng.randint(0, 20) for _ in range(20000)], True)
    target = numeric_table([rng.randint(0, 20) for _ in range(20000)], True)
    shifted, details = splits.inject_mean_shift(reference, target, 0, True, random.Random(6))
    assert all(r[0].lstrip("-").isdigit() for r in shifted.rows)
    moved = statistics.fmean(int(r[0]) for r in shifted.rows) - statistics.fmean(int(r[0]) for r in target.rows)
    assert moved == pytest.approx(details["shift"], abs=0.02)
    assert details["shift"] % 1 != 0  # a fractional shift, which rounding alone would bias


def test_scale_widens_the_spread_about_the_reference_mean() -> None:
    rng = random.Random(8)
    reference = numeric_table([rng.gauss(0, 1) for _ in range(4000)], False)
    target = numeric_table([rng.gauss(0, 1) for _ in range(4000)], False)
    scaled, _ = splits.inject_scale(reference, target, 0, False, random.Random(9))
    ratio = statistics.pstdev(float(r[0]) for r in scaled.rows) / statistics.pstdev(float(r[0]) for r in target.rows)
    assert ratio == pytest.approx(1.5, rel=1e-9)


def test_nulls_raise_the_null_rate_by_at_least_ten_points_and_keep_nulls() -> None:
    target = Table(["c"], [["NA"]] * 30 + [["v"]] * 473)
    changed, details = splits.inject_nulls(target, 0, random.Random(1))
    nulls_before = sum(is_null(r[0]) for r in target.rows)
    nulls_after = sum(is_null(r[0]) for r in changed.rows)
    assert nulls_after - nulls_before == 51  # ceil(0.1 * 503), not round()
    assert (nulls_after - nulls_before) / len(target.rows) >= 0.10
    assert details["null_rate_after"] - details["null_rate_before"] >= 0.10


def category_share(rows: list[list[str]], value: str) -> float:
    present = [r[0] for r in rows if not is_null(r[0])]
    return sum(v == value for v in present) / len(present)


def test_category_share_moves_the_top_category_up_ten_points() -> None:
    target = Table(["c"], [["a"]] * 500 + [["b"]] * 300 + [["c"]] * 200 + [[""]] * 50)
    changed, details = splits.inject_category_share(target, 0, random.Random(2))
    assert details["category"] == "a" and details["direction"] == "up"
    assert category_share(changed.rows, "a") - category_share(target.rows, "a") == pytest.approx(0.10)
    assert sum(is_null(r[0]) for r in changed.rows) == 50


def test_category_share_moves_down_when_the_top_category_is_near_all() -> None:
    target = Table(["c"], [["a"]] * 950 + [["b"]] * 30 + [["c"]] * 20)
    changed, details = splits.inject_category_share(target, 0, random.Random(2))
    assert details["direction"] == "down"
    assert category_share(target.rows, "a") - category_share(changed.rows, "a") == pytest.approx(0.10)
    assert {r[0] for r in changed.rows} == {"a", "b", "c"}


def test_new_category_takes_ten_percent_of_rows() -> None:
    target = Table(["c", "d"], [["a", "1"], ["b", "2"]] * 250)
    changed, details = splits.inject_new_category(target, 0, random.Random(4))
    assert sum(r[0] == splits.NEW_CATEGORY for r in changed.rows) == 50
    assert [r[1] for r in changed.rows] == [r[1] for r in target.rows]
    assert details["share"] == pytest.approx(0.10)


def test_stochastic_round_is_integral_and_bounded() -> None:
    rng = random.Random(0)
    values = [splits.stochastic_round(2.25, rng) for _ in range(4000)]
    assert set(values) == {2, 3}
    assert statistics.fmean(values) == pytest.approx(2.25, abs=0.03)


def mixed_table(n: int = 400) -> Table:
    """Row names, a numeric column, a category column and an identifier (no category)."""
    rng = random.Random(11)
    rows = [[str(i + 1), repr(rng.gauss(50, 10)), rng.choice(["a", "b", "c"]), f"id{i}"] for i in range(n)]
    return Table(["", "x", "cat", "id"], rows)


def test_split_table_is_split_rows_with_the_tables_own_seed() -> None:
    table = mixed_table()
    first, second = splits.split_table(table, 20261207, "pkg/t", 0.25)
    rng = random.Random(splits.derive_seed(20261207, "pkg/t", "split", "0.25"))
    assert (first.rows, second.rows) == splits.split_rows(table.rows, 0.25, rng)
    assert first.header == second.header == table.header
    assert splits.split_table(table, 20261207, "pkg/other", 0.25)[0].rows != first.rows


def test_candidate_columns_by_kind() -> None:
    facts = column_facts(mixed_table())
    names = {kind: [f.name for f in splits.candidate_columns(kind, facts, 400)] for kind in splits.INJECTIONS}
    assert names["mean_shift_0.5sd"] == names["scale_1.5x"] == ["x"]
    assert names["category_share_10pt"] == names["new_category_10pct"] == ["cat"]
    assert names["nulls_plus_10pt"] == ["x", "cat", "id"]
    with pytest.raises(ValueError):
        splits.candidate_columns("outliers", facts, 400)


def test_inject_changes_only_its_column_of_a_copy() -> None:
    table = mixed_table()
    facts = column_facts(table)
    reference, target = splits.split_table(table, 1, "t", splits.HALVES)
    original = [list(row) for row in target.rows]
    injection = splits.inject("nulls_plus_10pt", reference, target, facts, random.Random(3))
    assert injection is not None and injection.kind == "nulls_plus_10pt"
    assert target.rows == original
    index = injection.column.index
    changed = [i for i, (a, b) in enumerate(zip(original, injection.changed.rows)) if a != b]
    assert len(changed) == 20  # ceil(0.1 * 200)
    assert all(original[i][:index] + original[i][index + 1:] == injection.changed.rows[i][:index]
               + injection.changed.rows[i][index + 1:] for i in changed)


def test_inject_is_none_without_a_candidate_column() -> None:
    table = Table(["", "n"], [[str(i), str(i % 3)] for i in range(300)])  # 3 distinct values: not shiftable
    reference, target = splits.split_table(table, 1, "t", splits.HALVES)
    assert splits.inject("mean_shift_0.5sd", reference, target, column_facts(table), random.Random(0)) is None
    assert splits.inject("category_share_10pt", reference, target, column_facts(table), random.Random(0)) is None


def test_injections_are_the_same_for_the_same_seed_and_each_kind_has_its_own() -> None:
    table = mixed_table()
    facts = column_facts(table)
    reference, target = splits.split_table(table, 7, "pkg/t", splits.HALVES)
    once = splits.injections(reference, target, facts, 7, "pkg/t")
    again = splits.injections(reference, target, facts, 7, "pkg/t")
    assert [i.kind for i in once] == list(splits.INJECTIONS)
    assert [(i.column, i.changed, i.details) for i in once] == [(i.column, i.changed, i.details) for i in again]
    other = splits.injections(reference, target, facts, 8, "pkg/t")
    assert [i.changed for i in once] != [i.changed for i in other]
    # each kind's generator is seeded by itself, so one kind's result does not depend on the others
    for injection in once:
        rng = random.Random(splits.derive_seed(7, "pkg/t", "inject", injection.kind))
        alone = splits.inject(injection.kind, reference, target, facts, rng)
        assert alone is not None and alone.changed == injection.changed
