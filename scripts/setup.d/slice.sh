#!/usr/bin/env bash
# The slice tests read peak RSS of the real binary with GNU time (/usr/bin/time -f %M).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
ensure_apt time
