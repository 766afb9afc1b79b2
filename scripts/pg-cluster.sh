#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for benchmarks and tests.
#
#   scripts/pg-cluster.sh start DIR PORT   # initdb in DIR/data (if needed), start, print the URL
#   scripts/pg-cluster.sh stop DIR         # stop it (PORT may be given and is ignored)
#
# The cluster listens on 127.0.0.1:PORT only, with its unix socket in DIR/socket, trust
# authentication and the superuser `postgres`. It is tuned for a bulk benchmark but stays
# durable: fsync and synchronous_commit are on, so ingest figures measured against it are
# figures for committed, flushed writes. The server log is DIR/postgres.log.
#
# Uses the newest PostgreSQL under /usr/lib/postgresql/*/bin (Debian's layout), or PG_BIN if set.
# initdb refuses to run as root, so as root DIR is handed to the `postgres` user and the server
# runs as that user.
set -euo pipefail

usage() {
    echo "usage: $0 start DIR PORT | stop DIR [PORT]" >&2
    exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$2
port=${3:-}

if [[ -z ${PG_BIN:-} ]]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1 || true)
fi
if [[ -z $PG_BIN || ! -x $PG_BIN/initdb ]]; then
    echo "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin; set PG_BIN)" >&2
    exit 1
fi

# Runs a PostgreSQL binary as the cluster's owner.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

data=$dir/data
socket=$dir/socket
log=$dir/postgres.log

case $command in
start)
    [[ -n $port ]] || usage
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    data=$dir/data
    socket=$dir/socket
    log=$dir/postgres.log
    mkdir -p "$socket"
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres: "$dir"
        if ! runuser -u postgres -- test -x "$dir"; then
            echo "the postgres user cannot reach $dir: make its parent directories traversable (chmod o+x)" >&2
            exit 1
        fi
    fi
    if [[ ! -f $data/PG_VERSION ]]; then
        as_owner "$PG_BIN/initdb" --pgdata="$data" --username=postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; exit 1; }
        cat >>"$data/postgresql.conf" <<EOF

# scripts/pg-cluster.sh: a local benchmark cluster.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket'
max_connections = 50
# Durable ingest: every commit is flushed before it returns.
fsync = on
synchronous_commit = on
full_page_writes = on
# Room for bulk loads without a checkpoint every few seconds.
shared_buffers = 1GB
effective_cache_size = 4GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
min_wal_size = 512MB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9
wal_buffers = 64MB
# Two cores: one parallel worker per query at most.
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
random_page_cost = 1.1
jit = off
logging_collector = off
log_min_duration_statement = -1
log_checkpoints = on
EOF
        # Per-statement timings for benchmarks (CREATE EXTENSION pg_stat_statements to read them).
        if [[ -f $PG_BIN/../lib/pg_stat_statements.so ]]; then
            echo "shared_preload_libraries = 'pg_stat_statements'" >>"$data/postgresql.conf"
        fi
    fi
    as_owner "$PG_BIN/pg_ctl" --pgdata="$data" --log="$log" --wait --timeout=60 \
        -o "-p $port -k $socket" start >/dev/null ||
        { tail -n 30 "$log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    if [[ -f $data/postmaster.pid ]]; then
        as_owner "$PG_BIN/pg_ctl" --pgdata="$data" --mode=fast --wait --timeout=60 stop >/dev/null
    fi
    ;;
*)
    usage
    ;;
esac
