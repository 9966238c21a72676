#!/usr/bin/env bash
# CI: the libraries and programs build with warnings as errors in the release
# and plain build types too (.ci/run's suite builds debugoptimized, the
# default), and install cleanly from each: the `install` test, which builds
# only what it installs (the default targets), not the other tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
for buildtype in release plain; do
  dir=build-$buildtype
  echo "== buildtype=$buildtype"
  [ -d "$dir" ] || meson setup "$dir" --buildtype="$buildtype" -Dwerror=true -Dtests=enabled
  meson test -C "$dir" --suite install --print-errorlogs
done
