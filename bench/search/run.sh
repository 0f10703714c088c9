#!/usr/bin/env bash
# Runs the search benchmark: Kubetune's algorithms, Optuna's samplers and KerasTuner's Bayesian
# oracle on the same test functions, with 1, 4 and 16 workers, and the suggestion latency of
# each against the number of completed trials; then writes docs/bench/search.md and its plots
# (docs/bench/search-<function>.svg) and prints the tables.
#
#   bench/search/run.sh [--seeds N] [--trials T] [--parallel "1 4 16"]
#                       [--algorithms a,b,...] [--peers tool/algorithm,...|none]
#                       [--gp-seeds N] [--keras-tuner-seeds N] [--keras-tuner-parallel "1"]
#                       [--no-latency]
#
#   --algorithms  Kubetune's algorithms (default: the binary's list, which runs grid at one
#                 worker only)
#   --peers       default all: optuna/random, optuna/qmc_sobol, optuna/tpe, optuna/tpe_liar,
#                 optuna/gp, optuna/cmaes, keras_tuner/bayesian
#   --gp-seeds, --keras-tuner-seeds, --keras-tuner-parallel
#                 the two peers whose suggestions take a tenth of a second to seconds run fewer
#                 seeds (and KerasTuner fewer worker counts), so that the default run stays
#                 well under 30 minutes on 2 cores; the report says so in its header
#
# Builds kubetune_bench_search in $BUILD_DIR (default build/, configured with Ninja if it is
# not configured yet), sets up the peers' virtualenvs through hack/python-env.sh (Optuna's;
# Optuna's with torch for GPSampler, about 5.6 GB, only when optuna/gp runs; KerasTuner's, from
# compat/keras_tuner/requirements.txt plus requirements-keras-tuner.txt), checks that the C++
# and Python functions agree, and keeps the raw JSON lines and logs in bench/out/.
set -euo pipefail
cd "$(dirname "$0")/../.."
run_start=$(date +%s%N)

all_peers=optuna/random,optuna/qmc_sobol,optuna/tpe,optuna/tpe_liar,optuna/gp,optuna/cmaes
all_peers+=,keras_tuner/bayesian
seeds=20
trials=100
parallel="1 4 16"
algorithms=""
peers=$all_peers
gp_seeds=5
kt_seeds=1
kt_parallel="1"
latency=1
usage() {
  echo "usage: $0 [--seeds N] [--trials T] [--parallel \"1 4 16\"] [--algorithms a,b]" \
    "[--peers tool/algorithm,...|none] [--gp-seeds N] [--keras-tuner-seeds N]" \
    "[--keras-tuner-parallel \"1\"] [--no-latency]" >&2
  exit 2
}
while (($# > 0)); do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --algorithms) algorithms=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --gp-seeds) gp_seeds=$2; shift 2 ;;
    --keras-tuner-seeds) kt_seeds=$2; shift 2 ;;
    --keras-tuner-parallel) kt_parallel=$2; shift 2 ;;
    --no-latency) latency=0; shift ;;
    *) usage ;;
  esac
done
if [[ $peers == none ]]; then peers=""; fi
build_dir=${BUILD_DIR:-build}
# The machine is shared with other builds, so two jobs at most, for the build and the searches.
lanes=2

# Splits the peers into Optuna's samplers and whether KerasTuner runs.
optuna_light=()
run_gp=0
run_kt=0
IFS=, read -r -a peer_list <<<"$peers"
for peer in "${peer_list[@]}"; do
  case $peer in
    optuna/gp) run_gp=1 ;;
    optuna/*) optuna_light+=("${peer#optuna/}") ;;
    keras_tuner/bayesian) run_kt=1 ;;
    *) echo "unknown peer '$peer' (known: $all_peers)" >&2; exit 2 ;;
  esac
done
# Worker counts as the binaries take them: comma-separated.
parallel_csv=$(tr -s ' ' ',' <<<"$parallel")

if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -G Ninja -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" --target kubetune_bench_search -j "$lanes"
bench=$build_dir/bench/kubetune_bench_search

out=bench/out
mkdir -p "$out"
versions=()
# Installed versions, read from the packages' metadata (importing torch or Keras takes seconds).
add_versions() {
  local python=$1
  shift
  mapfile -t -O "${#versions[@]}" versions < <("$python" -c '
import importlib.metadata, sys
for name in sys.argv[1:]:
    print("%s=%s" % (name, importlib.metadata.version(name)))' "$@")
}
python=$(hack/python-env.sh optuna bench/search/requirements.txt)
add_versions "$python" optuna cmaes
if ((run_gp)); then
  # The GP venv is a superset of the plain one; its requirements are the two files together,
  # so hack/python-env.sh rebuilds it when either changes.
  cat bench/search/requirements.txt bench/search/requirements-gp.txt >"$out/requirements-gp.txt"
  gp_python=$(hack/python-env.sh optuna_gp "$out/requirements-gp.txt")
  add_versions "$gp_python" torch
fi
if ((run_kt)); then
  cat compat/keras_tuner/requirements.txt bench/search/requirements-keras-tuner.txt \
    >"$out/requirements-keras-tuner.txt"
  kt_python=$(hack/python-env.sh keras_tuner_bench "$out/requirements-keras-tuner.txt")
  add_versions "$kt_python" keras-tuner keras jax scikit-learn
fi

"$python" bench/search/optuna_peer.py --check-against "$bench"

# Seconds since `start` (nanoseconds from date +%s%N), to a tenth.
elapsed() {
  local tenths=$((($(date +%s%N) - $1) / 100000000))
  echo "$((tenths / 10)).$((tenths % 10))"
}

# The searches, as independent jobs that write $out/search-NAME.jsonl, roughly longest first so
# that the two lanes finish together. Each job records its exit status and wall time beside its
# output.
rm -f "$out"/search-*.jsonl "$out"/search-*.log "$out"/search-*.status "$out"/latency-*.jsonl
job_names=()
job_commands=()
add_job() {
  job_names+=("$1")
  shift
  job_commands+=("$(printf '%q ' "$@")")
}
if ((run_gp)); then
  for p in $parallel; do
    add_job "optuna-gp-p$p" "$gp_python" bench/search/optuna_peer.py --seeds "$gp_seeds" \
      --trials "$trials" --parallel "$p" --algorithms gp
  done
fi
if ((run_kt)); then
  # Cost per suggestion grows with the space's dimension: mixed, hartmann6, rosenbrock, branin.
  for function in mixed hartmann6 rosenbrock branin; do
    add_job "keras_tuner-$function" env KERAS_BACKEND=jax "$kt_python" \
      bench/search/keras_tuner_peer.py --binary "$bench" --seeds "$kt_seeds" --trials "$trials" \
      --parallel "$(tr -s ' ' ',' <<<"$kt_parallel")" --functions "$function"
  done
fi
for p in $parallel; do
  kubetune_flags=(--seeds "$seeds" --trials "$trials" --parallel "$p")
  if [[ -n $algorithms ]]; then kubetune_flags+=(--algorithms "$algorithms"); fi
  add_job "kubetune-p$p" "$bench" "${kubetune_flags[@]}"
done
if ((${#optuna_light[@]} > 0)); then
  for p in $parallel; do
    add_job "optuna-p$p" "$python" bench/search/optuna_peer.py --seeds "$seeds" \
      --trials "$trials" --parallel "$p" --algorithms "$(IFS=,; echo "${optuna_light[*]}")"
  done
fi

run_job() {
  local name=$1 command=$2 start status=0
  start=$(date +%s%N)
  bash -c "$command" >"$out/search-$name.jsonl" 2>"$out/search-$name.log" || status=$?
  echo "$status $(elapsed "$start")" >"$out/search-$name.status"
  echo "== $name: exit $status after $(elapsed "$start") s" >&2
}

echo "== searches: ${#job_names[@]} jobs in $lanes lanes" >&2
searches_start=$(date +%s%N)
for i in "${!job_names[@]}"; do
  while (($(jobs -rp | wc -l) >= lanes)); do wait -n || true; done
  run_job "${job_names[$i]}" "${job_commands[$i]}" &
done
wait
searches_seconds=$(elapsed "$searches_start")
failed=0
job_walls=()
for name in "${job_names[@]}"; do
  read -r status seconds <"$out/search-$name.status"
  job_walls+=("$name $seconds s")
  if ((status != 0)); then
    echo "job $name failed (exit $status); its log, $out/search-$name.log, ends:" >&2
    tail -n 20 "$out/search-$name.log" >&2
    failed=1
  fi
done
if ((failed)); then exit 1; fi

# Latency runs alone, one tool at a time, so that no lane competes with the timed calls.
latency_seconds=0
if ((latency)); then
  echo "== latency" >&2
  latency_start=$(date +%s%N)
  latency_flags=(--latency)
  if [[ -n $algorithms ]]; then latency_flags+=(--algorithms "$algorithms"); fi
  "$bench" "${latency_flags[@]}" >"$out/latency-kubetune.jsonl"
  latency_optuna=()
  # The liar changes nothing without running trials, so TPE is timed once.
  for sampler in tpe cmaes; do
    if [[ ,$peers, == *,optuna/$sampler,* ]]; then latency_optuna+=("$sampler"); fi
  done
  if ((${#latency_optuna[@]} > 0)); then
    "$python" bench/search/optuna_peer.py --latency \
      --algorithms "$(IFS=,; echo "${latency_optuna[*]}")" >"$out/latency-optuna.jsonl"
  fi
  if ((run_gp)); then
    "$gp_python" bench/search/optuna_peer.py --latency --algorithms gp \
      >"$out/latency-optuna-gp.jsonl"
  fi
  if ((run_kt)); then
    KERAS_BACKEND=jax "$kt_python" bench/search/keras_tuner_peer.py --binary "$bench" --latency \
      >"$out/latency-keras_tuner.jsonl"
  fi
  latency_seconds=$(elapsed "$latency_start")
fi

command="bench/search/run.sh --seeds $seeds --trials $trials --parallel \"$parallel\""
if [[ -n $algorithms ]]; then command+=" --algorithms $algorithms"; fi
if [[ $peers != "$all_peers" ]]; then command+=" --peers ${peers:-none}"; fi
if ((run_gp)); then command+=" --gp-seeds $gp_seeds"; fi
if ((run_kt)); then
  command+=" --keras-tuner-seeds $kt_seeds --keras-tuner-parallel \"$kt_parallel\""
fi
if ((!latency)); then command+=" --no-latency"; fi
if [[ -n ${BUILD_DIR:-} ]]; then command="BUILD_DIR=$BUILD_DIR $command"; fi

report_flags=(--output docs/bench/search.md --command "$command"
  --wall "total, with build and setup=$(elapsed "$run_start")"
  --wall "searches ($lanes lanes)=$searches_seconds" --wall "latency=$latency_seconds"
  --note "Wall time per search job: $(IFS=';'; echo "${job_walls[*]}" | sed 's/;/, /g')")
if ((run_gp && gp_seeds != seeds)) || ((run_kt && (kt_seeds != seeds))) ||
  [[ $run_kt == 1 && $kt_parallel != "$parallel" ]]; then
  report_flags+=(--note "Fewer seeds for the slow peers: optuna/gp $gp_seeds, keras_tuner/bayesian \
$kt_seeds with workers $kt_parallel only (\`--gp-seeds\`, \`--keras-tuner-seeds\`, \
\`--keras-tuner-parallel\`), so that the default run stays well under 30 minutes on 2 cores; their \
suggestion latency below says why. Their medians rest on fewer runs than the other rows'.")
fi
for version in "${versions[@]}"; do report_flags+=(--version "$version"); done
# Kubetune's rows first, then Optuna's, then KerasTuner's: the tables keep the inputs' order.
inputs=()
for file in "$out"/search-kubetune-p*.jsonl "$out"/search-optuna-p*.jsonl \
  "$out"/search-optuna-gp-*.jsonl "$out"/search-keras_tuner-*.jsonl "$out"/latency-kubetune.jsonl \
  "$out"/latency-optuna.jsonl "$out"/latency-optuna-gp.jsonl "$out"/latency-keras_tuner.jsonl; do
  if [[ -f $file ]]; then inputs+=("$file"); fi
done
"$python" bench/search/report.py "${inputs[@]}" "${report_flags[@]}"
