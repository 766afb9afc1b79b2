#!/usr/bin/env bash
# Dashboard pages on a large ledger: writes demo history of DAILY_REQUESTS requests a day
# (35,000 gives about 10 million events over 180 days) into a SQLite file unless it exists,
# serves it with the release binary on 127.0.0.1, and times every page: the first load, then
# the median and the slowest of five more. The time is curl's time to the first byte on
# loopback, which is the server's time to render the page (pages are sent whole).
#
# Usage: scripts/bench-dashboard.sh
# Environment (all optional):
#   BIN=.build/release/burnrate    the release binary (swift build -c release --product burnrate)
#   DATABASE=/tmp/burnrate-dashboard.sqlite   kept between runs (about 3.5 GB at 10 million events)
#   DAILY_REQUESTS=35000  PORT=18093  WARMUP=30 (seconds between start and the first page, so
#   that the savings opportunities are computed in the background first)
set -euo pipefail

BIN=${BIN:-.build/release/burnrate}
DATABASE=${DATABASE:-/tmp/burnrate-dashboard.sqlite}
DAILY_REQUESTS=${DAILY_REQUESTS:-35000}
PORT=${PORT:-18093}
WARMUP=${WARMUP:-30}

cd "$(dirname "$0")/.."
[ -x "$BIN" ] || { echo "$BIN is missing: swift build -c release --product burnrate" >&2; exit 1; }
if [ ! -f "$DATABASE" ]; then
    echo "== Writing demo history ($DAILY_REQUESTS requests a day) into $DATABASE"
    "$BIN" demo --database "$DATABASE" --daily-requests "$DAILY_REQUESTS"
fi

"$BIN" serve --database "$DATABASE" --port "$PORT" --log-level warning >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
sleep "$WARMUP"

BASE="http://127.0.0.1:$PORT"
EVENTS=$(curl -s "$BASE/api/v1/summary?from=2000-01-01" | python3 -c 'import json, sys; print(json.load(sys.stdin)["requests"])')
REQUEST=demo-42-$(date -u -d yesterday +%Y%m%d)-5 # an event of the demo's seed 42
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $EVENTS events in $DATABASE"
printf '%-42s %10s %10s %10s %8s\n' page "first ms" "median ms" "max ms" "KB"
for path in / /costs "/costs?tenant=globex" "/costs?feature=search-rag" "/costs?model=gpt-4.1" "/costs?environment=staging" \
    "/costs?period=7d" "/costs?period=90d" "/costs?tag=region%3Deu" /operations /budgets /roi "/requests/$REQUEST"; do
    samples=()
    for _ in 1 2 3 4 5 6; do
        samples+=("$(curl -s -o /dev/null -w '%{time_starttransfer} %{size_download} %{http_code}' "$BASE$path")")
    done
    python3 - "$path" "${samples[@]}" <<'PY'
import sys
path, rows = sys.argv[1], [row.split() for row in sys.argv[2:]]
if any(row[2] != "200" for row in rows):
    sys.exit(f"{path} answered {rows[0][2]}")
ms = [float(row[0]) * 1000 for row in rows]
rest = sorted(ms[1:])
print(f"{path:42s} {ms[0]:10.1f} {rest[len(rest) // 2]:10.1f} {rest[-1]:10.1f} {int(rows[0][1]) / 1024:8.1f}")
PY
done
