#!/usr/bin/env bash
# The labelled anomaly benchmark over many seeds (the suite runs 8): hourly cost and requests of
# six tenants with a working week, growth, noise and holidays, each kind of anomaly injected once
# per seed, judged hour by hour by every anomaly rule. Prints, per rule, precision and the alerts
# on anomaly-free series, and per rule and kind, recall and detection delay.
#
#   scripts/anomaly-benchmark.sh [SEEDS]     # default 50
set -euo pipefail
cd "$(dirname "$0")/.."
BURNRATE_ANOMALY_SEEDS=${1:-50} swift test --filter AnomalyBenchmarkTests.printReport 2>&1 \
    | grep -E "^[0-9]+ seeds|^[a-z_]+: precision|^  [a-z_]+: recall|failed|passed after"
