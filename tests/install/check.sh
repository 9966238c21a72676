#!/usr/bin/env bash
# The install test: `meson install` into a staging directory (DESTDIR), then
# build and run the two programs of this folder as a user outside the tree
# would: with the compiler and `pkg-config` only (no path into the source or
# build tree). Also checks the sonames and the installed `ilusm` program.
# Usage: check.sh BUILD_DIR STAGE_DIR CXX...
set -euo pipefail
build=$1 stage=$2
shift 2
cxx=("$@")
here=$(cd "$(dirname "$0")" && pwd)

rm -rf "$stage"
meson install -C "$build" --no-rebuild --quiet --destdir "$stage" >/dev/null

pc=$(find "$stage" -name ilusm.pc -path '*/pkgconfig/*')
[ -n "$pc" ] || { echo "no ilusm.pc installed under $stage"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
bindir=$(find "$stage" -type f -name ilusm -path '*/bin/*' -printf '%h\n')
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$stage
export LD_LIBRARY_PATH=$libdir

static=()
if [ ! -e "$libdir/libilusm.so" ]; then static=(--static); fi   # -Ddefault_library=static
for lib in ilusm-x86 ilusm-jitmem ilusm-ras ilusm ilusm-bindings; do
  if [ -z "${static[*]}" ]; then
    so=$(readelf -d "$libdir/lib$lib.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
    [[ $so == lib$lib.so.[0-9]* ]] || { echo "lib$lib.so: soname '$so' is not versioned"; exit 1; }
  else
    [ -e "$libdir/lib$lib.a" ] || { echo "lib$lib.a not installed"; exit 1; }
  fi
done

expect() {  # expect NAME EXPECTED COMMAND...: run COMMAND, compare its stdout
  local name=$1 want=$2 got
  shift 2
  got=$("$@") || { echo "$name: exit status $?"; exit 1; }
  [ "$got" = "$want" ] || { printf '%s: got\n%s\nwant\n%s\n' "$name" "$got" "$want"; exit 1; }
  echo "$name: ok"
}

mkdir -p "$stage/out-of-tree" && cd "$stage/out-of-tree"
"${cxx[@]}" -o encoder_jit "$here/encoder_jit.cpp" \
  $(pkg-config "${static[@]}" --cflags --libs ilusm-x86 ilusm-jitmem)
expect encoder_jit $'sum 42\nloop 15' ./encoder_jit

"${cxx[@]}" -o host "$here/host.cpp" $(pkg-config "${static[@]}" --cflags --libs ilusm)
expect host $'asm 42\nnative 42\nras 42' ./host

expect "installed ilusm" 42 "$bindir/ilusm" -e 'use asm
p = asmne()
asmmo1(p, "rax", "rdi")
asmad(p, "rax", "rsi")
asmre(p)
prn asmca3(asmse(p), 10, 32)'
expect "installed rasm" 21891 "$bindir/rasm" run "$here/../../examples/fib.ras" 20
