#!/usr/bin/env python3
"""Storage at realistic cardinality: Burnrate against raw SQLite and DuckDB on the same rows.

Takes an NDJSON file from scripts/realistic_events.py and measures, in one run on this machine:

  ingest   `burnrate ingest` into a new SQLite file (wall time, events/s, peak RSS from
           /usr/bin/time) and, with --http, POST /api/v1/events in batches of 10,000 into another
           one; raw SQLite inserting the same rows (executemany, WAL, synchronous=FULL, batches of
           10,000, a unique id and a time index), timed without the JSON parsing;
  size     bytes per event of the Burnrate file (WAL checkpointed), per table;
  queries  p50/p95 of the API's summary, breakdowns by every dimension, every one-value filter
           (tenant, user, feature, model, tag) with breakdowns, filtered daily and hourly series,
           and the dashboard pages, over a 30-day range that ends in the middle of an hour; and
           the same aggregations in DuckDB (from PyPI) over the raw rows.

Usage: python3 scripts/bench_realistic.py EVENTS.ndjson --burnrate .build/release/burnrate
           [--work /tmp/bench] [--runs 20] [--http] [--database postgres://...] [--json OUT]

Needs Python 3 with `pip install duckdb` and, for --database, `psql`.
"""

import argparse
import datetime
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

DIMENSIONS = ["provider", "model", "tenant", "user", "feature", "team", "environment", "status"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_run(command):
    """Runs `command` under /usr/bin/time -v; returns (seconds, peak RSS in MB, output)."""
    started = time.time()
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    elapsed = time.time() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    return elapsed, rss, result.stdout.strip()


def sqlite_size(path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = {}
    try:
        for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"):
            tables[name] = size
    except sqlite3.OperationalError:
        pass
    db.close()
    return os.path.getsize(path), tables


def raw_sqlite(rows, path, batch):
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    db.execute(
        "CREATE TABLE events (id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL, provider TEXT, model TEXT, input_tokens INTEGER,"
        " output_tokens INTEGER, cache_read_tokens INTEGER, latency_ms INTEGER, status TEXT, tenant TEXT, user_id TEXT,"
        " feature TEXT, team TEXT, environment TEXT, tags TEXT)")
    db.execute("CREATE INDEX events_ts ON events(ts)")
    started = time.time()
    for start in range(0, len(rows), batch):
        db.execute("BEGIN")
        db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows[start:start + batch])
        db.execute("COMMIT")
    elapsed = time.time() - started
    db.close()
    return elapsed


def micros(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1_000_000)


def load_rows(path):
    with open(path) as f:
        return load_rows_from(f)


def load_rows_from(lines):
    rows = []
    for line in lines:
        e = json.loads(line)
        rows.append((e["id"], micros(e["timestamp"]), e["provider"], e["model"], e["input_tokens"], e["output_tokens"],
                     e.get("cache_read_tokens", 0), e.get("latency_ms"), e.get("status", "ok"), e.get("tenant"),
                     e.get("user"), e.get("feature"), e.get("team"), e.get("environment"),
                     json.dumps(e.get("tags", {}), separators=(",", ":"))))
    return rows


def wait_until_up(port, process, seconds=600):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit("burnrate serve exited early")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except Exception:
            time.sleep(0.5)
    sys.exit("burnrate serve did not come up")


def percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples) * 1000, p95 * 1000


def time_calls(call, runs, budget=30):
    for _ in range(2):
        call()
    samples = []
    started = time.time()
    while len(samples) < runs and (len(samples) < 3 or time.time() - started < budget):
        t = time.time()
        call()
        samples.append(time.time() - t)
    return percentiles(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("events")
    parser.add_argument("--burnrate", required=True)
    parser.add_argument("--work", default="/tmp/bench-realistic")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--http", action="store_true")
    parser.add_argument("--database", help="a postgres:// URL to measure instead of a new SQLite file")
    parser.add_argument("--skip-ingest", action="store_true", help="query the database already in --work")
    parser.add_argument("--json")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    report = {"machine": {"cores": os.cpu_count(), "load": open("/proc/loadavg").read().split()[:3]}}

    print(f"== reading {args.events}", flush=True)
    if args.skip_ingest:
        # Only the first event's values and the newest timestamp are needed to query.
        stamp_pattern = re.compile(r'"timestamp":"([^"]+)"')
        with open(args.events) as f:
            first_line = f.readline()
            end = max(micros(stamp_pattern.search(line).group(1)) for line in [first_line, *f])
        rows = load_rows_from([first_line])
        count = None
    else:
        rows = load_rows(args.events)
        count = len(rows)
        end = max(r[1] for r in rows)
    database = args.database or os.path.join(args.work, "burnrate.sqlite")

    if not args.skip_ingest:
        if not args.database:
            for suffix in ["", "-wal", "-shm"]:
                if os.path.exists(database + suffix):
                    os.remove(database + suffix)
        seconds, rss, output = timed_run([args.burnrate, "ingest", "--database", database, args.events])
        report["ingest"] = {"events": count, "seconds": seconds, "events_per_second": count / seconds, "peak_rss_mb": rss}
        print(f"burnrate ingest: {seconds:.1f} s, {count / seconds:,.0f} events/s, peak RSS {rss:.0f} MB", flush=True)
        if args.database:
            size = int(subprocess.run(["psql", args.database, "-Atc", "SELECT pg_database_size(current_database())"],
                                      capture_output=True, text=True, check=True).stdout.strip())
            report["size"] = {"bytes": size, "bytes_per_event": size / count}
            print(f"size: {size / 1e6:.1f} MB, {size / count:.0f} bytes/event (pg_database_size, after ingest)", flush=True)
        else:
            size, tables = sqlite_size(database)
            report["size"] = {"bytes": size, "bytes_per_event": size / count, "tables": tables}
            print(f"size: {size / 1e6:.1f} MB, {size / count:.0f} bytes/event", flush=True)
            for name, table in sorted(tables.items(), key=lambda item: -item[1])[:8]:
                print(f"  {name}: {table / 1e6:.1f} MB ({table / count:.0f} B/event)")
        raw = raw_sqlite(rows, os.path.join(args.work, "raw.sqlite"), 10_000)
        report["raw_sqlite"] = {"seconds": raw, "events_per_second": count / raw}
        print(f"raw SQLite (same rows, WAL, FULL, 10,000 per commit, unique id + ts index): {raw:.1f} s, {count / raw:,.0f} events/s",
              flush=True)

    import duckdb
    duck = duckdb.connect(os.path.join(args.work, "baseline.duckdb"))
    duck.execute("DROP TABLE IF EXISTS events")
    started = time.time()
    duck.execute(
        "CREATE TABLE events AS SELECT id, epoch_us(CAST(timestamp AS TIMESTAMP)) AS ts, provider, model, input_tokens, output_tokens,"
        " cache_read_tokens, status, tenant, \"user\" AS user_id, feature, team, environment, tags.region AS region"
        f" FROM read_json('{args.events}', format='newline_delimited')")
    report["duckdb_load_seconds"] = time.time() - started
    print(f"DuckDB load: {report['duckdb_load_seconds']:.1f} s", flush=True)

    port = free_port()
    serve = [args.burnrate, "serve", "--database", database, "--port", str(port)]
    process = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, process)
        to_us = end - (2 * 3600 + 47 * 60 + 13) * 1_000_000
        from_us = to_us - 30 * 86_400 * 1_000_000
        stamp = lambda us: datetime.datetime.fromtimestamp(us / 1e6, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        window = {"from": stamp(from_us), "to": stamp(to_us)}
        first = rows[0]
        values = {"tenant": first[9], "user": first[10], "feature": first[11], "model": first[3], "tag.region": json.loads(first[14])["region"]}
        column = {"tenant": "tenant", "user": "user_id", "feature": "feature", "model": "model", "tag.region": "region",
                  "provider": "provider", "team": "team", "environment": "environment", "status": "status"}

        def api(path, params):
            url = f"http://127.0.0.1:{port}{path}?{urllib.parse.urlencode({**window, **params})}"
            return lambda: urllib.request.urlopen(url, timeout=600).read()

        def duck_query(group, filters, bucket=None):
            where = f"ts >= {from_us} AND ts < {to_us}" + "".join(f" AND {column[k]} = '{v}'" for k, v in filters.items())
            keys = [column[group]] if group else []
            if bucket:
                keys.append(f"ts - ts % {bucket * 1_000_000}")
            select = ", ".join(keys + ["count(*)", "sum(input_tokens)", "sum(output_tokens)"])
            sql = f"SELECT {select} FROM events WHERE {where}" + (f" GROUP BY {', '.join(keys)} ORDER BY 2 DESC" if keys else "")
            return lambda: duck.execute(sql).fetchall()

        cases = [("summary, 30 days", api("/api/v1/summary", {}), duck_query(None, {}))]
        for dimension in DIMENSIONS:
            cases.append((f"breakdown by {dimension}", api("/api/v1/breakdown", {"by": dimension}), duck_query(dimension, {})))
        for name, value in values.items():
            for dimension in ["model", "feature", "tenant", "user"]:
                if dimension == name:
                    continue
                cases.append((f"{name}={value[:12]}: by {dimension}", api("/api/v1/breakdown", {"by": dimension, name: value}),
                              duck_query(dimension, {name: value})))
            cases.append((f"{name}={value[:12]}: summary", api("/api/v1/summary", {name: value}), duck_query(None, {name: value})))
        for name in ["tenant", "tag.region"]:
            for interval, label, seconds in [("day", "daily", 86_400), ("hour", "hourly", 3_600)]:
                cases.append((f"{name} {label} series", api("/api/v1/timeseries", {"interval": interval, name: values[name]}),
                              duck_query(None, {name: values[name]}, bucket=seconds)))
        pages = [("page /", api("/", {"period": "30d"})), ("page /costs", api("/costs", {"period": "30d"})),
                 ("page /operations", api("/operations", {"period": "30d"}))]
        results = []
        print(f"\n{'query':44} {'Burnrate p50':>13} {'p95':>9} {'DuckDB p50':>11} {'p95':>9}", flush=True)
        for label, call, baseline in cases + [(label, call, None) for label, call in pages]:
            p50, p95 = time_calls(call, args.runs)
            d50, d95 = time_calls(baseline, args.runs) if baseline else (None, None)
            results.append({"query": label, "p50_ms": p50, "p95_ms": p95, "duckdb_p50_ms": d50, "duckdb_p95_ms": d95})
            duck_text = f"{d50:11.1f} {d95:9.1f}" if baseline else f"{'':11} {'':9}"
            print(f"{label:44} {p50:13.1f} {p95:9.1f} {duck_text}", flush=True)
        report["queries"] = results
        over = [r for r in results if r["p95_ms"] >= 50]
        print(f"\n{len(results) - len(over)} of {len(results)} queries under 50 ms at p95", flush=True)
    finally:
        process.terminate()
        process.wait()

    if args.http and not args.skip_ingest:
        target = os.path.join(args.work, "http.sqlite")
        for suffix in ["", "-wal", "-shm"]:
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        port = free_port()
        process = subprocess.Popen([args.burnrate, "serve", "--database", target, "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(port, process)
            with open(args.events, "rb") as f:
                lines = f.readlines()
            # A bulk loader asks for the counts only (Prefer: return=minimal, RFC 7240); the default
            # answer lists every event's outcome and price, which a loader does not read.
            started = time.time()
            for start in range(0, len(lines), 10_000):
                body = b"".join(lines[start:start + 10_000])
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/events", data=body,
                                                 headers={"Content-Type": "application/x-ndjson", "Prefer": "return=minimal"})
                urllib.request.urlopen(request, timeout=600).read()
            seconds = time.time() - started
            report["http_ingest"] = {"seconds": seconds, "events_per_second": len(lines) / seconds}
            print(f"HTTP batches of 10,000 (Prefer: return=minimal): {seconds:.1f} s, {len(lines) / seconds:,.0f} events/s", flush=True)
        finally:
            process.terminate()
            process.wait()

    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
