#!/usr/bin/env bash
# rasm check / bc / text / --help: exit statuses, messages and round trips.
# Usage: cli_test.sh RASM EXAMPLES_DIR DOCS_RAS_MD
set -u
rasm=$1 data=$2 doc=$3
# A cross build runs rasm under its emulator (EXE_WRAPPER, set by meson).
if [ -n "${EXE_WRAPPER:-}" ]; then
  wrapped_rasm=$rasm
  rasm() { $EXE_WRAPPER "$wrapped_rasm" "$@"; }
  rasm=rasm
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {  # expect NAME EXPECTED_STATUS EXPECTED_OUTPUT_SUBSTRING -- COMMAND...
  local name=$1 status=$2 want=$3
  shift 4
  local out
  out=$("$@" 2>&1)
  local got=$?
  if [ "$got" != "$status" ] || [[ "$out" != *"$want"* ]]; then
    echo "FAIL $name: status $got (want $status), output: $out (want: $want)"
    fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}

expect help 0 "rasm check FILE" -- "$rasm" --help
expect no-args 2 "usage: rasm COMMAND" -- "$rasm"
expect unknown-command 2 "unknown command 'frob'" -- "$rasm" frob
expect check-fib 0 "fib.ras: ok (1 function(s), 20 instruction(s))" -- "$rasm" check "$data/fib.ras"
expect check-usage 2 "usage: rasm check FILE" -- "$rasm" check
expect check-missing 1 "rasm: $tmp/none.ras: cannot open: No such file or directory" -- "$rasm" check "$tmp/none.ras"

printf 'prolog 0\nmov %%v9, 1\nfrobnicate\nret\n' > "$tmp/bad.ras"
expect check-bad 1 "$tmp/bad.ras:2:5: mov: register %v9 is out of range (%v0..%v4)" -- "$rasm" check "$tmp/bad.ras"
expect check-bad-2 1 "$tmp/bad.ras:3:1: unknown mnemonic 'frobnicate'" -- "$rasm" check "$tmp/bad.ras"
printf 'prolog 0\nmov %%q 1\n' > "$tmp/parse.ras"
expect check-parse 1 "$tmp/parse.ras:2:5: unknown register '%q'" -- "$rasm" check "$tmp/parse.ras"

expect bc 0 "" -- "$rasm" bc "$data/fib.ras" -o "$tmp/fib.rbc"
expect bc-magic 0 "RASB" -- head -c 4 "$tmp/fib.rbc"
expect check-rbc 0 "fib.rbc: ok (1 function(s), 20 instruction(s))" -- "$rasm" check "$tmp/fib.rbc"
expect text 0 "blt !forward, %v0, 2 => @ref" -- "$rasm" text "$tmp/fib.rbc"
"$rasm" text "$tmp/fib.rbc" > "$tmp/fib2.ras"
"$rasm" bc "$tmp/fib2.ras" -o "$tmp/fib2.rbc"
expect round-trip 0 "" -- cmp "$tmp/fib.rbc" "$tmp/fib2.rbc"
cp "$data/fib.ras" "$tmp/default.ras"
expect bc-default-output 0 "" -- "$rasm" bc "$tmp/default.ras"
expect bc-default-exists 0 "" -- test -s "$tmp/default.rbc"
expect bc-bad 1 "bad.ras:2:5" -- "$rasm" bc "$tmp/bad.ras" -o "$tmp/bad.rbc"
expect bc-bad-no-output 1 "" -- test -e "$tmp/bad.rbc"
expect bc-usage 2 "usage: rasm bc" -- "$rasm" bc

head -c 30 "$tmp/fib.rbc" > "$tmp/cut.rbc"
expect text-truncated 1 "cut.rbc:offset 27: truncated bytecode: expected a 4-byte immediate" -- "$rasm" text "$tmp/cut.rbc"
printf 'prolog 1\narg => $a\ngetarg %%v0 $a\nremi %%ret %%v0 0\nret\n' > "$tmp/divzero.ras"
expect check-divide-by-immediate-0 1 "divzero.ras:4:15: remi: division by zero" -- "$rasm" check "$tmp/divzero.ras"
printf 'RAS' > "$tmp/short.rbc"
expect check-short-magic 1 "short.rbc:offset 0: truncated bytecode: expected the 4-byte magic \"RASB\" (4 byte(s)), 3 left" -- "$rasm" check "$tmp/short.rbc"
printf 'RASB\0\7' > "$tmp/ver.rbc"
expect text-version 1 "ver.rbc:offset 4: expected format version 1, got 7" -- "$rasm" text "$tmp/ver.rbc"

# docs/ras.md embeds the table exactly as `rasm table` prints it.
sed -n '/<!-- ras-table:begin/,/<!-- ras-table:end/p' "$doc" | sed '1d;$d' > "$tmp/doc-table.md"
"$rasm" table > "$tmp/table.md"
expect docs-table-in-sync 0 "" -- cmp "$tmp/doc-table.md" "$tmp/table.md"
expect table-usage 2 "usage: rasm table" -- "$rasm" table x

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
