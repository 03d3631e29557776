#!/usr/bin/env python3
"""Check a Grafana dashboard's PromQL against what wine-server actually exports.

Static mode (always): every ``expr`` of every panel target (rows and nested panels included) and
every ``label_values(...)`` template-variable query is scanned for ``serverhook_*`` metric names;
each must be present in a Prometheus text exposition:

* a name that is a sample name in the exposition is fine;
* otherwise its family (the name less ``_bucket``/``_sum``/``_count``) must be declared by a
  ``# TYPE`` line with a type that has such a series (histogram for ``_bucket``; histogram or
  summary for ``_sum``/``_count``; counter, gauge or untyped for a bare name). Such a name has
  no series yet: a warning, or an error with ``--require-series``.

It also rejects expressions that pin the ``instance`` label to a literal value instead of
``$instance``.

Prometheus mode (``--prometheus URL``): each expression, with the dashboard variables replaced
(``$instance``/``$route`` by ``.*``, ``$__rate_interval`` by ``30s``, ``$__interval`` by ``15s``,
``$__range`` by ``5m``), is run through ``URL/api/v1/query``; a query error fails the check,
an empty result is reported (and fails with ``--require-data``). Template variable queries
``label_values(SELECTOR, LABEL)`` go through ``/api/v1/series``.

Usage::

    python3 deploy/check_dashboard.py metrics.txt
    curl -s http://127.0.0.1:8080/metrics | python3 deploy/check_dashboard.py -
    python3 deploy/check_dashboard.py --url http://127.0.0.1:8080/metrics
    python3 deploy/check_dashboard.py --url http://127.0.0.1:8080/metrics --prometheus http://127.0.0.1:9090

Exit status: 0 all good, 1 problems found (listed on standard output), 2 bad usage or an input
that cannot be read. Python 3.8 or newer, standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEFAULT_DASHBOARD = Path(__file__).resolve().parent / "grafana" / "wine-server-dashboard.json"
METRIC_PREFIX = "serverhook_"
NAME_PATTERN = re.compile(r"(?<![A-Za-z0-9_:])" + METRIC_PREFIX + r"[A-Za-z0-9_:]*")
SUFFIXES = ("_bucket", "_sum", "_count")
LABEL_VALUES = re.compile(r"^\s*label_values\s*\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$", re.S)
LITERAL_INSTANCE = re.compile(r"""\binstance\s*(=~|!~|=|!=)\s*"(?!\$instance"|\$\{instance\}")[^"]*\"""")

# Dashboard variables and the values they take when a query is sent to Prometheus directly.
SUBSTITUTIONS = {
    "instance": ".*",
    "route": ".*",
    "__rate_interval": "30s",
    "__interval": "15s",
    "__range": "5m",
}
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]|\$([A-Za-z_][A-Za-z0-9_]*)")


# ---------------------------------------------------------------------------- dashboard


def walk_panels(panels, path=()):
    """Yields (panel title path, panel) for every panel, rows' nested panels included."""
    for panel in panels or []:
        title = panel.get("title") or f"panel {panel.get('id', '?')}"
        here = path + (title,)
        yield here, panel
        yield from walk_panels(panel.get("panels"), here)


def dashboard_expressions(dashboard):
    """(where, expr) for every panel target and (where, query) for every query variable."""
    panel_exprs = []
    for path, panel in walk_panels(dashboard.get("panels")):
        for target in panel.get("targets") or []:
            expr = target.get("expr")
            if isinstance(expr, str) and expr.strip():
                where = " / ".join(path) + f" [{target.get('refId', '?')}]"
                panel_exprs.append((where, expr))
    variable_queries = []
    for variable in (dashboard.get("templating") or {}).get("list") or []:
        if variable.get("type") != "query":
            continue
        query = variable.get("query")
        if isinstance(query, dict):
            query = query.get("query")
        query = query or variable.get("definition")
        if isinstance(query, str) and query.strip():
            variable_queries.append((f"variable ${variable.get('name', '?')}", query))
    return panel_exprs, variable_queries


# ---------------------------------------------------------------------------- exposition


def parse_exposition(text):
    """(family name -> type from # TYPE lines, set of sample names)."""
    families = {}
    samples = set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            parts = line.split(None, 3)
            if len(parts) >= 4 and parts[1] == "TYPE":
                families[parts[2]] = parts[3].strip().lower()
            continue
        match = re.match(r"[A-Za-z_:][A-Za-z0-9_:]*", line)
        if match:
            samples.add(match.group(0))
    return families, samples


def split_suffix(name):
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def classify(name, families, samples):
    """'ok', 'no-series' (declared, nothing exported yet) or an error message."""
    if name in samples:
        return "ok"
    family, suffix = split_suffix(name)
    kind = families.get(name) if not suffix else families.get(family)
    if kind is None and suffix:
        # A counter or gauge whose own name ends in _count/_sum: declared under the full name.
        kind, family, suffix = families.get(name), name, ""
    if kind is None:
        known_family = family if any(split_suffix(s)[0] == family for s in samples) else None
        if known_family:
            return f"unknown series of family {known_family}"
        return "unknown metric"
    allowed = {
        "histogram": {"_bucket", "_sum", "_count"},
        "gaugehistogram": {"_bucket"},
        "summary": {"_sum", "_count", ""},
        "counter": {""},
        "gauge": {""},
        "untyped": {""},
        "unknown": {""},
    }.get(kind, {""})
    if suffix not in allowed:
        if suffix:
            return f"{family} is a {kind}: it has no {suffix} series"
        return f"{family} is a {kind}: use {family}_bucket, _sum or _count"
    return "no-series"


# ---------------------------------------------------------------------------- prometheus


def substitute(expr):
    """The expression with dashboard variables replaced; raises KeyError on an unknown one."""

    def replace(match):
        name = match.group(1) or match.group(2) or match.group(3)
        if name not in SUBSTITUTIONS:
            raise KeyError(name)
        return SUBSTITUTIONS[name]

    return VARIABLE.sub(replace, expr)


def prometheus_call(base, endpoint, params, timeout):
    data = urllib.parse.urlencode(params, doseq=True).encode()
    request = urllib.request.Request(
        base.rstrip("/") + endpoint, data=data,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:  # 400/422 carry the PromQL error as JSON
        body = error.read()
    try:
        payload = json.loads(body)
    except ValueError:
        return None, f"not a Prometheus API answer: {body[:200]!r}"
    if payload.get("status") != "success":
        return None, f"{payload.get('errorType', 'error')}: {payload.get('error', payload)}"
    return payload.get("data"), None


def check_with_prometheus(base, panel_exprs, variable_queries, require_data, timeout, out):
    problems = 0
    empty = 0
    for where, expr in panel_exprs:
        try:
            query = substitute(expr)
        except KeyError as error:
            out(f"ERROR {where}: unknown dashboard variable ${error.args[0]} in: {expr}")
            problems += 1
            continue
        data, error = prometheus_call(base, "/api/v1/query", {"query": query}, timeout)
        if error:
            out(f"ERROR {where}: query failed: {error}\n      query: {query}")
            problems += 1
        elif not (data or {}).get("result"):
            empty += 1
            out(f"{'ERROR' if require_data else 'note '} {where}: no data for: {query}")
            problems += 1 if require_data else 0
    for where, query in variable_queries:
        match = LABEL_VALUES.match(query)
        if not match:
            continue  # label_values(label), label_names() and plain queries are not checked here
        selector, label = match.group(1), match.group(2)
        try:
            selector = substitute(selector)
        except KeyError as error:
            out(f"ERROR {where}: unknown dashboard variable ${error.args[0]} in: {query}")
            problems += 1
            continue
        data, error = prometheus_call(base, "/api/v1/series", {"match[]": selector}, timeout)
        if error:
            out(f"ERROR {where}: series query failed: {error}\n      selector: {selector}")
            problems += 1
        elif not any(label in series for series in data or []):
            empty += 1
            out(f"{'ERROR' if require_data else 'note '} {where}: no series of {selector} has a '{label}' label")
            problems += 1 if require_data else 0
    return problems, empty


# ---------------------------------------------------------------------------- main


def read_exposition(args):
    if args.url:
        request = urllib.request.Request(args.url, headers={"Accept": "text/plain"})
        with urllib.request.urlopen(request, timeout=args.timeout) as response:
            return response.read().decode("utf-8", "replace"), args.url
    if args.metrics == "-":
        return sys.stdin.read(), "standard input"
    return Path(args.metrics).read_text(encoding="utf-8"), args.metrics


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Check that every serverhook_* metric a Grafana dashboard queries is exported.")
    parser.add_argument("metrics", nargs="?", help="a Prometheus text exposition file ('-' for standard input)")
    parser.add_argument("--url", help="fetch the exposition from this /metrics URL instead")
    parser.add_argument("--dashboard", default=str(DEFAULT_DASHBOARD),
                        help="the dashboard JSON (default: %(default)s)")
    parser.add_argument("--prometheus", metavar="URL",
                        help="also run every expression through this Prometheus (e.g. http://127.0.0.1:9090)")
    parser.add_argument("--require-series", action="store_true",
                        help="fail on names that are declared but have no series yet")
    parser.add_argument("--require-data", action="store_true",
                        help="with --prometheus: fail on expressions that return no data")
    parser.add_argument("--timeout", type=float, default=10.0, help="HTTP timeout in seconds (default 10)")
    args = parser.parse_args(argv)
    if bool(args.metrics) == bool(args.url):
        parser.error("give exactly one of a metrics file (or '-') and --url")

    try:
        dashboard = json.loads(Path(args.dashboard).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"check_dashboard: cannot read the dashboard {args.dashboard}: {error}", file=sys.stderr)
        return 2
    if "dashboard" in dashboard and "panels" not in dashboard:
        dashboard = dashboard["dashboard"]  # an export wrapped for the HTTP API
    try:
        text, source = read_exposition(args)
    except (OSError, urllib.error.URLError, ValueError) as error:
        print(f"check_dashboard: cannot read the metrics: {error}", file=sys.stderr)
        return 2

    families, samples = parse_exposition(text)
    panel_exprs, variable_queries = dashboard_expressions(dashboard)
    print(f"dashboard: {args.dashboard}: {len(panel_exprs)} panel expressions, "
          f"{len(variable_queries)} variable queries")
    print(f"metrics:   {source}: {len(families)} families, {len(samples)} sample names")
    if not panel_exprs:
        print("ERROR the dashboard has no panel expressions")
        return 1

    referenced = {}
    for where, expr in panel_exprs + variable_queries:
        for name in NAME_PATTERN.findall(expr):
            referenced.setdefault(name, []).append(where)

    errors = []
    warnings = []
    for name in sorted(referenced):
        verdict = classify(name, families, samples)
        used_in = referenced[name]
        detail = f"{name}  (used in {len(used_in)} place(s), e.g. {used_in[0]})"
        if verdict == "ok":
            continue
        if verdict == "no-series":
            (errors if args.require_series else warnings).append(f"declared but no series yet: {detail}")
        else:
            errors.append(f"{verdict}: {detail}")
    for where, expr in panel_exprs:
        if LITERAL_INSTANCE.search(expr):
            errors.append(f"hard-coded instance (use $instance): {where}: {expr}")

    for warning in warnings:
        print(f"warning {warning}")
    for error in errors:
        print(f"ERROR   {error}")
    ok_names = len(referenced) - len(errors) - len(warnings)
    print(f"static:  {len(referenced)} serverhook_* names referenced, {ok_names} with series, "
          f"{len(warnings)} warning(s), {len(errors)} error(s)")

    problems = len(errors)
    if args.prometheus:
        query_problems, empty = check_with_prometheus(
            args.prometheus, panel_exprs, variable_queries, args.require_data, args.timeout, print)
        print(f"prometheus: {len(panel_exprs)} expressions and {len(variable_queries)} variable queries "
              f"run against {args.prometheus}: {query_problems} problem(s), {empty} without data")
        problems += query_problems

    print("FAIL" if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
