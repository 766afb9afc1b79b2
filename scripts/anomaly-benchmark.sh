#!/usr/bin/env bash
# The labelled anomaly benchmark over many seeds (the suite runs 6): hourly cost with a working
# week, growth, noise and holidays, each kind of anomaly injected once per seed, judged hour by
# hour as the hourly_spike rule judges it. Prints precision, recall and detection delay.
#
#   scripts/anomaly-benchmark.sh [SEEDS]     # default 50
set -euo pipefail
cd "$(dirname "$0")/.."
BURNRATE_ANOMALY_SEEDS=${1:-50} swift test --filter AnomalyBenchmarkTests.spikesAndRunawayLoopsAreFoundAndNothingElseIs 2>&1 \
    | grep -E "^(hourly_spike|spike|runaway|anomaly-free)|failed|passed"
