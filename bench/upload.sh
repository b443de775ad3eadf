#!/usr/bin/env bash
# A 200 MB multipart upload streamed to disk. Starts `korrigo serve` under /usr/bin/time -v, uploads a 200 MB
# file with curl to $UPLOAD_URL_PATH and prints the wall time, the throughput, and the server's peak RSS and
# its growth over the idle server (streaming means the growth stays far below the upload size).
# While the API has no upload route (the server answers 404 or 405), it says so and runs the in-process
# benchmark instead (build/bench/multipart_bench: parser + DiskMultipartSink, 256 KiB chunks) with its peak RSS.
# Usage: bench/upload.sh   (KORRIGO_BIN, MULTIPART_BENCH, UPLOAD_URL_PATH, UPLOAD_MB, UPLOAD_CURL_ARGS)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${KORRIGO_BIN:-build/src/cli/korrigo}
BENCH=${MULTIPART_BENCH:-build/bench/multipart_bench}
UPLOAD_URL_PATH=${UPLOAD_URL_PATH:-/api/v1/exams/1/scans}
UPLOAD_MB=${UPLOAD_MB:-200}
read -r -a extra_curl_args <<<"${UPLOAD_CURL_ARGS:-}"  # e.g. "-H Cookie:korrigo_session=…" once auth exists
[[ -x /usr/bin/time ]] || { echo "upload.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/korrigo-bench-upload.XXXXXX")
time_pid=""
server_pid=""
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  [[ -n $time_pid ]] && wait "$time_pid" 2>/dev/null || true
  server_pid=""
  time_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT INT TERM

max_rss_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

run_multipart_bench() {
  [[ -x $BENCH ]] || { echo "upload.sh: $BENCH not found (build the multipart_bench target)" >&2; exit 1; }
  echo "Running $BENCH instead (parser + DiskMultipartSink, ${UPLOAD_MB} MB body in 256 KiB chunks):"
  KORRIGO_BENCH_DIR="$work" /usr/bin/time -v -o "$work/bench-time.txt" \
    "$BENCH" --benchmark_counters_tabular=true
  echo "peak RSS of multipart_bench: $(( $(max_rss_kb "$work/bench-time.txt") / 1024 )) MB"
}

[[ -x $BIN ]] || { echo "upload.sh: $BIN not found (build first, or set KORRIGO_BIN)" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/data"
env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
  KORRIGO_LISTEN="127.0.0.1:$port" KORRIGO_DATA_DIR="$work/data" KORRIGO_WORKERS=0 \
  /usr/bin/time -v -o "$work/server-time.txt" "$BIN" serve >"$work/server.log" 2>&1 &
time_pid=$!
for _ in $(seq 200); do
  server_pid=$(cat "/proc/$time_pid/task/$time_pid/children" 2>/dev/null | awk '{print $1}')
  if [[ -n $server_pid ]] && curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health/live" 2>/dev/null; then
    break
  fi
  kill -0 "$time_pid" 2>/dev/null || { echo "upload.sh: server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

url="http://127.0.0.1:$port$UPLOAD_URL_PATH"
printf 'probe' >"$work/probe.txt"
probe=$(curl -sS -o /dev/null -w '%{http_code}' -H "Expect:" "${extra_curl_args[@]}" -F "file=@$work/probe.txt" "$url")
if [[ $probe == 404 || $probe == 405 ]]; then
  echo "no upload route yet: POST $UPLOAD_URL_PATH answered $probe"
  stop_server
  run_multipart_bench
  exit 0
fi
if [[ $probe == 401 || $probe == 403 ]]; then
  echo "POST $UPLOAD_URL_PATH needs authentication ($probe): pass it in UPLOAD_CURL_ARGS"
  stop_server
  run_multipart_bench
  exit 0
fi

baseline_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
echo "creating a ${UPLOAD_MB} MB file..."
head -c "$((UPLOAD_MB * 1024 * 1024))" /dev/urandom >"$work/upload.pdf"
result=$(curl -sS -o "$work/response.json" -w '%{http_code} %{time_total}' -H "Expect:" "${extra_curl_args[@]}" \
  -F "file=@$work/upload.pdf;type=application/pdf" "$url")
read -r status seconds <<<"$result"
stop_server
peak_kb=$(max_rss_kb "$work/server-time.txt")
echo "POST $UPLOAD_URL_PATH (${UPLOAD_MB} MB multipart): HTTP $status in ${seconds} s" \
  "($(awk -v mb="$UPLOAD_MB" -v s="$seconds" 'BEGIN {printf "%.0f", mb / s}') MB/s)"
echo "server RSS: idle $((baseline_kb / 1024)) MB, peak $((peak_kb / 1024)) MB," \
  "growth $(((peak_kb - baseline_kb) / 1024)) MB"
[[ $status == 2* ]] || { echo "upload failed:"; cat "$work/response.json"; echo; exit 1; }
