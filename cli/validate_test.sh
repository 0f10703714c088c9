#!/usr/bin/env bash
# `kubetune validate` as a user runs it: every broken space in testdata/invalid exits 1 with
# the message in its .expect file; every space in testdata/valid exits 0 and prints a
# normalized form that validates again.
set -uo pipefail
kubetune=$1
data=$2
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for json in "$data"/invalid/*.json; do
  expect=$(cat "${json%.json}.expect")
  "$kubetune" validate "$json" >"$tmp/out" 2>"$tmp/err"
  code=$?
  if [[ $code -ne 1 ]]; then
    echo "FAIL $(basename "$json"): exit $code, want 1"; failures=$((failures + 1)); continue
  fi
  if ! grep -qF -- "$expect" "$tmp/err"; then
    echo "FAIL $(basename "$json"): stderr lacks: $expect"; cat "$tmp/err"; failures=$((failures + 1))
  fi
done

for json in "$data"/valid/*.json; do
  if ! "$kubetune" validate "$json" >"$tmp/normalized.json" 2>"$tmp/err"; then
    echo "FAIL $(basename "$json"): rejected"; cat "$tmp/err"; failures=$((failures + 1)); continue
  fi
  if ! "$kubetune" validate "$tmp/normalized.json" >/dev/null 2>&1; then
    echo "FAIL $(basename "$json"): normalized form does not validate"; failures=$((failures + 1))
  fi
done

"$kubetune" validate "$data/does-not-exist.json" >/dev/null 2>&1
[[ $? -eq 2 ]] || { echo "FAIL: a missing file must exit 2"; failures=$((failures + 1)); }

[[ $failures -eq 0 ]] && echo "validate: all cases behave" || exit 1
