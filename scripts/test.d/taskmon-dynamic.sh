#!/usr/bin/env bash
# taskmon --pid from the shipped binaries: artifacts/bin/taskmon-dynamic (AOT, glibc) reads a running .NET app
# with no Taskmon in it (tests/Taskmon.Attach.TargetApp) and leaves it running; it names a Native AOT process as
# such; the static artifacts/bin/taskmon answers --pid by pointing to the dynamic build, except on an app that runs
# Taskmon (samples/Taskmon.Demo), whose live terminal it reaches through the app's Unix socket in TMPDIR.
# Prints "PASS name" / "FAIL name"; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/eng/static.sh"
cd "$REPO_ROOT"

source "$REPO_ROOT/scripts/lib/suite.sh"

mkdir -p "$CACHE"; suite_log="$CACHE/taskmon-dynamic-suite.log"
if ! scripts/build-static --no-images >"$suite_log" 2>&1; then
  tail -n 30 "$suite_log"
  fail build_static_binaries "scripts/build-static --no-images failed"
  exit 1
fi
dynamic="$BIN_DIR/taskmon-dynamic"
if [ -x "$dynamic" ] && file -b "$dynamic" | grep -q "dynamically linked"; then
  pass "taskmon_dynamic_built_with_zero_aot_warnings ($(stat -c %s "$dynamic") bytes; static taskmon $(stat -c %s "$BIN_DIR/taskmon") bytes)"
else
  fail taskmon_dynamic_built_with_zero_aot_warnings "$(file -b "$dynamic" 2>&1)"; exit 1
fi

# The static binary: one line pointing to the dynamic build, exit code 11.
rc=0; out="$("$BIN_DIR/taskmon" --pid 1 -- ps 2>&1)" || rc=$?
if [ "$rc" -eq 11 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && [[ "$out" == *"taskmon-dynamic"* ]]; then
  pass taskmon_static_points_pid_to_the_dynamic_build
else
  fail taskmon_static_points_pid_to_the_dynamic_build "rc=$rc: $out"
fi

# A real .NET app without Taskmon: its known stuck chains, then it still answers.
target_dll="tests/Taskmon.Attach.TargetApp/bin/${CONFIG:-Release}/net10.0/Taskmon.Attach.TargetApp.dll"
[ -f "$target_dll" ] || dotnet build tests/Taskmon.Attach.TargetApp -c "${CONFIG:-Release}" -nologo -v quiet -clp:NoSummary >>"$suite_log" 2>&1
coproc TARGET { exec dotnet "$target_dll"; }
target_pid=$TARGET_PID
ready=""; read -r -t 60 -u "${TARGET[0]}" ready || true
if [[ "$ready" == "ready $target_pid" ]]; then
  rc=0; out="$("$dynamic" --pid "$target_pid" -- ps 2>&1)" || rc=$?
  if [ "$rc" -eq 0 ] && [[ "$out" == *"x5  Taskmon.Attach.TargetApp.Stuck.SleepyWorkerAsync <- Task.Delay(01:00:00)"* ]] \
    && [[ "$out" == *"Stuck.OuterAsync <- Taskmon.Attach.TargetApp.Stuck.MiddleAsync <- Taskmon.Attach.TargetApp.Stuck.InnerGateWaitAsync <- SemaphoreSlim.WaitAsync"* ]]; then
    pass taskmon_dynamic_reads_a_dotnet_app_without_taskmon
  else
    fail taskmon_dynamic_reads_a_dotnet_app_without_taskmon "rc=$rc: $out"
  fi
  rc=0; out="$("$dynamic" --pid "$target_pid" --json -- where --all 2>&1)" || rc=$?
  line="$(grep -n '// await:inner' tests/Taskmon.Attach.TargetApp/Program.cs | cut -d: -f1)"
  if [ "$rc" -eq 0 ] && [[ "$out" == *'"name":"Taskmon.Attach.TargetApp.Stuck.InnerGateWaitAsync","state":0,"file":"'*'Program.cs","line":'"$line"'}'* ]]; then
    pass taskmon_dynamic_where_all_has_await_lines
  else
    fail taskmon_dynamic_where_all_has_await_lines "rc=$rc, expected line $line: ${out:0:600}"
  fi
  echo ping >&"${TARGET[1]}"; reply=""; read -r -t 30 -u "${TARGET[0]}" reply || true
  if [ "$reply" = "pong" ]; then pass target_still_runs_after_taskmon_dynamic; else fail target_still_runs_after_taskmon_dynamic "got '$reply'"; fi
else
  fail target_app_starts "got '$ready'"
fi
kill "$target_pid" 2>/dev/null; wait "$target_pid" 2>/dev/null

# A Native AOT process (the static slice, waiting on its input): named as such, exit code 8.
if [ -x "$BIN_DIR/slice" ]; then
  coproc AOT { exec "$BIN_DIR/slice" 0:1; }
  aot_pid=$AOT_PID
  rc=0; out="$("$dynamic" --pid "$aot_pid" -- ps 2>&1)" || rc=$?
  if [ "$rc" -eq 8 ] && [[ "$out" == *"is a Native AOT app"* ]]; then pass taskmon_dynamic_names_a_native_aot_process
  else fail taskmon_dynamic_names_a_native_aot_process "rc=$rc: $out"; fi
  kill "$aot_pid" 2>/dev/null; wait "$aot_pid" 2>/dev/null
fi

# An app that runs Taskmon: the static binary reaches its live terminal through $TMPDIR/taskmon-PID.sock.
demo_dll="samples/Taskmon.Demo/bin/${CONFIG:-Release}/net10.0/Taskmon.Demo.dll"
[ -f "$demo_dll" ] || dotnet build samples/Taskmon.Demo -c "${CONFIG:-Release}" -nologo -v quiet -clp:NoSummary >>"$suite_log" 2>&1
demo_tmp="$(mktemp -d)"
TMPDIR="$demo_tmp" TASKMON_PORT=0 TASKMON_WEB_PORT=0 dotnet "$demo_dll" >/dev/null 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do [ -S "$demo_tmp/taskmon-$demo_pid.sock" ] && break; sleep 0.1; done
rc=0; out="$(TMPDIR="$demo_tmp" "$BIN_DIR/taskmon" --pid "$demo_pid" -- tracking status 2>&1)" || rc=$?
if [ "$rc" -eq 0 ] && [[ "$out" == *"runs Taskmon: its live terminal"* ]] && [[ "$out" == *"Discovery          full"* ]]; then
  pass taskmon_static_reaches_a_monitored_app_by_pid_through_its_socket
else
  fail taskmon_static_reaches_a_monitored_app_by_pid_through_its_socket "rc=$rc: $out"
fi
kill "$demo_pid" 2>/dev/null; wait "$demo_pid" 2>/dev/null
rm -rf "$demo_tmp"

exit $((failures > 0))
