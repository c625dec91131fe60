#!/usr/bin/env bash
# Taskmon.Web under Native AOT: the test app publishes with zero trim/AOT warnings (warnings are
# errors), starts, and answers the JSON API and the dashboard over real HTTP.
# Prints "PASS name" / "FAIL name"; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$REPO_ROOT"

source "$REPO_ROOT/scripts/lib/suite.sh"

out="$REPO_ROOT/artifacts/web-aot"
log="$out/publish.log"
rm -rf "$out"; mkdir -p "$out"
if dotnet publish tests/Taskmon.Web.AotApp -c Release -o "$out/bin" -nologo >"$log" 2>&1 \
   && ! grep -E 'warning (IL|CS|CA)[0-9]+' "$log" >/dev/null; then
  pass web_aot_publish_without_warnings
else
  grep -E 'warning|error' "$log" | sort -u | tail -n 20
  fail web_aot_publish_without_warnings "see $log"
  echo "$failures failed"; exit 1
fi

app="$out/bin/Taskmon.Web.AotApp"
coproc APP { "$app"; }
app_pid=$APP_PID
trap 'exec {APP[1]}>&- 2>/dev/null; kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null' EXIT
if ! read -r -t 20 address <&"${APP[0]}"; then
  fail web_aot_starts "no address printed within 20 s"; exit 1
fi
pass web_aot_starts

get() { curl -sS --max-time 10 -o "$out/body" -w '%{http_code}' "$@"; }

# expect_http NAME STATUS GREP_PATTERN curl-args...
expect_http() {
  local name="$1" want="$2" pattern="$3"; shift 3
  local code; code="$(get "$@")" || code="curl-failed"
  if [ "$code" = "$want" ] && grep -q -- "$pattern" "$out/body"; then pass "$name"
  else fail "$name" "HTTP $code, body: $(head -c 300 "$out/body" 2>/dev/null)"; fi
}

expect_http web_aot_version 200 '"nativeAot":true' "${address}api/version"
expect_http web_aot_dashboard 200 '<script src="app.js">' "$address"
expect_http web_aot_lists_task 200 '"name":"aot-sleeper"' "${address}api/tasks?filter=aot-sleeper"
id="$(grep -o '"id":[0-9]*' "$out/body" | head -n 1 | cut -d: -f2)"
expect_http web_aot_trace 200 '"asyncStack"' "${address}api/tasks/${id:-0}/trace"
expect_http web_aot_bad_parameter 400 '"error"' "${address}api/tasks?limit=zero"
expect_http web_aot_cancel 200 '"outcome":"Cancelled"' -X POST "${address}api/tasks/${id:-0}/cancel"
expect_http web_aot_terminated 200 '"outcome":"Cancelled"' "${address}api/terminated?filter=aot-sleeper"
expect_http web_aot_unknown_task 404 'no live task' "${address}api/tasks/${id:-0}/trace"

[ "$failures" -eq 0 ] || { echo "$failures failed"; exit 1; }
