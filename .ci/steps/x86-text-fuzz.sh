#!/usr/bin/env bash
# A short libFuzzer run (clang, ASan+UBSan) of the x86 text front end's parser
# (x86::assemble_text), from the corpus in tests/x86/fuzz/text/. Bounded:
# X86_TEXT_FUZZ_SECONDS (default 30). New inputs go to a scratch copy.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${X86_TEXT_FUZZ_SECONDS:-30}
build=${X86_TEXT_FUZZ_BUILD:-build-fuzz}
if [ ! -d "$build" ]; then
  CXX=clang++ CC=clang meson setup "$build" -Dfuzz=true -Dtests=disabled -Dbench=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$build" -j2 modules/x86/x86_fuzz_text
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp tests/x86/fuzz/text/* "$scratch/"
echo "== x86 text fuzz (${seconds}s)"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$build/modules/x86/x86_fuzz_text" -max_total_time="$seconds" -max_len=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$scratch/" -dict=tests/x86/fuzz/text.dict "$scratch"
