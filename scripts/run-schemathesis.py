#!/usr/bin/env python3
"""Schemathesis, with every check, against a running Burnrate and the OpenAPI document it serves.

    pip install schemathesis
    python3 scripts/run-schemathesis.py http://127.0.0.1:8080 [extra schemathesis run options]

Covers every operation of /openapi.json in all four phases (examples, coverage, fuzzing,
stateful) with positive and negative data and every check (`--checks all`: server errors,
status codes, content types, response headers and schemas, acceptance of valid and rejection of
invalid data, missing headers, undeclared methods and their Allow header, ...). Exits non-zero
with schemathesis's report when it finds a failure, and when schemathesis is not installed.

The run is bounded (SCHEMATHESIS_MAX_EXAMPLES cases per operation and phase, default 10) and
repeatable (SCHEMATHESIS_SEED, default 1). Point the server's proxy at a fake upstream: a proxy
route whose upstream cannot be reached answers 502, which counts as a server error.

Rules the document states in prose because JSON Schema cannot (`from` before `to` and at most 3660
days apart, a CSV file's
columns) are applied to schema-valid (positive) cases only, by the hooks below, so that a
rejection of a valid request is still the server's or the document's failure; invalid
(negative) cases are left as generated.
"""
import datetime
import os
import sys

import schemathesis
from schemathesis.cli import schemathesis as cli

# Query parameters holding an instant: RFC 3339 or YYYY-MM-DD.
INSTANTS = ("from", "to")
# Tables every /costs page has (the by-DIMENSION ones depend on the data).
RUN_HEADERS = ("x-burnrate-session", "x-burnrate-trace", "x-burnrate-parent", "x-burnrate-step")
COSTS_TABLES = ("requests", "daily", "categories", "tokens")
TOKENS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
          "reasoning_tokens", "original_input_tokens")


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


def rfc3339(instant):
    """`instant` in UTC as RFC 3339, its year in four digits (strftime writes year 240 as "240")."""
    utc = instant.astimezone(datetime.timezone.utc)
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


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


def consistent_usage(event, now):
    """Token counts as the convention nests them, and a time at most a day ahead."""
    if not isinstance(event, dict):
        return
    def count(name):
        value = event.get(name)
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        return int(value) if whole and not isinstance(value, bool) else 0
    cache = count("cache_read_tokens") + count("cache_write_tokens")
    if cache > 1_000_000_000:
        event["cache_write_tokens"] = event["cache_write_1h_tokens"] = 0
        cache = count("cache_read_tokens")
    event["input_tokens"] = max(count("input_tokens"), cache)
    if count("cache_write_1h_tokens") > count("cache_write_tokens"):
        event["cache_write_1h_tokens"] = count("cache_write_tokens")
    if count("reasoning_tokens") > count("output_tokens"):
        event["reasoning_tokens"] = count("output_tokens")
    if "original_input_tokens" in event and event["original_input_tokens"] is not None:
        event["original_input_tokens"] = max(count("original_input_tokens"), count("input_tokens"))
    stamp = parse_instant(event.get("timestamp"))
    if stamp is not None and stamp > now:
        event["timestamp"] = rfc3339(now)


def csv_file(path, text):
    """A file of the operation's CSV format (its columns are documented in prose), with a row whose
    values vary with the generated `text`."""
    word = "".join(c for c in str(text) if c.isascii() and c.isalnum())[:24] or "gpu"
    amount = f"{len(str(text)) + 1}.25"
    if path == "/api/v1/costs/import":
        return f"category,service,amount_usd,period_start,period_end\ncompute,{word},{amount},2026-11-01,2026-11-02\n"
    return f"date,provider,model,cost_usd\n2026-11-01,openai,{word},{amount}\n"


def cost_period(item, now):
    """A period within ten years of now, its end after its start."""
    if not isinstance(item, dict):
        return
    start = parse_instant(item.get("period_start"))
    if start is not None and abs((start - now).days) > 3650:
        start = datetime.datetime(now.year, 1, 1, tzinfo=datetime.timezone.utc)
        item["period_start"] = rfc3339(start)
    end = parse_instant(item.get("period_end"))
    if start is not None and end is not None and (end <= start or abs((end - now).days) > 3650):
        item["period_end"] = rfc3339(start + datetime.timedelta(days=1))


def modest_projection(values):
    """An ROI projection whose sums stay within the range money is held in (about 4.6 billion
    USD; a larger one is refused with 400): amounts of at most 100 000 USD, at most 100 hours of
    work per investment and 20 investments, a business scenario of at most a million units a
    month of at most 10 000 tokens each, scenarios of at most twice the savings, and growth of
    at most 3% a month (the optimistic scenario grows half as fast again), so that 120 months of
    every scenario fit."""
    if isinstance(values, list):
        for value in values:
            modest_projection(value)
        return
    if not isinstance(values, dict):
        return
    caps = {
        "hours": 100, "units_per_month": 1_000_000, "input_tokens_per_unit": 10_000, "output_tokens_per_unit": 10_000,
        "savings_multiplier": 2,
    }
    for key, value in list(values.items()):
        if key in ("growth",) and isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0.03:
            values[key] = 0.03
        elif key.endswith("_usd") or key in ("investment", "monthly_savings", "recurring_cost") or key in caps:
            cap = caps.get(key, 100_000)
            try:
                if float(value) > cap:
                    values[key] = str(cap) if isinstance(value, str) else cap
            except (TypeError, ValueError):
                pass
        elif key in ("scenarios", "investments"):
            if key == "investments" and isinstance(value, list):
                del value[20:]
            modest_projection(value)


def range_within_cap(query, now):
    """A range covers at most 3660 days (Limits.maximumRangeDays): moves a longer one's start
    later; without `from` the server's default range is short."""
    start, end = parse_instant(query.get("from")), parse_instant(query.get("to")) or now
    if start is None or end <= start or (end - start).days < 3660:
        return
    query["from"] = rfc3339(end - datetime.timedelta(days=3659))


def points_within_cap(query, now):
    """A time series holds at most 5000 intervals: shortens a longer range from its start."""
    seconds = {"hour": 3600, "day": 86_400, "week": 604_800, "month": 2_419_200}[query.get("interval", "day")]
    start, end = parse_instant(query.get("from")), parse_instant(query.get("to")) or now
    if start is None or end <= start or (end - start).total_seconds() / seconds <= 5000:
        return
    query["to"] = rfc3339(start + datetime.timedelta(seconds=seconds * 4999))


@schemathesis.hook
def map_case(context, case):
    if not is_positive(case):
        # An instant mutated to null, [] or {} is dropped from the query string, so the server
        # never sees it (and a number among strings is a string once sent): make it an invalid
        # instant the server does see, so the case stays invalid on the wire.
        if isinstance(case.query, dict):
            for name in INSTANTS:
                if name in case.query and (case.query[name] is None or case.query[name] in ([], {})):
                    case.query[name] = "not-an-instant"
        return case
    path = case.operation.path
    query = case.query if isinstance(case.query, dict) else {}
    start, end = parse_instant(query.get("from")), parse_instant(query.get("to"))
    if start is not None and end is not None:
        ordered_range(query)
    elif start is not None and start >= datetime.datetime.now(datetime.timezone.utc):
        del query["from"]  # without `to` the range ends now, so it must start earlier
    try:
        range_within_cap(query, datetime.datetime.now(datetime.timezone.utc))
    except (OverflowError, ValueError):
        query.pop("from", None)
    if path == "/api/v1/reprice" and isinstance(case.body, dict) and "from" in case.body and "to" in case.body:
        try:
            range_within_cap(case.body, datetime.datetime.now(datetime.timezone.utc))
        except (OverflowError, ValueError):
            case.body.pop("from", None)
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
    if path == "/api/v1/events" and case.method == "POST":
        events = case.body if isinstance(case.body, list) else [case.body]
        for event in events:
            consistent_usage(event, datetime.datetime.now(datetime.timezone.utc))
    if path == "/api/v1/outcomes" and case.method == "POST":
        body = case.body.get("outcomes") if isinstance(case.body, dict) and "outcomes" in case.body else case.body
        for outcome in body if isinstance(body, list) else [body]:
            if isinstance(outcome, dict):
                stamp = parse_instant(outcome.get("timestamp"))
                if stamp is not None and stamp > datetime.datetime.now(datetime.timezone.utc):
                    outcome["timestamp"] = rfc3339(datetime.datetime.now(datetime.timezone.utc))  # at most 24 h ahead
    if path in ("/api/v1/costs/import", "/api/v1/reconciliation/charges") and isinstance(case.body, str):
        case.body = csv_file(path, case.body)
    if path == "/api/v1/costs" and case.method == "POST":
        cost_period(case.body, datetime.datetime.now(datetime.timezone.utc))
        item = case.body if isinstance(case.body, dict) else {}
        if item.get("allocation_basis") is not None and item.get("allocate_by") is None:
            item["allocate_by"] = "tenant"  # a shared cost says who shares it
    if path == "/api/v1/breakdown" and isinstance(query.get("by"), str):
        keys = query["by"].split(",")
        query["by"] = ",".join(dict.fromkeys(keys))  # two different keys
    if path == "/api/v1/roi/scenarios" and isinstance(case.body, dict) and case.body.get("units_per_month") is not None:
        # A business scenario names a model of the price catalog (data, like an id) and, if
        # self-hosted, one of its two forms: keep the API side only, on a priced model.
        case.body["api"] = {"model": "gpt-4o"}
        case.body.pop("self_hosted", None)
    if path in ("/api/v1/roi", "/api/v1/roi/scenarios", "/roi"):
        modest_projection(query)
        modest_projection(case.body)
    if case.headers is not None:
        for name in [name for name in case.headers if name.lower() == "x-burnrate-upstream"]:
            del case.headers[name]  # must name an upstream of the server's settings
        for name in [name for name in case.headers if name.lower() in RUN_HEADERS]:
            if isinstance(case.headers[name], str):
                # The HTTP client sends no value with whitespace at its ends; the server trims it.
                case.headers[name] = case.headers[name].strip(" \t")
    if path == "/costs" and query.get("format") == "csv" and query.get("table") not in COSTS_TABLES:
        query["table"] = "categories"  # a download names one of the page's tables
    if path == "/sessions" and query.get("format") == "csv" and query.get("table") not in ("distribution", "runs", "steps"):
        query["table"] = "runs"
    return case


@schemathesis.hook
def map_body(context, body):
    """The stateful phase builds bodies without `map_case`: events get their token nesting here.
    Only counts the schema allows (whole numbers from 0 to 10^9, or null) are touched, so an
    invalid case stays invalid."""
    if context.operation is None or context.operation.path != "/api/v1/events" or context.operation.method.upper() != "POST":
        return body
    for event in body if isinstance(body, list) else [body]:
        if isinstance(event, dict) and all(
            event.get(name) is None
            or (type(event[name]) in (int, float) and float(event[name]).is_integer() and 0 <= event[name] <= 1_000_000_000)
            for name in TOKENS
        ):
            consistent_usage(event, datetime.datetime.now(datetime.timezone.utc))
    return body


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: scripts/run-schemathesis.py BASE_URL [schemathesis run options]")

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
        os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"),
        "--seed",
        os.environ.get("SCHEMATHESIS_SEED", "1"),
        # One worker: with two, Hypothesis's lambda-source cache sometimes fails ("AST constructor
        # recursion depth mismatch"), which schemathesis reports as an error.
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--wait-for-schema",
        "30",
        *sys.argv[2:],
    ]
    sys.exit(cli())
