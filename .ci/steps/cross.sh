#!/usr/bin/env bash
# Cross builds for aarch64 and riscv64 (cross/*.txt: Debian's cross g++,
# GoogleTest from /usr/src/googletest, header-only fmt, no Capstone/libedit),
# and the jitmem, ras and runtime suites run under qemu-user pinned to each
# ISA's baseline (docs/cross.md). Only the targets those suites need are
# built. Bounded: each suite's tests have their meson timeouts, and
# CROSS_TIMEOUT_MULTIPLIER (default 3) stretches them for the emulator.
set -euo pipefail
cd "$(dirname "$0")/../.."
suites=(jitmem ras runtime)
multiplier=${CROSS_TIMEOUT_MULTIPLIER:-3}
for arch in ${CROSS_ARCHES:-aarch64 riscv64}; do
  build=${CROSS_BUILD_PREFIX:-build-cross}-$arch
  echo "== cross $arch ($build)"
  if [ ! -d "$build" ]; then
    meson setup "$build" --cross-file "cross/$arch.txt" -Dtests=enabled -Dbench=disabled
  fi
  ninja -C "$build" build.ninja  # regenerate first if meson.build files changed
  # The files the chosen suites run: their programs and what they depend on.
  mapfile -t targets < <(python3 - "$build" "${suites[@]}" <<'PY'
import json, os, subprocess, sys
build, suites = sys.argv[1], set(sys.argv[2:])
def introspect(what):
    return json.loads(subprocess.run(["meson", "introspect", build, what],
                                     check=True, capture_output=True, text=True).stdout)
files = {t["id"]: t["filename"] for t in introspect("--targets")}
root = os.path.abspath(build)
wanted = set()
for test in introspect("--tests"):
    if not suites & {s.split(":")[-1] for s in test["suite"]}:
        continue
    for dep in test["depends"]:
        wanted.update(files.get(dep, []))
    for part in test["cmd"]:
        path = os.path.normpath(part)
        if path.startswith(root + "/"):
            wanted.add(path)
for path in sorted(wanted):
    print(os.path.relpath(path, root))
PY
  )
  if [ "${#targets[@]}" -eq 0 ]; then
    echo "cross.sh: found no targets for the suites ${suites[*]}" >&2
    exit 1
  fi
  ninja -C "$build" -j2 "${targets[@]}"
  suite_args=()
  for s in "${suites[@]}"; do suite_args+=(--suite "$s"); done
  meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 \
    --timeout-multiplier "$multiplier" "${suite_args[@]}"
done
