#!/usr/bin/env bash
# Builds Korrigo and runs every test suite: unit and integration tests on SQLite, the same again on a throwaway
# PostgreSQL cluster (127.0.0.1, stopped on exit), and the unit tests under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
ASAN_DIR=${ASAN_DIR:-build-asan}
JOBS=${JOBS:-$(nproc)}
WERROR=${WERROR:-OFF}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
# Depend mode takes the headers from the compiler's .d file, so a cache miss (every compilation of a first build)
# costs no extra preprocessor run; hits are found as in direct mode.
export CCACHE_DEPEND=${CCACHE_DEPEND:-true}

step() { printf '\n==> %s\n' "$*"; }
results=()
failed=0

run_suite() {  # name, ctest args...
  local name=$1; shift
  step "$name"
  local log; log=$(mktemp)
  if ctest "$@" --output-on-failure -j "$JOBS" 2>&1 | tee "$log"; then :; else failed=1; fi
  grep -q "tests passed" "$log" || failed=1
  local passed total
  total=$(sed -n 's/.* tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log" | tail -n 1)
  local nfail; nfail=$(sed -n 's/.* tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -n 1)
  total=${total:-0}; nfail=${nfail:-1}
  passed=$((total - nfail))
  results+=("$name: $passed passed, $nfail failed")
  TOTAL_PASSED=$((${TOTAL_PASSED:-0} + passed)); TOTAL_FAILED=$((${TOTAL_FAILED:-0} + nfail))
  rm -f "$log"
}

step "Formatting (clang-format, .clang-format)"
if git ls-files -z 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 'tools/*.cc' 'tools/*.h' | xargs -0 clang-format --dry-run --Werror; then
  results+=("Formatting: clean")
else
  echo "Some files are not formatted: run 'make format'." >&2
  results+=("Formatting: FAILED (run make format)")
  failed=1
fi

step "Build ($BUILD_DIR)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKORRIGO_WERROR="$WERROR" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"

run_suite "SQLite" --test-dir "$BUILD_DIR"

step "PostgreSQL (throwaway cluster)"
pgdir=$(mktemp -d /tmp/korrigo-pg.XXXXXX)
chmod 755 "$pgdir"
cleanup() { scripts/pg-cluster.sh stop "$pgdir/cluster" || true; rm -rf "$pgdir"; }
trap cleanup EXIT
pg_url=$(scripts/pg-cluster.sh start "$pgdir/cluster")
echo "PostgreSQL: $pg_url"
KORRIGO_TEST_DATABASE_URL=$pg_url run_suite "PostgreSQL" --test-dir "$BUILD_DIR"
cleanup
trap - EXIT

step "Build with AddressSanitizer + UBSan ($ASAN_DIR, unit tests)"
cmake -S . -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKORRIGO_SANITIZE=ON -DKORRIGO_WERROR="$WERROR" >/dev/null
cmake --build "$ASAN_DIR" -j "$JOBS"
LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite "Sanitizers (unit)" --test-dir "$ASAN_DIR" -L unit

step "Summary"
printf '%s\n' "${results[@]}"
echo "${TOTAL_PASSED:-0} passed, ${TOTAL_FAILED:-0} failed"
exit $failed
