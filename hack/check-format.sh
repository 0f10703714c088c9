#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (with .clang-format) would write.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h')
if ((${#files[@]} == 0)); then exit 0; fi
if ! clang-format --dry-run -Werror "${files[@]}"; then
  echo "check-format: run 'clang-format -i' on the files above" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files clean"
