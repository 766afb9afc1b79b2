#!/usr/bin/env python3
"""PostgreSQL's own floor for storing realistic events, to put Burnrate's figures next to.

Loads the events of an NDJSON file (from scripts/realistic_events.py) with `COPY` into plain
tables in batches of 10,000 rows, one transaction each, as `burnrate ingest` commits them, and
reports events/s and bytes per event for two layouts:

  text     every attribute as text, tags as jsonb, id as primary key, and the indexes Burnrate
           keeps (ts; tenant, ts; user, tenant, ts)
  text-ts  the same table with only the time index (no id uniqueness, no attribution indexes)

    python3 scripts/pg_copy_baseline.py EVENTS.ndjson postgres://postgres@127.0.0.1:55440/postgres

It creates and drops its own database (`copy_baseline`) on that server. Needs psql.
"""
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime

COLUMNS = [
    ("id", "text"), ("ts", "bigint"), ("provider", "text"), ("model", "text"), ("input_tokens", "bigint"),
    ("output_tokens", "bigint"), ("cache_read_tokens", "bigint"), ("cache_write_tokens", "bigint"),
    ("cache_write_1h_tokens", "bigint"), ("reasoning_tokens", "bigint"), ("batch", "boolean"), ("status", "text"),
    ("tenant", "text"), ("user_id", "text"), ("feature", "text"), ("team", "text"), ("environment", "text"),
    ("tags", "jsonb"), ("cost_input", "bigint"), ("cost_cache_read", "bigint"), ("cost_cache_write", "bigint"),
    ("cost_output", "bigint"), ("ingested_at", "bigint"),
]


def micros(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1_000_000)


def tsv_row(event):
    usage = event.get("usage", event)
    attribution = event.get("attribution", event)

    def text(value):
        if value is None:
            return "\\N"
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    values = [
        text(event["id"]), str(micros(event["timestamp"])), text(event["provider"]), text(event["model"]),
        str(usage.get("input_tokens", 0)), str(usage.get("output_tokens", 0)),
        str(usage.get("cache_read_tokens", 0)), str(usage.get("cache_write_tokens", 0)), str(usage.get("cache_write_1h_tokens", 0)),
        str(usage.get("reasoning_tokens", 0)), "f", text(event.get("status", "ok")),
        text(attribution.get("tenant")), text(attribution.get("user")), text(attribution.get("feature")),
        text(attribution.get("team")), text(attribution.get("environment")),
        text(json.dumps(event["tags"], sort_keys=True, separators=(",", ":")) if event.get("tags") else None),
        "1", "0", "0", "1", str(int(time.time() * 1_000_000)),
    ]
    return "\t".join(values)


def psql(url, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, stdout=subprocess.DEVNULL)


def main():
    path, server = sys.argv[1], sys.argv[2]
    with open(path) as source:
        rows = [tsv_row(json.loads(line)) for line in source if line.strip()]
    base = server.rsplit("/", 1)[0]
    url = base + "/copy_baseline"
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
    layouts = {
        "text": [
            f"CREATE TABLE events ({columns}, PRIMARY KEY (id))",
            "CREATE INDEX ON events (ts)",
            "CREATE INDEX ON events (tenant, ts)",
            "CREATE INDEX ON events (user_id, tenant, ts)",
        ],
        "text-ts": [f"CREATE TABLE events ({columns})", "CREATE INDEX ON events (ts)"],
    }
    with tempfile.TemporaryDirectory() as work:
        batches = []
        for start in range(0, len(rows), 10_000):
            batch = f"{work}/batch{start}.tsv"
            with open(batch, "w") as out:
                out.write("\n".join(rows[start:start + 10_000]) + "\n")
            batches.append(batch)
        for name, statements in layouts.items():
            psql(server, "DROP DATABASE IF EXISTS copy_baseline")
            psql(server, "CREATE DATABASE copy_baseline")
            for statement in statements:
                psql(url, statement)
            script = f"{work}/load.sql"
            with open(script, "w") as out:
                for batch in batches:
                    out.write(f"\\copy events FROM '{batch}'\n")
            began = time.monotonic()
            subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-f", script], check=True, stdout=subprocess.DEVNULL)
            elapsed = time.monotonic() - began
            psql(url, "VACUUM ANALYZE events")
            size = subprocess.run(
                ["psql", "-At", url, "-c", "SELECT pg_total_relation_size('events')"], check=True, capture_output=True, text=True
            ).stdout.strip()
            print(f"{name}: {len(rows)} events in {elapsed:.1f} s, {len(rows) / elapsed:,.0f} events/s, "
                  f"{int(size) / len(rows):.0f} bytes/event (table and indexes)")
        psql(server, "DROP DATABASE IF EXISTS copy_baseline")


if __name__ == "__main__":
    main()
