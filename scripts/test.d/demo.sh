#!/usr/bin/env bash
# Runs scripts/demo in its non-interactive mode (as CI does) and checks the scripted session.
set -uo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$REPO_ROOT"

port=$((21000 + RANDOM % 2000))
web_port=$((port + 2000))
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
status=0
DEMO_SCRIPTED=1 TASKMON_PORT="$port" TASKMON_WEB_PORT="$web_port" CONFIG="${CONFIG:-Release}" timeout 300 scripts/demo </dev/null >"$out" 2>&1 || status=$?
cat "$out"

failed=0
check() {
  local name="$1" pattern="$2"
  if grep -qE -- "$pattern" "$out"; then
    echo "PASS demo: $name"
  else
    echo "FAIL demo: $name (no match for /$pattern/)"
    failed=1
  fi
}
if [ "$status" -eq 0 ]; then echo "PASS demo: exits 0"; else echo "FAIL demo: exit status $status"; failed=1; fi
check "ps lists the pipeline" "order-worker-1"
check "ps header counts tasks" "[0-9]+ tasks running \(showing [0-9]+"
check "where shows the hung request's async stack" "LoadUserAsync"
check "ps-terminated shows the faulted loop" "cache-refresher .*faulted"
check "where-terminated shows the exception" "malformed data"
check "cancel reports the end" "✓ Task [0-9]+ \(order-worker-2\) has finished cancelling"
check "where-terminated shows who cancelled the import" "by task [0-9]+ import-watchdog"
check "threadpool" "Queued work items"
check "app command" "orders queued"
check "top prints snapshots with busy %" "id +state +name +method +age +busy +busy% +runs +longest"
check "top warns of the sync-over-async export" "! blocking +task [0-9]+ legacy-export"
if [ "$(grep -c '^taskmon top - ' "$out")" -ge 3 ]; then echo "PASS demo: top shows three snapshots"; else echo "FAIL demo: top shows three snapshots"; failed=1; fi
check "taskmon --pid reaches the demo's live terminal by pid" "runs Taskmon: its live terminal"
check "taskmon --pid --snapshot reads the demo from outside" "pending async chains in [0-9]+ groups"
exit "$failed"
