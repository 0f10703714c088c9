#!/usr/bin/env python3
"""Turns the search benchmark's JSON lines into Markdown tables and SVG plots.

Reads the lines that kubetune_bench_search, optuna_peer.py and keras_tuner_peer.py print, and
reports for each parallelism, function and tool/algorithm the simple regret (best loss so far
minus the known minimum) after a quarter, half and all of the trials: the median over seeds with
the interquartile range, the best median of each function and checkpoint in bold. Latency lines
(--latency) become a table of milliseconds per suggestion against the number of completed
trials. The tables go to stdout; with --output they are also written, under a header that says
how they were made, to a Markdown file, with one regret-versus-trials plot per function
(docs/bench/search-<function>.svg beside it).

Every number comes from the input lines; nothing here is typed in by hand.
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
from xml.sax.saxutils import escape

DESCRIPTION = """\
Each search minimises a test function with a known minimum; one run is one seed of one
algorithm on one function with P workers. Simple regret is the best loss found so far minus the
minimum: lower is better, 0 is the optimum. Each cell is the median over seeds, with the
interquartile range in brackets; the best median of each function and checkpoint is in bold
(ties all bold).

{functions}

**Parallelism.** With P workers the searches are batch-synchronous: P trials are suggested
(P distinct workers ask, "w0" to "w{{P-1}}") before any result comes back, then the batch's
results are reported and the next P are asked for, until the trial budget is spent. Trial
counts are trials suggested, whatever the batch size, so P = 16 reaches 100 trials in 7 rounds
instead of 100: the question is how much quality a tool gives up for that.

**Tools.** Kubetune's algorithms run through its Oracle (CreateTrial, UpdateTrial, EndTrial).
Optuna's samplers run through `study.ask()` / `study.tell()` with in-memory storage: random;
QMC (scrambled Sobol; it covers only the first trial's numeric parameters, so on the mixed space
the categorical and other-branch parameters are random); TPE with `multivariate=True`, without
(`tpe`) and with (`tpe_liar`) the constant liar, which only matters with P > 1; GP
(`GPSampler`); and CMA-ES (`CmaEsSampler`). GP and CMA-ES model only the parameters every
trial has: on the mixed space that is `model` and `dropout` for GP and `dropout` alone for
CMA-ES (it leaves out categorical parameters), and every conditional parameter comes from their
independent (random) sampler. KerasTuner's `BayesianOptimizationOracle` is driven directly
(create_trial, update_trial, end_trial, as its tuners call it) on the very space Kubetune
parses: `kubetune_bench_search --print-space` hands its KerasTuner JSON to
`kt.HyperParameters.from_config`; its time includes writing each trial to a temporary
project directory, as it does under a tuner. KerasTuner treats a seed of 0 as no seed, so its
seeds are shifted by one. With one worker `tpe` and `tpe_liar` are the same search (no trial is
running when one is asked for), so their rows agree. Random search, QMC and grid suggest the
same points whatever the batch size, so their rows repeat across the parallel tables; grid runs
at P = 1 only.

The functions are defined in `bench/search/functions.cc` (the mixed function's closed form is
documented there) and, line for line, in `bench/search/bench_functions.py`; the run checks first
that both evaluate a sample of configurations identically. Grid search starts from every
parameter's default (the low end of each range) and moves the last parameter fastest, so a
short budget covers only a corner of the larger spaces; it is deterministic, so its seeds
agree. Time per suggestion is the time spent in the tool per trial (suggesting and taking the
result), the function's evaluation excluded; the searches run as two concurrent jobs, one per
core, and the latency measurements run alone after them."""

LATENCY_DESCRIPTION = """\
Each tool is given N completed trials on {function}'s space (6 continuous parameters), drawn
uniformly at random, then asked for {suggestions} further suggestions, each followed by its
result; a cell is the median time of one such suggest-and-report cycle in the tool, in
milliseconds. Kubetune builds a new Oracle over the N trials (as a restarted oracle service
would); Optuna adds them to a study with `study.add_trials` (CMA-ES ignores trials it did not
propose, so its time is that of skipping them); KerasTuner's oracle runs its own random phase
for N trials first. The second table is the first of those suggestions, which pays for
rebuilding whatever a tool derives from the history."""


# The domain of each function, as functions.cc builds its space; the minima come from the runs.
SPACES = {
    "branin": "x1 in [-5, 10], x2 in [0, 15]",
    "hartmann6": "[0, 1]^6",
    "rosenbrock": "[-5, 10]^4",
    "mixed": "Choice model in {linear, tree, mlp}, each with its own conditional parameters"
             " (9 parameters in all, 3 to 6 active), plus a shared dropout; minimum in mlp",
}


def load(paths):
    """The search runs and the latency rows of every input file."""
    runs = []
    latencies = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit("%s:%d: %s" % (path, number, e))
                if "completed_trials" in record:
                    latencies.append(record)
                else:
                    # Lines from before --parallel existed were all sequential.
                    record.setdefault("parallel", 1)
                    runs.append(record)
    if not runs and not latencies:
        sys.exit("no runs in %s" % ", ".join(paths))
    return runs, latencies


def arm(record):
    return record["tool"] + "/" + record["algorithm"]


def group_runs(runs):
    """(parallel, function, "tool/algorithm") -> runs, by parallelism, function, then
    tool/algorithm in the order first seen; checks that the optima agree and that no seed
    repeats."""
    groups = {}
    optima = {}
    for run in runs:
        function = run["function"]
        if optima.setdefault(function, run["optimum"]) != run["optimum"]:
            sys.exit("the tools disagree on the minimum of %s: %r and %r"
                     % (function, optima[function], run["optimum"]))
        groups.setdefault((run["parallel"], function, arm(run)), []).append(run)
    for (parallel, function, name), members in groups.items():
        seeds = [run["seed"] for run in members]
        if len(set(seeds)) != len(seeds):
            sys.exit("%s on %s with parallel %d has a seed twice" % (name, function, parallel))
    arms = list(dict.fromkeys(name for _, _, name in groups))
    return {(parallel, function, name): groups[parallel, function, name]
            for parallel in sorted({p for p, _, _ in groups}) for function in optima
            for name in arms if (parallel, function, name) in groups}


def regret_at(run, trials):
    # A run shorter than `trials` ended because its algorithm ran out of configurations, so
    # its best stays what it was.
    curve = run["best_so_far"]
    return curve[min(trials, len(curve)) - 1] - run["optimum"]


def quartiles(xs):
    if len(xs) == 1:
        return xs[0], xs[0], xs[0]
    q1, q2, q3 = statistics.quantiles(xs, n=4, method="inclusive")
    return q1, q2, q3


def fmt(x):
    return "%.3g" % x


def markdown(rows):
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def regret_table(groups, parallel, checkpoints):
    header = ["function", "tool/algorithm", "seeds"] + ["regret @ %d" % n for n in checkpoints]
    rows = [header, ["---"] * len(header)]
    functions = list(dict.fromkeys(f for p, f, _ in groups if p == parallel))
    for function in functions:
        members = {name: runs for (p, f, name), runs in groups.items()
                   if p == parallel and f == function}
        cells = {name: [quartiles([regret_at(run, n) for run in runs]) for n in checkpoints]
                 for name, runs in members.items()}
        best = [min(cell[i][1] for cell in cells.values()) for i in range(len(checkpoints))]
        for index, (name, runs) in enumerate(members.items()):
            row = [function if index == 0 else "", name, str(len(runs))]
            for i, (q1, q2, q3) in enumerate(cells[name]):
                median = "**%s**" % fmt(q2) if q2 == best[i] else fmt(q2)
                row.append("%s [%s, %s]" % (median, fmt(q1), fmt(q3)))
            rows.append(row)
    return markdown(rows)


def timing_table(groups, parallel):
    selected = {(f, name): runs for (p, f, name), runs in groups.items() if p == parallel}
    functions = list(dict.fromkeys(function for function, _ in selected))
    arms = list(dict.fromkeys(name for _, name in selected))
    header = ["tool/algorithm"] + functions + ["all"]
    rows = [header, ["---"] * len(header)]
    for name in arms:
        row = [name]
        everything = []
        for function in functions:
            seconds = [run["seconds_per_suggestion"] for run in selected.get((function, name), [])]
            everything += seconds
            row.append("%.3g ms" % (1e3 * statistics.median(seconds)) if seconds else "")
        row.append("%.3g ms" % (1e3 * statistics.median(everything)))
        rows.append(row)
    return markdown(rows)


def latency_tables(latencies):
    sizes = sorted({row["completed_trials"] for row in latencies})
    arms = list(dict.fromkeys(arm(row) for row in latencies))
    cells = {(arm(row), row["completed_trials"]): row for row in latencies}
    tables = []
    for pick in (lambda row: row["median_ms"], lambda row: row["ms"][0]):
        header = ["tool/algorithm"] + ["N = %d" % n for n in sizes]
        rows = [header, ["---"] * len(header)]
        for name in arms:
            rows.append([name] + ["%.3g ms" % pick(cells[name, n]) if (name, n) in cells
                                  else "not run" for n in sizes])
        tables.append(markdown(rows))
    return tables


# --- Plots: hand-written SVG, so the benchmark needs no plotting library.

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173"]
# One dash pattern per tool, so that a tool's lines read as a family.
DASHES = {"kubetune": "", "optuna": "7,4", "keras_tuner": "2,3"}


def median_curve(runs, trials):
    return [statistics.median(regret_at(run, n) for run in runs) for n in range(1, trials + 1)]


def svg_plot(function, curves, trials, seeds_note):
    """A regret-versus-trials plot with a log y axis; `curves` is [(name, [regret per trial])].
    Regrets at or below the axis floor (including exact zeros) are drawn on it."""
    width, height = 760, 430
    left, right, top, bottom = 70, 215, 44, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    positive = [y for _, ys in curves for y in ys if y > 0]
    if not positive:
        positive = [1.0]
    low = math.floor(math.log10(min(positive)))
    high = math.ceil(math.log10(max(positive)))
    if high == low:
        high += 1

    def x_of(trial):
        return left + plot_w * (trial - 1) / max(1, trials - 1)

    def y_of(value):
        exponent = math.log10(value) if value > 0 else low
        exponent = min(max(exponent, low), high)
        return top + plot_h * (high - exponent) / (high - low)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">'
           % (width, height, width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="15" font-weight="bold">%s: median simple regret, '
           '1 worker</text>' % (left, escape(function)),
           '<text x="%d" y="34" font-size="11" fill="#555">%s; regret at or below 1e%d is drawn '
           'on the axis</text>' % (left, escape(seeds_note), low)]
    # Decade grid lines and labels; every decade when there are few, else every other one.
    step = 1 if high - low <= 10 else 2
    for exponent in range(low, high + 1, step):
        y = y_of(10.0 ** exponent)
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e4e4e4"/>'
                   % (left, y, left + plot_w, y))
        out.append('<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">'
                   '1e%d</text>' % (left - 6, y, exponent))
    # About ten ticks, at a round step.
    x_step = next(step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
                  if step * 10 >= trials or step == 1000)
    for trial in [1] + list(range(x_step, trials + 1, x_step)):
        x = x_of(trial)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e4e4e4"/>'
                   % (x, top, x, top + plot_h))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>'
                   % (x, top + plot_h + 18, trial))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>'
               % (left, top, plot_w, plot_h))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">trials</text>'
               % (left + plot_w / 2, height - 10))
    out.append('<text transform="translate(18,%.1f) rotate(-90)" text-anchor="middle">'
               'simple regret (log scale)</text>' % (top + plot_h / 2))
    for index, (name, ys) in enumerate(curves):
        color = PALETTE[index % len(PALETTE)]
        dash = DASHES.get(name.split("/")[0], "4,2,1,2")
        points = " ".join("%.1f,%.1f" % (x_of(i + 1), y_of(y)) for i, y in enumerate(ys))
        out.append('<polyline fill="none" stroke="%s" stroke-width="1.8"%s points="%s"/>'
                   % (color, ' stroke-dasharray="%s"' % dash if dash else "", points))
        legend_y = top + 8 + 18 * index
        legend_x = left + plot_w + 14
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
                   % (legend_x, legend_y, legend_x + 26, legend_y, color,
                      ' stroke-dasharray="%s"' % dash if dash else ""))
        out.append('<text x="%d" y="%d" dominant-baseline="middle">%s</text>'
                   % (legend_x + 32, legend_y, escape(name)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_plots(groups, trials, directory, stem):
    """One SVG per function at parallel 1; returns [(function, file name)]."""
    written = []
    functions = list(dict.fromkeys(f for p, f, _ in groups if p == 1))
    for function in functions:
        members = [(name, runs) for (p, f, name), runs in groups.items()
                   if p == 1 and f == function]
        curves = [(name, median_curve(runs, trials)) for name, runs in members]
        counts = sorted({len(runs) for _, runs in members})
        note = "median over %s seeds" % "/".join(str(c) for c in counts)
        name = "%s-%s.svg" % (stem, function)
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(svg_plot(function, curves, trials, note))
        written.append((function, name))
    return written


# --- Header facts.


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def git_revision():
    try:
        revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                  text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return revision + (" with uncommitted changes" if dirty else "")


def seeds_line(runs):
    """"20 (0 to 19)", naming the tool/algorithms that ran fewer seeds."""
    per_arm = {}
    for run in runs:
        per_arm.setdefault(arm(run), set()).add(run["seed"])
    common = max(per_arm.values(), key=len)
    text = "%d (%d to %d)" % (len(common), min(common), max(common))
    fewer = ["%s %d (%d to %d)" % (name, len(seeds), min(seeds), max(seeds))
             for name, seeds in per_arm.items() if seeds != common]
    return text + ("; " + ", ".join(fewer) if fewer else "")


def function_table(runs):
    rows = [["function", "space", "minimum"], ["---"] * 3]
    optima = dict((run["function"], run["optimum"]) for run in runs)
    for function, optimum in optima.items():
        rows.append([function, SPACES.get(function, ""), "%.6g" % optimum])
    return markdown(rows)


def median_regret(groups, parallel, function, name, trials):
    runs = groups.get((parallel, function, name))
    return statistics.median(regret_at(run, trials) for run in runs) if runs else None


def targets_section(groups, latencies, trials):
    """Kubetune's search targets, each checked against this run's numbers."""
    ours = "kubetune/bayesian"
    lines = []

    def verdict(ok):
        return "met" if ok else "**not met**"

    branin = median_regret(groups, 1, "branin", ours, min(50, trials))
    if branin is not None:
        lines.append("- Branin, median regret at 50 trials below 1e-3: %s (%s)"
                     % (fmt(branin), verdict(branin < 1e-3)))
    hartmann = median_regret(groups, 1, "hartmann6", ours, min(100, trials))
    if hartmann is not None:
        lines.append("- Hartmann6, median regret at 100 trials below 0.01: %s (%s)"
                     % (fmt(hartmann), verdict(hartmann < 0.01)))

    functions = list(dict.fromkeys(f for p, f, _ in groups if p == 1))
    won = []
    for function in functions:
        medians = {name: median_regret(groups, 1, function, name, trials)
                   for (p, f, name) in groups if p == 1 and f == function}
        best = min(medians.values())
        if any(name.startswith("kubetune/") and m == best for name, m in medians.items()):
            won.append(function)
    if functions:
        lines.append("- Best median at %d trials (1 worker) on at least 3 of the %d problems: %d "
                     "(%s) (%s)" % (trials, len(functions), len(won), ", ".join(won) or "none",
                                    verdict(len(won) >= 3)))

    for function in functions:
        sequential = median_regret(groups, 1, function, ours, trials)
        parallel = median_regret(groups, 16, function, ours, trials)
        if sequential is None or parallel is None:
            continue
        ratio = parallel / sequential if sequential > 0 else float("inf")
        lines.append("- %s, 16 workers within 2x of 1 worker at %d trials: %s vs %s, ratio %s (%s)"
                     % (function, trials, fmt(parallel), fmt(sequential), fmt(ratio),
                        verdict(ratio <= 2)))

    if latencies:
        size = max(row["completed_trials"] for row in latencies)
        at = {row["tool"] + "/" + row["algorithm"]: row["median_ms"] for row in latencies
              if row["completed_trials"] == size}
        peers = {name: ms for name, ms in at.items() if not name.startswith("kubetune/")}
        for name in ("kubetune/bayesian", "kubetune/tpe"):
            if name not in at or not peers:
                continue
            slower = sorted(peer for peer, ms in peers.items() if ms <= at[name])
            lines.append("- %s suggestion latency at %d completed trials below every peer's: "
                         "%s ms (%s%s)" % (name, size, fmt(at[name]), verdict(not slower),
                                           "; faster: " + ", ".join(slower) if slower else ""))
    return ("## Targets\n\nEach checked against the numbers of this run; a target not met is "
            "marked so.\n\n" + "\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="JSON-lines files")
    parser.add_argument("--output", help="also write the report, with its header, here, and "
                                         "the plots beside it")
    parser.add_argument("--command", default="", help="the command that made the inputs")
    parser.add_argument("--version", action="append", default=[], metavar="NAME=VERSION",
                        help="a peer's version for the header (repeatable)")
    parser.add_argument("--wall", action="append", default=[], metavar="PART=SECONDS",
                        help="wall time of one part of the run (repeatable)")
    parser.add_argument("--note", action="append", default=[],
                        help="a line for the header's list (repeatable)")
    args = parser.parse_args()

    runs, latencies = load(args.inputs)
    groups = group_runs(runs)
    trials = max(len(run["best_so_far"]) for run in runs) if runs else 0
    checkpoints = sorted({max(1, trials // 4), max(1, trials // 2), trials})
    parallels = sorted({p for p, _, _ in groups})

    sections = []
    if runs:
        sections.append(targets_section(groups, latencies, trials))
    for parallel in parallels:
        workers = "1 worker" if parallel == 1 else "%d workers (batches of %d)" % (parallel,
                                                                                   parallel)
        sections.append("## Simple regret, %s: median [25th, 75th percentile] over seeds\n\n%s"
                        % (workers, regret_table(groups, parallel, checkpoints)))
    plots = []
    if args.output and runs:
        os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
        plots = write_plots(groups, trials, os.path.dirname(args.output) or ".",
                            os.path.splitext(os.path.basename(args.output))[0])
    if plots:
        sections.append("## Regret against trials, 1 worker\n\nThe median over seeds at every "
                        "trial count; log scale.\n\n"
                        + "\n".join("![%s](%s)" % (function, name) for function, name in plots))
    if latencies:
        median_table, first_table = latency_tables(latencies)
        sections.append(
            "## Suggestion latency against completed trials\n\n"
            + LATENCY_DESCRIPTION.format(
                function=latencies[0]["function"],
                suggestions=len(latencies[0]["ms"]))
            + "\n\nMedian time per suggestion:\n\n" + median_table
            + "\n\nFirst suggestion after the history was loaded:\n\n" + first_table)
    if 1 in parallels:
        sections.append("## Median time per suggestion during the searches, 1 worker\n\n"
                        + timing_table(groups, 1))
    tables = "\n\n".join(sections) + "\n"
    print(tables)
    if not args.output:
        return 0

    now = datetime.datetime.now(datetime.timezone.utc)
    header = [
        "# Search benchmark: Kubetune, Optuna and KerasTuner",
        "",
        "Generated by `bench/search/run.sh` from the run described below; do not edit by hand,"
        " rerun it.",
        "",
        "- Date: %s" % now.strftime("%Y-%m-%d %H:%M UTC"),
        "- Machine: %d cores (nproc), %s" % (len(os.sched_getaffinity(0)), cpu_model()),
    ]
    if runs:
        header.append("- Seeds: %s; trials per search: %d; workers: %s"
                      % (seeds_line(runs), trials, ", ".join(str(p) for p in parallels)))
    header += [
        "- Kubetune: git %s" % git_revision(),
        "- Peers: %s (Python %s)" % (", ".join(v.replace("=", " ") for v in args.version),
                                     platform.python_version()),
        "- Command: `%s`" % args.command,
    ]
    if args.wall:
        header.append("- Wall time: " + ", ".join(
            "%s %s s" % tuple(item.split("=", 1)) for item in args.wall))
    header += ["- " + note for note in args.note]
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(header) + "\n\n"
                + DESCRIPTION.format(functions=function_table(runs) if runs else "")
                + "\n\n" + tables)
    print("wrote %s and %d plots" % (args.output, len(plots)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
