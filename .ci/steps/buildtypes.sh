#!/usr/bin/env bash
# CI: the libraries and programs build with warnings as errors in the release
# and plain build types too (.ci/run's suite builds debugoptimized, the
# default), and install cleanly from each. Only the default targets (the
# libraries and the two programs) are built, with tests off; then the install
# check (tests/install/check.sh, the same script as the `install` test) builds
# and runs the two out-of-tree programs against the staged install.
set -euo pipefail
cd "$(dirname "$0")/../.."
for buildtype in release plain; do
  dir=build-$buildtype
  echo "== buildtype=$buildtype"
  [ -d "$dir" ] || meson setup "$dir" --buildtype="$buildtype" -Dwerror=true -Dtests=disabled -Dbench=disabled
  ninja -C "$dir" -j2
  bash tests/install/check.sh "$dir" "$PWD/$dir/staging" c++
done
