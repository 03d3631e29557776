"""Sketchbook for Python: whylogs v1 profiles of pandas frames, Arrow data, Parquet files and Spark
DataFrames, made by Sketchbook's native profiler.

Every function returns the profile file's bytes, which whylogs reads::

    import sketchbook
    from whylogs.core import DatasetProfileView

    view = DatasetProfileView.deserialize(sketchbook.profile_pandas(frame))

The native `profile` binary is found through `SKETCHBOOK_PROFILE`, then the PATH, then a copy
bundled in the wheel. Spark: `sketchbook.spark.profile_dataframe`.
"""

from __future__ import annotations

from ._binary import find_profile_binary
from ._run import merge_profiles
from ._tables import profile_arrow, profile_pandas, profile_parquet
from .errors import ProfileBinaryNotFound, SketchbookError

__all__ = [
    "ProfileBinaryNotFound",
    "SketchbookError",
    "find_profile_binary",
    "merge_profiles",
    "profile_arrow",
    "profile_pandas",
    "profile_parquet",
]
__version__ = "0.1.0"
