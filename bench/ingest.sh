#!/usr/bin/env bash
# Scan ingestion: a generated batch is uploaded to a fresh server (SQLite, 2 embedded workers) and timed from
# the upload to the moment every page image and copy is ready; prints pages/s and the peak RSS of the server and
# of its PDF-processing children.
#   1. 100 A4 pages at 200 DPI (25 copies of 4 pages)      target ≥ 50 pages/s
#   2. 50 A3 sheets at 300 DPI = 200 A4 pages (50 booklets)  target ≥ 20 pages/s
# Usage: bench/ingest.sh   (expects build/src/cli/korrigo and build/tools/scangen/scangen; needs curl)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${KORRIGO_BIN:-build/src/cli/korrigo}
scangen=${SCANGEN_BIN:-build/tools/scangen/scangen}
for b in "$bin" "$scangen"; do [ -x "$b" ] || { echo "missing $b: run 'make build' first" >&2; exit 1; }; done

export KORRIGO_WORKERS=${WORKERS:-2}
source bench/bench_server.sh
SERVER_LOG_LEVEL=debug bench_start_server  # debug: each PDF child's peak memory

run_case() {  # name layout pages_per_copy expected_pages scangen-args...
  local name=$1 layout=$2 ppc=$3 pages=$4; shift 4
  local dir=$work/$name
  "$scangen" --out "$dir" --layout "$layout" --pages-per-copy "$ppc" "$@" >/dev/null
  local exam
  exam=$(api_json \
    -d "{\"name\":\"$name\",\"scan_layout\":\"$layout\",\"pages_per_copy\":$ppc}" "$base/api/v1/exams" |
    first_id)
  local log_from
  log_from=$(wc -l <"$work/server.log")
  local start end scan json status
  start=$(date +%s.%N)
  scan=$(api -F "files=@$dir/batch.pdf;type=application/pdf" "$base/api/v1/exams/$exam/scans" | first_id)
  [ -n "$scan" ] || { echo "upload failed" >&2; exit 1; }
  while :; do
    json=$(api "$base/api/v1/scans/$scan")
    status=$(echo "$json" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
    [ "$status" = done ] || [ "$status" = failed ] && break
    sleep 0.1
  done
  end=$(date +%s.%N)
  # Server side: from the scan's creation (upload received) to its last update (copies built).
  local created updated
  created=$(echo "$json" | sed -n 's/.*"created_at":\([0-9]*\).*/\1/p')
  updated=$(echo "$json" | sed -n 's/.*"updated_at":\([0-9]*\).*/\1/p')
  local copies server_kb child_kb
  copies=$(api "$base/api/v1/exams/$exam/copies" | grep -o '"anonymous_id"' | wc -l)
  server_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
  child_kb=$(tail -n +"$((log_from + 1))" "$work/server.log" | grep '"sandbox.child_done"' |
    sed -n 's/.*"max_rss_kb":\([0-9]*\).*/\1/p' | sort -n | tail -n 1)
  awk -v n="$name" -v p="$pages" -v s="$start" -v e="$end" -v st="$status" -v c="$copies" \
      -v ms="$((updated - created))" -v srv="$server_kb" -v ch="${child_kb:-0}" 'BEGIN {
    t = e - s
    printf "== %s: %s, %d A4 pages, %d copies\n", n, st, p, c
    printf "   upload to copies ready (client): %.2f s = %.1f pages/s\n", t, p / t
    printf "   processing (server, upload received to copies built): %.2f s = %.1f pages/s\n", ms / 1000, p / (ms / 1000)
    printf "   peak RSS: server %.0f MB, largest PDF child %.0f MB\n", srv / 1024, ch / 1024 }'
}

run_case a4-200dpi a4 4 100 --seed 1 --students 25 --dpi 200
run_case a3-300dpi a3_booklet 4 200 --seed 2 --students 50 --dpi 300
