#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs every test Kubetune has:
#   1. the source format check (clang-format);
#   2. the whole suite under ctest: unit tests and the KerasTuner compatibility test, which
#      runs real KerasTuner from a test-only virtual environment;
#   3. the whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

hack/install-deps.sh
python=$(hack/python-env.sh keras_tuner compat/keras_tuner/requirements.txt)

hack/check-format.sh

jobs=$(nproc)
run_suite() {
  local dir=$1
  shift
  cmake -G Ninja -S . -B "$dir" -DKUBETUNE_TEST_PYTHON="$python" "$@" >/dev/null
  ninja -C "$dir" -j "$jobs"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

echo "== test suite (RelWithDebInfo)"
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== test suite under AddressSanitizer + UndefinedBehaviorSanitizer"
run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DKUBETUNE_SANITIZE=ON
