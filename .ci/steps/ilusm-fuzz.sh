#!/usr/bin/env bash
# Short libFuzzer run (clang, ASan+UBSan) of the ilusm source front end (lexer,
# parser, resolver; the code is not run), starting from tests/runtime/fuzz/source
# (script tests plus deep-nesting and long-chain seeds) with its dictionary.
# Bounded: ILUSM_FUZZ_SECONDS (default 20). Shares the build dir of ras-fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${ILUSM_FUZZ_SECONDS:-20}
build=${RAS_FUZZ_BUILD:-build-fuzz}
if [ ! -d "$build" ]; then
  CXX=clang++ CC=clang meson setup "$build" -Dfuzz=true -Dtests=disabled -Dbench=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$build" -j2 runtime/ilusm_fuzz_source
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp tests/runtime/fuzz/source/* "$scratch/"
echo "== ilusm fuzz source (${seconds}s)"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=0 \
  "$build/runtime/ilusm_fuzz_source" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 -dict=tests/runtime/fuzz/source.dict "$scratch"
