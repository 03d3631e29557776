"""Tests of scripts/check_dockerfile_paths.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from check_dockerfile_paths import context_sources, logical_lines, untracked  # noqa: E402

DOCKERFILE = """\
# syntax=docker/dockerfile:1
FROM swift:6.3.1-bookworm AS build
COPY Package.swift Package.resolved ./
COPY Sources ./Sources
# COPY commented/out ./nowhere
COPY --chown=1:1 \\
    models ./models
COPY --from=build /staging/wine-server /usr/local/bin/
ADD ["notes.txt", "/app/"]
RUN echo COPY not-an-instruction ./x
"""


def test_continuations_are_joined_and_comments_dropped() -> None:
    lines = logical_lines(DOCKERFILE)
    assert "COPY --chown=1:1 models ./models" in lines
    assert not any("commented" in line for line in lines)


def test_context_sources_skip_other_stages_options_and_other_instructions() -> None:
    assert context_sources(DOCKERFILE) == ["Package.swift", "Package.resolved", "Sources", "models", "notes.txt"]


def test_an_untracked_file_is_named() -> None:
    tracked = {"Package.swift", "Sources/a.swift", "models/m.json"}
    assert untracked(["Package.swift", "Package.resolved", "Sources", "./models/"], tracked) == [
        "Package.resolved"
    ]


def test_a_prefix_of_a_tracked_name_is_not_a_folder() -> None:
    assert untracked(["Source"], {"Sources/a.swift"}) == ["Source"]
