# Sourced by the benchmarks that drive a real server: a temporary data directory removed on exit, an admin
# account, `korrigo serve` on a free loopback port, a logged-in session and small curl helpers.
#   bench_start_server [command prefix...]   e.g. bench_start_server taskset -c 0
# Reads: bin, KORRIGO_WORKERS (default 2), SERVER_LOG_LEVEL (default info). Sets: work, server_pid, base, cookie,
# csrf. Defines: api (curl with the session), api_json (the same with a JSON body), first_id.
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

bench_start_server() {
  export KORRIGO_DATA_DIR=$work/data KORRIGO_LISTEN=127.0.0.1:0 KORRIGO_WORKERS=${KORRIGO_WORKERS:-2}
  export KORRIGO_LOG_LEVEL=warn KORRIGO_RATE_LIMIT=false
  local password="banc-essai-mesure-42" port=
  "$bin" create-admin --username bench.admin --password-file <(echo "$password") >/dev/null
  KORRIGO_LOG_LEVEL=${SERVER_LOG_LEVEL:-info} "$@" "$bin" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/.*"server.listening".*"address":"127.0.0.1:\([0-9]*\)".*/\1/p' "$work/server.log" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
  base=http://127.0.0.1:$port
  local login
  login=$(curl -s -i -H 'Content-Type: application/json' -H "Origin: $base" \
    -d "{\"login\":\"bench.admin\",\"password\":\"$password\"}" "$base/api/v1/auth/login")
  cookie=$(echo "$login" | sed -n 's/^Set-Cookie: \(korrigo_session=[0-9a-f]*\).*/\1/p')
  csrf=$(echo "$login" | sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p')
}
api() { curl -s -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H "Origin: $base" "$@"; }
api_json() { api -H 'Content-Type: application/json' "$@"; }
first_id() { grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2; }
