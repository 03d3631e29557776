#!/usr/bin/env python3
"""Soak: Locust against wine-server at a steady load for MINUTES, with bad requests mixed in.

Starts the release wine-server (5-minute windows by default, as in production), runs the Locust
file of loadtest/ headless (20 users: health checks, predictions, "bad data" rows, feedback),
samples the server's resident memory every 10 s, stops the server with SIGTERM, and checks:

* Locust saw no failures (the bad-data 422s count as successes there);
* resident memory is flat after warm-up: at the end at most 15% (and 8 MiB) above its value at the
  end of the first quarter of the run;
* every window file decodes, and the predictions in them equal the 200s the server counted, which
  equal Locust's successful predictions (to within the requests in flight when Locust stopped).

Usage: scripts/soak.py [--minutes 10] [--users 20] [--window-seconds 300] [--server PATH]
Needs: the Locust virtualenv (python3 -m venv .build/loadtest-venv &&
       .build/loadtest-venv/bin/pip install -r loadtest/requirements.txt).
"""

import argparse
import re
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from wine_harness import ROOT, built_binary, predictions_in_windows, report, start_wine_server


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--window-seconds", type=int, default=300)
    parser.add_argument("--server", help="the wine-server binary (default: the release build)")
    parser.add_argument("--locust", default=os.path.join(ROOT, ".build", "loadtest-venv", "bin", "locust"))
    args = parser.parse_args()
    if not os.path.exists(args.locust):
        raise SystemExit(f"{args.locust} not found; see the usage in {__file__}")
    server = args.server or built_binary("wine-server", "release")
    profile_bin = built_binary("profile")
    work = tempfile.mkdtemp(prefix="soak-")
    directory = os.path.join(work, "profiles")
    failures = []
    try:
        process, port = start_wine_server(
            server, work, ["--output-dir", directory, "--instance", "soak", "--window-seconds",
                           str(args.window_seconds), "--log-level", "warning"])
        samples = []
        done = threading.Event()

        def sample():
            while not done.wait(10):
                samples.append((time.monotonic(), rss_mib(process.pid)))

        sampler = threading.Thread(target=sample)
        started = time.monotonic()
        samples.append((started, rss_mib(process.pid)))
        sampler.start()
        seconds = int(args.minutes * 60)
        locust = subprocess.run(
            [args.locust, "-f", os.path.join(ROOT, "loadtest", "locustfile.py"), "--headless", "-u", str(args.users),
             "-r", "5", "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}", "--csv",
             os.path.join(work, "locust"), "--only-summary"],
            cwd=ROOT, capture_output=True, text=True)
        done.set()
        sampler.join()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            metrics = response.read().decode()
        served = sum(float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
                     if line.startswith('serverhook_requests_total{route="/predict"') and 'status="200"' in line)
        unexpected = [line for line in metrics.splitlines() if line.startswith("serverhook_requests_total{")
                      and not any(f'status="{s}"' in line for s in ("200", "422"))]
        process.send_signal(signal.SIGTERM)
        if process.wait(timeout=60) != 0:
            failures.append("the server did not exit 0 on SIGTERM")

        # Locust's final printed summary (its CSV files are written periodically and lag it).
        counts = {}
        for line in (locust.stdout + locust.stderr).splitlines():
            match = re.match(r"^\s*(GET|POST)?\s*(\S.*?)\s+(\d+)\s+(\d+)\(", line)
            if match:
                counts[match.group(2)] = (int(match.group(3)), int(match.group(4)))
        requests, failed = counts.get("Aggregated", (0, 0))
        predictions = counts.get("/predict", (0, 0))[0] - counts.get("/predict", (0, 0))[1]
        print(f"locust: {requests} requests in {seconds} s, {failed} failures (exit {locust.returncode}); "
              f"{predictions} successful predictions")
        if failed or locust.returncode != 0:
            failures.append(f"locust reported {failed} failures (exit {locust.returncode})")
        if unexpected:
            failures.append(f"statuses other than 200 and 422: {unexpected}")

        warm = [rss for t, rss in samples if t - started >= seconds / 4]
        baseline = warm[0] if warm else samples[0][1]
        final = samples[-1][1]
        peak = max(rss for _, rss in samples)
        print(f"resident memory: {samples[0][1]:.1f} MiB at start, {baseline:.1f} MiB after warm-up, "
              f"{final:.1f} MiB at the end, peak {peak:.1f} MiB ({len(samples)} samples)")
        if final > max(baseline * 1.15, baseline + 8):
            failures.append(f"memory grew from {baseline:.1f} to {final:.1f} MiB after warm-up")

        recorded, error = predictions_in_windows(profile_bin, directory, work)
        windows = [n for _, _, names in os.walk(directory) for n in names if n.endswith(".bin.gz")]
        if error:
            failures.append(f"a window file does not decode: {error}")
        else:
            print(f"{len(windows)} window files decode; {recorded} predictions in them; the server answered "
                  f"{int(served)} with 200; Locust counted {predictions}")
            if recorded != int(served):
                failures.append(f"windows hold {recorded} predictions, the server answered {int(served)}")
            if abs(predictions - served) > max(args.users, 0.001 * served):
                failures.append(f"Locust counted {predictions} predictions, the server {int(served)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(failures)


if __name__ == "__main__":
    sys.exit(main())
