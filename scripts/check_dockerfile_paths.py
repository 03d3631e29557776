#!/usr/bin/env python3
"""Checks that every path a Dockerfile copies from the build context is tracked by git.

A `COPY` or `ADD` of a file that only exists in a developer's checkout (a Package.resolved, a
build folder) builds there and fails from a clean clone. Sources copied from another stage
(`--from=`) are not the context's and are skipped. Exits 1 naming each untracked path.

usage: scripts/check_dockerfile_paths.py [DOCKERFILE ...]   (default: deploy/Dockerfile)
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path


def logical_lines(text: str) -> list[str]:
    """The instructions of a Dockerfile: comments dropped, backslash continuations joined."""
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        lines.append(current + stripped)
        current = ""
    if current:
        lines.append(current)
    return lines


def context_sources(text: str) -> list[str]:
    """The build-context paths that COPY and ADD instructions read."""
    sources: list[str] = []
    for line in logical_lines(text):
        instruction, _, rest = line.partition(" ")
        if instruction.upper() not in ("COPY", "ADD"):
            continue
        words = rest.split()
        options = [w for w in words if w.startswith("--")]
        if any(o.startswith("--from") for o in options):
            continue
        body = " ".join(w for w in words if not w.startswith("--"))
        # The exec form is a JSON array; the shell form, words.
        arguments = json.loads(body) if body.startswith("[") else shlex.split(body)
        if len(arguments) >= 2:
            sources.extend(arguments[:-1])
    return sources


def untracked(sources: list[str], tracked: set[str]) -> list[str]:
    """The sources that are neither a tracked file nor a folder holding one."""
    missing: list[str] = []
    for source in sources:
        path = source.rstrip("/").removeprefix("./")
        if path in ("", "."):
            continue
        if path in tracked or any(name.startswith(path + "/") for name in tracked):
            continue
        missing.append(source)
    return missing


def main(arguments: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    dockerfiles = [Path(a) for a in arguments] or [root / "deploy" / "Dockerfile"]
    listing = subprocess.run(["git", "ls-files"], cwd=root, check=True, capture_output=True, text=True)
    tracked = set(listing.stdout.splitlines())
    status = 0
    for dockerfile in dockerfiles:
        sources = context_sources(dockerfile.read_text(encoding="utf-8"))
        for source in untracked(sources, tracked):
            print(f"{dockerfile}: COPY/ADD source {source!r} is not tracked by git", file=sys.stderr)
            status = 1
        if status == 0:
            print(f"{dockerfile}: {len(sources)} context paths, all tracked")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
