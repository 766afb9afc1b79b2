#!/usr/bin/env python3
"""Baselines for the scale benchmark, from the very rows the Scale tool ingested.

Reads ROWS.csv (written by `Scale --csv`: the 31 columns of Burnrate's `events` table, one
priced event per line) and measures, on this machine and in the same run as the store:

  * PostgreSQL: `COPY ... FROM STDIN (FORMAT csv)` through psycopg, one COPY and one commit per
    --batch rows, into a plain table with the store's column types, a unique index on `id` and
    an index on `ts` (fsync and synchronous_commit as the cluster has them: on, for pg-cluster.sh).
  * SQLite: `executemany` of one prepared INSERT, one transaction per --batch rows, WAL and
    `synchronous=FULL`, 64 MiB page cache, unique `id` and an index on `ts`.
  * DuckDB (from PyPI): the CSV loaded into a DuckDB file, then the aggregations.

and then the aggregations the Scale tool times (summary, breakdowns, time series, a one-tenant
breakdown, active users, the one-user summary) as plain SQL over raw rows on each of the three,
with p50/p95 over --runs runs (fewer when a query is slow: each query gets at most --budget
seconds after its first run).

Usage:
  python3 scripts/scale_baseline.py ROWS.csv [--pg URL] [--sqlite PATH] [--duckdb PATH]
      [--batch 10000] [--runs 30] [--budget 60] [--end 2026-11-23T10:47:13Z] [--json OUT.json]

  python3 scripts/scale_baseline.py summary STORE.json... BASELINE.json
      (one markdown table from the Scale tool's --json reports and this script's --json)

Any of --pg, --sqlite, --duckdb may be left out to skip that baseline. Needs
`pip install 'psycopg[binary]' duckdb` for the PostgreSQL and DuckDB parts.
"""

import argparse
import csv
import datetime
import itertools
import json
import math
import os
import sqlite3
import sys
import time

from raw_sqlite_baseline import CREATE as RAW_SQLITE_TABLE

COLUMNS = [
    "id", "ts", "provider", "model", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
    "cache_write_1h_tokens", "reasoning_tokens", "batch", "service_tier", "latency_ms", "status", "tenant", "user_id",
    "feature", "team", "environment", "tags", "prompt_hash", "gpu_seconds", "price_id", "tier", "long_context",
    "cost_input", "cost_cache_read", "cost_cache_write", "cost_output", "cost_total", "ingested_at",
]
INT_COLUMNS = {1, 4, 5, 6, 7, 8, 9, 10, 24, 25, 26, 27, 28, 29, 30}
NULLABLE_INT = {12}
NULLABLE_REAL = {21}
NULLABLE_TEXT = {11, 14, 15, 16, 17, 18, 19, 20, 22, 23}

# The store's PostgreSQL column types (Sources/BurnrateStore/Postgres/PostgresSchema.swift), in a
# plain table instead of monthly partitions.
PG_CREATE = """
CREATE TABLE raw_events (
    id text NOT NULL, ts bigint NOT NULL, provider text NOT NULL, model text NOT NULL,
    input_tokens bigint NOT NULL, output_tokens bigint NOT NULL, cache_read_tokens bigint NOT NULL,
    cache_write_tokens bigint NOT NULL, cache_write_1h_tokens bigint NOT NULL, reasoning_tokens bigint NOT NULL,
    batch boolean NOT NULL, service_tier text, latency_ms bigint, status text NOT NULL, tenant text, user_id text,
    feature text, team text, environment text, tags jsonb, prompt_hash text, gpu_seconds double precision,
    price_id text, tier text, long_context boolean NOT NULL, cost_input bigint NOT NULL,
    cost_cache_read bigint NOT NULL, cost_cache_write bigint NOT NULL, cost_output bigint NOT NULL,
    cost_total bigint NOT NULL, ingested_at bigint NOT NULL
);
CREATE UNIQUE INDEX raw_events_id ON raw_events (id);
CREATE INDEX raw_events_ts ON raw_events (ts);
"""

# The store's SQLite column types (Sources/BurnrateStore/SQLite/SQLiteSchema.swift), as the
# per-batch SQLite baseline defines them, with the store's time index.
SQLITE_CREATE = RAW_SQLITE_TABLE + ";\nCREATE INDEX raw_events_ts ON raw_events (ts);\n"

DUCKDB_TYPES = {
    "id": "VARCHAR", "ts": "BIGINT", "provider": "VARCHAR", "model": "VARCHAR", "input_tokens": "BIGINT",
    "output_tokens": "BIGINT", "cache_read_tokens": "BIGINT", "cache_write_tokens": "BIGINT",
    "cache_write_1h_tokens": "BIGINT", "reasoning_tokens": "BIGINT", "batch": "BOOLEAN", "service_tier": "VARCHAR",
    "latency_ms": "BIGINT", "status": "VARCHAR", "tenant": "VARCHAR", "user_id": "VARCHAR", "feature": "VARCHAR",
    "team": "VARCHAR", "environment": "VARCHAR", "tags": "VARCHAR", "prompt_hash": "VARCHAR",
    "gpu_seconds": "DOUBLE", "price_id": "VARCHAR", "tier": "VARCHAR", "long_context": "BOOLEAN",
    "cost_input": "BIGINT", "cost_cache_read": "BIGINT", "cost_cache_write": "BIGINT", "cost_output": "BIGINT",
    "cost_total": "BIGINT", "ingested_at": "BIGINT",
}

SUMS = ", ".join(
    f"SUM({c})" for c in [
        "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
        "reasoning_tokens", "cost_input", "cost_cache_read", "cost_cache_write", "cost_output", "cost_total",
    ]
)
DAY = 86_400_000_000
SAMPLE_USER = "user-0042"  # SyntheticEvents.sampleUser
SAMPLE_TENANT = "tenant-03"  # SyntheticEvents.sampleTenant


def queries(end, dialect):
    """The Scale tool's queries as plain SQL over raw events: (name, sql, params)."""
    div = "//" if dialect == "duckdb" else "/"
    ph = "?" if dialect in ("sqlite", "duckdb") else "%s"
    priced = "(price_id IS NOT NULL)"
    last = lambda days: (end - days * DAY, end)  # noqa: E731

    def grouped(key, days):
        where = f"WHERE ts >= {ph} AND ts < {ph}" if days else ""
        params = last(days) if days else ()
        return (
            f"SELECT {key} AS k, status, {priced} AS p, COUNT(*), {SUMS} FROM raw_events {where} GROUP BY 1, 2, 3",
            params,
        )

    def breakdown(column, days, tenant=None):
        where = f"WHERE ts >= {ph} AND ts < {ph}" + (f" AND tenant = {ph}" if tenant else "")
        return (
            f"SELECT {column}, COUNT(*), SUM(CASE WHEN {priced} THEN cost_total ELSE 0 END) AS cost, {SUMS} "
            f"FROM raw_events {where} GROUP BY 1 ORDER BY cost DESC, 2 DESC LIMIT 20",
            last(days) + ((tenant,) if tenant else ()),
        )

    def series(width, days):
        return (
            f"SELECT (ts {div} {width}) * {width // 1_000_000} AS b, status, {priced} AS p, COUNT(*), {SUMS} "
            f"FROM raw_events WHERE ts >= {ph} AND ts < {ph} GROUP BY 1, 2, 3 ORDER BY 1",
            last(days),
        )

    summary = "provider || '/' || model"
    user_sql, user_params = grouped(summary, 30)
    user_sql = user_sql.replace("WHERE ", f"WHERE user_id = {ph} AND ")
    return [
        ("summary, 30 days", *grouped(summary, 30)),
        ("summary, all time", *grouped(summary, 0)),
        ("breakdown by tenant, 30 days", *breakdown("tenant", 30)),
        ("breakdown by feature, 30 days", *breakdown("feature", 30)),
        ("breakdown by model, 30 days", *breakdown("model", 30)),
        ("timeseries by day, 90 days", *series(DAY, 90)),
        ("timeseries by hour, 7 days", *series(3_600_000_000, 7)),
        ("breakdown by feature, 30 days, one tenant", *breakdown("feature", 30, SAMPLE_TENANT)),
        ("active users, 30 days",
         f"SELECT COUNT(DISTINCT user_id) FROM raw_events WHERE ts >= {ph} AND ts < {ph}", last(30)),
        ("summary, 30 days, one user", user_sql, (SAMPLE_USER, *user_params)),
    ]


def percentile(values, q):
    """Nearest rank, as the Scale tool computes it."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q * len(ordered))))
    return ordered[rank - 1]


def time_queries(label, execute, end, dialect, runs, budget, warmup=1):
    """Runs each query `warmup` times untimed, then up to `runs` times within `budget` seconds."""
    results = []
    for name, sql, params in queries(end, dialect):
        for _ in range(warmup):
            execute(sql, params)
        times = []
        spent = 0.0
        while len(times) < runs and (spent < budget or len(times) < 3):
            started = time.perf_counter()
            execute(sql, params)
            elapsed = time.perf_counter() - started
            times.append(elapsed)
            spent += elapsed
        result = {"name": name, "runs": len(times), "p50_seconds": percentile(times, 0.5),
                  "p95_seconds": percentile(times, 0.95), "max_seconds": max(times)}
        results.append(result)
        log(f"  {label} {name}: p50 {ms(result['p50_seconds'])}, p95 {ms(result['p95_seconds'])} ({len(times)} runs)")
    return results


def ms(seconds):
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.1f} ms"


def log(line):
    print(line, file=sys.stderr, flush=True)


def count_rows(path):
    with open(path, "rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 24), b"")) - 1


def segment_size(total, batch):
    """As the Scale tool reports: per million events, or per tenth of a smaller run."""
    return 1_000_000 if total >= 2_000_000 else max(batch, total // 10)


class LoadMeter:
    """Load rate overall and per segment of rows, shared by the row-by-row baselines."""

    def __init__(self, total, batch):
        self.total = total
        self.segment = segment_size(total, batch)
        self.spent = 0.0
        self.rows = 0
        self.segment_rows = 0
        self.segment_spent = 0.0
        self.segments = []

    def record(self, rows, elapsed):
        self.spent += elapsed
        self.rows += rows
        self.segment_rows += rows
        self.segment_spent += elapsed
        if self.rows % self.segment == 0 or self.rows == self.total:
            rate = self.segment_rows / self.segment_spent
            self.segments.append({"through": self.rows, "events_per_second": rate})
            log(f"  {self.rows:,} rows: last {self.segment_rows:,} at {rate:,.0f} rows/s")
            self.segment_rows, self.segment_spent = 0, 0.0

    def report(self, out):
        out["events"] = self.rows
        out["events_per_second"] = self.rows / self.spent
        out["load_seconds"] = self.spent
        out["segments"] = self.segments
        log(f"  {self.rows:,} rows in {self.spent:.1f} s: {self.rows / self.spent:,.0f} rows/s")


def line_batches(path, batch):
    """The CSV's data lines as bytes, `batch` lines at a time (no field holds a newline)."""
    with open(path, "rb") as file:
        file.readline()  # header
        while True:
            lines = list(itertools.islice(file, batch))
            if not lines:
                return
            yield lines


def sqlite_row(fields):
    row = []
    for index, value in enumerate(fields):
        if index in INT_COLUMNS:
            row.append(int(value))
        elif index in NULLABLE_INT:
            row.append(int(value) if value else None)
        elif index in NULLABLE_REAL:
            row.append(float(value) if value else None)
        elif index in NULLABLE_TEXT:
            row.append(value if value else None)
        else:
            row.append(value)
    return row


def check_totals(execute, end, dialect):
    """Requests, unpriced requests and priced cost, all time and over the last 30 days."""
    ph = "?" if dialect in ("sqlite", "duckdb") else "%s"
    cost = "SUM(CASE WHEN price_id IS NOT NULL THEN cost_total ELSE 0 END)"
    all_time = execute(f"SELECT COUNT(*), SUM(CASE WHEN price_id IS NULL THEN 1 ELSE 0 END), {cost} FROM raw_events", ())
    month = execute(f"SELECT COUNT(*), {cost} FROM raw_events WHERE ts >= {ph} AND ts < {ph}", (end - 30 * DAY, end))
    (requests, unpriced, total), = all_time
    (requests30, total30), = month
    return {"requests": int(requests), "unpriced_requests": int(unpriced), "cost_nanos": int(total),
            "requests_30d": int(requests30), "cost_nanos_30d": int(total30)}


def postgres_baseline(path, url, batch, runs, budget, end):
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS scale_baseline")
        admin.execute("CREATE DATABASE scale_baseline")
    base = url.rsplit("/", 1)[0] + "/scale_baseline"
    out = {"name": "postgres-copy"}
    with psycopg.connect(base) as db:
        db.execute(PG_CREATE)
        db.commit()
        log(f"PostgreSQL COPY: batches of {batch:,} rows, one COPY and one commit each")
        copy = f"COPY raw_events ({', '.join(COLUMNS)}) FROM STDIN (FORMAT csv)"
        meter = LoadMeter(count_rows(path), batch)
        for lines in line_batches(path, batch):
            data = b"".join(lines)
            started = time.perf_counter()
            with db.cursor() as cursor:
                with cursor.copy(copy) as writer:
                    writer.write(data)
            db.commit()
            meter.record(len(lines), time.perf_counter() - started)
        meter.report(out)
        db.execute("ANALYZE raw_events")
        db.commit()
        out["database_bytes"] = db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        out["table_bytes"] = db.execute("SELECT pg_total_relation_size('raw_events')").fetchone()[0]

        def execute(sql, params):
            return db.execute(sql, params).fetchall()

        out["check"] = check_totals(execute, end, "postgres")
        db.commit()
        db.autocommit = True
        out["queries"] = time_queries("postgres", execute, end, "postgres", runs, budget)
    return out


def sqlite_baseline(path, database, batch, runs, budget, end):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(database + suffix):
            os.remove(database + suffix)
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    db.executescript(SQLITE_CREATE)
    insert = f"INSERT INTO raw_events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    log(f"SQLite executemany: batches of {batch:,} rows, one transaction each")
    out = {"name": "sqlite-executemany"}
    meter = LoadMeter(count_rows(path), batch)
    with open(path, newline="") as file:
        reader = csv.reader(file)
        next(reader)
        while True:
            data = [sqlite_row(fields) for fields in itertools.islice(reader, batch)]
            if not data:
                break
            started = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            db.executemany(insert, data)
            db.execute("COMMIT")
            meter.record(len(data), time.perf_counter() - started)
    meter.report(out)
    out["database_bytes"] = sum(os.path.getsize(database + s) for s in ("", "-wal") if os.path.exists(database + s))

    def execute(sql, params):
        return db.execute(sql, params).fetchall()

    out["check"] = check_totals(execute, end, "sqlite")
    out["queries"] = time_queries("sqlite", execute, end, "sqlite", runs, budget)
    db.close()
    return out


def duckdb_baseline(path, database, runs, budget, end):
    import duckdb

    for suffix in ("", ".wal"):
        if os.path.exists(database + suffix):
            os.remove(database + suffix)
    db = duckdb.connect(database)
    threads = db.execute("SELECT current_setting('threads')").fetchone()[0]
    log(f"DuckDB {duckdb.__version__}: loading the CSV ({threads} threads)")
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in DUCKDB_TYPES.items())
    started = time.perf_counter()
    db.execute(f"CREATE TABLE raw_events AS SELECT * FROM read_csv('{path}', header = true, columns = {{{columns}}})")
    db.execute("CHECKPOINT")
    spent = time.perf_counter() - started
    rows = db.execute("SELECT COUNT(*) FROM raw_events").fetchone()[0]
    log(f"  {rows:,} rows in {spent:.1f} s")
    out = {"name": "duckdb", "version": duckdb.__version__, "threads": threads, "events": rows,
           "events_per_second": rows / spent, "load_seconds": spent,
           "database_bytes": os.path.getsize(database)}

    def execute(sql, params):
        return db.execute(sql, list(params)).fetchall()

    out["check"] = check_totals(execute, end, "duckdb")
    out["queries"] = time_queries("duckdb", execute, end, "duckdb", runs, budget)
    db.close()
    return out


def summary(paths):
    """One markdown table from the Scale tool's --json reports and this script's --json."""
    stores = {}
    baselines = {}
    for path in paths:
        with open(path) as file:
            data = json.load(file)
        if "baselines" in data:
            baselines.update({b["name"]: b for b in data["baselines"]})
        else:
            stores[data["backend"]] = data
    columns = []  # (heading, report, kind)
    if "sqlite" in stores:
        columns.append(("SQLite store", stores["sqlite"], "store"))
    if "sqlite-executemany" in baselines:
        columns.append(("SQLite executemany", baselines["sqlite-executemany"], "baseline"))
    if "postgres" in stores:
        columns.append(("PostgreSQL store", stores["postgres"], "store"))
    if "postgres-copy" in baselines:
        columns.append(("PostgreSQL COPY", baselines["postgres-copy"], "baseline"))
    if "duckdb" in baselines:
        columns.append(("DuckDB", baselines["duckdb"], "baseline"))

    def ingest_rate(report, kind):
        return report["ingest"]["events_per_second"] if kind == "store" else report["events_per_second"]

    def segments(report):
        return report.get("segments") or []

    rows = []
    cells = []
    for heading, report, kind in columns:
        rate = ingest_rate(report, kind)
        cell = f"{rate:,.0f}"
        if heading == "SQLite store" and "sqlite-executemany" in baselines:
            cell += f" ({rate / baselines['sqlite-executemany']['events_per_second']:.2f} of raw)"
        if heading == "PostgreSQL store" and "postgres-copy" in baselines:
            cell += f" ({rate / baselines['postgres-copy']['events_per_second']:.2f} of COPY)"
        if heading == "DuckDB":
            cell += " (CSV bulk load)"
        cells.append(cell)
    rows.append(("ingest, events/s", cells))
    cells = []
    for heading, report, kind in columns:
        parts = segments(report)
        cells.append(f"{parts[0]['events_per_second']:,.0f} → {parts[-1]['events_per_second']:,.0f}" if parts else "")
    rows.append(("ingest, first → last segment", cells))
    rows.append(("database size", [f"{report['database_bytes'] / 1e6:,.0f} MB" for _, report, _ in columns]))
    names = [q["name"] for q in columns[0][1]["queries"]] if columns else []
    for name in names:
        cells = []
        for _, report, _ in columns:
            match = [q for q in report["queries"] if q["name"] == name]
            cells.append(f"{ms(match[0]['p50_seconds'])} / {ms(match[0]['p95_seconds'])}" if match else "")
        rows.append((f"{name}, p50 / p95", cells))
    checks = {heading: report.get("check") for heading, report, _ in columns}
    distinct = {json.dumps(c, sort_keys=True) for c in checks.values() if c}
    events = {report["events"] for _, report, _ in columns}

    print(f"Events: {', '.join(f'{n:,}' for n in sorted(events))}")
    print("| | " + " | ".join(heading for heading, _, _ in columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for label, cells in rows:
        print(f"| {label} | " + " | ".join(cells) + " |")
    if len(distinct) == 1:
        check = next(iter(checks.values()))
        print(f"Totals agree across all {len(columns)}: {check['requests']:,} requests, {check['unpriced_requests']:,}"
              f" unpriced, ${check['cost_nanos'] / 1e9:,.2f} priced cost; last 30 days {check['requests_30d']:,}"
              f" requests, ${check['cost_nanos_30d'] / 1e9:,.2f}.")
    else:
        print("TOTALS DIFFER:")
        for heading, check in checks.items():
            print(f"  {heading}: {check}")


def parse_end(text):
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "summary":
        summary(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows")
    parser.add_argument("--pg", help="PostgreSQL URL of a cluster where a database scale_baseline may be (re)created")
    parser.add_argument("--sqlite", help="SQLite file to (re)create")
    parser.add_argument("--duckdb", help="DuckDB file to (re)create")
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of timed runs per query, at least 3 runs")
    parser.add_argument("--end", default="2026-11-23T10:47:13Z", help="the Scale tool's --end")
    parser.add_argument("--json")
    args = parser.parse_args()
    end = parse_end(args.end)
    results = []
    if args.pg:
        results.append(postgres_baseline(args.rows, args.pg, args.batch, args.runs, args.budget, end))
    if args.sqlite:
        results.append(sqlite_baseline(args.rows, args.sqlite, args.batch, args.runs, args.budget, end))
    if args.duckdb:
        results.append(duckdb_baseline(args.rows, args.duckdb, args.runs, args.budget, end))

    for result in results:
        print(f"== baseline: {result['name']}, {result['events']:,} rows ==")
        print(f"load: {result['events_per_second']:,.0f} rows/s ({result['load_seconds']:.1f} s);"
              f" database {result['database_bytes'] / 1e6:,.0f} MB")
        check = result["check"]
        print(f"totals: {check['requests']:,} requests, {check['unpriced_requests']:,} unpriced, cost"
              f" {check['cost_nanos']} nano-USD; last 30 days {check['requests_30d']:,} requests, cost"
              f" {check['cost_nanos_30d']} nano-USD")
        for query in result["queries"]:
            print(f"{query['name']:<40}{ms(query['p50_seconds']):>11}{ms(query['p95_seconds']):>11}"
                  f"{ms(query['max_seconds']):>11}  {query['runs']} runs")
    if args.json:
        with open(args.json, "w") as file:
            json.dump({"baselines": results}, file, indent=2)


if __name__ == "__main__":
    main()
