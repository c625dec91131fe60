#!/usr/bin/env bash
# usage: unshare -m --propagation private eng/measure-in-root.sh ROOTFS RUNS INPUT OUT ARGV...
# Runs ARGV chrooted in ROOTFS (an unpacked image) RUNS times with INPUT on stdin, as a container
# runtime would start it: with /proc and /dev present (the JIT runtime cannot start without /proc).
# The mounts live in a private mount namespace, so they vanish with this process whatever happens.
# Prints "median_ms peak_rss_kb"; the program's stdout+stderr and exit code go to OUT.
set -euo pipefail
rootfs="$1" runs="$2" input="$3" out="$4"; shift 4

if [ "$rootfs" != "/" ]; then
  mkdir -p "$rootfs/proc" "$rootfs/dev"
  mount -t proc proc "$rootfs/proc"
  mount --rbind /dev "$rootfs/dev"
fi

rc=0
chroot "$rootfs" "$@" <"$input" >"$out" 2>&1 || rc=$?
echo "rc=$rc" >>"$out"

times=()
for ((i = 0; i < runs; i++)); do
  t0="$EPOCHREALTIME"
  chroot "$rootfs" "$@" <"$input" >/dev/null 2>&1 || true
  t1="$EPOCHREALTIME"
  times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
done
median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"

rss="$(/usr/bin/time -f "%M" chroot "$rootfs" "$@" <"$input" 2>&1 >/dev/null | tail -n 1 || true)"
echo "$median $rss"
