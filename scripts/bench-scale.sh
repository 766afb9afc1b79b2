#!/usr/bin/env bash
# The scale benchmark: EVENTS synthetic events (default 10,000,000) loaded into each backend
# through the store's own `ingest`, the API's aggregate queries timed on the result, and the same
# rows loaded and aggregated by the baselines in the same run (PostgreSQL COPY, SQLite
# executemany, DuckDB). See docs/benchmarks.md, "Scale: 10 million events".
#
# Usage: scripts/bench-scale.sh [EVENTS]        e.g. scripts/bench-scale.sh 200000 for a quick run
# Environment (all optional):
#   BATCH=10000       events per ingest call / per COPY / per SQLite transaction
#   RUNS=30           timed runs per query (after 3 untimed ones)
#   BUDGET=60         seconds of timed runs per query; slower queries stop early (at least 3 runs)
#   BACKENDS="sqlite postgres"   which stores to load
#   BASELINES="postgres sqlite duckdb"   which baselines to load the same rows into
#   WORK_DIR=/tmp     where the databases, the CSV and the throwaway cluster go (needs ~2.5 GB
#                     per million events)
#   KEEP=1            keep the work directory (the cluster is stopped either way)
#   SKIP_BUILD=1      reuse Benchmarks/.build/release/Scale as it is
#
# Needs Swift, PostgreSQL's server binaries (Debian: apt-get install postgresql), psql, and
# Python 3 with `pip install 'psycopg[binary]' duckdb`. Runs a durable throwaway cluster on a free
# port on 127.0.0.1 (scripts/pg-cluster.sh) and stops it on exit.
set -euo pipefail

EVENTS=${1:-10000000}
BATCH=${BATCH:-10000}
RUNS=${RUNS:-30}
BUDGET=${BUDGET:-60}
BACKENDS=${BACKENDS:-sqlite postgres}
BASELINES=${BASELINES:-postgres sqlite duckdb}
WORK_DIR=${WORK_DIR:-/tmp}

cd "$(dirname "$0")/.."
ROOT=$(pwd)

if ! python3 -c 'import psycopg, duckdb' 2>/dev/null; then
    echo "Python packages missing: pip install 'psycopg[binary]' duckdb" >&2
    exit 1
fi
command -v psql >/dev/null || { echo "psql is missing (apt-get install postgresql-client)" >&2; exit 1; }

# The load average, to tell a quiet machine from a busy one: this is a benchmark.
load() { echo "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"; }

echo "== Machine ($(load))"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cores:   $(nproc) ($(lscpu | sed -n 's/^Model name: *//p' | head -n 1))"
echo "memory:  $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
echo "disk:    $(df -h "$WORK_DIR" | awk 'NR == 2 {print $1 ", " $2 " (" $4 " free), mounted on " $6}')"
echo "os:      $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "swift:   $(swift --version 2>/dev/null | head -n 1)"
echo "sqlite:  $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)') (Python's; the store links the system libsqlite3)"
echo "python:  $(python3 -c 'import sys, duckdb, psycopg; print(sys.version.split()[0] + ", duckdb " + duckdb.__version__ + ", psycopg " + psycopg.__version__)')"
echo "events:  $EVENTS in batches of $BATCH; $RUNS runs per query, at most ${BUDGET} s each"

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    echo "== Building Scale (release, Benchmarks/.build)"
    swift build -c release --package-path Benchmarks --product Scale 2>&1 | grep -v '^\[' || true
fi
SCALE=$ROOT/Benchmarks/.build/release/Scale
[[ -x $SCALE ]] || { echo "$SCALE is missing; run without SKIP_BUILD=1." >&2; exit 1; }

WORK=$(mktemp -d "$WORK_DIR/burnrate-scale.XXXXXX")
chmod 755 "$WORK" # the cluster inside runs as the postgres user when this runs as root
CLUSTER=$WORK/pg
cleanup() {
    "$ROOT/scripts/pg-cluster.sh" stop "$CLUSTER" 2>/dev/null || true
    if [[ ${KEEP:-0} == 1 ]]; then
        echo "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== PostgreSQL: throwaway cluster in $CLUSTER on 127.0.0.1:$PORT"
URL=$("$ROOT/scripts/pg-cluster.sh" start "$CLUSTER" "$PORT")
psql "$URL" -Atc "SELECT version()"
psql "$URL" -Atc "SELECT name || ' = ' || setting || COALESCE(' ' || unit, '') FROM pg_settings WHERE name IN
    ('fsync', 'synchronous_commit', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_level') ORDER BY name" |
    sed 's/^/  /'

REPORTS=()
CSV=$WORK/rows.csv
for backend in $BACKENDS; do
    case $backend in
    sqlite) database=$WORK/store.sqlite ;;
    postgres) database=$URL ;;
    *) echo "unknown backend $backend" >&2; exit 1 ;;
    esac
    csv_args=()
    [[ -f $CSV ]] || csv_args=(--csv "$CSV")
    echo "== Store: $backend ($(load))"
    if [[ $backend == postgres ]]; then
        psql "$URL" -qAtc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" \
            >/dev/null 2>&1 || true
    fi
    "$SCALE" --backend "$backend" --database "$database" --events "$EVENTS" --batch "$BATCH" --runs "$RUNS" \
        --budget "$BUDGET" --json "$WORK/$backend.json" "${csv_args[@]}"
    REPORTS+=("$WORK/$backend.json")
    # How far each rollup (Sources/BurnrateStore/Rollup.swift, by id) compresses the events: the
    # aggregates read them.
    ROLLUP_ROWS="SELECT rollup, COUNT(*) FROM rollups GROUP BY rollup ORDER BY rollup"
    case $backend in
    sqlite) python3 -c "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); print('rows per rollup: ' + ', '.join('{}: {:,}'.format(*row) for row in db.execute(sys.argv[2])))" "$database" "$ROLLUP_ROWS" ;;
    postgres)
        psql "$URL" -Atc "SELECT 'rows per rollup: ' || string_agg(rollup || ': ' || to_char(rows, 'FM999,999,999'), ', ' ORDER BY rollup)
            FROM ($ROLLUP_ROWS) AS counts (rollup, rows)"
        # Where the server's time went, per statement (pg_stat_statements, when the cluster has it).
        psql "$URL" -P pager=off -c "SELECT calls, round(total_exec_time) AS total_ms,
                round((total_exec_time / calls)::numeric, 1) AS mean_ms,
                left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS statement
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT 12" 2>/dev/null || true
        ;;
    esac
done

echo "== Baselines: the same rows ($(load))"
baseline_args=()
for baseline in $BASELINES; do
    case $baseline in
    postgres) baseline_args+=(--pg "$URL") ;;
    sqlite) baseline_args+=(--sqlite "$WORK/baseline.sqlite") ;;
    duckdb) baseline_args+=(--duckdb "$WORK/baseline.duckdb") ;;
    *) echo "unknown baseline $baseline" >&2; exit 1 ;;
    esac
done
python3 "$ROOT/scripts/scale_baseline.py" "$CSV" "${baseline_args[@]}" --batch "$BATCH" --runs "$RUNS" --budget "$BUDGET" \
    --json "$WORK/baseline.json"

echo "== Summary ($(load))"
python3 "$ROOT/scripts/scale_baseline.py" summary "${REPORTS[@]}" "$WORK/baseline.json"
