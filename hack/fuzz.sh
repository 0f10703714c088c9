#!/usr/bin/env bash
# Builds the libFuzzer fuzzers (data/fuzz/) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/, then runs each for a bounded time starting from
# its committed seed corpus. Fails on any crash, sanitizer report, leak, timeout or
# out-of-memory; the input that caused it is left in build-fuzz/artifacts/.
#
#   hack/fuzz.sh [SECONDS_EACH]     default 30
#
# New inputs the fuzzers find go to build-fuzz/corpus/<fuzzer>/, not into the source tree;
# copy the interesting ones into data/fuzz/corpus/<fuzzer>/ by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
if [[ ! $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: $0 [SECONDS_EACH]" >&2
  exit 2
fi
cxx=${KUBETUNE_FUZZ_CXX:-clang++-14}
if ! command -v "$cxx" >/dev/null; then
  echo "fuzz: $cxx not found; run hack/install-deps.sh (clang-14, libclang-rt-14-dev)" >&2
  exit 1
fi

build=build-fuzz
fuzzers=(tfrecord_reader_fuzzer example_parser_fuzzer)
# Coverage instrumentation and sanitizers for every object; -fsanitize=fuzzer (libFuzzer's
# main) is added at link time for the fuzzers alone (data/fuzz/CMakeLists.txt). The shared
# warning set carries GCC-only options that clang would otherwise reject under -Werror.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
flags+=" -fno-omit-frame-pointer -Wno-unknown-warning-option"
cmake -G Ninja -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_CXX_FLAGS="$flags" -DKUBETUNE_FUZZ=ON >/dev/null
ninja -C "$build" -j "$(nproc)" "${fuzzers[@]}"

mkdir -p "$build/artifacts"
for fuzzer in "${fuzzers[@]}"; do
  echo "== fuzz: $fuzzer for ${seconds}s"
  mkdir -p "$build/corpus/$fuzzer"
  # The first corpus directory takes new inputs; the seed directory is only read.
  if ! "$build/data/fuzz/$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$fuzzer-" \
    "$build/corpus/$fuzzer" "data/fuzz/corpus/$fuzzer" >"$build/$fuzzer.log" 2>&1; then
    tail -n 60 "$build/$fuzzer.log" >&2
    echo "fuzz: $fuzzer failed; its input is in $build/artifacts/, its log in $build/$fuzzer.log" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$build/$fuzzer.log" || true
done
echo "fuzz: ${#fuzzers[@]} fuzzers ran ${seconds}s each without a failure"
