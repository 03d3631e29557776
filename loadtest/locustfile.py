"""Locust traffic for wine-server, shaped like the classic FastAPI + Prometheus + Grafana + Locust demo.

Each simulated user waits 0.05-0.2 s between tasks and picks, by weight:

* ``GET /healthcheck`` (weight 1);
* ``POST /predict`` with a random wine row from the UCI data (weight 10);
* ``POST /predict`` with the same kind of row, one random field replaced by the string
  ``"bad data"`` (weight 2, reported as ``/predict [bad data]``): the expected 422 counts as a
  success, any other answer as a failure;
* ``POST /feedback`` with the true quality of a row this user had predicted, joined by
  ``prediction_id`` (weight 1);
* ``POST /classify`` with a random wine row: the good-wine classifier (weight 5);
* ``POST /feedback`` with ``"good"`` (quality >= 7) for a row this user had classified, shown
  as ``/feedback [good]`` (weight 1).

Each user is in one region (``eu-west``, ``us-east`` or ``ap-south``, drawn at start); four in
five of its model calls carry it as the optional ``"region"`` field, the rest have none, so
``wine-server --segment-by region`` writes a segment per region and one ``nan`` segment.

Traffic modes:

* ``normal`` (default): red-wine rows, the data the model was trained on;
* ``drifted``: white-wine rows, whose chemistry differs strongly, so the drift gauges rise.

Choose the mode with ``--traffic drifted`` or ``WINE_TRAFFIC=drifted`` (the option wins).
The rows are read from ``../fixtures/wine-quality/`` relative to this file, or from the
directory in ``WINE_DATA_DIR``.

Run (from the repository root, with a server listening on PORT)::

    python3 -m venv .build/loadtest-venv
    .build/loadtest-venv/bin/pip install -r loadtest/requirements.txt

    # normal traffic, headless, 15 s
    .build/loadtest-venv/bin/locust -f loadtest/locustfile.py --headless -u 10 -r 5 -t 15s \\
        --host http://127.0.0.1:PORT --only-summary

    # drifted traffic (either form)
    .build/loadtest-venv/bin/locust -f loadtest/locustfile.py --headless -u 10 -r 5 -t 15s \\
        --host http://127.0.0.1:PORT --only-summary --traffic drifted
    WINE_TRAFFIC=drifted .build/loadtest-venv/bin/locust -f loadtest/locustfile.py --headless \\
        -u 10 -r 5 -t 15s --host http://127.0.0.1:PORT --only-summary

    # with the web UI on http://127.0.0.1:8089 (the mode is a field of the start form)
    .build/loadtest-venv/bin/locust -f loadtest/locustfile.py --host http://127.0.0.1:PORT
"""

from __future__ import annotations

import csv
import json
import os
import random
from collections import deque
from pathlib import Path

from locust import HttpUser, between, events, task

TRAFFIC_MODES = ("normal", "drifted")
DATA_FILES = {"normal": "winequality-red.csv", "drifted": "winequality-white.csv"}

# The CSV column names whose API name is not simply "lower case, spaces to underscores".
SPECIAL_NAMES = {"pH": "ph", "alcohol": "alcohol_pct_vol"}
LABEL_COLUMN = "quality"
# A wine is good from this quality on (the classifier behind /classify).
GOOD_QUALITY = 7
BAD_VALUE = "bad data"
# The optional "region" field of model calls (wine-server --segment-by region).
REGIONS = ("eu-west", "us-east", "ap-south")


def api_name(csv_name: str) -> str:
    """The JSON field name wine-server expects for a CSV column."""
    return SPECIAL_NAMES.get(csv_name, csv_name.lower().replace(" ", "_"))


def data_directory() -> Path:
    override = os.environ.get("WINE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parent.parent / "fixtures" / "wine-quality"


def load_rows(path: Path) -> list[tuple[dict[str, float], float]]:
    """Reads a UCI wine CSV: a list of (features by API name, true quality)."""
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=";", quotechar='"')
        header = next(reader)
        if LABEL_COLUMN not in header:
            raise ValueError(f"{path}: no '{LABEL_COLUMN}' column in the header {header}")
        label_index = header.index(LABEL_COLUMN)
        names = [api_name(column) for column in header]
        for line_number, fields in enumerate(reader, start=2):
            if not fields:
                continue
            if len(fields) != len(header):
                raise ValueError(f"{path}:{line_number}: {len(fields)} fields, expected {len(header)}")
            features = {
                name: float(value)
                for index, (name, value) in enumerate(zip(names, fields))
                if index != label_index
            }
            rows.append((features, float(fields[label_index])))
    if not rows:
        raise ValueError(f"{path}: no data rows")
    return rows


_ROWS: dict[str, list[tuple[dict[str, float], float]]] = {}


def rows_for(mode: str) -> list[tuple[dict[str, float], float]]:
    """The rows of a traffic mode, read once per process."""
    if mode not in _ROWS:
        _ROWS[mode] = load_rows(data_directory() / DATA_FILES[mode])
    return _ROWS[mode]


@events.init_command_line_parser.add_listener
def _add_arguments(parser):
    parser.add_argument(
        "--traffic",
        choices=TRAFFIC_MODES,
        default="normal",
        env_var="WINE_TRAFFIC",
        include_in_web_ui=True,
        help="normal: red-wine rows (the training data); drifted: white-wine rows. "
        "Also WINE_TRAFFIC.",
    )


def traffic_mode(environment) -> str:
    options = getattr(environment, "parsed_options", None)
    mode = getattr(options, "traffic", None) or os.environ.get("WINE_TRAFFIC") or "normal"
    mode = mode.strip().lower()
    if mode not in TRAFFIC_MODES:
        raise ValueError(f"unknown traffic mode {mode!r}: expected one of {', '.join(TRAFFIC_MODES)}")
    return mode


@events.test_start.add_listener
def _announce(environment, **_kwargs):
    mode = traffic_mode(environment)
    rows = rows_for(mode)  # fail early on a missing or malformed file
    print(f"wine traffic: {mode} ({len(rows)} rows from {data_directory() / DATA_FILES[mode]})")


class WineUser(HttpUser):
    wait_time = between(0.05, 0.2)

    # Predictions this user made and has not reported the truth for yet: (prediction_id, quality).
    # Bounded, so a user that predicts far more often than it reports does not grow without end.
    MAX_PENDING = 100

    def on_start(self):
        self.rows = rows_for(traffic_mode(self.environment))
        self.pending = deque(maxlen=self.MAX_PENDING)
        # Classifications awaiting their truth: (prediction_id, good).
        self.pending_classifications = deque(maxlen=self.MAX_PENDING)
        self.region = random.choice(REGIONS)

    @task(1)
    def healthcheck(self):
        self.client.get("/healthcheck")

    @task(10)
    def predict(self):
        features, quality = random.choice(self.rows)
        prediction_id = self.call_model("/predict", features, lambda body: float(body["quality"]))
        if prediction_id is not None:
            self.pending.append((prediction_id, quality))

    @task(2)
    def predict_bad_data(self):
        features, _ = random.choice(self.rows)
        field = random.choice(list(features))
        payload = dict(features)
        payload[field] = BAD_VALUE
        with self.client.post(
            "/predict", json=payload, name="/predict [bad data]", catch_response=True
        ) as response:
            if response.status_code != 422:
                response.failure(f"expected 422 for '{field}', got {response.status_code}: {response.text[:200]}")
            elif field not in response.text:
                response.failure(f"422 does not name the bad field '{field}': {response.text[:200]}")
            else:
                response.success()

    @task(1)
    def feedback(self):
        if not self.pending:
            return  # nothing predicted yet: no request this time
        prediction_id, quality = self.pending.popleft()
        self.send_feedback({"prediction_id": prediction_id, "quality": quality}, name="/feedback")

    @task(5)
    def classify(self):
        features, quality = random.choice(self.rows)

        def check(body):
            if not isinstance(body["good"], bool) or not 0 <= float(body["score"]) <= 1:
                raise ValueError("good must be a bool and score a probability")

        prediction_id = self.call_model("/classify", features, check)
        if prediction_id is not None:
            self.pending_classifications.append((prediction_id, quality >= GOOD_QUALITY))

    def call_model(self, route, features, check):
        """Posts a row to a model; returns its prediction id, or None (a failure) when the answer is
        not 200 or `check` (or reading the id) raises. Four calls in five carry the user's region."""
        payload = dict(features, region=self.region) if random.random() < 0.8 else features
        with self.client.post(route, json=payload, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"expected 200, got {response.status_code}: {response.text[:200]}")
                return None
            try:
                body = response.json()
                check(body)
                prediction_id = body["prediction_id"]
            except (ValueError, KeyError, TypeError):
                response.failure(f"unexpected body: {response.text[:200]}")
                return None
            response.success()
            return prediction_id

    @task(1)
    def classify_feedback(self):
        if not self.pending_classifications:
            return
        prediction_id, good = self.pending_classifications.popleft()
        self.send_feedback({"prediction_id": prediction_id, "good": good}, name="/feedback [good]")

    def send_feedback(self, payload: dict, name: str) -> None:
        """Reports a ground truth; a 404 (the prediction is no longer held) is a failure."""
        with self.client.post(
            "/feedback",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                response.success()
            elif response.status_code == 404:
                response.failure("prediction no longer held by the server (expired, evicted, or server restarted)")
            else:
                response.failure(f"expected 200, got {response.status_code}: {response.text[:200]}")
