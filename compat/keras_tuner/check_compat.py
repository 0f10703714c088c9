"""Checks Kubetune's search core against real KerasTuner (the keras_tuner_compat test).

Usage: check_compat.py --tool PATH/kubetune_compat_tool [--trials N] [--keep DIR]

1. Builds search spaces with KerasTuner's API (generate_configs.py) and writes their
   get_config() JSON, as TFX writes best_hyperparameters.txt.
2. Has Kubetune parse and write back each file: the bytes must be identical.
3. Has Kubetune run N trials of each search algorithm on each space and loads every trial's
   config with keras_tuner.HyperParameters.from_config: KerasTuner must write it back byte for
   byte, its values must be exactly the active parameters, each value legal for its
   parameter, no configuration may repeat, and grid search must start from KerasTuner's
   defaults.
Exits non-zero with every problem listed.
"""

import argparse
import collections
import difflib
import json
import math
import os
import subprocess
import sys
import tempfile

# KerasTuner imports Keras, which needs a backend; ctest sets the same one.
os.environ.setdefault("KERAS_BACKEND", "jax")

import keras_tuner as kt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_configs  # noqa: E402

ALGORITHMS = ("random", "grid", "quasi_random")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def from_text(text):
    # from_config rewrites the dicts it is given, so each call gets a fresh parse.
    return kt.HyperParameters.from_config(json.loads(text))


def one_item_per_line(text):
    # The files are one long line; breaking after each separator makes a readable diff that
    # still shows every byte.
    return text.replace(", ", ",\n").splitlines(keepends=True)


def diff(expected, actual, name):
    return "".join(
        difflib.unified_diff(
            one_item_per_line(expected),
            one_item_per_line(actual),
            f"keras_tuner/{name}",
            f"kubetune/{name}",
        )
    )


def run_tool(tool, *args):
    result = subprocess.run([tool, *args], capture_output=True, text=True)
    if result.returncode != 0:
        return f"{os.path.basename(tool)} {' '.join(args)} exited {result.returncode}:\n" + (
            result.stderr or result.stdout
        )
    return None


def value_problem(hp, value):
    """Why `value` is not a legal value of `hp` by KerasTuner's rules, or None."""
    if type(value) is type(hp.default) and value == hp.default:
        return None  # KerasTuner hands out the default even when it is off the step grid.
    if isinstance(hp, kt.engine.hyperparameters.Fixed):
        if type(value) is not type(hp.value) or value != hp.value:
            return f"expected the fixed value {hp.value!r}"
        return None
    if isinstance(hp, kt.engine.hyperparameters.Boolean):
        return None if type(value) is bool else "expected a bool"
    if isinstance(hp, kt.engine.hyperparameters.Choice):
        if type(value) is not type(hp.values[0]) or value not in hp.values:
            return f"expected one of {hp.values!r}"
        if hp.prob_to_value(hp.value_to_prob(value)) != value:
            return "does not survive value_to_prob/prob_to_value"
        return None
    if isinstance(hp, kt.engine.hyperparameters.Int):
        if type(value) is not int:
            return "expected an int"
        if not hp.min_value <= value <= hp.max_value:
            return f"outside [{hp.min_value}, {hp.max_value}]"
        if hp.step is not None and hp.sampling == "linear" and (value - hp.min_value) % hp.step:
            return f"not min_value plus a multiple of step {hp.step}"
        if hp.prob_to_value(hp.value_to_prob(value)) != value:
            return "does not survive value_to_prob/prob_to_value"
        return None
    if isinstance(hp, kt.engine.hyperparameters.Float):
        if type(value) is not float:
            return "expected a float"
        if math.isnan(value) or not hp.min_value <= value <= hp.max_value:
            return f"outside [{hp.min_value}, {hp.max_value}]"
        if hp.step is not None and not any(
            math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-12) for v in hp.values
        ):
            return f"not on the grid of step {hp.step} ({hp.sampling})"
        return None
    return f"unknown hyperparameter class {type(hp).__name__}"


def kerastuner_defaults(space_text):
    """The values KerasTuner registers for a fresh build: each active parameter's default."""
    hps = from_text(space_text)
    hps.values = {}
    for hp in hps.space:
        if hps.is_active(hp):
            hps.values[hp.name] = hp.default
    return hps.values


def typed(values):
    # Python's == would equate 1, 1.0 and True; a config must keep KerasTuner's types too.
    return {name: (type(value).__name__, value) for name, value in values.items()}


def check_sample(name, path, space_json, problems):
    """Checks one sampled file; returns its values."""
    text = read(path)
    where = f"{name}/{os.path.basename(path)}"
    hps = from_text(text)
    written = json.dumps(hps.get_config())
    if written != text:
        problems.append(f"{where}: KerasTuner does not write it back unchanged\n"
                        + diff(text, written, where))
    if json.dumps(json.loads(text)["space"]) != space_json:
        problems.append(f"{where}: the space differs from the one sampled")
    active = {hp.name for hp in hps.space if hps.is_active(hp)}
    if set(hps.values) != active:
        problems.append(
            f"{where}: values name {sorted(hps.values)} but the active parameters are "
            f"{sorted(active)}"
        )
    for hp in hps.space:
        if hp.name in hps.values and hps.is_active(hp):
            why = value_problem(hp, hps.values[hp.name])
            if why:
                problems.append(f"{where}: {hp.name} = {hps.values[hp.name]!r}: {why}")
    return hps.values


def check_samples(name, config_path, sample_dir, trials, problems):
    """Checks every trial Kubetune sampled from one config; returns how many there were."""
    config_text = read(config_path)
    space_json = json.dumps(json.loads(config_text)["space"])
    files = collections.defaultdict(list)
    for file in sorted(os.listdir(sample_dir)):
        algorithm, _, trial_id = file.removesuffix(".json").rpartition("-")
        files[algorithm].append((trial_id, os.path.join(sample_dir, file)))
    count = 0
    for algorithm in ALGORITHMS:
        trials_run = sorted(files.pop(algorithm, []))
        if not 0 < len(trials_run) <= trials:
            problems.append(f"{name}: {algorithm} ran {len(trials_run)} trials, not 1..{trials}")
            continue
        seen = set()
        for index, (trial_id, path) in enumerate(trials_run):
            values = check_sample(name, path, space_json, problems)
            # Python-equal dicts (1 == 1.0) are the same configuration to KerasTuner too.
            key = frozenset(values.items())
            if key in seen:
                problems.append(f"{name}: {algorithm} trial {trial_id} repeats a configuration")
            seen.add(key)
            if algorithm == "grid" and index == 0:
                defaults = kerastuner_defaults(config_text)
                if typed(values) != typed(defaults):
                    problems.append(
                        f"{name}: grid's first trial {typed(values)} is not KerasTuner's "
                        f"defaults {typed(defaults)}"
                    )
        count += len(trials_run)
    if files:
        problems.append(f"{name}: unexpected sample files for {sorted(files)}")
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, help="path to kubetune_compat_tool")
    parser.add_argument("--trials", type=int, default=40, help="trials per algorithm and space")
    parser.add_argument("--keep", help="work in this directory and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="keras_tuner_compat.") as tmp:
        work = args.keep or tmp
        configs = os.path.join(work, "configs")
        names = generate_configs.write_configs(configs)
        problems = []
        round_tripped = sampled = 0
        for name in names:
            config = os.path.join(configs, name + ".json")
            written = os.path.join(work, "roundtrip", name + ".json")
            os.makedirs(os.path.dirname(written), exist_ok=True)
            error = run_tool(args.tool, "roundtrip", config, written)
            if error:
                problems.append(f"{name}: {error}")
                continue
            expected, actual = read(config), read(written)
            if actual == expected:
                round_tripped += 1
            else:
                problems.append(f"{name}: Kubetune's round trip changed the bytes\n"
                                + diff(expected, actual, name + ".json"))

            sample_dir = os.path.join(work, "samples", name)
            error = run_tool(args.tool, "sample", config, sample_dir, str(args.trials))
            if error:
                problems.append(f"{name}: {error}")
                continue
            sampled += check_samples(name, config, sample_dir, args.trials, problems)

    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"keras-tuner compat: FAILED with {len(problems)} problems "
              f"({round_tripped}/{len(names)} configs round-tripped byte for byte)",
              file=sys.stderr)
        return 1
    print(f"keras-tuner compat: {round_tripped} configs round-tripped byte for byte, "
          f"{sampled} sampled value sets accepted (keras-tuner {kt.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
