#!/usr/bin/env python3
"""Sends hostile inputs to every operation of a running Burnrate and reports what did not get a 4xx.

Reads the server's own /openapi.json, then for every operation tries each parameter and each
request-body field with extreme integers, huge ranges, long and odd strings, NUL and control
characters, and sends bodies with duplicate keys and deep nesting. After every request it checks
that the server still answers /healthz; a server that stops answering is reported with the request
that stopped it, and the script exits 2. Any 5xx is reported too (exit 1), but for a proxy route's
502 when its upstream cannot be reached (point --openai-base-url at a fake upstream to test those
routes' handling of the body too).

    scripts/hostile.py http://127.0.0.1:8080 [--key ADMIN_KEY] [--quick]

Only loopback addresses are accepted: this sends hostile traffic.
"""
import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

HOSTILE_VALUES = [
    "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999999999",
    "-1", "0", "1e308", "-1e308", "NaN", "inf", "-0", "0.0000000001", "1.5",
    "0001-01-01", "9999-12-31", "0000-00-00", "2026-02-30", "9999-12-31T23:59:59Z",
    "", " ", "a" * 5000, "\x00", "tenant\x00x", "\t=cmd", "../../etc/passwd", "' OR 1=1 --",
    "\U0001F600" * 300, "%", "\\", "null", "[]", "{}",
]
HOSTILE_JSON = [
    9223372036854775807, -9223372036854775808, 10**30, -1, 0, 1e308, -1e308, 0.5,
    "9223372036854775807", "99999999999999999999", "-1", "NaN", "", "a" * 5000, "\u0000", None, True, [], {},
    [1] * 10, {"a": 1},
]
HOSTILE_BODIES = [
    b"", b"{", b"[", b"null", b"true", b"1", b'"x"', b"[]", b"{}",
    b"[" * 100000 + b"]" * 100000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
    b'{"model": "gpt-4o", "model": "x", "input_tokens": 1, "input_tokens": 2}',
    b'{"model": "gpt-4o", "input_tokens": 1e400}',
    b'\xff\xfe\x00garbage',
    b'{"\\ud800": 1}',
]
# Combinations that reach arithmetic no single parameter does.
COMBINATIONS = [
    ("GET", "/api/v1/roi?monthly_savings=1&growth=10"),
    ("GET", "/api/v1/roi?monthly_savings=1&growth=1&months=120"),
    ("GET", "/api/v1/roi?monthly_savings=999999999&growth=1&months=120&discount_rate=1"),
    ("GET", "/api/v1/roi?investment=9223372036&monthly_savings=9223372036&recurring_cost=9223372036"),
    ("GET", "/roi?recurring_cost=300000000"),
    ("GET", "/roi?investment=9223372036&recurring_cost=9223372036&months=120"),
    ("GET", "/api/v1/summary?from=0001-01-01&to=9999-12-31"),
    ("GET", "/api/v1/timeseries?interval=hour&from=0001-01-01&to=9999-12-31"),
    ("GET", "/api/v1/forecast?horizon=9223372036854775807"),
    ("GET", "/api/v1/forecast?history=9223372036854775807&horizon=120&growth=1e308"),
    ("GET", "/api/v1/export/events?from=0001-01-01&to=9999-12-31"),
    ("GET", "/api/v1/export/focus?from=0001-01-01&to=9999-12-31"),
    ("GET", "/api/v1/reports/0001-01?format=csv"),
    ("GET", "/api/v1/reports/9999-W53"),
    ("GET", "/api/v1/reports/chargeback?month=9999-12"),
    ("GET", "/costs?from=0001-01-01&to=9999-12-31"),
    ("GET", "/operations?from=0001-01-01&to=9999-12-31"),
]


def request(base, method, path, body=None, headers=None, timeout=60):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def alive(base):
    try:
        return request(base, "GET", "/healthz", timeout=10)[0] == 200
    except Exception:
        return False


def parameter_names(spec, operation, path_item):
    names = []
    for parameter in operation.get("parameters", []) + path_item.get("parameters", []):
        if "$ref" in parameter:
            parameter = spec["components"]["parameters"][parameter["$ref"].split("/")[-1]]
        names.append((parameter["name"], parameter.get("in", "query")))
    return names


def body_fields(spec, operation):
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        schema = media.get("schema", {})
        seen = 0
        while "$ref" in schema and seen < 5:
            schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
            seen += 1
        for choice in schema.get("oneOf", []) + schema.get("anyOf", []) + [schema]:
            while "$ref" in choice:
                choice = spec["components"]["schemas"][choice["$ref"].split("/")[-1]]
            if choice.get("properties"):
                return list(choice["properties"].keys())
    return []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--key")
    parser.add_argument("--quick", action="store_true", help="fewer values per parameter")
    args = parser.parse_args()
    host = urllib.parse.urlparse(args.base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only a loopback Burnrate may be targeted")
    base = args.base.rstrip("/")
    headers = {"Content-Type": "application/json"}
    if args.key:
        headers["Authorization"] = "Bearer " + args.key
    spec = json.loads(request(base, "GET", "/openapi.json", headers=headers)[1])
    values = HOSTILE_VALUES[:12] if args.quick else HOSTILE_VALUES
    cases = list(COMBINATIONS)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            names = parameter_names(spec, operation, item)
            concrete = path
            for name, place in names:
                if place == "path":
                    concrete = concrete.replace("{" + name + "}", "x")
            for name, place in names:
                for value in values:
                    quoted = urllib.parse.quote(value, safe="")
                    if place == "query":
                        cases.append((method.upper(), f"{concrete}?{urllib.parse.quote(name)}={quoted}"))
                    elif place == "path":
                        cases.append((method.upper(), path.replace("{" + name + "}", quoted)))
            if method in ("post", "put", "patch"):
                for body in HOSTILE_BODIES:
                    cases.append((method.upper(), concrete, body))
                for field in body_fields(spec, operation):
                    for value in HOSTILE_JSON:
                        cases.append((method.upper(), concrete, json.dumps({field: value, "model": "gpt-4o"}).encode()))
    failures = 0
    unreachable = 0
    for index, case in enumerate(cases):
        method, path = case[0], case[1]
        body = case[2] if len(case) > 2 else None
        try:
            status, payload = request(base, method, path, body=body, headers=headers)
        except Exception as error:
            status, payload = None, str(error).encode()
        if not alive(base):
            print(f"CRASH after {method} {path[:200]} body={body[:200] if body else None!r}")
            sys.exit(2)
        if status == 502 and b"Upstream unreachable" in payload:
            unreachable += 1
            continue
        if status is None or status >= 500:
            failures += 1
            print(f"{status} {method} {path[:200]} body={body[:120] if body else None!r}: {payload[:300]!r}")
    print(
        f"{len(cases)} hostile requests, {failures} answered with a 5xx or no answer, "
        f"{unreachable} proxied to an upstream that could not be reached, server still answering")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
