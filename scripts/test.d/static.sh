#!/usr/bin/env bash
# Run-anywhere suite: the static CLIs and their FROM-scratch images run where nothing else is
# (an empty chroot, an older glibc, a musl + busybox root, an image unpacked by umoci, podman with
# runc), and the dynamically linked AOT build, the usual alternative, fails in the same places.
# Prints "PASS name" / "FAIL name"; exits non-zero when anything failed. Needs root (chroot).
set -uo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/eng/static.sh"
cd "$REPO_ROOT"

source "$REPO_ROOT/scripts/lib/suite.sh"

if [ "$(id -u)" -ne 0 ]; then fail static_suite_needs_root "run as root (chroot, podman vfs)"; exit 1; fi

mkdir -p "$CACHE"; suite_log="$CACHE/static-suite.log"
if ! scripts/build-static >"$suite_log" 2>&1; then
  tail -n 30 "$suite_log"
  fail build_static "scripts/build-static failed"
  exit 1
fi
pass build_static

have() { [ -x "$BIN_DIR/$1" ]; }
input='a\nb\nc\n'
scratch_dir="$CACHE/scratch-roots"
rm -rf "$scratch_dir"; mkdir -p "$scratch_dir"

# An empty root holding one file: the binary.
lone_root() {
  local root="$scratch_dir/$1"
  mkdir -p "$root"; cp "$2" "$root/"
  printf '%s\n' "$root"
}
# run_in ROOT ARGS... : runs a program in ROOT with the test input on stdin; stdout+stderr, then "rc=N".
run_in() {
  local root="$1" rc=0 out; shift
  out="$(printf "$input" | chroot "$root" "$@" 2>&1)" || rc=$?
  printf '%s\nrc=%s' "$out" "$rc"
}

# --- every CLI: static, stripped, runs alone ----------------------------------------------------
for entry in "${STATIC_CLIS[@]}"; do
  read -r name project <<<"$entry"
  [ -f "$project" ] || continue
  if problem="$(check_static "$BIN_DIR/$name")"; then pass "${name}_is_static_and_stripped"
  else fail "${name}_is_static_and_stripped" "$problem"; fi
done

if have taskmon; then
  root="$(lone_root taskmon "$BIN_DIR/taskmon")"
  out="$(run_in "$root" /taskmon --version)"
  case "$out" in *[0-9].[0-9]*"rc=0") pass taskmon_version_in_empty_chroot ;;
    *) fail taskmon_version_in_empty_chroot "$out" ;; esac
  out="$(run_in "$root" /taskmon --help)"
  case "$out" in *[Uu]sage*"rc=0") pass taskmon_help_in_empty_chroot ;;
    *) fail taskmon_help_in_empty_chroot "$out" ;; esac
  # Sockets without NSS: nothing listens on port 1, so both must end in "connection refused"
  # (exit 3), and "localhost" must not need a resolver (the root has no /etc/hosts).
  for host in 127.0.0.1 localhost; do
    out="$(run_in "$root" /taskmon --host "$host" --port 1 -- ps)"
    lines="$(printf '%s\n' "$out" | grep -vc '^rc=')"
    case "$out" in
      *"cannot connect to $host:1"*[Rr]efused*"rc=3")
        [ "$lines" -eq 1 ] && pass "taskmon_reports_refused_${host}_in_empty_chroot" \
          || fail "taskmon_reports_refused_${host}_in_empty_chroot" "$lines lines: $out" ;;
      *) fail "taskmon_reports_refused_${host}_in_empty_chroot" "$out" ;;
    esac
  done
fi

# The static client against a live monitored app (the demo service, built by scripts/test),
# from a root that holds nothing but the client: sockets and the telnet session need no NSS.
demo_dll="samples/Taskmon.Demo/bin/Release/net10.0/Taskmon.Demo.dll"
if have taskmon && [ -f "$demo_dll" ]; then
  port=$((21000 + RANDOM % 2000))
  TASKMON_PORT="$port" dotnet "$demo_dll" >"$scratch_dir/demo.log" 2>&1 &
  demo_pid=$!
  root="$scratch_dir/taskmon"
  for _ in $(seq 1 300); do
    [[ "$(run_in "$root" /taskmon --port "$port" -- help)" == *"rc=0" ]] && break
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.2
  done
  out="$(run_in "$root" /taskmon --port "$port" -- orders)"
  case "$out" in *"orders queued"*"rc=0") pass taskmon_static_runs_a_command_on_a_live_app_from_empty_chroot ;;
    *) fail taskmon_static_runs_a_command_on_a_live_app_from_empty_chroot "$out $(tail -n 5 "$scratch_dir/demo.log")" ;; esac
  out="$(run_in "$root" /taskmon --host localhost --port "$port" --json -- ps)"
  case "$out" in "{"*"rc=0"|"["*"rc=0") pass taskmon_static_json_ps_via_localhost_from_empty_chroot ;;
    *) fail taskmon_static_json_ps_via_localhost_from_empty_chroot "$out" ;; esac
  kill "$demo_pid" 2>/dev/null; wait "$demo_pid" 2>/dev/null
fi

# --- slice ---------------------------------------------------------------------------------------
have slice || { fail slice_built "artifacts/bin/slice is missing"; exit 1; }

# The command every root must run the same way, and what it must print.
slice_args=(1:2); slice_expected=$'b\nrc=0'

dynamic="$(publish slice src/Slice/Slice.csproj dynamic 2>>"$suite_log")/slice"

# Empty chroot: nothing but the binary.
root="$(lone_root slice-static "$BIN_DIR/slice")"
expect slice_static_runs_in_empty_chroot "$slice_expected" "$(run_in "$root" /slice "${slice_args[@]}")"
# A failing file open must still give one readable line (no resource keys, no stack trace).
out="$(run_in "$root" /slice 1:2 /no/such/file)"
lines="$(printf '%s\n' "$out" | grep -vc '^rc=')"
case "$out" in
  *"rc=0") fail slice_static_error_is_one_readable_line "exit code 0: $out" ;;
  *"/no/such/file"*"No such file or directory"*"rc=1")
    [ "$lines" -eq 1 ] && pass slice_static_error_is_one_readable_line \
      || fail slice_static_error_is_one_readable_line "$lines lines: $out" ;;
  *) fail slice_static_error_is_one_readable_line "unexpected message: $out" ;;
esac
root="$(lone_root slice-dynamic "$dynamic")"
out="$(run_in "$root" /slice "${slice_args[@]}")"
case "$out" in
  *"rc=0"|*"$slice_expected") fail slice_dynamic_fails_in_empty_chroot "it ran: $out" ;;
  *) pass slice_dynamic_fails_in_empty_chroot ;;
esac

# The FROM-scratch image, unpacked by umoci (no engine) and run under chroot.
bundle="$(unpack_image slice)"
expect slice_image_holds_only_the_binary "/slice" "$(cd "$bundle/rootfs" && find . ! -type d | sed 's/^\.//')"
expect slice_image_runs_after_umoci_unpack "$slice_expected" "$(run_in "$bundle/rootfs" /slice "${slice_args[@]}")"
read -r raw _ < <(image_sizes slice)
if [ "$raw" -le 2500000 ]; then pass "slice_image_is_at_most_2.5MB ($raw bytes)"
else fail slice_image_is_at_most_2.5MB "$raw bytes"; fi

# The same archive loaded into podman and run with runc.
podman_ rmi -f localhost/slice:latest >/dev/null 2>&1 || true
if podman_ load -q -i "$IMAGES_DIR/slice.oci.tar" >/dev/null 2>&1; then
  rc=0; out="$(printf "$input" | podman_ "${PODMAN_RUN_FLAGS[@]}" localhost/slice:latest "${slice_args[@]}" 2>&1)" || rc=$?
  expect slice_image_runs_with_podman_runc "$slice_expected" "$(printf '%s\nrc=%s' "$out" "$rc")"
else
  fail slice_image_runs_with_podman_runc "podman load failed"
fi
if have taskmon; then
  bundle="$(unpack_image taskmon)"
  out="$(run_in "$bundle/rootfs" /taskmon --version)"
  case "$out" in *[0-9].[0-9]*"rc=0") pass taskmon_image_runs_after_umoci_unpack ;;
    *) fail taskmon_image_runs_after_umoci_unpack "$out" ;; esac
fi

# Foreign roots: an older glibc (Debian 11, glibc 2.31) and musl + busybox (an Alpine stand-in).
old="$(debian_root bullseye 2>>"$suite_log")"
expect debian11_root_has_glibc_2.31 "yes" "$([ -e "$old/lib/x86_64-linux-gnu/libc-2.31.so" ] && echo yes || echo no)"
cp "$BIN_DIR/slice" "$old/tmp/slice-static"; cp "$dynamic" "$old/tmp/slice-dynamic"
expect slice_static_runs_on_debian11 "$slice_expected" "$(run_in "$old" /tmp/slice-static "${slice_args[@]}")"
# A seekable file rather than a pipe: the last two lines of a 1000-line file.
seq 1 1000 >"$old/tmp/numbers.txt"
expect slice_static_reads_a_file_on_debian11 $'999\n1000\nrc=0' "$(run_in "$old" /tmp/slice-static -2: /tmp/numbers.txt)"
out="$(run_in "$old" /tmp/slice-dynamic "${slice_args[@]}")"
case "$out" in
  *"GLIBC_2."*"not found"*) pass slice_dynamic_fails_on_debian11 ;;
  *) fail slice_dynamic_fails_on_debian11 "expected a GLIBC version error: $out" ;;
esac

musl="$(musl_root 2>>"$suite_log")"
cp "$BIN_DIR/slice" "$musl/slice-static"; cp "$dynamic" "$musl/slice-dynamic"
expect musl_root_has_no_glibc "none" "$(ls "$musl"/lib*/ld-linux* "$musl"/lib/x86_64-linux-gnu/libc.so* 2>/dev/null || echo none)"
# Through busybox's shell, as a program in an Alpine container would be started.
rc=0; out="$(chroot "$musl" /bin/sh -c "printf '$input' | /slice-static ${slice_args[*]}" 2>&1)" || rc=$?
expect slice_static_runs_in_musl_busybox_root "$slice_expected" "$(printf '%s\nrc=%s' "$out" "$rc")"
rc=0; out="$(chroot "$musl" /bin/sh -c "printf '$input' | /slice-dynamic ${slice_args[*]}" 2>&1)" || rc=$?
if [ "$rc" -ne 0 ] && [ "$(printf '%s\nrc=%s' "$out" "$rc")" != "$slice_expected" ]; then
  pass slice_dynamic_fails_in_musl_busybox_root
else
  fail slice_dynamic_fails_in_musl_busybox_root "it ran: $out"
fi

rm -rf "$scratch_dir"
[ "$failures" -eq 0 ]
