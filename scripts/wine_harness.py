"""Shared by the wine-server scripts (prometheus_e2e.py, crash_rounds.py, soak.py): the bundled
data, the built binaries, starting wine-server on a free port, and counting the predictions in its
window files with the `profile` CLI. Standard library only."""

import json
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FEATURES = ["fixed_acidity", "volatile_acidity", "citric_acid", "residual_sugar", "chlorides",
            "free_sulfur_dioxide", "total_sulfur_dioxide", "density", "ph", "sulphates", "alcohol_pct_vol"]


def wine_rows(color="red", count=None):
    """The UCI wine rows as /predict bodies (dicts of the API's feature names)."""
    with open(os.path.join(ROOT, "fixtures", "wine-quality", f"winequality-{color}.csv")) as f:
        lines = f.read().splitlines()[1:]
    return [dict(zip(FEATURES, map(float, line.split(";")[:11]))) for line in lines[:count]]


def built_binary(name, configuration="debug"):
    """The path of a product of this package (building it first for a release configuration)."""
    if configuration != "debug":
        subprocess.run(["swift", "build", "-c", configuration, "--product", name], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    bin_path = subprocess.check_output(["swift", "build", "-c", configuration, "--show-bin-path"], cwd=ROOT,
                                       text=True).strip()
    return os.path.join(bin_path, name)


def start_wine_server(binary, work, arguments, timeout=60):
    """Starts wine-server on a free loopback port (its log appended to WORK/server.log) and
    returns (process, port) once it listens."""
    port_file = os.path.join(work, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    process = subprocess.Popen(
        [binary, "--port", "0", "--port-file", port_file] + arguments,
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "server.log"), "a"))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(port_file):
            text = open(port_file).read().strip()
            if text:
                return process, int(text)
        if process.poll() is not None:
            raise SystemExit(f"wine-server exited with {process.returncode}; see {work}/server.log")
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"wine-server did not start within {timeout} s")


def predictions_in_windows(profile, directory, work):
    """(count, None) with the predictions in every window file under DIRECTORY (`counts/n` of a
    feature after `profile merge`), or (None, message) if a file does not decode."""
    merged = os.path.join(work, "merged.bin")
    result = subprocess.run([profile, "merge", directory, "-o", merged], capture_output=True, text=True)
    if result.returncode != 0:
        return None, result.stderr.strip()
    summary = json.loads(subprocess.check_output([profile, "show", merged, "--format", "json"], text=True))
    return int(summary["columns"]["alcohol_pct_vol"]["counts/n"]), None


def report(failures, context=""):
    """Prints each failure and the verdict; returns the exit status (0 when none failed)."""
    for failure in failures:
        print("FAIL " + failure)
    print("all checks passed" if not failures else f"{len(failures)} check(s) failed{context}")
    return 1 if failures else 0
