#!/usr/bin/env python3
"""KerasTuner's side of the search benchmark: its BayesianOptimizationOracle, driven directly.

No Tuner and no model: the oracle is asked for trials (create_trial), told their loss
(update_trial) and closed (end_trial), exactly as KerasTuner's own tuners call it, on the same
test functions and spaces as kubetune_bench_search and with the same batch-synchronous
protocol. It prints the same JSON lines with "tool": "keras_tuner", "algorithm": "bayesian":

  {"tool": "keras_tuner", "algorithm": "bayesian", "function": "branin", "parallel": 1,
   "seed": 0, "optimum": 0.397887..., "best_so_far": [...], "seconds_per_suggestion": ...}

Each space is the one the C++ benchmark builds: `kubetune_bench_search --print-space FUNCTION`
prints its KerasTuner get_config() JSON, and kt.HyperParameters.from_config reads it back, so
KerasTuner searches the very space a KerasTuner user would have declared. The losses come from
bench_functions.py, the C++ functions' line-for-line twins.

With parallelism P, P workers ("w0".."w{P-1}") each call create_trial before any result comes
back. The oracle fits its Gaussian process to completed trials only and enters running ones at
a pessimistic prediction, which is what should keep a batch from repeating one point.

--latency fills an oracle with N completed random trials (KerasTuner's own random phase, by
raising num_initial_points to N), then times the create/update/end cycles that follow.

Run it with the virtualenv that run.sh builds from compat/keras_tuner/requirements.txt and
requirements-keras-tuner.txt, with KERAS_BACKEND=jax.
"""

import os

# KerasTuner's oracle spends its time in scikit-learn and SciPy; their BLAS and OpenMP pools
# would otherwise take every core of the 2-core benchmark machine, shared with run.sh's other
# lane. KerasTuner imports Keras, which needs a backend: jax is the one the compat venv has.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("KERAS_BACKEND", "jax")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import keras_tuner as kt  # noqa: E402

from bench_functions import FUNCTIONS  # noqa: E402

ALGORITHM = "bayesian"
LATENCY_FUNCTION = "hartmann6"
COMPLETED = kt.engine.trial.TrialStatus.COMPLETED
RUNNING = kt.engine.trial.TrialStatus.RUNNING


def space_of(binary, function_name):
    config = subprocess.run([binary, "--print-space", function_name], capture_output=True,
                            text=True, check=True).stdout
    return kt.HyperParameters.from_config(json.loads(config))


def make_oracle(hyperparameters, max_trials, seed, directory):
    oracle = kt.oracles.BayesianOptimizationOracle(
        objective=kt.Objective("loss", "min"), max_trials=max_trials,
        hyperparameters=hyperparameters,
        # KerasTuner reads a seed of 0 as "no seed" and draws one at random, so the benchmark's
        # seeds 0..N-1 become 1..N here.
        seed=seed + 1)
    # Tuners set the project directory, where the oracle writes each trial as it goes.
    oracle._set_project_dir(directory, "oracle")
    oracle.verbose = 0
    return oracle


def finish(oracle, trial, loss):
    oracle.update_trial(trial.trial_id, {"loss": loss})
    trial.status = COMPLETED
    oracle.end_trial(trial)


def run_search(hyperparameters, function_name, seed, trials, parallel):
    loss_of = FUNCTIONS[function_name][0]
    best = math.inf
    best_so_far = []
    in_oracle = 0.0
    with tempfile.TemporaryDirectory() as directory:
        oracle = make_oracle(hyperparameters, trials, seed, directory)
        stopped = False
        while not stopped:
            batch = []
            for worker in range(parallel):
                start = time.perf_counter()
                trial = oracle.create_trial("w%d" % worker)
                in_oracle += time.perf_counter() - start
                if trial.status != RUNNING:
                    stopped = True
                    break
                batch.append(trial)
            for trial in batch:
                loss = loss_of(trial.hyperparameters.values)
                start = time.perf_counter()
                finish(oracle, trial, loss)
                in_oracle += time.perf_counter() - start
                best = min(best, loss)
                best_so_far.append(best)
            if not batch:
                break
    return best_so_far, in_oracle / max(1, len(best_so_far))


def measure_latency(binary, completed, suggestions):
    hyperparameters = space_of(binary, LATENCY_FUNCTION)
    loss_of = FUNCTIONS[LATENCY_FUNCTION][0]
    ms = []
    with tempfile.TemporaryDirectory() as directory:
        oracle = make_oracle(hyperparameters, completed + suggestions, 0, directory)
        oracle.num_initial_points = completed
        for _ in range(completed):
            trial = oracle.create_trial("w0")
            finish(oracle, trial, loss_of(trial.hyperparameters.values))
        # Back to KerasTuner's default (3 per dimension), so the timed trials are its model's.
        oracle.num_initial_points = None
        for _ in range(suggestions):
            start = time.perf_counter()
            trial = oracle.create_trial("w0")
            asked = time.perf_counter()
            loss = loss_of(trial.hyperparameters.values)
            evaluated = time.perf_counter()
            finish(oracle, trial, loss)
            ms.append(1e3 * ((asked - start) + (time.perf_counter() - evaluated)))
    return ms


def int_list(text):
    return [int(item) for item in text.split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True,
                        help="kubetune_bench_search, for the spaces (--print-space)")
    parser.add_argument("--seeds", type=int, default=20, help="seeds 0..N-1")
    parser.add_argument("--trials", type=int, default=100, help="trials per search")
    parser.add_argument("--parallel", type=int_list, default=[1],
                        help="comma-separated batch sizes (trials created before any ends)")
    parser.add_argument("--functions", default=",".join(FUNCTIONS),
                        help="comma-separated function names")
    parser.add_argument("--latency", action="store_true",
                        help="time suggestions after N completed random trials on %s's space"
                             % LATENCY_FUNCTION)
    parser.add_argument("--latency-trials", type=int_list, default=[50, 100, 200, 500],
                        help="comma-separated history sizes for --latency")
    parser.add_argument("--suggestions", type=int, default=10,
                        help="timed suggestions per history size for --latency")
    args = parser.parse_args()

    # scikit-learn warns whenever a kernel length scale fits at its bound, hundreds of times a
    # search; the warning says nothing about the benchmark.
    warnings.filterwarnings("ignore", module="sklearn")

    functions = args.functions.split(",")
    for name in functions:
        if name not in FUNCTIONS:
            parser.error("unknown function %r (known: %s)" % (name, ", ".join(FUNCTIONS)))
    if any(p < 1 for p in args.parallel):
        parser.error("--parallel takes positive batch sizes")

    if args.latency:
        # The first suggestion of the process imports scikit-learn's model code; untimed.
        measure_latency(args.binary, 20, 2)
        for completed in args.latency_trials:
            ms = measure_latency(args.binary, completed, args.suggestions)
            print(json.dumps({"tool": "keras_tuner", "algorithm": ALGORITHM,
                              "function": LATENCY_FUNCTION, "completed_trials": completed,
                              "median_ms": statistics.median(ms), "ms": ms}), flush=True)
        return 0

    spaces = {name: space_of(args.binary, name) for name in functions}
    for parallel in args.parallel:
        for function in functions:
            for seed in range(args.seeds):
                best_so_far, seconds = run_search(spaces[function], function, seed,
                                                  args.trials, parallel)
                print(json.dumps({"tool": "keras_tuner", "algorithm": ALGORITHM,
                                  "function": function, "parallel": parallel, "seed": seed,
                                  "optimum": FUNCTIONS[function][1],
                                  "best_so_far": best_so_far,
                                  "seconds_per_suggestion": seconds}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
