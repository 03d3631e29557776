from __future__ import annotations

from pathlib import Path

import table
from drift_bench import profile_names


def test_classify_follows_pandas_na_and_number_rules() -> None:
    assert table.classify(["1", "NA", "-3", ""]) == "integral"
    assert table.classify(["1", "2.5", "1e3"]) == "fractional"
    assert table.classify(["1", "x"]) == "string"
    assert table.classify(["NA", "", "null"]) == "empty"


def test_round_trip_keeps_quotes_commas_and_line_breaks(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('"","name","n"\n"1","a, b",3\n"2","line\nbreak",NA\n')
    read = table.read_table(source)
    assert read.header == ["", "name", "n"]
    assert read.rows == [["1", "a, b", "3"], ["2", "line\nbreak", "NA"]]
    table.write_table(read, tmp_path / "out.csv")
    assert table.read_table(tmp_path / "out.csv") == read


def test_column_facts_and_eligible_columns() -> None:
    rows = [[str(i), str(i % 12), ["x", "y", "z"][i % 3], f"id{i}"] for i in range(60)]
    facts = table.column_facts(table.Table(["", "k", "cat", "id"], rows))
    assert facts[0].row_names and not facts[1].row_names
    assert [f.name for f in table.shiftable_columns(facts)] == ["k"]
    assert [f.name for f in table.category_columns(facts, 60)] == ["cat"]  # id has 60 values: not a category
    assert [f.name for f in table.nullable_columns(facts, 60)] == ["k", "cat", "id"]


def test_injections_need_room_among_non_null_values() -> None:
    rows = [[str(i), ("x" if i < 5 else "y") if i < 10 else "NA", ["a", "b"][i % 2]] for i in range(100)]
    facts = table.column_facts(table.Table(["", "sparse", "cat"], rows))
    assert [f.name for f in table.nullable_columns(facts, 100)] == ["cat"]  # 10% non-null: no room
    assert [f.name for f in table.category_columns(facts, 100)] == ["cat"]  # sparse has 2 values, too few rows


def test_profile_names_as_pandas() -> None:
    assert profile_names(["", "a", "a", "b", "a"]) == ["Unnamed: 0", "a", "a.1", "b", "a.2"]
