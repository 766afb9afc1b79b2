#!/usr/bin/env bash
# Single-event HTTP ingest under load: builds the release binary, starts `burnrate serve` on
# 127.0.0.1 with a fresh database, and drives POST /api/v1/events with wrk at a paced rate (one
# event per request, each with a unique id), then prints wrk's figures and stops the server.
#
# Usage: scripts/bench-http.sh            (from anywhere; works on the repository root)
# Environment (all optional):
#   RATE=1000         target requests/s, over all connections
#   DURATION=20       seconds of load
#   CONNECTIONS=16    wrk connections (enough to keep RATE up while requests are in flight)
#   THREADS=2         wrk threads
#   PORT=8099         port on 127.0.0.1
#   PRICES=file       'file': price gpt-4o with a prices file given to --prices (default);
#                     'builtin': use only the built-in catalog (events may be stored unpriced)
#   SKIP_BUILD=1      reuse .build-release/release/burnrate as it is
#   DB_DIR=/tmp       where the database goes (/dev/shm takes the disk out of the picture)
#
# Plain wrk has no rate limit (Debian ships no wrk2), so the Lua script paces requests itself:
# wrk's delay() hook hands each request the next free slot on a fixed schedule of RATE/THREADS per
# thread. Latency is wrk's, from writing a request to reading its response; it does not include
# time a request waited for its slot (no coordinated-omission correction), so compare the achieved
# rate with RATE: when it falls short, the server could not keep up.
#
# Only 127.0.0.1 is ever targeted; the load stops by itself after DURATION seconds.
set -euo pipefail

RATE=${RATE:-1000}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-8099}
PRICES=${PRICES:-file}
HOST=127.0.0.1
BASE="http://$HOST:$PORT"

cd "$(dirname "$0")/.."

for tool in wrk curl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$tool is missing: apt-get update && apt-get install -y $tool" >&2
        exit 1
    fi
done
if [ "$DURATION" -gt 120 ] || [ "$RATE" -gt 20000 ]; then
    echo "DURATION is capped at 120 s and RATE at 20,000 requests/s." >&2
    exit 1
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== Building the release binary (.build-release)"
    swift build -c release --scratch-path .build-release --product burnrate
fi
BIN=.build-release/release/burnrate
[ -x "$BIN" ] || { echo "$BIN is missing; run without SKIP_BUILD=1." >&2; exit 1; }

if curl -s -o /dev/null --max-time 1 "$BASE/healthz"; then
    echo "Something already answers on $BASE; stop it or set PORT." >&2
    exit 1
fi

DB=${DB_DIR:-/tmp}/burnrate-bench-$$.sqlite
WORK=$(mktemp -d /tmp/burnrate-bench-http-XXXXXX)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    rm -f "$DB" "$DB-wal" "$DB-shm"
    rm -rf "$WORK"
}
trap cleanup EXIT

SERVE_ARGS=(serve --database "$DB" --port "$PORT" --log-level warning)
if [ "$PRICES" = file ]; then
    cat >"$WORK/prices.json" <<'JSON'
[{"provider":"openai","model":"gpt-4o","effective_from":"2024-10-01","input":"2.50","output":"10.00","cache_read":"1.25","tiers":{"batch":{"discount":"0.5"}}}]
JSON
    SERVE_ARGS+=(--prices "$WORK/prices.json")
fi

echo "== Starting: $BIN ${SERVE_ARGS[*]}"
"$BIN" "${SERVE_ARGS[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

ready=0
for _ in $(seq 1 300); do  # at most 30 s
    if curl -sf -o /dev/null "$BASE/healthz"; then ready=1; break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.1
done
if [ "$ready" != 1 ]; then
    echo "The server did not become healthy:" >&2
    cat "$WORK/server.log" >&2
    exit 1
fi
compact() { tr -s ' \n' ' '; }
echo "== Catalog: $(curl -sf "$BASE/readyz" | compact)"

# One probe request, to show what the server answers and whether gpt-4o is priced.
probe=$(curl -sf -X POST -H 'Content-Type: application/json' \
    -d '{"id":"probe-1","model":"gpt-4o","input_tokens":1200,"output_tokens":300,"tenant":"acme"}' \
    "$BASE/api/v1/events")
echo "== Probe response: $(printf '%s' "$probe" | compact | head -c 400)"

cat >"$WORK/ingest.lua" <<'LUA'
-- One event per POST, a unique id per request, paced to a fixed schedule per thread.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } burnrate_timespec;
int clock_gettime(int clock_id, burnrate_timespec *tp);
]]
local ts = ffi.new("burnrate_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    run_id = args[1]
    interval_ms = tonumber(args[2]) -- between two requests of this thread
    sent = 0
    failures = 0
    next_slot = nil
end

-- Milliseconds to wait before this connection's next request: the next free slot of the schedule.
function delay()
    local now = now_ms()
    if next_slot == nil or next_slot < now then next_slot = now end
    local slot = next_slot
    next_slot = next_slot + interval_ms
    return math.floor(slot - now)
end

function request()
    sent = sent + 1
    local body = string.format(
        '{"id":"wrk-%s-%d-%d","model":"gpt-4o","input_tokens":1200,"output_tokens":300,"tenant":"acme"}',
        run_id, thread_id, sent)
    return wrk.format("POST", "/api/v1/events", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
    if status ~= 200 or not string.find(body, '"accepted"%s*:%s*1%D') then
        failures = failures + 1
        if failures <= 3 then io.stderr:write("unexpected response " .. status .. ": " .. body .. "\n") end
    end
end

function done(summary, latency, requests)
    local failed = 0
    for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
    local seconds = summary.duration / 1e6
    io.write("\n== Summary\n")
    io.write(string.format("requests completed    %d in %.2f s\n", summary.requests, seconds))
    io.write(string.format("achieved rate         %.1f requests/s\n", summary.requests / seconds))
    io.write(string.format("failed (non-200 or not accepted) %d; socket errors connect %d read %d write %d timeout %d\n",
        failed, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
    io.write("latency (ms)          p50 " .. string.format("%.3f", latency:percentile(50) / 1000)
        .. "  p90 " .. string.format("%.3f", latency:percentile(90) / 1000)
        .. "  p95 " .. string.format("%.3f", latency:percentile(95) / 1000)
        .. "  p99 " .. string.format("%.3f", latency:percentile(99) / 1000)
        .. "  p99.9 " .. string.format("%.3f", latency:percentile(99.9) / 1000)
        .. "  max " .. string.format("%.3f", latency.max / 1000)
        .. "  mean " .. string.format("%.3f", latency.mean / 1000) .. "\n")
end
LUA

# CPU time (user + system, in clock ticks) the server has used so far.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

INTERVAL_MS=$(awk -v r="$RATE" -v t="$THREADS" 'BEGIN { printf "%.6f", 1000 * t / r }')
echo "== wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s, paced to $RATE requests/s (one every ${INTERVAL_MS} ms per thread)"
ticks_before=$(server_ticks)
wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 5s --latency \
    -s "$WORK/ingest.lua" "$BASE/api/v1/events" -- "$$" "$INTERVAL_MS"
ticks_after=$(server_ticks)
awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v d="$DURATION" \
    'BEGIN { printf "server CPU during the run: %.2f s of %d s (%.0f%% of one core)\n", t / hz, d, 100 * t / hz / d }'

echo
echo "== Stored (GET /api/v1/summary): $(curl -sf "$BASE/api/v1/summary" | compact | head -c 700)"
echo
echo "== Database after the run: $(du -h "$DB" | cut -f1) (+ WAL $(du -h "$DB-wal" 2>/dev/null | cut -f1 || echo 0))"
if [ -s "$WORK/server.log" ]; then
    echo "== Server log (warnings and above):"
    tail -n 20 "$WORK/server.log"
fi
