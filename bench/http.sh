#!/usr/bin/env bash
# HTTP throughput of the smallest route: GET /api/v1/health/live, answered on the I/O thread. The server runs on
# CPU 0 with one I/O thread and no job workers, wrk on CPU 1 (2 threads, 64 connections, 10 s after a 3 s
# warm-up). Two runs: with the access log on (info level, written to /dev/null) and with KORRIGO_LOG_LEVEL=warn.
# Reference (2-core CI machine): ~70,000 requests/s and p99 < 20 ms.
# Usage: bench/http.sh   (KORRIGO_BIN overrides the binary; DURATION, CONNECTIONS tune wrk)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${KORRIGO_BIN:-build/src/cli/korrigo}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
[[ -x $BIN ]] || { echo "http.sh: $BIN not found (build first, or set KORRIGO_BIN)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "http.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "http.sh: taskset is not installed (util-linux)" >&2; exit 1; }
[[ $(nproc) -ge 2 ]] || echo "http.sh: warning: fewer than 2 CPUs, server and wrk will share one" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/korrigo-bench-http.XXXXXX")
server_pid=""
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# The server's log goes to /dev/null (so it cannot tell us its port): a free port is picked here by binding
# port 0 for a moment, and the server is polled until it answers.
free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# Starts the server with log level $1; sets server_pid and port.
start_server() {
  local level=$1
  port=$(free_port)
  rm -rf "$work/data"; mkdir -p "$work/data"
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
    KORRIGO_LISTEN="127.0.0.1:$port" KORRIGO_DATA_DIR="$work/data" KORRIGO_WORKERS=0 KORRIGO_IO_THREADS=1 \
    KORRIGO_LOG_LEVEL="$level" \
    taskset -c 0 "$BIN" serve >/dev/null 2>"$work/stderr" &
  server_pid=$!
  for _ in $(seq 200); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health/live" 2>/dev/null; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited:"; cat "$work/stderr"; exit 1; } >&2
    sleep 0.1
  done
  echo "http.sh: server did not answer within 20 s" >&2
  exit 1
}

run() {
  local label=$1 level=$2
  start_server "$level"
  local url="http://127.0.0.1:$port/api/v1/health/live"
  taskset -c 1 wrk -t2 -c"$CONNECTIONS" -d3s "$url" >/dev/null  # warm-up
  taskset -c 1 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$work/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  errors=$(grep -E 'Non-2xx|Socket errors' "$work/wrk.txt" | tr '\n' ' ' || true)
  printf '%-28s %12s req/s   p50 %-9s p99 %-9s %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
  stop_server
}

echo "GET /api/v1/health/live, wrk -t2 -c$CONNECTIONS -d$DURATION (server on CPU 0, wrk on CPU 1)"
run "access log on (info)" info
run "access log off (warn)" warn
echo "reference: ~70,000 req/s, p99 < 20 ms"
