#!/usr/bin/env bash
# Short libFuzzer runs (clang, ASan+UBSan) of every parser a user can feed: the
# ras text parser and bytecode loader, and the ilusm source front end (lexer,
# parser, resolver; the code is not run). Each starts from its corpus (with
# deep-nesting and long-chain seeds) and its dictionary. Bounded:
# RAS_FUZZ_SECONDS per target (default 20). New inputs go to a scratch copy,
# not the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${RAS_FUZZ_SECONDS:-20}
build=${RAS_FUZZ_BUILD:-build-fuzz}
if [ ! -d "$build" ]; then
  CXX=clang++ CC=clang meson setup "$build" -Dfuzz=true -Dtests=disabled -Dbench=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
# target  corpus  dictionary  max input length
targets=(
  "modules/ras/ras_fuzz_parser tests/ras/fuzz/parser tests/ras/fuzz/parser.dict 32768"
  "modules/ras/ras_fuzz_loader tests/ras/fuzz/loader tests/ras/fuzz/loader.dict 32768"
  "runtime/ilusm_fuzz_source tests/runtime/fuzz/source tests/runtime/fuzz/source.dict 65536"
)
ninja -C "$build" -j2 $(for t in "${targets[@]}"; do set -- $t; echo "$1"; done)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
  set -- $t
  name=$(basename "$1")
  mkdir -p "$scratch/$name"
  cp "$2"/* "$scratch/$name/"
  echo "== fuzz $name (${seconds}s)"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/$1" -max_total_time="$seconds" -max_len="$4" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -dict="$3" "$scratch/$name"
done
