#!/usr/bin/env bash
# The taskmon client tests drive it through a pseudo-terminal with tmux.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
ensure_apt tmux
