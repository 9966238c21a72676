#!/usr/bin/env bash
# Short libFuzzer runs (clang, ASan+UBSan) of the ras text parser and bytecode
# loader, starting from the corpora in tests/ras/fuzz/ (with deep-nesting and
# long-chain seeds and dictionary entries). Bounded: RAS_FUZZ_SECONDS
# per target (default 20). New inputs go to a scratch copy, not the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${RAS_FUZZ_SECONDS:-20}
build=${RAS_FUZZ_BUILD:-build-fuzz}
if [ ! -d "$build" ]; then
  CXX=clang++ CC=clang meson setup "$build" -Dfuzz=true -Dtests=disabled -Dbench=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$build" -j2 modules/ras/ras_fuzz_parser modules/ras/ras_fuzz_loader
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in parser loader; do
  mkdir -p "$scratch/$t"
  cp tests/ras/fuzz/$t/* "$scratch/$t/"
  dict=""
  [ -f tests/ras/fuzz/$t.dict ] && dict="-dict=tests/ras/fuzz/$t.dict"
  echo "== ras fuzz $t (${seconds}s)"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/modules/ras/ras_fuzz_$t" -max_total_time="$seconds" -max_len=32768 -timeout=10 \
      -print_final_stats=1 $dict "$scratch/$t"
done
