#!/usr/bin/env python3
"""Builds Sketchbook's libFuzzer executable and runs its targets for a time budget.

    python3 scripts/fuzz.py                       # every target, 30 s each
    python3 scripts/fuzz.py --seconds 600 csv-reader profile-reader
    python3 scripts/fuzz.py --jobs 2              # two targets at a time
    python3 scripts/fuzz.py --replay              # only replay seeds, corpus and regressions

The targets, their seeds and libFuzzer options are listed in Fuzz/targets.tsv; the code under test
in Sources/FuzzTargets. The executable is built with `--sanitize=fuzzer --sanitize=address` in
release mode (Swift's bounds and overflow checks stay on) into .build-fuzz/, which also keeps each
target's growing corpus (.build-fuzz/corpus/<target>/) from one run to the next.

A crash, an invariant broken, a leak, a timeout (-timeout, default 10 s per input) or an input
that needs more than -rss_limit_mb (2048 MB) stops that target: its input is saved under
.build-fuzz/artifacts/<target>/ and the script exits 1 after the others have run. Copy the input
into Fuzz/Regressions/<target>/ once it is fixed: `swift test` replays that folder.

Prints a table of executions, speed, corpus size and coverage per target, and writes it to
.build-fuzz/fuzz-report.json.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".build-fuzz"
MANIFEST = ROOT / "Fuzz" / "targets.tsv"
# SwiftPM links <scratch>/release to the platform's release folder.
BINARY = SCRATCH / "release" / "sketchbook-fuzz"


def read_manifest() -> dict[str, tuple[list[str], list[str]]]:
    """target → (seed patterns, libFuzzer options), in manifest order."""
    targets: dict[str, tuple[list[str], list[str]]] = {}
    for line in MANIFEST.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        patterns = columns[1].split() if len(columns) > 1 else []
        options = columns[2].split() if len(columns) > 2 else []
        targets[columns[0]] = (patterns, options)
    return targets


def build() -> Path:
    print("== building sketchbook-fuzz (release, fuzzer + address sanitizers) into .build-fuzz/", flush=True)
    started = time.monotonic()
    # swiftc keeps only the last of several -sanitize flags, and `swift build --sanitize=fuzzer
    # --sanitize=address` passes two in an order that changes from run to run (seen: coverage
    # without AddressSanitizer in one build, the reverse in the next). So SwiftPM is told only of
    # the fuzzer (which makes it leave `main` to libFuzzer), and one flag naming both sanitizers
    # follows its own on every compile and link; the C targets (the CSV scanner) get both too.
    command = [
        "swift", "build", "-c", "release", "--scratch-path", str(SCRATCH), "--sanitize=fuzzer",
        "-Xswiftc", "-sanitize=fuzzer,address", "-Xcc", "-fsanitize=fuzzer-no-link,address",
        "--product", "sketchbook-fuzz",
    ]
    environment = dict(os.environ, SKETCHBOOK_FUZZ="1")
    result = subprocess.run(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-20000:])
        sys.exit(f"fuzz.py: the build failed (exit {result.returncode})")
    print(f"   built in {time.monotonic() - started:.0f} s", flush=True)
    return BINARY


def seed_directory(target: str, patterns: list[str]) -> Path:
    """A folder holding the target's seeds and regression inputs (copied afresh each run)."""
    seeds = SCRATCH / "seeds" / target
    shutil.rmtree(seeds, ignore_errors=True)
    seeds.mkdir(parents=True)
    files = [Path(p) for pattern in patterns for p in sorted(glob.glob(str(ROOT / pattern)))]
    files += sorted((ROOT / "Fuzz" / "Regressions" / target).glob("*"))
    for index, path in enumerate(files):
        if path.is_file():
            shutil.copyfile(path, seeds / f"{index:04d}-{path.name}")
    return seeds


def run_target(binary: Path, target: str, patterns: list[str], options: list[str], seconds: int, replay: bool) -> dict:
    corpus = SCRATCH / "corpus" / target
    corpus.mkdir(parents=True, exist_ok=True)
    artifacts = SCRATCH / "artifacts" / target
    artifacts.mkdir(parents=True, exist_ok=True)
    seeds = seed_directory(target, patterns)
    log_path = SCRATCH / "logs" / f"{target}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    environment = dict(
        os.environ,
        SKETCHBOOK_FUZZ_TARGET=target,
        SWIFT_BACKTRACE="enable=no",
        # Short allocation stacks: unwinding on every allocation was a quarter of the CSV target's time.
        ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:handle_abort=1:malloc_context_size=4",
    )
    command = [str(binary), *options, "-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1",
               f"-artifact_prefix={artifacts}/"]
    if replay:
        command += ["-runs=0"]
    else:
        command += [f"-max_total_time={seconds}"]
    command += [str(corpus), str(seeds)]
    started = time.monotonic()
    with open(log_path, "w") as log:
        # The budget plus time to load the corpus and to write a crash; a hang past it is a failure too.
        try:
            returncode = subprocess.run(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                        timeout=seconds + 300).returncode
        except subprocess.TimeoutExpired:
            returncode = -1
    elapsed = time.monotonic() - started
    text = log_path.read_text(errors="replace")

    def stat(name: str) -> int | None:
        match = re.search(rf"stat::{name}:\s+(\d+)", text)
        return int(match.group(1)) if match else None

    # A build without coverage instrumentation still runs, blind: count it as a failure.
    instrumented = "inline 8-bit counters" in text
    coverage = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", text)
    artifact = re.findall(r"Test unit written to (\S+)", text)
    return {
        "target": target,
        "ok": returncode == 0 and instrumented,
        "exit": returncode,
        "seconds": round(elapsed, 1),
        "executions": stat("number_of_executed_units") or 0,
        "executions_per_second": stat("average_exec_per_sec") or 0,
        "peak_rss_mb": stat("peak_rss_mb"),
        "coverage": int(coverage[-1][0]) if coverage else None,
        "features": int(coverage[-1][1]) if coverage else None,
        "corpus": int(coverage[-1][2]) if coverage else None,
        "seeds": len(list(seeds.iterdir())),
        "artifact": artifact[-1] if artifact else None,
        "log": str(log_path.relative_to(ROOT)),
        "problem": next((line for line in text.splitlines() if "ERROR: " in line or "Fatal error" in line),
                        None if instrumented else "the executable has no coverage instrumentation"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="targets to run (default: all in Fuzz/targets.tsv)")
    parser.add_argument("--seconds", type=int, default=30, help="fuzzing time per target (default 30)")
    parser.add_argument("--jobs", type=int, default=1, help="targets run at the same time (default 1)")
    parser.add_argument("--replay", action="store_true", help="only run the seeds, corpus and regressions once")
    parser.add_argument("--skip-build", action="store_true", help="use the executable already in .build-fuzz/")
    arguments = parser.parse_args()

    manifest = read_manifest()
    unknown = [t for t in arguments.targets if t not in manifest]
    if unknown:
        sys.exit(f"fuzz.py: unknown target(s) {', '.join(unknown)}; known: {', '.join(manifest)}")
    targets = arguments.targets or list(manifest)
    if arguments.seconds < 1 or arguments.jobs < 1:
        sys.exit("fuzz.py: --seconds and --jobs must be at least 1")

    if arguments.skip_build:
        if not BINARY.exists():
            sys.exit(f"fuzz.py: {BINARY} does not exist; run without --skip-build")
        binary = BINARY
    else:
        binary = build()

    what = "replaying" if arguments.replay else f"fuzzing {arguments.seconds} s each"
    print(f"== {what}: {', '.join(targets)} ({arguments.jobs} at a time)", flush=True)
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
        futures = [pool.submit(run_target, binary, t, *manifest[t], arguments.seconds, arguments.replay) for t in targets]
        for future in futures:
            result = future.result()
            results.append(result)
            status = "ok" if result["ok"] else "FAILED"
            print(f"   {result['target']:<22} {status:<6} {result['executions']:>11,} runs in {result['seconds']:>6.0f} s"
                  f" ({result['executions_per_second']:>7,}/s)  cov {result['coverage']}  corpus {result['corpus']}"
                  f"  peak {result['peak_rss_mb']} MB", flush=True)
            if not result["ok"]:
                print(f"      {result['problem']}\n      input: {result['artifact']}\n      log: {result['log']}", flush=True)

    report = SCRATCH / "fuzz-report.json"
    report.write_text(json.dumps({"seconds_per_target": arguments.seconds, "replay": arguments.replay,
                                  "results": results}, indent=2) + "\n")
    total = sum(r["executions"] for r in results)
    print(f"== {total:,} executions in all; report: {report.relative_to(ROOT)}")
    failed = [r["target"] for r in results if not r["ok"]]
    if failed:
        print(f"fuzz.py: {len(failed)} target(s) failed: {', '.join(failed)}. Reproduce with\n"
              f"   SKETCHBOOK_FUZZ_TARGET=<target> {binary.relative_to(ROOT)} <input>\n"
              "and, once fixed, add the input to Fuzz/Regressions/<target>/.")
        sys.exit(1)


if __name__ == "__main__":
    main()
