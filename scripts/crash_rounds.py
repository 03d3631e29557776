#!/usr/bin/env python3
"""Crash consistency of the hook: SIGKILL a loaded wine-server at random moments, many times.

Each round starts wine-server on the same output directory and instance, sends predictions from
two client threads for a random 2-6 s, and kills the server with SIGKILL at a random moment. The
next round's server restores the checkpoints. After the last round a final server is stopped with
SIGTERM, and the script checks:

* every window file on disk decodes (`profile merge` of the whole directory), none is a temporary
  file, none was set aside as corrupt;
* the predictions in the windows never exceed the predictions the server answered with 200 (no
  record counted twice across restores);
* the predictions lost are at most those answered in the last checkpoint interval (plus one flusher
  tick) before each kill: counted from the clients' own timestamps, not guessed.

Usage: scripts/crash_rounds.py [--rounds 50] [--checkpoint-seconds 1] [--window-seconds 10]
       [--server PATH] [--profile PATH] [--seed N]
Exit status 0 when every check passes, 1 otherwise. Standard library only.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time

from wine_harness import built_binary, predictions_in_windows, report, start_wine_server, wine_rows


def client(port, rows, stop, acks, lock):
    """Sends predictions until `stop` is set or the server goes away; appends each 200's time."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        index = random.randrange(len(rows))
        while not stop.is_set():
            connection.request("POST", "/predict", body=rows[index % len(rows)],
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                with lock:
                    acks.append(time.monotonic())
            index += 1
    except (OSError, http.client.HTTPException):
        pass  # the server was killed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--checkpoint-seconds", type=int, default=1)
    parser.add_argument("--window-seconds", type=int, default=10)
    parser.add_argument("--server", help="the wine-server binary (default: the debug build)")
    parser.add_argument("--profile", help="the profile binary (default: the debug build)")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    random.seed(args.seed)
    server = args.server or built_binary("wine-server")
    profile = args.profile or built_binary("profile")
    print(f"seed {args.seed}; {args.rounds} rounds; checkpoint every {args.checkpoint_seconds} s; "
          f"windows of {args.window_seconds} s")

    rows = [json.dumps(row) for row in wine_rows("red")]
    work = tempfile.mkdtemp(prefix="crash-rounds-")
    # Run copies, so that a rebuild during the run cannot replace the binaries under it.
    server = shutil.copy2(server, os.path.join(work, "wine-server"))
    profile = shutil.copy2(profile, os.path.join(work, "profile"))
    directory = os.path.join(work, "profiles")
    server_arguments = ["--output-dir", directory, "--instance", "crash", "--window-seconds", str(args.window_seconds),
                        "--checkpoint-seconds", str(args.checkpoint_seconds), "--log-level", "error"]
    failures = []
    answered = 0
    loss_allowance = 0
    tick = 1.0  # the flusher's period: a record waits at most this long for its checkpoint
    try:
        for round_number in range(1, args.rounds + 1):
            process, port = start_wine_server(server, work, server_arguments)
            stop, lock, acks = threading.Event(), threading.Lock(), []
            threads = [threading.Thread(target=client, args=(port, rows, stop, acks, lock)) for _ in range(2)]
            for thread in threads:
                thread.start()
            time.sleep(random.uniform(2.0, 6.0))
            process.send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            process.wait()
            stop.set()
            for thread in threads:
                thread.join()
            window = args.checkpoint_seconds + tick + 0.25
            at_risk = sum(1 for t in acks if t > killed_at - window)
            answered += len(acks)
            loss_allowance += at_risk
            temporaries = [name for _, _, names in os.walk(directory) for name in names if ".tmp-" in name]
            print(f"round {round_number:3d}: {len(acks):6d} answered, {at_risk:5d} in the last "
                  f"{window:.2f} s before the kill, {len(temporaries)} temporary file(s) left")

        process, port = start_wine_server(server, work, server_arguments)
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=60)
        if status != 0:
            failures.append(f"the final server exited with {status} on SIGTERM")

        files = [os.path.join(path, name) for path, _, names in os.walk(directory) for name in names]
        windows = [f for f in files if f.endswith(".bin.gz")]
        bad_names = [f for f in windows if os.path.basename(f).startswith(".")]
        corrupt = [f for f in files if f.endswith(".corrupt")]
        leftovers = [f for f in files if ".tmp-" in os.path.basename(f) or f.endswith(".checkpoint")]
        if bad_names:
            failures.append(f"temporary names look like windows: {bad_names}")
        if corrupt:
            failures.append(f"checkpoints set aside as corrupt: {corrupt}")
        if leftovers:
            failures.append(f"left after a graceful stop: {leftovers}")
        recorded, error = predictions_in_windows(profile, directory, work)
        if error:
            failures.append(f"a window file does not decode: {error}")
        lost = None if recorded is None else answered - recorded
        print(f"{len(windows)} window files, all decode: {error is None}; "
              f"answered {answered}, recorded {recorded}, lost {lost} (allowed {loss_allowance})")
        if recorded is not None and recorded > answered:
            failures.append(f"{recorded} records for {answered} answers: some were counted twice")
        if lost is not None and lost > loss_allowance:
            failures.append(f"lost {lost} records, more than the {loss_allowance} in the last checkpoint intervals")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(failures, f" (seed {args.seed})")


if __name__ == "__main__":
    sys.exit(main())
