#!/usr/bin/env bash
# The labelled runaway-session benchmark over many seeds (the suite runs 8): per seed, two weeks
# of completed agent sessions of six features as history, then a day of sessions played call by
# call with runaways of four kinds injected (cost loop, call loop, long run, prompt loop) and
# ordinary heavy-tail runs, judged every minute by the runaway rule. Prints precision, the alerts
# on runaway-free streams, and per kind the recall and what a runaway had spent when found.
#
#   scripts/runaway-benchmark.sh [SEEDS]     # default 50
set -euo pipefail
cd "$(dirname "$0")/.."
BURNRATE_RUNAWAY_SEEDS=${1:-50} swift test --filter RunawayBenchmarkTests.printReport 2>&1 \
    | grep -E "^[0-9]+ seeds|^  [a-z]|error:|failed|passed after"
