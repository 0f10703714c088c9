#!/usr/bin/env bash
# The main job on one machine: installs what is missing, builds the `kubetune` CLI, and runs a
# Bayesian-optimisation search of the Hartmann-6 function, writing TFX's result files to
# kubetune-output/. Extra arguments go to `kubetune run` (for example --algorithm random).
set -euo pipefail
cd "$(dirname "$0")/.."

hack/install-deps.sh
cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build kubetune >/dev/null
rm -rf kubetune-output
build/cli/kubetune run --benchmark hartmann6 --algorithm bayesian --max-trials 60 \
  --output-dir kubetune-output "$@"
echo
echo "best_hyperparameters.txt:"
cat kubetune-output/best_hyperparameters.txt
echo
