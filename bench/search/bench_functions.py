"""The test functions of the search benchmark, for its Python peers.

Line-for-line twins of bench/search/functions.cc: the same formulas, constants and order of
operations, so that Python and C++ compute the same doubles. optuna_peer.py and
keras_tuner_peer.py import them from here; `optuna_peer.py --check-against BINARY` tests the
claim against kubetune_bench_search. Only the standard library is used, so any of the peers'
virtualenvs can import this file.
"""

import math

def branin(v):
    a = 1.0
    b = 5.1 / (4.0 * math.pi * math.pi)
    c = 5.0 / math.pi
    r = 6.0
    s = 10.0
    t = 1.0 / (8.0 * math.pi)
    x1 = v["x1"]
    x2 = v["x2"]
    u = x2 - b * x1 * x1 + c * x1 - r
    return a * u * u + s * (1.0 - t) * math.cos(x1) + s


HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]


def hartmann6(v):
    x = [v["x%d" % (j + 1)] for j in range(6)]
    total = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(6):
            d = x[j] - HARTMANN_P[i][j] * 1e-4
            inner += HARTMANN_A[i][j] * d * d
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock4(v):
    x = [v["x%d" % (j + 1)] for j in range(4)]
    total = 0.0
    for i in range(3):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        total += 100.0 * a * a + b * b
    return total


# The mixed space's loss; functions.cc documents the closed form and why its minimum is 0.1.


def mixed_linear(v):
    e_l2 = math.log10(v["l2"]) + 3.5
    e_dropout = v["dropout"] - 0.1
    return 0.25 + 0.03 * e_l2 * e_l2 + 0.2 * e_dropout * e_dropout


def mixed_tree(v):
    criterion_penalty = {"entropy": 0.0, "gini": 0.015}[v["criterion"]]
    e_depth = v["depth"] - 8.0
    return 0.20 + 0.006 * e_depth * e_depth + criterion_penalty + 0.1 * v["dropout"]


def mixed_mlp(v):
    layers = v["layers"]
    units = v["units"]
    activation_penalty = {"gelu": 0.0, "relu": 0.01, "tanh": 0.04}[v["activation"]]
    e_lr = math.log10(v["lr"]) + 2.25 + 0.25 * layers
    e_units = math.log2(units) - 7.0
    e_layers = layers - 3.0
    e_dropout = v["dropout"] - 0.05 * math.log2(units) + 0.15
    return (0.10 + 0.08 * e_lr * e_lr + 0.03 * e_units * e_units + 0.03 * e_layers * e_layers
            + activation_penalty + 1.0 * e_dropout * e_dropout)


def mixed(v):
    return {"linear": mixed_linear, "tree": mixed_tree, "mlp": mixed_mlp}[v["model"]](v)


# name -> (loss, optimum, a minimiser); the same values as functions.cc.
FUNCTIONS = {
    "branin": (branin, 5.0 / (4.0 * math.pi), {"x1": math.pi, "x2": 2.275}),
    "hartmann6": (hartmann6, -3.32236801141551, {
        "x1": 0.20168950968761765, "x2": 0.15001069413863433, "x3": 0.47687396963094986,
        "x4": 0.27533242916768874, "x5": 0.31165161370991157, "x6": 0.6573005333899428}),
    "rosenbrock": (rosenbrock4, 0.0, {"x1": 1.0, "x2": 1.0, "x3": 1.0, "x4": 1.0}),
    "mixed": (mixed, 0.1, {"model": "mlp", "layers": 3, "units": 128, "lr": 1e-3,
                           "activation": "gelu", "dropout": 0.2}),
}
