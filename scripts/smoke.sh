#!/usr/bin/env bash
# A smoke run of the built server on one Node.js line: start it, run the documented examples with
# curl, create one batch (start_mode immediate) and advance the manual clock until it is completed,
# then SIGTERM and expect exit code 0. .ci/run runs it on the Node lines the full suite does not use.
#
# Usage: bash scripts/smoke.sh <folder holding the node binary>   (after npm ci, which builds dist/)
# Ends with one line: `smoke (node vX.Y.Z): N passed, M failed`.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ $# -eq 1 ] && [ -x "$1/node" ] || { echo "usage: $0 <node-bin-dir>  (no executable node in '${1:-}')" >&2; exit 2; }
export PATH="$1:$PATH"
VERSION=$(node --version)
KEY=sk_your_api_key
WORK=$(mktemp -d)
passed=0
failed=0
SERVER_PID=""

say() { printf 'smoke (node %s): %s\n' "$VERSION" "$*"; }
pass() { passed=$((passed + 1)); say "ok   - $*"; }
fail() { failed=$((failed + 1)); say "FAIL - $*"; }
finish() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null
  echo "smoke (node $VERSION): $passed passed, $failed failed"
  rm -rf "$WORK"
  [ "$failed" -eq 0 ]
  exit $?
}
trap 'finish' INT TERM

[ -f dist/src/server.js ] || { fail "dist/src/server.js is missing: run npm ci (it builds) first"; finish; }

# req METHOD PATH [JSON]: the status code, with the body in $WORK/body.
req() {
  local method=$1 path=$2 body=${3:-}
  local args=(-s -o "$WORK/body" -w '%{http_code}' --max-time 30 -X "$method" -H "Authorization: Bearer $KEY" -H 'Accept: application/json')
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  curl "${args[@]}" "$BASE$path"
}
# field EXPR: evaluates a JavaScript expression over the last body, parsed as `b`.
field() { node -e "const b = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); process.stdout.write(String($1))" "$WORK/body"; }
expect() { # NAME ACTUAL WANTED
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3' ($(head -c 300 "$WORK/body" 2>/dev/null))"; fi
}

# --- start: the built server, a free port, a manual clock; the port is in the start-up line.
node dist/src/server.js --port 0 --clock manual >"$WORK/out.log" 2>"$WORK/err.log" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 300); do
  BASE=$(sed -n 's/.*"msg":"techladder-mock ready at \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$WORK/out.log" | head -n 1)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$BASE" ]; then
  fail "server starts and prints its URL within 30 s: $(tail -n 5 "$WORK/err.log" "$WORK/out.log")"
  finish
fi
pass "server starts: $BASE"

# --- the documented examples (the docs' cURL examples, only the host changed)
expect "GET /healthz" "$(req GET /healthz)" 200
expect "Get Call Batch sched_7bac6f2a" "$(req GET /api/v1/public/call-batches/sched_7bac6f2a)" 200
expect "  its documented counters" "$(field 'b.data.status + " " + b.data.completed_contacts + "/" + b.data.failed_contacts + "/" + b.data.pending_contacts')" "active 75/3/72"
expect "List Call Batches (agent and status filters)" "$(req GET '/api/v1/public/call-batches?agent_id=agt-57949b14&status=pending&limit=50&page=1')" 200
expect "  the documented item" "$(field 'b.data.total + " " + b.data.items[0].schedule_id')" "1 sched_3c1e9a47"
expect "List Batch Calls (external_id=101)" "$(req GET '/api/v1/public/call-batches/sched_7bac6f2a/calls?external_id=101')" 200
expect "  the documented call" "$(field 'b.data.items[0].call_id')" "call_a1b2c3d4"
expect "Get Batch Results sched_5d398018" "$(req GET '/api/v1/public/call-batches/sched_5d398018/results?limit=100&page=1')" 200
expect "  150 results" "$(field 'b.data.total')" 150
expect "the documented 404 (sched_bdb2b840)" "$(req GET /api/v1/public/call-batches/sched_bdb2b840)" 404
expect "GET /api/v1/public/me" "$(req GET /api/v1/public/me)" 200
expect "GET /openapi.json" "$(req GET /openapi.json)" 200
expect "GET / (start page)" "$(req GET /)" 200

# --- one created batch, run to the end on the manual clock
create='{"agent_name":"agt-57949b14","version_name":"pmt-667ddf271b","start_mode":"immediate","concurrency":5,
  "contacts":[{"contact_id":"101","name":"Asha Rao","phone_number":"919876543210"},{"contact_id":"102","phone_number":"919876543211"},{"contact_id":"103","phone_number":"919876543212"}]}'
expect "Create Call Batch (immediate)" "$(req POST /api/v1/public/call-batches "$create")" 201
BATCH=$(field 'b.data && b.data.batch_id')
expect "  it is active at once" "$(field 'b.data && b.data.status')" active
status=""
for i in $(seq 1 60); do
  code=$(req POST /__admin/clock/advance '{"seconds":600}')
  [ "$code" = 200 ] || { fail "clock advance answered $code"; break; }
  req GET "/api/v1/public/call-batches/$BATCH" >/dev/null
  status=$(field 'b.data.status')
  [ "$status" = completed ] && break
done
expect "batch $BATCH completed after $((i * 10)) simulated minutes" "$status" completed
expect "  every contact counted" "$(field 'b.data.completed_contacts + b.data.failed_contacts + " of " + b.data.total_contacts + ", pending " + b.data.pending_contacts')" "3 of 3, pending 0"

# --- a clean stop
kill -TERM "$SERVER_PID"
code=""
for _ in $(seq 1 100); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then wait "$SERVER_PID"; code=$?; break; fi
  sleep 0.1
done
if [ -z "$code" ]; then fail "SIGTERM: still running after 10 s"; else expect "SIGTERM: exit code" "$code" 0; SERVER_PID=""; fi
grep -q . "$WORK/err.log" && fail "nothing on stderr: $(head -n 3 "$WORK/err.log")"
finish
