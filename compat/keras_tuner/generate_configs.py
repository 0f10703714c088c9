"""Writes search spaces built with KerasTuner's own API as get_config() JSON files.

Usage: generate_configs.py OUTDIR

Each space becomes OUTDIR/<name>.json, holding json.dumps(hp.get_config()) exactly as TFX
writes best_hyperparameters.txt. The spaces cover every hyperparameter type, sampling, step and
default variant, conditions (nested ones are ANDed) and name scopes; the "*_values" files hold
non-default values.
"""

import json
import os
import sys

# KerasTuner imports Keras, which needs a backend.
os.environ.setdefault("KERAS_BACKEND", "jax")

import keras_tuner as kt  # noqa: E402


def penguin(hp):
    # The TFX penguin example's space (penguin_utils_keras._get_hyperparameters).
    hp.Choice("learning_rate", [1e-2, 1e-3], default=1e-2)
    hp.Int("num_layers", 1, 3, default=2)


def ints(hp):
    hp.Int("units", 8, 64, step=8)
    hp.Int("layers", 1, 10, default=4)
    hp.Int("offset", -5, 5, step=5, default=0)
    hp.Int("filters", 1, 256, step=2, sampling="log")
    hp.Int("batch", 2, 1024, sampling="log", default=32)
    hp.Int("patience", 1, 100, sampling="reverse_log")
    hp.Int("kernel", 3, 27, step=3, sampling="reverse_log", default=21)
    # KerasTuner takes a default off the step grid as it is; grid search starts from it.
    hp.Int("stride", 1, 9, step=4, default=3)
    hp.Int("seed", 7, 7)


def floats(hp):
    hp.Float("dropout", 0.0, 0.5)
    hp.Float("momentum", 0.5, 0.99, default=0.9)
    hp.Float("ratio", 0.1, 0.9, step=0.1)
    hp.Float("lr", 1e-5, 1e-1, sampling="log")
    # KerasTuner keeps an int step and an int default as given: they must come back as ints.
    hp.Float("decay", 1e-4, 1.0, step=10, sampling="log", default=1e-2)
    hp.Float("beta", 0.9, 0.9999, sampling="reverse_log", default=0.99)
    hp.Float("gamma", 1.0, 8.0, step=2.0, sampling="reverse_log")
    hp.Float("clip", 0, 10, step=2, default=4)
    hp.Float("scale", 1e-7, 1e16, sampling="log", default=1e5)


def choices(hp):
    hp.Choice("activation", ["relu", "tanh", "gelu"])
    hp.Choice("optimizer", ["adam", "sgd", "rmsprop"], default="sgd", ordered=False)
    hp.Choice("units", [16, 32, 64, 128], default=64)
    hp.Choice("heads", [1, 2, 4, 8], ordered=False)
    hp.Choice("learning_rate", [1e-4, 3e-4, 1e-3, 3e-3])
    hp.Choice("label_smoothing", [0.0, 0.05, 0.1], ordered=False, default=0.1)
    # Float choices keep an int default as given (int and str choices convert theirs).
    hp.Choice("dropout", [0.0, 0.25, 0.5], default=0)
    # KerasTuner stores bool choices as ints: [1, 0], ordered.
    hp.Choice("use_bias", [True, False])
    hp.Choice("shuffle", [False, True], default=True, ordered=False)
    hp.Choice("pooling", ["max"])


def fixed_and_booleans(hp):
    hp.Fixed("optimizer", "adam")
    hp.Fixed("epochs", 10)
    hp.Fixed("weight_decay", 1e-4)
    hp.Fixed("whole", 2.0)
    hp.Fixed("mixed_precision", True)
    hp.Fixed("legacy", False)
    hp.Boolean("batch_norm")
    hp.Boolean("residual", default=True)
    hp.Boolean("early_stop", default=False)


def conditional(hp):
    model = hp.Choice("model", ["mlp", "cnn", "rnn"])
    with hp.conditional_scope("model", ["mlp"]):
        hp.Int("mlp_units", 32, 512, step=32)
        hp.Float("mlp_dropout", 0.0, 0.5, step=0.25)
    with hp.conditional_scope("model", ["cnn"]):
        hp.Int("conv_layers", 1, 4, default=2)
        with hp.conditional_scope("conv_layers", [3, 4]):
            hp.Boolean("conv_residual")
            with hp.conditional_scope("conv_residual", [True]):
                hp.Choice("conv_shortcut", ["identity", "projection"])
    with hp.conditional_scope("model", ["cnn", "rnn"]):
        hp.Choice("rnn_or_cnn_width", [64, 128])
    hp.Float("lr", 1e-4, 1e-2, sampling="log")
    return model


def scoped(hp):
    hp.Int("layers", 1, 3, default=2)
    for i in range(3):
        # Block i exists when there are more than i layers. conditional_scope qualifies its
        # parent's name with the open name scopes, so each is opened inside the scope that
        # holds its parent.
        with hp.conditional_scope("layers", list(range(i + 1, 4))):
            with hp.name_scope(f"block_{i}"):
                hp.Int("units", 16, 128, step=16)
                with hp.name_scope("attention"):
                    hp.Boolean("enabled")
                    with hp.conditional_scope("enabled", [True]):
                        hp.Choice("heads", [2, 4, 8], default=4)
    with hp.name_scope("optimizer"):
        hp.Choice("name", ["adam", "sgd"])
        with hp.conditional_scope("name", ["sgd"]):
            hp.Float("momentum", 0.0, 0.99, default=0.9)
            hp.Boolean("nesterov")


def typed_conditions(hp):
    # Conditions on an int, a float, a bool and a fixed parent.
    hp.Int("depth", 0, 2)
    with hp.conditional_scope("depth", [1, 2]):
        hp.Choice("width", [0.5, 1.0, 2.0], default=1.0)
        with hp.conditional_scope("width", [2.0]):
            hp.Fixed("wide_only", "yes")
    hp.Boolean("augment", default=True)
    with hp.conditional_scope("augment", [True]):
        hp.Float("rotation", 0.0, 30.0, step=7.5)
        hp.Choice("flip", ["none", "horizontal", "both"])
    hp.Fixed("version", 3)
    with hp.conditional_scope("version", [3]):
        hp.Int("warmup", 0, 1000, step=100, default=100)


def text(hp):
    # Non-ASCII text is escaped by json.dumps; names and values may carry it.
    hp.Choice("tokenizer", ["wordpiece", "größe", "日本語", 'quote"back\\slash'])
    with hp.name_scope("ünïcode"):
        hp.Fixed("note", "tab\there\nnewline")
        hp.Int("η", 1, 4)


SPACES = {
    "penguin": penguin,
    "ints": ints,
    "floats": floats,
    "choices": choices,
    "fixed_and_booleans": fixed_and_booleans,
    "conditional": conditional,
    "scoped": scoped,
    "typed_conditions": typed_conditions,
    "text": text,
}

# Non-default values. KerasTuner's tuner sets a trial's values and then builds the model, so
# parameters activated by the new values get their defaults and inactive ones get none; these
# do the same (hp.values[...] before building) so every file holds exactly the active values.
VALUE_SETS = {
    "penguin_values": ("penguin", {"learning_rate": 1e-3, "num_layers": 3}),
    "ints_values": ("ints", {"units": 40, "offset": -5, "filters": 64, "batch": 1000,
                             "patience": 97, "kernel": 21, "seed": 7}),
    "floats_values": ("floats", {"dropout": 0.123456789, "ratio": 0.7000000000000001,
                                 "lr": 3.1622776601683795e-05, "decay": 0.1, "clip": 10,
                                 "scale": 1e16}),
    "choices_values": ("choices", {"activation": "gelu", "units": 16, "learning_rate": 3e-3,
                                   "use_bias": 0, "shuffle": 0}),
    "conditional_values": ("conditional", {"model": "cnn", "conv_layers": 3,
                                           "conv_residual": True,
                                           "conv_shortcut": "projection"}),
    "scoped_values": ("scoped", {"layers": 3, "block_1/attention/enabled": True,
                                 "block_2/units": 128, "optimizer/name": "sgd",
                                 "optimizer/nesterov": True}),
    "typed_conditions_values": ("typed_conditions", {"depth": 2, "width": 2.0,
                                                     "augment": False, "warmup": 1000}),
}


def build(space, values=None):
    hp = kt.HyperParameters()
    for name, value in (values or {}).items():
        hp.values[name] = value
    SPACES[space](hp)
    return hp


def write_configs(outdir):
    """Writes every config into outdir; returns their names."""
    os.makedirs(outdir, exist_ok=True)
    configs = {name: build(name) for name in SPACES}
    configs.update({name: build(space, values) for name, (space, values) in VALUE_SETS.items()})
    for name, hp in configs.items():
        with open(os.path.join(outdir, name + ".json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(hp.get_config()))
    return list(configs)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate_configs.py OUTDIR")
    names = write_configs(sys.argv[1])
    print(f"wrote {len(names)} configs to {sys.argv[1]}")


if __name__ == "__main__":
    main()
