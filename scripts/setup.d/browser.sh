#!/usr/bin/env bash
# Headless Chromium for the Taskmon web UI end-to-end tests (tests/Taskmon.Web.Tests).
# Playwright for .NET drives it through ExecutablePath; no browser is ever downloaded.
# fonts-dejavu-core gives screenshots readable glyphs on a bare machine; curl drives the AOT web suite
# (scripts/test.d/web-aot.sh).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
ensure_apt chromium fonts-dejavu-core curl
