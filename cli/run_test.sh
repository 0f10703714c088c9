#!/usr/bin/env bash
# `kubetune run` end to end: it writes TFX's two result files, and a run that is cut short
# and started again resumes without repeating or losing a trial.
set -euo pipefail
kubetune=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$kubetune" run --benchmark branin --algorithm random --max-trials 6 --seed 3 --output-dir "$out/a" >/dev/null
[[ -s "$out/a/best_hyperparameters.txt" && -s "$out/a/tuner_results.json" ]]
[[ $(ls "$out/a/trials" | wc -l) -eq 6 ]]

# Resume: a run that stopped after six of ten trials (its last four records gone) continues
# the same search: the six recorded trials stay as they were and the rest match an
# uninterrupted run byte for byte.
"$kubetune" run --benchmark branin --algorithm random --max-trials 10 --seed 3 --output-dir "$out/full" >/dev/null
mkdir -p "$out/cut/trials"
cp "$out"/full/trials/0[0-5].json "$out/cut/trials/"
"$kubetune" run --benchmark branin --algorithm random --max-trials 10 --seed 3 --output-dir "$out/cut" >"$out/log"
grep -q "resuming: 6 trials already recorded" "$out/log"
[[ $(ls "$out/cut/trials" | wc -l) -eq 10 ]]
for f in "$out"/full/trials/*.json; do cmp "$f" "$out/cut/trials/$(basename "$f")"; done
cmp "$out/full/tuner_results.json" "$out/cut/tuner_results.json"
cmp "$out/full/best_hyperparameters.txt" "$out/cut/best_hyperparameters.txt"
echo "run: results written, a resumed run continues the same search"
