#!/usr/bin/env bash
# Every C++ source is formatted as .clang-format says (clang-format 14, the
# Debian package `clang-format`); this lists each file that is not and fails.
# Fix with: git ls-files '*.cpp' '*.hpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/../.."
git ls-files -z '*.cpp' '*.hpp' '*.h' | xargs -0 clang-format --dry-run --Werror
echo "format: $(git ls-files '*.cpp' '*.hpp' '*.h' | wc -l) files formatted"
