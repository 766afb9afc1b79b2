#!/usr/bin/env python3
"""Schemathesis, with every check, against a running Burnrate and the OpenAPI document it serves.

    pip install schemathesis
    python3 scripts/run-schemathesis.py http://127.0.0.1:8080 [extra schemathesis run options]

Covers every operation of /openapi.json in all four phases (examples, coverage, fuzzing,
stateful) with positive and negative data and every check (`--checks all`: server errors,
status codes, content types, response headers and schemas, acceptance of valid and rejection of
invalid data, missing headers, undeclared methods and their Allow header, ...). Exits non-zero
with schemathesis's report when it finds a failure, and when schemathesis is not installed.

The run is bounded (SCHEMATHESIS_MAX_EXAMPLES cases per operation and phase, default 15) and
repeatable (SCHEMATHESIS_SEED, default 1). Point the server's proxy at a fake upstream: a proxy
route whose upstream cannot be reached answers 502, which counts as a server error.

Rules the document states in prose because JSON Schema cannot (`from` before `to`, a CSV file's
columns) are applied to schema-valid (positive) cases only, by the hooks below, so that a
rejection of a valid request is still the server's or the document's failure; invalid
(negative) cases are left as generated.
"""
import csv
import datetime
import io
import sys

import schemathesis
from schemathesis.cli import schemathesis as cli

# Query parameters holding an instant: RFC 3339 or YYYY-MM-DD.
INSTANTS = ("from", "to")


def parse_instant(text):
    """The instant `text` names (a date is midnight UTC), or None."""
    if not isinstance(text, str):
        return None
    try:
        if len(text) == 10:
            return datetime.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
        return datetime.datetime.fromisoformat(text.replace("z", "Z").replace("t", "T").replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        return None


def ordered_range(query):
    """`from` before `to`: swaps an inverted pair and drops a `from` that is not before `to`."""
    start, end = parse_instant(query.get("from")), parse_instant(query.get("to"))
    if start is None or end is None:
        return
    if start > end:
        query["from"], query["to"] = query["to"], query["from"]
    elif start == end:
        del query["from"]


def is_positive(case):
    return case.meta is not None and case.meta.generation.mode.is_positive


def points_within_cap(query, now):
    """A time series holds at most 5000 intervals: shortens a longer range from its start."""
    seconds = {"hour": 3600, "day": 86_400, "week": 604_800, "month": 2_419_200}[query.get("interval", "day")]
    start, end = parse_instant(query.get("from")), parse_instant(query.get("to")) or now
    if start is None or end <= start or (end - start).total_seconds() / seconds <= 5000:
        return
    query["to"] = (start + datetime.timedelta(seconds=seconds * 4999)).strftime("%Y-%m-%dT%H:%M:%SZ")


@schemathesis.hook
def map_case(context, case):
    if not is_positive(case):
        return case
    path = case.operation.path
    query = case.query if isinstance(case.query, dict) else {}
    if all(name in query for name in INSTANTS):
        ordered_range(query)
    elif (start := parse_instant(query.get("from"))) and start >= datetime.datetime.now(datetime.timezone.utc):
        del query["from"]  # without `to` the range ends now, so it must start earlier
    if path == "/api/v1/forecast" and "history" in query and "from" in query:
        del query["history"]  # history and from exclude each other
    if path == "/api/v1/timeseries":
        try:
            points_within_cap(query, datetime.datetime.now(datetime.timezone.utc))
        except (OverflowError, ValueError):
            query.pop("from", None)
    if path in ("/api/v1/budgets", "/api/v1/budgets/{id}") and isinstance(case.body, dict):
        if isinstance(case.body.get("thresholds"), list):
            case.body["thresholds"] = sorted(case.body["thresholds"])  # ascending
    if isinstance(case.headers, dict):
        case.headers.pop("X-Burnrate-Upstream", None)  # must name an upstream of the server's settings
    if path == "/costs" and query.get("format") == "csv" and not query.get("table"):
        query["table"] = "categories"  # a download names its table
    return case


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: scripts/run-schemathesis.py BASE_URL [schemathesis run options]")
    import os

    base = sys.argv[1].rstrip("/")
    # SCHEMATHESIS_OPENAPI: a document file to test instead of the served one, with the server's URL.
    local = os.environ.get("SCHEMATHESIS_OPENAPI")
    config = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemathesis.toml")
    sys.argv = [
        "schemathesis",
        "--config-file",
        config,
        "run",
        *([local, "--url", base] if local else [f"{base}/openapi.json"]),
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"),
        "--seed",
        os.environ.get("SCHEMATHESIS_SEED", "1"),
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--wait-for-schema",
        "30",
        *sys.argv[2:],
    ]
    sys.exit(cli())
