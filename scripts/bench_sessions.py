#!/usr/bin/env python3
"""Agent runs at realistic cardinality: Burnrate's sessions endpoints against DuckDB on the same rows.

Takes an NDJSON file from `scripts/realistic_events.py N FILE --sessions M` and measures, in one
run on this machine:

  ingest   `burnrate ingest` into a new SQLite file (or --database postgres://...): wall time,
           events/s, peak RSS, bytes per event and the `sessions` table's share;
  queries  p50/p95 of GET /api/v1/sessions over 30 days (every sort; one tenant, user, feature,
           model, tag value; the last day), of GET /api/v1/sessions/{id} for 30 runs picked at
           random, of sessions/distribution and sessions/steps; and the same questions in DuckDB
           (from PyPI) over the raw rows: runs grouped and ranked, one run's calls in order.

Usage: python3 scripts/bench_sessions.py EVENTS.ndjson --burnrate .build/release/burnrate
           [--work /tmp/bench-sessions] [--runs 20] [--database postgres://...] [--skip-ingest] [--json OUT]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_realistic import free_port, micros, percentiles, sqlite_size, time_calls, timed_run, wait_until_up  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("events")
    parser.add_argument("--burnrate", required=True)
    parser.add_argument("--work", default="/tmp/bench-sessions")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    report = {"machine": {"cores": os.cpu_count(), "load_before": open("/proc/loadavg").read().split()[:3]}}
    database = args.database or os.path.join(args.work, "burnrate.sqlite")

    import duckdb
    duck = duckdb.connect(os.path.join(args.work, "baseline.duckdb"))
    if not args.skip_ingest:
        if not args.database:
            for suffix in ["", "-wal", "-shm"]:
                if os.path.exists(database + suffix):
                    os.remove(database + suffix)
        seconds, rss, _ = timed_run([args.burnrate, "ingest", "--database", database, args.events])
        count = sum(1 for _ in open(args.events))
        report["ingest"] = {"events": count, "seconds": seconds, "events_per_second": count / seconds, "peak_rss_mb": rss}
        print(f"burnrate ingest: {seconds:.1f} s, {count / seconds:,.0f} events/s, peak RSS {rss:.0f} MB", flush=True)
        if not args.database:
            size, tables = sqlite_size(database)
            report["size"] = {"bytes": size, "bytes_per_event": size / count, "tables": tables}
            print(f"size: {size / 1e6:.1f} MB, {size / count:.0f} bytes/event; sessions "
                  f"{(tables.get('sessions', 0) + sum(v for k, v in tables.items() if k.startswith('sessions_') or k == 'sqlite_autoindex_sessions_1')) / 1e6:.1f} MB, "
                  f"event_rows_session_ts {tables.get('event_rows_session_ts', 0) / 1e6:.1f} MB", flush=True)
        duck.execute("DROP TABLE IF EXISTS events")
        started = time.time()
        duck.execute(
            "CREATE TABLE events AS SELECT id, epoch_us(CAST(timestamp AS TIMESTAMP)) AS ts, model, input_tokens, output_tokens,"
            " tenant, \"user\" AS user_id, feature, tags.region AS region, session_id, step, parent_id"
            f" FROM read_json('{args.events}', format='newline_delimited')")
        report["duckdb_load_seconds"] = time.time() - started

    end, first = duck.execute("SELECT max(ts), min(ts) FROM events").fetchone()
    sample = duck.execute("SELECT tenant, user_id, feature, model, region FROM events LIMIT 1").fetchone()
    rng = random.Random(27)
    runs = [row[0] for row in duck.execute("SELECT DISTINCT session_id FROM events USING SAMPLE 2000 ROWS").fetchall()]
    picked = rng.sample(runs, min(30, len(runs)))
    to_us = end - (2 * 3600 + 47 * 60 + 13) * 1_000_000
    from_us = to_us - 30 * 86_400 * 1_000_000
    import datetime
    stamp = lambda us: datetime.datetime.fromtimestamp(us / 1e6, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    port = free_port()
    process = subprocess.Popen([args.burnrate, "serve", "--database", database, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, process)
        report["machine"]["load_queries"] = open("/proc/loadavg").read().split()[:3]

        def api(path, params, window=(from_us, to_us)):
            query = urllib.parse.urlencode({"from": stamp(window[0]), "to": stamp(window[1]), **params})
            url = f"http://127.0.0.1:{port}{path}?{query}"
            return lambda: urllib.request.urlopen(url, timeout=600).read()

        def duck_runs(where="", order="sum(input_tokens)", window=(from_us, to_us)):
            sql = ("SELECT session_id, count(*), sum(input_tokens), sum(output_tokens), min(ts), max(ts) FROM events"
                   f" WHERE session_id IN (SELECT session_id FROM events WHERE ts >= {window[0]} AND ts < {window[1]}{where})"
                   f" GROUP BY session_id ORDER BY {order} DESC LIMIT 50")
            return lambda: duck.execute(sql).fetchall()

        last_day = (to_us - 86_400 * 1_000_000, to_us)
        cases = [
            ("sessions, 30 days, by cost", api("/api/v1/sessions", {}), duck_runs()),
            ("sessions, by calls", api("/api/v1/sessions", {"sort": "calls"}), duck_runs(order="count(*)")),
            ("sessions, by duration", api("/api/v1/sessions", {"sort": "duration"}), duck_runs(order="max(ts) - min(ts)")),
            ("sessions, most recent", api("/api/v1/sessions", {"sort": "recent"}), duck_runs(order="max(ts)")),
            ("sessions, page 20 (offset 1000)", api("/api/v1/sessions", {"offset": "1000"}), duck_runs()),
            ("sessions, last day", api("/api/v1/sessions", {}, last_day), duck_runs(window=last_day)),
        ]
        for name, column, value in [("tenant", "tenant", sample[0]), ("user", "user_id", sample[1]), ("feature", "feature", sample[2]),
                                    ("model", "model", sample[3]), ("tag.region", "region", sample[4])]:
            cases.append((f"sessions, {name}={value[:14]}", api("/api/v1/sessions", {name: value}),
                          duck_runs(where=f" AND {column} = '{value}'")))
        results = []
        for name, call, baseline in cases:
            p50, p95 = time_calls(call, args.runs)
            d50, d95 = time_calls(baseline, args.runs)
            results.append({"query": name, "p50_ms": p50, "p95_ms": p95, "duckdb_p50_ms": d50, "duckdb_p95_ms": d95})
            print(f"{name:45s} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms | DuckDB p50 {d50:7.1f} p95 {d95:7.1f}", flush=True)
        samples, duck_samples = [], []
        for run in picked:
            url = f"http://127.0.0.1:{port}/api/v1/sessions/{urllib.parse.quote(run)}"
            urllib.request.urlopen(url).read()
            for _ in range(3):
                t = time.time()
                urllib.request.urlopen(url).read()
                samples.append(time.time() - t)
                t = time.time()
                duck.execute("SELECT * FROM events WHERE session_id = ? ORDER BY ts", [run]).fetchall()
                duck_samples.append(time.time() - t)
        p50, p95 = percentiles(samples)
        d50, d95 = percentiles(duck_samples)
        results.append({"query": f"one run's timeline ({len(picked)} runs x 3)", "p50_ms": p50, "p95_ms": p95,
                        "duckdb_p50_ms": d50, "duckdb_p95_ms": d95})
        print(f"{'one run timeline':45s} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms | DuckDB p50 {d50:7.1f} p95 {d95:7.1f}", flush=True)
        for name, call in [("distribution per feature, 30 days", api("/api/v1/sessions/distribution", {})),
                           ("distribution per feature and day", api("/api/v1/sessions/distribution", {"interval": "day"})),
                           ("costliest steps, 30 days", api("/api/v1/sessions/steps", {}))]:
            p50, p95 = time_calls(call, max(3, args.runs // 4), budget=60)
            results.append({"query": name, "p50_ms": p50, "p95_ms": p95})
            print(f"{name:45s} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms", flush=True)
        report["queries"] = results
        report["machine"]["load_after"] = open("/proc/loadavg").read().split()[:3]
    finally:
        process.terminate()
        process.wait()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
