#!/usr/bin/env python3
"""Optuna's side of the search benchmark.

Runs Optuna's samplers on the same test functions over the same spaces as
kubetune_bench_search, with the same batch-synchronous protocol, and prints the same JSON lines
with "tool": "optuna":

  {"tool": "optuna", "algorithm": "tpe", "function": "branin", "parallel": 4, "seed": 0,
   "optimum": 0.397887..., "best_so_far": [...], "seconds_per_suggestion": ...}

With parallelism P, study.ask() is called P times (each trial's parameters suggested at once)
before the batch is told its results, then the next batch is asked for, until the trial budget
is spent. seconds_per_suggestion is the mean time per trial spent in Optuna (ask, the suggest_*
calls and tell), the function's own evaluation excluded, as on the Kubetune side.

--latency instead adds N completed random trials on Hartmann6's space (study.add_trials) and
times the ask/tell cycles that follow, one JSON line per N.

The functions come from bench_functions.py, line-for-line twins of bench/search/functions.cc,
and each space below is the define-by-run form of the KerasTuner space built there: same names,
ranges, log scales and conditions. `--check-against BINARY` tests both claims by evaluating
Optuna-sampled points here and in the binary (which also rejects a point that its space does
not contain).
"""

import os

# Optuna's GPSampler computes with torch, whose thread pool (like OpenMP's) otherwise takes
# every core: on the 2-core benchmark machine, shared with the other lane of run.sh, that made
# a GP search three times slower than on one thread. Set before torch or numpy are imported.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import optuna  # noqa: E402

from bench_functions import FUNCTIONS as LOSSES  # noqa: E402

# --- Spaces, define-by-run. Each suggests the parameters the KerasTuner space has active for
# --- this trial, in its declaration order, and returns them by name.


def branin_space(trial):
    return {"x1": trial.suggest_float("x1", -5, 10), "x2": trial.suggest_float("x2", 0, 15)}


def hartmann6_space(trial):
    return {name: trial.suggest_float(name, 0, 1) for name in ["x%d" % j for j in range(1, 7)]}


def rosenbrock_space(trial):
    return {name: trial.suggest_float(name, -5, 10) for name in ["x%d" % j for j in range(1, 5)]}


def mixed_space(trial):
    v = {"model": trial.suggest_categorical("model", ["linear", "tree", "mlp"])}
    if v["model"] == "linear":
        v["l2"] = trial.suggest_float("l2", 1e-6, 1e-1, log=True)
    if v["model"] == "tree":
        v["depth"] = trial.suggest_int("depth", 2, 12)
        v["criterion"] = trial.suggest_categorical("criterion", ["gini", "entropy"])
    if v["model"] == "mlp":
        v["layers"] = trial.suggest_int("layers", 1, 4)
        v["units"] = trial.suggest_int("units", 16, 512, log=True)
        v["lr"] = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
        v["activation"] = trial.suggest_categorical("activation", ["relu", "tanh", "gelu"])
    v["dropout"] = trial.suggest_float("dropout", 0, 0.5)
    return v


SPACES = {
    "branin": branin_space,
    "hartmann6": hartmann6_space,
    "rosenbrock": rosenbrock_space,
    "mixed": mixed_space,
}
# name -> (space, loss, optimum, a minimiser).
FUNCTIONS = {name: (SPACES[name],) + LOSSES[name] for name in LOSSES}

# The samplers a plain run compares; a new one joins the run by being added here.
#
# - QMC covers only the numeric parameters of the first trial (which it samples at random);
#   the rest, categorical ones and other branches' parameters included, come from its
#   RandomSampler.
# - TPE is multivariate (one joint density over the parameters the trials share), with and
#   without the constant liar, which scores running trials as if they had the worst loss so
#   far so that a batch spreads out. Optuna 5 turns the liar on by default, so "tpe" turns it
#   off explicitly.
# - GP and CMA-ES model the intersection of the trials' spaces: on the mixed space only `model`
#   and `dropout` (CMA-ES leaves out the categorical `model` too); every conditional parameter
#   comes from their independent (random) sampler.
SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "qmc_sobol": lambda seed: optuna.samplers.QMCSampler(
        qmc_type="sobol", scramble=True, seed=seed, warn_independent_sampling=False),
    "tpe": lambda seed: optuna.samplers.TPESampler(
        multivariate=True, constant_liar=False, seed=seed),
    "tpe_liar": lambda seed: optuna.samplers.TPESampler(
        multivariate=True, constant_liar=True, seed=seed),
    "gp": lambda seed: optuna.samplers.GPSampler(seed=seed, warn_independent_sampling=False),
    "cmaes": lambda seed: optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False),
}

# Those --latency times by default: the model-based samplers, whose cost grows with the history
# (the liar changes nothing without running trials, so TPE is timed once).
LATENCY_SAMPLERS = ["tpe", "gp", "cmaes"]
LATENCY_FUNCTION = "hartmann6"


def run_search(function_name, sampler_name, seed, trials, parallel):
    space, loss_of, _, _ = FUNCTIONS[function_name]
    study = optuna.create_study(direction="minimize", sampler=SAMPLERS[sampler_name](seed))
    best = math.inf
    best_so_far = []
    in_optuna = 0.0
    while len(best_so_far) < trials:
        # The whole batch is asked for before any result is told.
        batch = []
        for _ in range(min(parallel, trials - len(best_so_far))):
            start = time.perf_counter()
            trial = study.ask()
            values = space(trial)
            in_optuna += time.perf_counter() - start
            batch.append((trial, values))
        for trial, values in batch:
            loss = loss_of(values)
            start = time.perf_counter()
            study.tell(trial, loss)
            in_optuna += time.perf_counter() - start
            best = min(best, loss)
            best_so_far.append(best)
    return best_so_far, in_optuna / trials


def measure_latency(sampler_name, completed, suggestions):
    """Milliseconds per ask/tell cycle (the evaluation excluded) for `suggestions` trials
    after `completed` completed random trials have been added to the study."""
    space, loss_of, _, _ = FUNCTIONS[LATENCY_FUNCTION]
    distributions = {"x%d" % j: optuna.distributions.FloatDistribution(0, 1)
                     for j in range(1, 7)}
    rng = random.Random(0)
    history = []
    for _ in range(completed):
        params = {name: rng.random() for name in distributions}
        history.append(optuna.trial.create_trial(params=params, distributions=distributions,
                                                 value=loss_of(params)))
    study = optuna.create_study(direction="minimize", sampler=SAMPLERS[sampler_name](0))
    study.add_trials(history)
    ms = []
    for _ in range(suggestions):
        start = time.perf_counter()
        trial = study.ask()
        values = space(trial)
        asked = time.perf_counter()
        loss = loss_of(values)
        evaluated = time.perf_counter()
        study.tell(trial, loss)
        ms.append(1e3 * ((asked - start) + (time.perf_counter() - evaluated)))
    return ms


def check_against(binary, points):
    """Evaluates `points` Optuna-sampled configurations per function, and each minimiser, in
    this file and in the binary; fails unless every pair agrees to 1e-9."""
    failures = 0
    worst = 0.0
    for name, (space, loss_of, optimum, argmin) in FUNCTIONS.items():
        study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=20240601))
        configurations = [space(study.ask()) for _ in range(points)] + [argmin]
        for values in configurations:
            ours = loss_of(values)
            result = subprocess.run([binary, "--evaluate", name, json.dumps(values)],
                                    capture_output=True, text=True, check=False)
            if result.returncode != 0:
                print("%s %s: binary failed: %s" % (name, json.dumps(values),
                                                     result.stderr.strip()))
                failures += 1
                continue
            theirs = float(result.stdout)
            worst = max(worst, abs(ours - theirs))
            if not math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9):
                print("%s %s: python %r, binary %r" % (name, json.dumps(values), ours, theirs))
                failures += 1
        if not math.isclose(loss_of(argmin), optimum, rel_tol=0, abs_tol=1e-9):
            print("%s: f(argmin) = %r, not the optimum %r" % (name, loss_of(argmin), optimum))
            failures += 1
    count = len(FUNCTIONS) * (points + 1)
    print("check-against %s: %d configurations, %d mismatches, largest difference %.3g"
          % (binary, count, failures, worst), file=sys.stderr)
    return 1 if failures else 0


def int_list(text):
    return [int(item) for item in text.split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="seeds 0..N-1")
    parser.add_argument("--trials", type=int, default=100, help="trials per search")
    parser.add_argument("--parallel", type=int_list, default=[1],
                        help="comma-separated batch sizes (trials asked before any is told)")
    parser.add_argument("--algorithms", default=None,
                        help="comma-separated sampler names (%s); default: all, or %s with "
                             "--latency" % (", ".join(SAMPLERS), ", ".join(LATENCY_SAMPLERS)))
    parser.add_argument("--functions", default=",".join(FUNCTIONS),
                        help="comma-separated function names")
    parser.add_argument("--latency", action="store_true",
                        help="time suggestions after N completed random trials on %s's space"
                             % LATENCY_FUNCTION)
    parser.add_argument("--latency-trials", type=int_list, default=[50, 100, 200, 500],
                        help="comma-separated history sizes for --latency")
    parser.add_argument("--suggestions", type=int, default=10,
                        help="timed suggestions per history size for --latency")
    parser.add_argument("--check-against", metavar="BINARY",
                        help="compare this file's functions with kubetune_bench_search's")
    parser.add_argument("--points", type=int, default=50,
                        help="configurations per function for --check-against")
    args = parser.parse_args()

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    # QMC draws one point at a time, never a power-of-two batch; SciPy warns about that.
    warnings.filterwarnings("ignore", message=".*balance properties of Sobol' points.*")

    if args.check_against:
        return check_against(args.check_against, args.points)

    default = LATENCY_SAMPLERS if args.latency else list(SAMPLERS)
    algorithms = args.algorithms.split(",") if args.algorithms else default
    functions = args.functions.split(",")
    for name in algorithms:
        if name not in SAMPLERS:
            parser.error("unknown algorithm %r (known: %s)" % (name, ", ".join(SAMPLERS)))
    for name in functions:
        if name not in FUNCTIONS:
            parser.error("unknown function %r (known: %s)" % (name, ", ".join(FUNCTIONS)))
    if any(p < 1 for p in args.parallel):
        parser.error("--parallel takes positive batch sizes")

    if args.latency:
        for algorithm in algorithms:
            # A sampler's first use imports what it computes with (torch for GP, cmaes for
            # CMA-ES), which takes longer than many suggestions: that happens once, untimed.
            measure_latency(algorithm, 20, 2)
            for completed in args.latency_trials:
                ms = measure_latency(algorithm, completed, args.suggestions)
                print(json.dumps({"tool": "optuna", "algorithm": algorithm,
                                  "function": LATENCY_FUNCTION, "completed_trials": completed,
                                  "median_ms": statistics.median(ms), "ms": ms}), flush=True)
        return 0

    for parallel in args.parallel:
        for algorithm in algorithms:
            for function in functions:
                for seed in range(args.seeds):
                    best_so_far, seconds = run_search(function, algorithm, seed, args.trials,
                                                      parallel)
                    print(json.dumps({"tool": "optuna", "algorithm": algorithm,
                                      "function": function, "parallel": parallel, "seed": seed,
                                      "optimum": FUNCTIONS[function][2],
                                      "best_so_far": best_so_far,
                                      "seconds_per_suggestion": seconds}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
