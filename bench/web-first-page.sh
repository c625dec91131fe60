#!/usr/bin/env bash
# Measures the Taskmon web API's first-page latency with 100,000 live tasks (issue: <= 200 ms).
# Prints a table; it does not pass or fail on timings (those belong in docs/perf, not in asserts).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$REPO_ROOT"
dotnet run -c Release --project bench/Taskmon.Web.Bench -- "${1:-100000}" "${2:-30}"
