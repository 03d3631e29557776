#!/usr/bin/env python3
"""Scripted integration run: a real Prometheus scrapes wine-server, and we query it back.

Starts wine-server (the built debug binary by default) and Debian's `prometheus` on free loopback
ports with a 1 s scrape interval, sends known traffic (valid predictions, "bad data" rows, feedback),
polls Prometheus until the target is up and the counts have been scraped, then checks what
Prometheus answers against what was sent. Every Grafana panel expression of the committed dashboard
is also evaluated (deploy/check_dashboard.py --prometheus). The server runs with the wine model's
constraint suite (models/wine-quality/constraints.yaml), and Prometheus loads the alerting rules of
deploy/prometheus/alerts.yml (checked with promtool first when it is installed): every rule must
evaluate without error, and the constraint metrics must reach Prometheus. Standard library only.

Usage: scripts/prometheus_e2e.py [--server PATH] [--prometheus PATH]
Exit status 0 when every check passes, 1 otherwise.
"""

import argparse
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from wine_harness import FEATURES, ROOT, built_binary, start_wine_server, wine_rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None):
    request = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                                     headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, OSError):
        return 0, ""  # not listening yet (Prometheus starts slowly on a busy machine)


def wait_for(description, predicate, deadline_seconds):
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise SystemExit(f"FAIL: timed out after {deadline_seconds} s waiting for {description}")


# The hook's window length here: short, so a window closes during the run.
WINDOW_SECONDS = 5


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", help="the wine-server binary (default: the debug build)")
    parser.add_argument("--prometheus", default=shutil.which("prometheus"), help="the prometheus binary")
    args = parser.parse_args()
    if not args.prometheus:
        raise SystemExit("prometheus not found (Debian: apt-get install --no-install-recommends prometheus)")
    server_binary = args.server or built_binary("wine-server")

    work = tempfile.mkdtemp(prefix="prometheus-e2e-")
    processes = []
    failures = []

    def check(name, ok, detail):
        print(("ok   " if ok else "FAIL ") + f"{name}: {detail}")
        if not ok:
            failures.append(name)

    try:
        server, port = start_wine_server(
            server_binary, work,
            ["--output-dir", os.path.join(work, "profiles"), "--window-seconds", str(WINDOW_SECONDS), "--checkpoint-seconds", "1",
             "--instance", "e2e", "--log-level", "warning",
             "--constraints", os.path.join(ROOT, "models", "wine-quality", "constraints.yaml")])
        processes.append(server)
        base = f"http://127.0.0.1:{port}"

        prometheus_port = free_port()
        config = os.path.join(work, "prometheus.yml")
        alerts = os.path.join(ROOT, "deploy", "prometheus", "alerts.yml")
        with open(config, "w") as f:
            f.write(f"""global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - {alerts}
scrape_configs:
  - job_name: wine-server
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:{port}"]
""")
        promtool = shutil.which("promtool")
        if promtool:
            subprocess.run([promtool, "check", "rules", alerts], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([promtool, "check", "config", config], check=True, stdout=subprocess.DEVNULL)
        prometheus = subprocess.Popen(
            [args.prometheus, f"--config.file={config}", f"--storage.tsdb.path={os.path.join(work, 'tsdb')}",
             f"--web.listen-address=127.0.0.1:{prometheus_port}"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "prometheus.log"), "w"))
        processes.append(prometheus)
        api = f"http://127.0.0.1:{prometheus_port}/api/v1"

        def query(expression):
            status, body = http("GET", f"{api}/query?" + urllib.parse.urlencode({"query": expression}))
            if status != 200:
                return None
            return json.loads(body)["data"]["result"]

        # Prometheus scrapes before the traffic starts: the window gauges are the open window's, so
        # a window that closes before the first scrape would never be seen (a slow start did that).
        def target_up():
            status, body = http("GET", f"{api}/targets")
            if status != 200:
                return False
            targets = json.loads(body)["data"]["activeTargets"]
            return any(t["health"] == "up" for t in targets)

        started = time.monotonic()
        wait_for("the wine-server target to be up in Prometheus", target_up, 90)
        print(f"     target up after {time.monotonic() - started:.1f} s")

        # All the traffic goes into one window: it starts just after a window boundary (a burst takes
        # about a second), so that window holds the predictions with the classifications (the wine
        # suite's error constraints need the predictions) and stays open for several scrapes.
        time.sleep(WINDOW_SECONDS - time.time() % WINDOW_SECONDS + 0.2)
        # Known traffic: 120 valid predictions, 24 with one field "bad data", 10 feedback reports.
        random.seed(7)
        valid = wine_rows("red", 120)
        sent_ok, sent_bad, ids = 0, 0, []
        for index, row in enumerate(valid):
            status, body = http("POST", f"{base}/predict", json.dumps(row))
            sent_ok += status == 200
            if index < 10:
                ids.append(json.loads(body)["prediction_id"])
            if index % 5 == 0:
                bad = dict(row)
                bad[random.choice(FEATURES)] = "bad data"
                status, _ = http("POST", f"{base}/predict", json.dumps(bad))
                sent_bad += status == 422
        for prediction_id in ids:
            http("POST", f"{base}/feedback", json.dumps({"prediction_id": prediction_id, "quality": 6}))
        check("traffic", sent_ok == 120 and sent_bad == 24, f"{sent_ok} predictions answered 200, {sent_bad} answered 422")
        # The classifier: 40 classifications, each told its truth: right three times in four.
        classified = 0
        for index, row in enumerate(valid[:40]):
            status, body = http("POST", f"{base}/classify", json.dumps(row))
            if status != 200:
                continue
            answer = json.loads(body)
            truth = answer["good"] if index % 4 else not answer["good"]
            status, _ = http("POST", f"{base}/feedback",
                             json.dumps({"prediction_id": answer["prediction_id"], "good": truth}))
            classified += status == 200
        check("classifier traffic", classified == 40, f"{classified} classifications joined with their truth")

        def scraped_total():
            result = query('sum(serverhook_requests_total{route="/predict"})')
            records = query("serverhook_records_total")
            return (result and float(result[0]["value"][1]) == sent_ok + sent_bad
                    and records and float(records[0]["value"][1]) == 210)

        wait_for("Prometheus to scrape the traffic", scraped_total, 60)
        up = query('up{job="wine-server"}')
        check("up", bool(up) and up[0]["value"][1] == "1", f"up = {up and up[0]['value'][1]}")
        by_status = {r["metric"]["status"]: float(r["value"][1])
                     for r in query('sum by (status) (serverhook_requests_total{route="/predict"})') or []}
        check("requests by status", by_status == {"200": 120.0, "422": 24.0}, f"{by_status}")
        ratio = query('sum(serverhook_request_errors_total) / sum(serverhook_requests_total{route="/predict"})')
        ratio_value = float(ratio[0]["value"][1]) if ratio else None
        check("error ratio", ratio_value is not None and abs(ratio_value - 24 / 144) < 1e-9, f"{ratio_value}")
        median = query("histogram_quantile(0.5, sum by (le) (serverhook_prediction_bucket))")
        median_value = float(median[0]["value"][1]) if median else None
        check("median prediction", median_value is not None and 4 <= median_value <= 7, f"{median_value}")
        records = query("serverhook_records_total")
        check("records", bool(records) and float(records[0]["value"][1]) == 210,
              f"{records and records[0]['value'][1]} (120 predictions + 40 classifications + 50 feedback)")
        joined = query('serverhook_feedback_total{result="joined"}')
        check("feedback joined", bool(joined) and float(joined[0]["value"][1]) == 50, f"{joined and joined[0]['value'][1]}")
        # The open window's accuracy, as Grafana's panel shows it: 3 in 4 right (a window boundary
        # inside the burst can split it, so a range around 0.75).
        def accuracy_scraped():
            accuracy = query("max_over_time(serverhook_window_accuracy[1m])")
            return float(accuracy[0]["value"][1]) if accuracy else None

        wait_for("a scrape of the window's accuracy", lambda: not math.isnan(accuracy_scraped() or math.nan), 10)
        accuracy_value = accuracy_scraped()
        check("classifier accuracy", accuracy_value is not None and 0.6 <= accuracy_value <= 0.9, f"{accuracy_value}")
        # Over everything sent (a rate() needs two scrapes after the traffic).
        p99 = query('histogram_quantile(0.99, sum by (le) (serverhook_request_duration_seconds_bucket{route="/predict"}))')
        p99_value = float(p99[0]["value"][1]) if p99 else None
        check("p99 latency", p99_value is not None and 0 < p99_value <= 10, f"{p99_value} s")

        # The window closes within 5 s; then drift gauges appear and windows are counted.
        wait_for("a window to be written and scraped",
                 lambda: (query("serverhook_windows_written_total") or [{"value": [0, "0"]}])[0]["value"][1] != "0", 30)
        # The counter and the drift gauges are set when the window is written, and may reach
        # Prometheus in different scrapes.
        try:
            wait_for("the drift gauges to be scraped", lambda: len(query("serverhook_feature_drift_score") or []) >= 11, 15)
        except SystemExit as timeout:
            print(timeout)
        drift = query("serverhook_feature_drift_score")
        check("drift gauges", len(drift or []) >= 11, f"{len(drift or [])} features")
        # The window was checked against the suite: its gauges are set (red wines pass the
        # error-severity constraints), and every constraint's failure counter exists.
        wait_for("the constraint gauges to be scraped",
                 lambda: query("serverhook_constraints_window_start_seconds > 0"), 30)
        failed = {r["metric"]["severity"]: float(r["value"][1])
                  for r in query("serverhook_window_constraints_failed") or []}
        check("constraint gauges", failed.get("error") == 0.0 and "warning" in failed, f"{failed}")
        counters = query("serverhook_constraint_failures_total") or []
        check("constraint counters", len(counters) >= 10, f"{len(counters)} constraint series")

        def rules_evaluated():
            # Every rule evaluated at least once (health "unknown" before its first evaluation).
            status, body = http("GET", f"{api}/rules")
            if status != 200:
                return None
            rules = [r for g in json.loads(body)["data"]["groups"] for r in g["rules"]]
            return rules if rules and all(r.get("health") != "unknown" for r in rules) else None

        time.sleep(2)  # an evaluation after the window's series exist
        rules = wait_for("the alerting rules to be evaluated", rules_evaluated, 30)
        unhealthy = [f"{r['name']}: {r.get('lastError')}" for r in rules if r.get("health") != "ok"]
        check("alerting rules", len(rules) >= 10 and not unhealthy, f"{len(rules)} rules, unhealthy: {unhealthy}")

        dashboard_check = os.path.join(ROOT, "deploy", "check_dashboard.py")
        if os.path.exists(dashboard_check):
            result = subprocess.run([sys.executable, dashboard_check, "--url", f"{base}/metrics",
                                     "--prometheus", f"http://127.0.0.1:{prometheus_port}"], text=True,
                                    capture_output=True)
            check("dashboard expressions", result.returncode == 0, (result.stdout + result.stderr).strip().splitlines()[-1:] )
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed: {', '.join(failures)}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
