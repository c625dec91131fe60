# Result lines of the script suites in scripts/test.d: "PASS name" / "FAIL name: why", counted in
# $failures, which scripts/test sums. Source it after common.sh.
# shellcheck shell=bash

failures=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }
# expect NAME EXPECTED ACTUAL
expect() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi; }
