"""Spark in local mode: `profile_dataframe` against Spark's exact aggregates and whylogs' Spark profiler.

Needs pyspark (CI runs these on 3.5 and 4.0), a JDK, and SKETCHBOOK_PROFILE.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sketchbook.spark import profile_dataframe

from ._compare import HLL_RELATIVE_ERROR, differences, quantile_within_bounds, summary

pyspark = pytest.importorskip("pyspark")
why = pytest.importorskip("whylogs")
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from whylogs.core import DatasetProfileView  # noqa: E402

pytestmark = [pytest.mark.native, pytest.mark.spark]

SEED = 20261208
ROWS = 30_000


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # The workers run this interpreter, which has pyarrow, whylogs and this package.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sketchbook-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def table_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(SEED)
    quality = pd.array(rng.integers(3, 9, ROWS), dtype="Int64")
    quality[rng.random(ROWS) < 0.02] = pd.NA
    price = rng.lognormal(3, 0.6, ROWS)
    price[rng.random(ROWS) < 0.05] = np.nan
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    frame = pd.DataFrame(
        {
            "quality": quality,
            "price": price,
            "region": pd.array([None if r < 0.03 else s for r, s in zip(rng.random(ROWS), rng.choice(["Douro", "Mosel", "Rioja"], ROWS))], dtype=object),
            "organic": rng.random(ROWS) < 0.4,
            "bottled": [start + dt.timedelta(minutes=int(m)) for m in rng.integers(0, 500_000, ROWS)],
        }
    )
    path = tmp_path_factory.mktemp("spark") / "wine.parquet"
    # Spark 3.5 reads microsecond timestamps, not pandas' nanoseconds.
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=4_096, coerce_timestamps="us")
    return path


def test_the_profile_agrees_with_sparks_exact_aggregates(spark: SparkSession, table_path: Path, native_binary: str) -> None:
    frame = spark.read.parquet(str(table_path)).repartition(6)
    view = DatasetProfileView.deserialize(profile_dataframe(frame, binary=native_binary))
    ours = summary(view)
    for column in ("quality", "price"):
        exact = frame.agg(
            F.count(F.lit(1)).alias("n"),
            F.sum(F.when(F.col(column).isNull() | F.isnan(F.col(column)), 1).otherwise(0)).alias("nulls"),
            F.min(column).alias("min"),
            F.max(column).alias("max"),
            F.mean(column).alias("mean"),
            F.countDistinct(column).alias("distinct"),
        ).first()
        row = ours[column]
        assert row["counts/n"] == exact["n"], f"seed {SEED}: {column}"
        assert row["counts/null"] == exact["nulls"], f"seed {SEED}: {column}"
        assert row["distribution/min"] == pytest.approx(float(exact["min"]))
        assert row["distribution/max"] == pytest.approx(float(exact["max"]))
        assert row["distribution/mean"] == pytest.approx(float(exact["mean"]), rel=1e-9)
        assert abs(row["cardinality/est"] - exact["distinct"]) <= HLL_RELATIVE_ERROR * exact["distinct"] + 1
        values = [float(r[0]) for r in frame.select(column).collect() if r[0] is not None and not math.isnan(r[0])]
        for rank in (0.1, 0.25, 0.5, 0.75, 0.9):
            q = row[f"distribution/q_{int(rank * 100):02d}"] if rank not in (0.5,) else row["distribution/median"]
            assert quantile_within_bounds(values, float(q), rank), f"seed {SEED}: {column} q{rank} = {q}"
    for column in ("region", "organic", "bottled"):
        n, nulls = frame.agg(F.count(F.lit(1)), F.sum(F.when(F.col(column).isNull(), 1).otherwise(0))).first()
        assert ours[column]["counts/n"] == n and ours[column]["counts/null"] == nulls, f"seed {SEED}: {column}"


def test_the_profile_agrees_with_whylogs_spark_profiler(spark: SparkSession, table_path: Path, native_binary: str) -> None:
    from whylogs.api.pyspark.experimental import collect_dataset_profile_view

    frame = spark.read.parquet(str(table_path)).drop("bottled")  # whylogs cannot profile timestamps (#1262)
    ours = summary(DatasetProfileView.deserialize(profile_dataframe(frame, binary=native_binary)))
    theirs = summary(collect_dataset_profile_view(frame))
    # whylogs' Spark profiler logs each 10,000-row Arrow batch through pandas, where the Int64
    # column with nulls becomes float64: integral vs fractional is the documented difference.
    problems = differences(ours, theirs, ignore={"types/integral", "types/fractional"})
    assert not problems, f"seed {SEED}: " + "; ".join(problems)


def test_an_empty_dataframe_gives_a_profile_of_its_columns(spark: SparkSession, table_path: Path, native_binary: str) -> None:
    frame = spark.read.parquet(str(table_path)).limit(0)
    ours = summary(DatasetProfileView.deserialize(profile_dataframe(frame, binary=native_binary)))
    assert set(ours) >= {"quality", "price", "region"} and all(r["counts/n"] == 0 for r in ours.values())
