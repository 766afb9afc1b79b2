#!/usr/bin/env python3
"""What this machine's SQLite can do with Burnrate's row shape, outside Swift.

Inserts rows of the same 31 columns as Burnrate's `events` table into a fresh file in /tmp with
Python's sqlite3 module (`executemany`, a C loop over one prepared statement), one transaction per
batch, and prints events/s for a few settings, so that the Swift benchmarks can be read against
the storage floor:

  * journal_mode=WAL, synchronous=FULL (Burnrate's settings), unique id index only
  * the same with Burnrate's four secondary indexes
  * the same with a 64 MiB page cache (SQLite's default is 2 MiB)
  * synchronous=OFF (no fsync), to show the share of the fsyncs

Usage: python3 scripts/raw_sqlite_baseline.py [--batch 10000] [--batches 20]
Bounded: at most --batches batches per setting (default 20 x 10,000 rows).
"""

import argparse
import os
import sqlite3
import time

COLUMNS = (
    "id, ts, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, "
    "cache_write_1h_tokens, reasoning_tokens, batch, service_tier, latency_ms, status, tenant, user_id, feature, "
    "team, environment, tags, prompt_hash, gpu_seconds, price_id, tier, long_context, cost_input, "
    "cost_cache_read, cost_cache_write, cost_output, cost_total, ingested_at"
)

CREATE = """
CREATE TABLE raw_events (
    id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL, cache_write_1h_tokens INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL, batch INTEGER NOT NULL, service_tier TEXT, latency_ms INTEGER,
    status TEXT NOT NULL, tenant TEXT, user_id TEXT, feature TEXT, team TEXT, environment TEXT, tags TEXT,
    prompt_hash TEXT, gpu_seconds REAL, price_id TEXT, tier TEXT, long_context INTEGER NOT NULL DEFAULT 0,
    cost_input INTEGER NOT NULL, cost_cache_read INTEGER NOT NULL, cost_cache_write INTEGER NOT NULL,
    cost_output INTEGER NOT NULL, cost_total INTEGER NOT NULL, ingested_at INTEGER NOT NULL
)
"""

INDEXES = """
CREATE INDEX raw_events_ts ON raw_events(ts);
CREATE INDEX raw_events_tenant_ts ON raw_events(tenant, ts);
CREATE INDEX raw_events_user_ts ON raw_events(user_id, ts);
CREATE INDEX raw_events_unpriced_ts ON raw_events(ts) WHERE price_id IS NULL;
"""

INSERT = f"INSERT INTO raw_events ({COLUMNS}) VALUES ({', '.join('?' * 31)})"

TENANTS = ["acme-corp", "globex", "initech", "umbrella-health", "stark-industries", "wayne-logistics"]
MODELS = [("openai", "gpt-4.1-mini"), ("anthropic", "claude-sonnet-4-5"), ("google", "gemini-2.5-flash"),
          ("openai", "gpt-4o-mini"), ("anthropic", "claude-haiku-4-5"), ("openai", "gpt-4.1")]
FEATURES = [("chat-assistant", "product"), ("search-rag", "search"), ("summarization", "product"),
            ("code-review", "devtools"), ("support-triage", "support")]


def rows(start, count, run):
    """Demo-like rows with ids unique within the run."""
    day0 = 20_400 * 86_400 * 1_000_000
    out = []
    for n in range(start, start + count):
        provider, model = MODELS[n % len(MODELS)]
        feature, team = FEATURES[n % len(FEATURES)]
        tenant = TENANTS[n % len(TENANTS)]
        out.append((
            f"py-{run}-{n}", day0 + (n * 7_919_000) % (7 * 86_400 * 1_000_000), provider, model,
            2400 + n % 5000, 380 + n % 700, (n * 13) % 1200, 0, 0, 0, n % 7 == 0, None, 900 + n % 4000,
            "ok", tenant, f"{tenant.split('-')[0]}-u{n % 80:03d}", feature, team, "production",
            '{"plan":"pro","region":"eu"}', f"{n * 2654435761 % 2**64:x}", None,
            f"{provider}/{model}@2025-04-14", "standard", 0,
            1_234_000 + n, 120_000, 0, 3_800_000 + n, 5_154_000 + 2 * n, 1_763_900_000_000_000,
        ))
    return out


def measure(label, batch, batches, synchronous="FULL", indexes=False, cache_kib=None):
    path = f"/tmp/burnrate-raw-py-{os.getpid()}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    if cache_kib:
        db.execute(f"PRAGMA cache_size=-{cache_kib}")
    db.execute(CREATE)
    if indexes:
        db.executescript(INDEXES)
    rates = []
    for b in range(batches):
        data = rows(b * batch, batch, os.getpid())
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.executemany(INSERT, data)
        db.execute("COMMIT")
        rates.append(batch / (time.perf_counter() - started))
    db.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    rates.sort()
    p50 = rates[len(rates) // 2]
    print(f"{label:<55} p50 {p50:>10,.0f} events/s   min {rates[0]:>10,.0f}   max {rates[-1]:>10,.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    batch, batches = args.batch, min(args.batches, 200)
    print(f"SQLite {sqlite3.sqlite_version}, {batches} batches of {batch:,} rows per setting, one transaction each")
    measure("WAL, synchronous=FULL, id index only", batch, batches)
    measure("WAL, synchronous=FULL, + Burnrate's 4 secondary indexes", batch, batches, indexes=True)
    measure("WAL, synchronous=FULL, id index only, 64 MiB cache", batch, batches, cache_kib=65_536)
    measure("WAL, synchronous=OFF, id index only", batch, batches, synchronous="OFF")


if __name__ == "__main__":
    main()
