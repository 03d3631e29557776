"""Comparing two whylogs profile views within the sketches' published bounds."""

from __future__ import annotations

import math
from typing import Any

# KLL k = 1024 (whylogs' default): 99 % single-rank error 2.296 / k^0.9723, doubled for two sketches.
KLL_RANK_ERROR = 2 * 2.296 / 1024**0.9723
# HLL lg_k 12 (whylogs' default): relative standard error 1.04 / sqrt(4096); 3 sigma.
HLL_RELATIVE_ERROR = 3 * 1.04 / math.sqrt(4096)

EXACT = ["counts/n", "counts/null", "types/integral", "types/fractional", "types/boolean", "types/string", "types/object"]


def summary(view: Any) -> dict[str, dict[str, Any]]:
    """A view's `to_pandas()` summary as {column: {field: value}}."""
    frame = view.to_pandas()
    return {str(column): {str(k): v for k, v in row.items()} for column, row in frame.iterrows()}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def differences(ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]], *, ignore: set[str] = frozenset()) -> list[str]:
    """Every way `ours` differs from `theirs` beyond the sketches' bounds (empty when they agree)."""
    problems: list[str] = []
    if set(ours) != set(theirs):
        problems.append(f"columns differ: ours only {sorted(set(ours) - set(theirs))}, theirs only {sorted(set(theirs) - set(ours))}")
    for column in sorted(set(ours) & set(theirs)):
        a, b = ours[column], theirs[column]
        for field in EXACT:
            if field in ignore or (field not in a and field not in b):
                continue
            if a.get(field, 0) != b.get(field, 0):
                problems.append(f"{column}: {field} {a.get(field)} != {b.get(field)}")
        for field in ("distribution/mean",):
            x, y = a.get(field), b.get(field)
            if _missing(x) and _missing(y):
                continue
            if _missing(x) != _missing(y) or not math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-12):
                problems.append(f"{column}: {field} {x} != {y}")
        for field in ("distribution/min", "distribution/max"):
            x, y = a.get(field), b.get(field)
            if not (_missing(x) and _missing(y)) and x != y:
                problems.append(f"{column}: {field} {x} != {y}")
        x, y = a.get("cardinality/est"), b.get("cardinality/est")
        if not (_missing(x) and _missing(y)):
            if _missing(x) or _missing(y) or abs(float(x) - float(y)) > HLL_RELATIVE_ERROR * max(float(y), 1.0):
                problems.append(f"{column}: cardinality/est {x} vs {y}")
    return problems


def quantile_within_bounds(values: list[float], quantile: float, rank: float) -> bool:
    """Whether `quantile` lies between the exact quantiles at rank ± the KLL rank error."""
    ordered = sorted(values)
    n = len(ordered)
    low = ordered[max(0, math.floor((rank - KLL_RANK_ERROR) * n) - 1)]
    high = ordered[min(n - 1, math.ceil((rank + KLL_RANK_ERROR) * n))]
    return low <= quantile <= high
