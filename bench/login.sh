#!/usr/bin/env bash
# Login load: p99 of GET /api/v1/health/live while 20 clients log in continuously (argon2id on the crypto pool
# must not stall other requests), then authenticated GET /api/v1/auth/me requests/s at 64 connections.
# Usage: bench/login.sh   (expects build/src/cli/korrigo or $KORRIGO_BIN; needs wrk, curl)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${KORRIGO_BIN:-build/src/cli/korrigo}
duration=${DURATION:-10}
[ -x "$bin" ] || { echo "missing $bin: run 'make build' first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export KORRIGO_DATA_DIR=$work/data KORRIGO_LISTEN=127.0.0.1:0 KORRIGO_WORKERS=0 KORRIGO_LOG_LEVEL=warn
export KORRIGO_RATE_LIMIT=false   # the benchmark logs in far more often than the throttle allows
"$bin" create-admin --username bench.admin --password-file <(echo "banc-essai-mesure-42") >/dev/null
KORRIGO_LOG_LEVEL=info "$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's/.*"server.listening".*"address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/server.log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
base=http://127.0.0.1:$port
origin="Origin: $base"

cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"login":"bench.admin","password":"banc-essai-mesure-42"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = "$base"
LUA

echo "== baseline: GET /api/v1/health/live, 8 connections, ${duration}s"
wrk -t1 -c8 -d"${duration}s" --latency "$base/api/v1/health/live" | grep -E "Requests/sec|50%|99%"

echo "== GET /api/v1/health/live while 20 clients log in continuously"
wrk -t1 -c20 -d"$((duration + 2))s" --timeout 30s -s "$work/login.lua" --latency "$base/api/v1/auth/login" >"$work/login.out" &
login_pid=$!
sleep 1
wrk -t1 -c8 -d"${duration}s" --latency "$base/api/v1/health/live" | grep -E "Requests/sec|50%|99%"
wait $login_pid
echo "   logins meanwhile:"; grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" "$work/login.out" | sed 's/^/   /'

cookie=$(curl -s -i -H 'Content-Type: application/json' -H "$origin" \
  -d '{"login":"bench.admin","password":"banc-essai-mesure-42"}' "$base/api/v1/auth/login" |
  sed -n 's/^Set-Cookie: \(korrigo_session=[0-9a-f]*\).*/\1/p')
echo "== authenticated GET /api/v1/auth/me, 64 connections, ${duration}s"
wrk -t2 -c64 -d"${duration}s" --latency -H "Cookie: $cookie" "$base/api/v1/auth/me" | grep -E "Requests/sec|50%|99%|Non-2xx"
