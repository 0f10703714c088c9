#!/usr/bin/env bash
# Sets up a fresh Debian machine and runs every test Kubetune has:
#   1. the source format check (clang-format);
#   2. the whole suite under ctest: unit tests, the KerasTuner compatibility test, which
#      runs real KerasTuner from a test-only virtual environment, and the check that
#      TensorFlow reads `kubetune examplegen`'s output (TensorFlow in another such environment);
#   3. the whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer;
#   4. the libFuzzer fuzzers, 20 seconds each (hack/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

hack/install-deps.sh
python=$(hack/python-env.sh keras_tuner compat/keras_tuner/requirements.txt)
tf_python=$(hack/python-env.sh tensorflow data/testdata/tensorflow-requirements.txt)

hack/check-format.sh

jobs=$(nproc)
run_suite() {
  local dir=$1
  shift
  cmake -G Ninja -S . -B "$dir" -DKUBETUNE_TEST_PYTHON="$python" \
    -DKUBETUNE_TENSORFLOW_PYTHON="$tf_python" "$@" >/dev/null
  ninja -C "$dir" -j "$jobs"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

echo "== test suite (RelWithDebInfo)"
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== test suite under AddressSanitizer + UndefinedBehaviorSanitizer"
run_suite build-asan -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" -DKUBETUNE_SANITIZE=ON
echo "== fuzzers (libFuzzer, AddressSanitizer + UndefinedBehaviorSanitizer)"
hack/fuzz.sh 20
