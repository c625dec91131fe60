#!/usr/bin/env bash
# Tools for scripts/build-static and the run-anywhere suite (scripts/test.d/static.sh):
# strip/file to check binaries, podman + runc + umoci to build and run OCI images without a
# daemon, debootstrap to build Debian roots offline, time for peak-RSS figures, zstd/gzip for
# compressed sizes. Idempotent: already-installed packages cost one dpkg query each.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
ensure_apt binutils file time gzip xz-utils podman runc umoci debootstrap
