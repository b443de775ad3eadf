#!/usr/bin/env bash
# Grading API throughput: wrk (2 threads, 64 connections, 10 s after a 2 s warm-up) on a fresh server with 80
# validated copies (36 annotations and 10 scores each):
#   1. GET /api/v1/copies/{id}/grading, round-robin over the copies     target ≥ 5,000 requests/s, p99 < 20 ms
#   2. POST /api/v1/copies/{id}/grading/ops, one small batch (a score and a stamp) per request, each connection
#      writing one of its thread's copies on the version it was last answered (as the web app's autosave does);
#      a thread has more copies than connections, so a connection always finds a copy that is not in flight
#                                                                          target ≥ 2,000 requests/s, p99 < 20 ms
# The server runs on CPU 0 (one I/O thread, handler threads as configured), wrk on CPU 1. SQLite by default; set
# KORRIGO_DATABASE_URL=postgresql://… to measure PostgreSQL (the database must be empty; scripts/test.sh shows
# how to start a throwaway one).
# Usage: bench/grading.sh   (expects build/src/cli/korrigo and build/tools/scangen/scangen; needs curl, wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${KORRIGO_BIN:-build/src/cli/korrigo}
scangen=${SCANGEN_BIN:-build/tools/scangen/scangen}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
COPIES=${COPIES:-80}
for b in "$bin" "$scangen"; do [ -x "$b" ] || { echo "missing $b: run 'make build' first" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "grading.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "grading.sh: taskset is not installed (util-linux)" >&2; exit 1; }

source bench/bench_server.sh
bench_start_server taskset -c 0

# An exam of $COPIES two-page copies and a scheme of 10 questions.
"$scangen" --out "$work/batch" --layout a4 --pages-per-copy 2 --students "$COPIES" --dpi 150 --seed 3 >/dev/null
exam=$(api_json -d '{"name":"Banc de correction","scan_layout":"a4","pages_per_copy":2}' "$base/api/v1/exams" | first_id)
nodes=$(python3 -c 'import json; print(json.dumps([{"label": "Q%d" % i, "max_points": 2} for i in range(1, 11)]))')
scheme=$(api_json -X PUT -d "{\"base_version\":1,\"nodes\":$nodes}" "$base/api/v1/exams/$exam/scheme")
leaves=($(echo "$scheme" | grep -o '"id":[0-9]*' | cut -d: -f2))
scan=$(api -F "files=@$work/batch/batch.pdf;type=application/pdf" "$base/api/v1/exams/$exam/scans" | first_id)
while :; do
  status=$(api "$base/api/v1/scans/$scan" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
  [ "$status" = done ] || [ "$status" = failed ] && break
  sleep 0.2
done
[ "$status" = done ] || { echo "scan processing failed" >&2; exit 1; }
api_json -X POST -d '{}' "$base/api/v1/exams/$exam/copies/validate" >/dev/null
copies=($(api "$base/api/v1/exams/$exam/copies" | python3 -c 'import json,sys; print(" ".join(str(c["id"]) for c in json.load(sys.stdin)["items"]))'))
echo "== ${#copies[@]} copies ready; seeding 36 annotations and 10 scores each"
for c in "${copies[@]}"; do
  page=$(api "$base/api/v1/copies/$c/grading" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pages"][0]["id"])')
  body=$(python3 - "$page" "${leaves[@]}" <<'EOF'
import json, sys
page, leaves = int(sys.argv[1]), [int(x) for x in sys.argv[2:]]
ops = []
for i in range(36):
    kind = ["ink", "highlight", "text", "stamp"][i % 4]
    a = {"id": "s%d" % i, "page_id": page, "kind": kind}
    y = 0.05 + i * 0.025
    if kind == "ink":
        a["strokes"] = [[[0.1 + k * 0.004, y + (k % 5) * 0.002] for k in range(100)]]
    elif kind == "highlight":
        a["box"] = {"x": 0.1, "y": y, "w": 0.5, "h": 0.02}
    elif kind == "text":
        a.update(box={"x": 0.6, "y": y, "w": 0.35, "h": 0.02}, text="Bonne idée, à justifier davantage.")
    else:
        a.update(stamp="tick", anchor={"x": 0.9, "y": y})
    ops.append({"op_id": "seed-a%d" % i, "type": "add_annotation", "annotation": a})
for i, leaf in enumerate(leaves):
    ops.append({"op_id": "seed-s%d" % i, "type": "set_score", "question_id": leaf, "points": 1.5})
print(json.dumps({"base_version": 0, "ops": ops}))
EOF
)
  api_json -d "$body" "$base/api/v1/copies/$c/grading/ops" | grep -q '"version":1' || { echo "seeding failed" >&2; exit 1; }
done

ids=$(IFS=,; echo "${copies[*]}")
cat >"$work/read.lua" <<EOF
local ids = {$ids}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/copies/" .. ids[(n % #ids) + 1] .. "/grading")
end
EOF
# Each wrk thread writes its own half of the copies; a copy is written again only once its last answer (with the
# new version) came back, so conflicts only happen when another writer got there first.
cat >"$work/write.lua" <<EOF
local ids = {$ids}
local threads = {}
setup = function(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
local versions, busy, mine, seq = {}, {}, {}, 0
posts, conflicts, errors, idle = 0, 0, 0, 0
init = function(args)
  local half = math.floor(#ids / 2)
  for i = tid * half + 1, tid * half + half do table.insert(mine, ids[i]); versions[ids[i]] = 1 end
end
request = function()
  for _, id in ipairs(mine) do
    if not busy[id] then
      busy[id] = true
      seq = seq + 1
      posts = posts + 1
      local op = string.format('{"base_version":%d,"ops":[{"op_id":"t%d-%d","type":"set_score","question_id":${leaves[0]},"points":%d},{"op_id":"u%d-%d","type":"add_annotation","annotation":{"page_id":%d,"kind":"stamp","stamp":"tick","anchor":{"x":0.5,"y":0.5}}}]}',
        versions[id], tid, seq, seq % 3, tid, seq, 0)
      return wrk.format("POST", "/api/v1/copies/" .. id .. "/grading/ops", nil, op)
    end
  end
  idle = idle + 1  -- every copy of this thread is waiting for its answer
  return wrk.format("GET", "/api/v1/health/live")
end
response = function(status, headers, body)
  local id = tonumber(string.match(body, '"copy_id":(%d+)'))
  local v = tonumber(string.match(body, '"version":(%d+)'))
  if status == 409 then conflicts = conflicts + 1 elseif status ~= 200 then errors = errors + 1 end
  if id then busy[id] = nil; if v then versions[id] = v end end
end
done = function(summary, latency, requests)
  local p, c, e, i = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("posts"); c = c + t:get("conflicts"); e = e + t:get("errors"); i = i + t:get("idle")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("   ops batches: %d sent = %.0f/s; %d stale (409), %d other errors; %d health fillers\n",
    p, p / secs, c, e, i))
end
EOF
# The stamp needs a page of the copy: every copy's first page id is its own, so the write script uses a page id
# looked up per copy below.
pages=$(for c in "${copies[@]}"; do api "$base/api/v1/copies/$c/grading" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("[%d]=%d" % (d["copy"]["id"], d["pages"][0]["id"]))'; done | paste -sd, -)
python3 - "$work/write.lua" "$pages" <<'EOF'
import sys
path, pages = sys.argv[1], sys.argv[2]
src = open(path).read()
src = src.replace('local ids = {', 'local pages = {%s}\nlocal ids = {' % pages, 1)
src = src.replace('versions[id], tid, seq, seq % 3, tid, seq, 0)', 'versions[id], tid, seq, seq % 3, tid, seq, pages[id])')
open(path, "w").write(src)
EOF

headers=(-H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H "Origin: $base" -H "Content-Type: application/json")
echo "== database: ${KORRIGO_DATABASE_URL:-sqlite (embedded)}"
run() {  # label script
  taskset -c 1 wrk -t 2 -c "$CONNECTIONS" -d 2s -s "$2" "${headers[@]}" "$base" >/dev/null
  echo "== $1 ($CONNECTIONS connections, $DURATION)"
  taskset -c 1 wrk -t 2 -c "$CONNECTIONS" -d "$DURATION" --latency -s "$2" "${headers[@]}" "$base" |
    grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|99)%|Latency +[0-9]|ops batches'
}
run "GET /copies/{id}/grading" "$work/read.lua"
run "POST /copies/{id}/grading/ops" "$work/write.lua"
