#!/usr/bin/env bash
# Proxy overhead under load: a fast fake OpenAI upstream (nginx answering every
# POST /v1/chat/completions with the same canned JSON), then wrk at a paced RATE against
#   1. the upstream directly,
#   2. Burnrate's proxy (`burnrate serve --openai-base-url` pointing at the upstream),
#   3. LiteLLM's proxy (`litellm --config`, same upstream), if LITELLM is set,
#   4. nginx as a reverse proxy to the same upstream (a second nginx, one worker, keep-alive
#      upstream connections): the least a proxy hop costs on this machine, for reference,
#   5. ProxyFloor (Benchmarks/ProxyFloor), a bare SwiftNIO relay: the least a proxy hop costs in
#      SwiftNIO, if built (swift build -c release --package-path Benchmarks --product ProxyFloor),
# one after the other in the same run, with the same body. Prints wrk's figures for each, the
# proxy's CPU time and memory (VmRSS, VmHWM), and what Burnrate recorded.
#
# Usage: scripts/bench-proxy.sh
# Environment (all optional):
#   BIN=.build/release/burnrate   the release binary (swift build -c release --product burnrate)
#   LITELLM=/tmp/litellm-venv/bin/litellm   LiteLLM's CLI (pip install 'litellm[proxy]' in a venv)
#   FLOOR=Benchmarks/.build/release/ProxyFloor   the SwiftNIO relay (skipped when not built)
#   RATE=1000 DURATION=20 CONNECTIONS=16 THREADS=2
#
# Pacing is the same as bench-http.sh: plain wrk has no rate limit, so the Lua script's delay()
# hands each request the next slot on a fixed schedule of RATE/THREADS per thread. Latency is
# wrk's, from writing a request to reading its response (no coordinated-omission correction):
# compare the achieved rate with RATE. Only 127.0.0.1 is targeted.
set -euo pipefail

RATE=${RATE:-1000}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
BIN=${BIN:-.build/release/burnrate}
UPSTREAM_PORT=18081
BURNRATE_PORT=18080
LITELLM_PORT=18082
REFERENCE_PORT=18083
FLOOR_PORT=18084
FLOOR=${FLOOR:-Benchmarks/.build/release/ProxyFloor}

cd "$(dirname "$0")/.."
for tool in wrk curl nginx; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "$BIN is missing: swift build -c release --product burnrate" >&2; exit 1; }

WORK=$(mktemp -d /tmp/burnrate-bench-proxy-XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

RESPONSE='{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}'
# start_nginx NAME HTTP_BLOCK_BODY: one nginx process (one worker, no daemon, its files under
# $WORK/NAME) serving the given lines inside its http block; sets NGINX_PID.
start_nginx() {
    local dir="$WORK/$1"
    mkdir -p "$dir"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
$2
}
CONF
    nginx -p "$dir" -c "$dir/nginx.conf" &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
}
start_nginx upstream "    server {
        listen 127.0.0.1:$UPSTREAM_PORT;
        location / { default_type application/json; return 200 '$RESPONSE'; }
    }"
start_nginx reference "    upstream fake { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; keepalive_requests 1000000; }
    server {
        listen 127.0.0.1:$REFERENCE_PORT;
        location / { proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
    }"
REFERENCE_PID=$NGINX_PID

cat >"$WORK/prices.json" <<'JSON'
[{"provider":"openai","model":"gpt-4o","aliases":["gpt-4o-2024-08-06"],"effective_from":"2024-10-01","input":"2.50","output":"10.00","cache_read":"1.25"}]
JSON
"$BIN" serve --database "$WORK/burnrate.sqlite" --port "$BURNRATE_PORT" --log-level warning --prices "$WORK/prices.json" \
    --openai-base-url "http://127.0.0.1:$UPSTREAM_PORT/v1" >"$WORK/burnrate.log" 2>&1 &
BURNRATE_PID=$!
PIDS+=("$BURNRATE_PID")


wait_for() {
    for _ in $(seq 1 600); do
        if curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"model":"gpt-4o","messages":[]}' "$1"; then return 0; fi
        sleep 0.1
    done
    echo "$1 never answered" >&2; cat "$WORK"/*.log >&2; exit 1
}
wait_for "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions"
wait_for "http://127.0.0.1:$BURNRATE_PORT/v1/chat/completions"
wait_for "http://127.0.0.1:$REFERENCE_PORT/v1/chat/completions"
if [ -x "$FLOOR" ]; then
    "$FLOOR" "$FLOOR_PORT" "$UPSTREAM_PORT" >"$WORK/floor.log" 2>&1 &
    FLOOR_PID=$!
    PIDS+=("$FLOOR_PID")
    wait_for "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions"
else
    echo "$FLOOR is not built: skipping the SwiftNIO floor" >&2
fi

# LiteLLM starts only for its own run and stops after it: idle, it still takes CPU time from the
# runs beside it on a small machine.
start_litellm() {
    cat >"$WORK/litellm.yaml" <<YAML
model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_base: "http://127.0.0.1:$UPSTREAM_PORT/v1", api_key: sk-fake}
litellm_settings: {telemetry: false}
YAML
    LITELLM_MASTER_KEY=sk-bench-0123456789abcdef0123456789abcdef LITELLM_LOCAL_MODEL_COST_MAP=True "$LITELLM" --config "$WORK/litellm.yaml" --host 127.0.0.1 --port "$LITELLM_PORT" \
        >"$WORK/litellm.log" 2>&1 &
    LITELLM_PID=$!
    PIDS+=("$LITELLM_PID")
    wait_for "http://127.0.0.1:$LITELLM_PORT/v1/chat/completions"
}
stop_litellm() {
    pkill -P "$LITELLM_PID" 2>/dev/null || true
    kill "$LITELLM_PID" 2>/dev/null || true
    sleep 2
}

cat >"$WORK/chat.lua" <<'LUA'
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } proxy_timespec;
int clock_gettime(int clock_id, proxy_timespec *tp);
]]
local ts = ffi.new("proxy_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
    interval_ms = tonumber(args[1])
    failures = 0
    next_slot = nil
end
function delay()
    local now = now_ms()
    if next_slot == nil or next_slot < now then next_slot = now end
    local slot = next_slot
    next_slot = next_slot + interval_ms
    return math.floor(slot - now)
end
local body = '{"model":"gpt-4o","max_tokens":5,"messages":[{"role":"user","content":"Say hello"}]}'
function request()
    return wrk.format("POST", "/v1/chat/completions",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer sk-bench-0123456789abcdef0123456789abcdef", ["X-Burnrate-Tenant"] = "bench" }, body)
end
function response(status, headers, body)
    if status ~= 200 or not string.find(body, "chatcmpl", 1, true) then
        failures = failures + 1
        if failures <= 3 then io.stderr:write("unexpected response " .. status .. ": " .. body:sub(1, 300) .. "\n") end
    end
end
function done(summary, latency, requests)
    local failed = 0
    for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
    local seconds = summary.duration / 1e6
    io.write(string.format("achieved %.1f req/s (%d in %.1f s), failed %d, socket errors %d/%d/%d/%d\n",
        summary.requests / seconds, summary.requests, seconds, failed,
        summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
    io.write(string.format("latency ms p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f mean %.3f\n",
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000))
end
LUA

INTERVAL_MS=$(awk -v r="$RATE" -v t="$THREADS" 'BEGIN { printf "%.6f", 1000 * t / r }')
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
memory() { awk '/VmRSS|VmHWM/ { printf "%s %.1f MiB  ", $1, $2 / 1024 }' "/proc/$1/status"; }
tree_rss() { # RSS of a process and its descendants, MiB
    local pids; pids=$(ps -o pid= --ppid "$1" 2>/dev/null; echo "$1")
    for p in $pids; do awk '/VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null; done | awk '{ s += $1 } END { printf "%.1f MiB", s / 1024 }'
}
run() {
    local name=$1 port=$2 pid=${3:-}
    echo "== $name (port $port): wrk -t $THREADS -c $CONNECTIONS -d ${DURATION}s, paced to $RATE req/s"
    # A short warm-up at the same rate, not measured.
    wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s --timeout 5s -s "$WORK/chat.lua" "http://127.0.0.1:$port" -- "$INTERVAL_MS" >/dev/null
    local before=0
    [ -n "$pid" ] && before=$(ticks "$pid")
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 5s -s "$WORK/chat.lua" "http://127.0.0.1:$port" -- "$INTERVAL_MS" \
        | grep -E "^(achieved|latency ms)"
    if [ -n "$pid" ]; then
        awk -v t=$(($(ticks "$pid") - before)) -v hz="$(getconf CLK_TCK)" -v d="$DURATION" \
            'BEGIN { printf "CPU %.2f s in %d s (%.0f%% of one core)\n", t / hz, d, 100 * t / hz / d }'
    fi
}
echo "== Machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== Burnrate memory before load: $(memory "$BURNRATE_PID")"
run "direct upstream (nginx)" "$UPSTREAM_PORT"
run "nginx as a reverse proxy (reference)" "$REFERENCE_PORT" "$(pgrep -P "$REFERENCE_PID" | head -1)"
[ -x "$FLOOR" ] && run "ProxyFloor, a bare SwiftNIO relay (reference)" "$FLOOR_PORT" "$FLOOR_PID"
run "Burnrate proxy" "$BURNRATE_PORT" "$BURNRATE_PID"
echo "Burnrate memory after load: $(memory "$BURNRATE_PID")"
if [ -n "${LITELLM:-}" ]; then
    start_litellm
    run "LiteLLM proxy" "$LITELLM_PORT" "$LITELLM_PID"
    echo "LiteLLM memory after load (process tree RSS): $(tree_rss "$LITELLM_PID")"
    stop_litellm
fi
run "direct upstream again (nginx)" "$UPSTREAM_PORT"
echo "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 2
echo "== Recorded by Burnrate: $(curl -s "http://127.0.0.1:$BURNRATE_PORT/api/v1/summary?from=2000-01-01" | tr -s ' \n' ' ' | head -c 400)"
curl -s "http://127.0.0.1:$BURNRATE_PORT/metrics" | grep -E "^burnrate_proxy_" || true
