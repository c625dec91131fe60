#!/usr/bin/env bash
# taskmon --pid on an app in a container, both ways the README shows: the dynamically linked AOT build copied into
# the app's container and run there (podman cp + podman exec), and a sidecar container sharing the app's PID
# namespace (podman run --pid container:NAME --cap-add SYS_PTRACE). The app is tests/Taskmon.Attach.TargetApp
# (no Taskmon in it) on the .NET runtime copied from the SDK; the known stuck chains and an await line are
# asserted, and the app is left running (not in tracing stop). Images are cached under artifacts/cache (podman, vfs).
# Prints "PASS name" / "FAIL name"; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/eng/static.sh"
source "$REPO_ROOT/scripts/lib/suite.sh"
cd "$REPO_ROOT"

if [ "$(id -u)" -ne 0 ]; then fail taskmon_podman_suite_needs_root "run as root (podman vfs)"; exit 1; fi
mkdir -p "$CACHE"; suite_log="$CACHE/taskmon-podman-suite.log"
if ! { bash scripts/setup.d/static.sh && scripts/build-static --no-images; } >"$suite_log" 2>&1; then
  tail -n 30 "$suite_log"; fail build_taskmon_dynamic "scripts/build-static --no-images failed"; exit 1
fi

# The images: the runtime's native dependencies as a base (standing in for a glibc image such as debian:12-slim;
# the sidecar runs it), the target app on it.
build_images() {
  local root ctx dotnet_root version
  root="$(deb_root dotnet-deps libc6 libstdc++6 libgcc-s1 zlib1g)"
  mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
  import_base dotnet-deps "$root"

  dotnet build tests/Taskmon.Attach.TargetApp -c Release -nologo -v quiet -clp:NoSummary || return 1
  ctx="$CACHE/context/attach-target"
  rm -rf "$ctx"; mkdir -p "$ctx/app" "$ctx/dotnet/host" "$ctx/dotnet/shared/Microsoft.NETCore.App"
  cp -a tests/Taskmon.Attach.TargetApp/bin/Release/net10.0/. "$ctx/app/"
  rm -f "$ctx/app/Taskmon.Attach.TargetApp"   # run as `dotnet app.dll`
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')"
  cp "$dotnet_root/dotnet" "$ctx/dotnet/"
  cp -a "$dotnet_root/host/fxr" "$ctx/dotnet/host/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$version" "$ctx/dotnet/shared/Microsoft.NETCore.App/"
  build_image taskmon-attach-target attach-target.Containerfile Taskmon.Attach.TargetApp "$ctx"
}
if ! build_images >>"$suite_log" 2>&1; then
  tail -n 30 "$suite_log"; fail taskmon_podman_images "building the images failed"; exit 1
fi

name="taskmon-attach-$$-$RANDOM"
cleanup() { podman_ rm -f -t 0 "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
run_flags=(--runtime runc run --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# The app: stdin kept open (-i), so it keeps running until the container is removed.
if ! podman_ "${run_flags[@]}" -d -i --name "$name" localhost/taskmon-attach-target >>"$suite_log" 2>&1; then
  tail -n 10 "$suite_log"; fail taskmon_podman_target_starts "podman run failed"; exit 1
fi
ready=""
for _ in $(seq 1 240); do
  ready="$(podman_ logs "$name" 2>&1 | grep -m 1 '^ready ' || true)"
  [ -n "$ready" ] && break
  [ "$(podman_ inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" = "true" ] || break
  sleep 0.5
done
if [ -z "$ready" ]; then fail taskmon_podman_target_starts "no ready line: $(podman_ logs "$name" 2>&1 | tail -n 5)"; exit 1; fi
pid="${ready#ready }"   # its pid inside the container
host_pid="$(podman_ inspect --format '{{.State.Pid}}' "$name")"
ns="Taskmon.Attach.TargetApp.Stuck."
line="$(grep -n '// await:inner' tests/Taskmon.Attach.TargetApp/Program.cs | cut -d: -f1)"

# check_read TEST OUT RC : the known chains (grouped), the 3-level chain with its await line, sync-over-async.
check_read() {
  local test="$1" out="$2" rc="$3"
  if [ "$rc" -eq 0 ] && [[ "$out" == *'"name":"'"$ns"'SleepyWorkerAsync"'* ]] && [[ "$out" == *'"count":5,'* ]] \
    && [[ "$out" == *'"name":"'"$ns"'InnerGateWaitAsync","state":0,"file":"'*'Program.cs","line":'"$line"'}'* ]] \
    && [[ "$out" == *'"name":"'"$ns"'WaitForReplyAsync"'* ]] && [[ "$out" == *'"name":"TaskCompletionSource (never completed)"'* ]] \
    && [[ "$out" == *'"name":"Channel.ReadAsync"'* ]] && [[ "$out" == *'"syncOverAsync":true'* ]]; then
    pass "$test"
  else
    fail "$test" "rc=$rc, expected the stuck chains and line $line: ${out:0:600}"
  fi
}
# still_running TEST : the app is not stopped (no tracing stop left behind) and still answers a read.
still_running() {
  local state
  state="$(awk '/^State:/ { print $2 }' "/proc/$host_pid/status" 2>/dev/null)"
  if [ "$state" = "S" ] || [ "$state" = "R" ]; then pass "$1"; else fail "$1" "the app's state is '$state'"; fi
}

# 1. Inside the app's container: podman cp + podman exec (docs/attach.md, "Builds, and where it runs").
podman_ cp "$BIN_DIR/taskmon-dynamic" "$name:/tmp/taskmon" >>"$suite_log" 2>&1
rc=0; out="$(podman_ exec "$name" /tmp/taskmon --pid "$pid" --json -- where --all 2>&1)" || rc=$?
check_read taskmon_dynamic_in_the_apps_container_reads_its_stuck_chains "$out" "$rc"
still_running app_still_runs_after_taskmon_in_its_container

# 2. A sidecar from a glibc image sharing the app's PID namespace, with CAP_SYS_PTRACE, the binary mounted read-only.
rc=0; out="$(podman_ "${run_flags[@]}" --rm --pid "container:$name" --cap-add SYS_PTRACE -v "$BIN_DIR:/t:ro" \
  localhost/dotnet-deps /t/taskmon-dynamic --pid "$pid" --json -- where --all 2>&1)" || rc=$?
check_read taskmon_sidecar_sharing_the_pid_namespace_reads_the_apps_stuck_chains "$out" "$rc"
still_running app_still_runs_after_the_taskmon_sidecar

exit $((failures > 0))
