// kubetune_bench_search: how fast Kubetune's search algorithms approach the known minimum of
// each test function, with P workers at once, and how long a suggestion takes as the history
// grows.
//
// For every algorithm, parallelism P, function and seed it runs one search through the Oracle,
// batch-synchronously: P workers ("w0".."w{P-1}") each ask for a trial (CreateTrial) before
// any result comes back, then every trial of the batch is evaluated and reported (UpdateTrial,
// EndTrial), then the next batch is asked for, until the trial budget is spent. P = 1 is a
// single worker. Each search prints a JSON line:
//
//   {"tool": "kubetune", "algorithm": "random", "function": "branin", "parallel": 1,
//    "seed": 0, "optimum": 0.397887..., "best_so_far": [...one value per trial...],
//    "seconds_per_suggestion": ...}
//
// best_so_far[i] is the lowest loss among the first i + 1 trials in creation order; it is
// shorter than --trials only when the algorithm ran out of configurations.
// seconds_per_suggestion is the mean time per trial spent in the oracle (all three calls), the
// function's own evaluation excluded.
//
// --latency instead feeds each algorithm's oracle N completed random trials on Hartmann6's 6-D
// space and times the suggestions that follow (see MeasureLatency), one JSON line per N.
//
// bench/search/optuna_peer.py and keras_tuner_peer.py write the same lines for Optuna and
// KerasTuner; bench/search/report.py turns them into tables and plots.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/json_text.h"
#include "base/status.h"
#include "bench/search/functions.h"
#include "search/algorithm.h"
#include "search/objective.h"
#include "search/oracle.h"
#include "search/search_space.h"
#include "search/trial.h"

namespace kubetune::bench {
namespace {

// The algorithms a plain run compares. Any name MakeSearchAlgorithm accepts works with
// --algorithms; a new algorithm joins the default run by being added to this list.
const std::vector<std::string> kDefaultAlgorithms = {"random", "grid", "quasi_random", "bayesian",
                                                     "tpe"};

// Grid search proposes a fixed sequence whatever the results, so batching changes nothing but
// the worker ids: it runs at parallelism 1 only.
bool RunsAtParallelism(const std::string& algorithm, int64_t parallel) {
  return parallel == 1 || algorithm != "grid";
}

// --latency times suggestions on Hartmann6's space (6 continuous parameters) after a random
// history drawn with this seed, the same for every algorithm.
constexpr char kLatencyFunction[] = "hartmann6";
constexpr uint64_t kLatencySeed = 0;

using Clock = std::chrono::steady_clock;

struct SearchRun {
  std::vector<double> best_so_far;
  double seconds_per_suggestion = 0;
};

StatusOr<std::unique_ptr<search::Oracle>> MakeOracle(const search::SearchSpace& space,
                                                     const std::string& algorithm_name,
                                                     uint64_t seed, int64_t max_trials,
                                                     std::vector<search::Trial> history = {}) {
  KT_ASSIGN_OR_RETURN(std::unique_ptr<search::SearchAlgorithm> algorithm,
                      search::MakeSearchAlgorithm(algorithm_name));
  search::OracleOptions options;
  KT_ASSIGN_OR_RETURN(options.objective,
                      search::Objective::FromJson(Json{{"name", "loss"}, {"direction", "min"}}));
  options.max_trials = max_trials;
  options.seed = seed;
  return search::Oracle::Create(space, options, std::move(algorithm), std::move(history));
}

// Evaluates a running trial and reports its loss as the final result. Returns the loss and
// adds the time spent in the oracle to `in_oracle`.
StatusOr<double> Complete(search::Oracle& oracle, const BenchmarkFunction& function,
                          const search::Trial& trial, Clock::duration& in_oracle) {
  double loss = function.evaluate(trial.values);
  Clock::time_point start = Clock::now();
  // An algorithm that stops trials early may answer kStopped here; the loss is final anyway.
  KT_RETURN_IF_ERROR(oracle.UpdateTrial(trial.id, {{"loss", loss}}, 0).status());
  KT_ASSIGN_OR_RETURN(search::Trial ended,
                      oracle.EndTrial(trial.id, search::TrialStatus::kCompleted));
  in_oracle += Clock::now() - start;
  if (ended.status != search::TrialStatus::kCompleted) {
    return InternalError("trial " + trial.id + " ended as " +
                         std::string(search::TrialStatusName(ended.status)) + ": " + ended.message);
  }
  return loss;
}

StatusOr<SearchRun> RunSearch(const BenchmarkFunction& function, const search::SearchSpace& space,
                              const std::string& algorithm_name, uint64_t seed, int64_t trials,
                              int64_t parallel) {
  KT_ASSIGN_OR_RETURN(std::unique_ptr<search::Oracle> oracle,
                      MakeOracle(space, algorithm_name, seed, trials));
  std::vector<std::string> workers;
  for (int64_t w = 0; w < parallel; ++w) workers.push_back("w" + std::to_string(w));

  SearchRun run;
  double best = std::numeric_limits<double>::infinity();
  Clock::duration in_oracle{};
  bool stopped = false;
  while (!stopped) {
    // Every worker asks before any result comes back.
    std::vector<search::Trial> batch;
    for (const std::string& worker : workers) {
      Clock::time_point start = Clock::now();
      KT_ASSIGN_OR_RETURN(search::TrialAssignment assignment, oracle->CreateTrial(worker));
      in_oracle += Clock::now() - start;
      if (assignment.status == search::TrialStatus::kStopped) {
        stopped = true;
        break;
      }
      // An idle worker waits for this batch's results and asks again with the next batch.
      if (assignment.status == search::TrialStatus::kIdle) continue;
      batch.push_back(*std::move(assignment.trial));
    }
    if (batch.empty() && !stopped) {
      // Nothing is running between batches, so an oracle that idles every worker is stuck.
      return InternalError("the oracle left all " + std::to_string(parallel) +
                           " workers idle with no trial running");
    }
    for (const search::Trial& trial : batch) {
      KT_ASSIGN_OR_RETURN(double loss, Complete(*oracle, function, trial, in_oracle));
      best = std::min(best, loss);
      run.best_so_far.push_back(best);
    }
  }
  if (!run.best_so_far.empty()) {
    run.seconds_per_suggestion = std::chrono::duration<double>(in_oracle).count() /
                                 static_cast<double>(run.best_so_far.size());
  }
  return run;
}

StatusOr<search::SearchSpace> SpaceOf(const BenchmarkFunction& function) {
  StatusOr<search::HyperParametersConfig> config =
      search::ParseHyperParametersConfig(function.space_config);
  if (!config.ok()) return config.status().WithContext("the space of " + function.name);
  return config->space;
}

// --evaluate FUNCTION JSON_VALUES: the loss of one configuration, as Python's repr() writes
// the float, so that optuna_peer.py can compare it with its own.
int Evaluate(const std::string& function_name, const std::string& values_text) {
  const BenchmarkFunction* function = FindBenchmarkFunction(function_name);
  if (function == nullptr) {
    std::fprintf(stderr, "unknown function '%s'\n", function_name.c_str());
    return 2;
  }
  StatusOr<search::SearchSpace> space = SpaceOf(*function);
  StatusOr<Json> json = ParseJson(values_text);
  StatusOr<search::Values> values =
      json.ok() ? search::Values::FromJson(*json) : StatusOr<search::Values>(json.status());
  // The Python peer's configuration must be one of this space's, not merely evaluable.
  Status fits = !space.ok()   ? space.status()
                : values.ok() ? space->CheckValues(*values)
                              : values.status();
  if (!fits.ok()) {
    std::fprintf(stderr, "%s\n", fits.ToString().c_str());
    return 2;
  }
  // CheckValues accepts a configuration that leaves an active parameter to its default; here
  // the peer must name every active parameter, or its space differs from this one.
  for (const auto& [name, value] : space->Complete(*values)) {
    if (!values->Contains(name)) {
      std::fprintf(stderr, "active parameter '%s' has no value\n", name.c_str());
      return 2;
    }
  }
  std::printf("%s\n", PythonFloatRepr(function->evaluate(*values)).c_str());
  return 0;
}

// --check-optima: every documented minimiser lies in its space and scores the stated minimum.
int CheckOptima() {
  int failures = 0;
  for (const BenchmarkFunction& function : BenchmarkFunctions()) {
    StatusOr<search::SearchSpace> space = SpaceOf(function);
    Status fits = space.ok() ? space->CheckValues(function.argmin) : space.status();
    double value = function.evaluate(function.argmin);
    bool ok = fits.ok() && std::fabs(value - function.optimum) <= 1e-9;
    std::printf("%-12s optimum %-20s f(argmin) %-20s %s\n", function.name.c_str(),
                PythonFloatRepr(function.optimum).c_str(), PythonFloatRepr(value).c_str(),
                ok ? "ok" : "MISMATCH");
    if (!fits.ok()) std::printf("  %s\n", fits.ToString().c_str());
    if (!ok) ++failures;
  }
  return failures == 0 ? 0 : 1;
}

// --print-space FUNCTION: the function's space as KerasTuner's get_config() JSON, for peers
// that build the space with kt.HyperParameters.from_config.
int PrintSpace(const std::string& function_name) {
  const BenchmarkFunction* function = FindBenchmarkFunction(function_name);
  if (function == nullptr) {
    std::fprintf(stderr, "unknown function '%s'\n", function_name.c_str());
    return 2;
  }
  std::printf("%s\n", DumpPythonJson(function->space_config).c_str());
  return 0;
}

struct Flags {
  int64_t seeds = 20;
  int64_t trials = 100;
  std::vector<int64_t> parallel = {1};
  std::vector<std::string> algorithms = kDefaultAlgorithms;
  std::vector<std::string> functions;
  std::vector<int64_t> latency_trials = {50, 100, 200, 500};
  int64_t suggestions = 10;
};

// Every name must be one MakeSearchAlgorithm accepts; checked before the first search, so a
// typo fails at once, not minutes in.
bool CheckAlgorithms(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    StatusOr<std::unique_ptr<search::SearchAlgorithm>> algorithm =
        search::MakeSearchAlgorithm(name);
    if (!algorithm.ok()) {
      std::fprintf(stderr, "%s\n", algorithm.status().ToString().c_str());
      return false;
    }
  }
  return true;
}

double Median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

// Milliseconds per suggestion once `completed` trials have results: a random search runs
// `completed` trials, a fresh oracle for `algorithm` takes them over as its history (as an
// oracle restarted from its trials would), and `suggestions` suggestions are timed, each
// followed by its result (CreateTrial + UpdateTrial + EndTrial, the evaluation excluded).
// The first of them also rebuilds whatever the algorithm derives from the history; the median
// keeps that one-off cost out.
StatusOr<std::vector<double>> MeasureLatency(const BenchmarkFunction& function,
                                             const search::SearchSpace& space,
                                             const std::string& algorithm, int64_t completed,
                                             int64_t suggestions) {
  int64_t max_trials = completed + suggestions;
  KT_ASSIGN_OR_RETURN(std::unique_ptr<search::Oracle> history,
                      MakeOracle(space, "random", kLatencySeed, max_trials));
  Clock::duration unused{};
  for (int64_t i = 0; i < completed; ++i) {
    KT_ASSIGN_OR_RETURN(search::TrialAssignment assignment, history->CreateTrial("w0"));
    if (assignment.status != search::TrialStatus::kRunning) {
      return InternalError("random search stopped after " + std::to_string(i) + " trials");
    }
    KT_RETURN_IF_ERROR(Complete(*history, function, *assignment.trial, unused).status());
  }

  KT_ASSIGN_OR_RETURN(std::unique_ptr<search::Oracle> oracle,
                      MakeOracle(space, algorithm, kLatencySeed, max_trials, history->trials()));
  std::vector<double> ms;
  for (int64_t i = 0; i < suggestions; ++i) {
    Clock::duration in_oracle{};
    Clock::time_point start = Clock::now();
    KT_ASSIGN_OR_RETURN(search::TrialAssignment assignment, oracle->CreateTrial("w0"));
    in_oracle += Clock::now() - start;
    if (assignment.status != search::TrialStatus::kRunning) {
      return InternalError(algorithm + " answered " +
                           std::string(search::TrialStatusName(assignment.status)) + " after " +
                           std::to_string(completed + i) + " trials");
    }
    KT_RETURN_IF_ERROR(Complete(*oracle, function, *assignment.trial, in_oracle).status());
    ms.push_back(std::chrono::duration<double, std::milli>(in_oracle).count());
  }
  return ms;
}

int Latency(const Flags& flags) {
  if (!CheckAlgorithms(flags.algorithms)) return 2;
  const BenchmarkFunction* function = FindBenchmarkFunction(kLatencyFunction);
  StatusOr<search::SearchSpace> space = SpaceOf(*function);
  if (!space.ok()) {
    std::fprintf(stderr, "%s\n", space.status().ToString().c_str());
    return 1;
  }
  for (const std::string& algorithm : flags.algorithms) {
    for (int64_t completed : flags.latency_trials) {
      StatusOr<std::vector<double>> ms =
          MeasureLatency(*function, *space, algorithm, completed, flags.suggestions);
      if (!ms.ok()) {
        std::fprintf(stderr, "latency of %s at %lld trials: %s\n", algorithm.c_str(),
                     static_cast<long long>(completed), ms.status().ToString().c_str());
        return 1;
      }
      Json line = {{"tool", "kubetune"},         {"algorithm", algorithm},
                   {"function", function->name}, {"completed_trials", completed},
                   {"median_ms", Median(*ms)},   {"ms", *ms}};
      std::printf("%s\n", DumpPythonJson(line).c_str());
      std::fflush(stdout);
    }
  }
  return 0;
}

int Bench(const Flags& flags) {
  if (!CheckAlgorithms(flags.algorithms)) return 2;
  std::vector<const BenchmarkFunction*> functions;
  std::vector<search::SearchSpace> spaces;
  for (const std::string& name : flags.functions) {
    const BenchmarkFunction* function = FindBenchmarkFunction(name);
    if (function == nullptr) {
      std::fprintf(stderr, "unknown function '%s'\n", name.c_str());
      return 2;
    }
    StatusOr<search::SearchSpace> space = SpaceOf(*function);
    if (!space.ok()) {
      std::fprintf(stderr, "%s\n", space.status().ToString().c_str());
      return 1;
    }
    functions.push_back(function);
    spaces.push_back(std::move(space).value());
  }

  for (int64_t parallel : flags.parallel) {
    for (const std::string& algorithm : flags.algorithms) {
      if (!RunsAtParallelism(algorithm, parallel)) continue;
      for (size_t f = 0; f < functions.size(); ++f) {
        for (int64_t seed = 0; seed < flags.seeds; ++seed) {
          StatusOr<SearchRun> run = RunSearch(*functions[f], spaces[f], algorithm,
                                              static_cast<uint64_t>(seed), flags.trials, parallel);
          if (!run.ok()) {
            std::fprintf(stderr, "%s on %s, parallel %lld, seed %lld: %s\n", algorithm.c_str(),
                         functions[f]->name.c_str(), static_cast<long long>(parallel),
                         static_cast<long long>(seed), run.status().ToString().c_str());
            return 1;
          }
          Json line = {{"tool", "kubetune"},
                       {"algorithm", algorithm},
                       {"function", functions[f]->name},
                       {"parallel", parallel},
                       {"seed", seed},
                       {"optimum", functions[f]->optimum},
                       {"best_so_far", run->best_so_far},
                       {"seconds_per_suggestion", run->seconds_per_suggestion}};
          std::printf("%s\n", DumpPythonJson(line).c_str());
          std::fflush(stdout);
        }
      }
    }
  }
  return 0;
}

}  // namespace
}  // namespace kubetune::bench

int main(int argc, char** argv) {
  using kubetune::bench::BenchmarkFunction;
  kubetune::bench::Flags flags;
  for (const BenchmarkFunction& function : kubetune::bench::BenchmarkFunctions()) {
    flags.functions.push_back(function.name);
  }
  std::vector<std::string> evaluate;
  std::string print_space;
  bool check_optima = false;
  bool latency = false;

  CLI::App app{"Runs Kubetune's search algorithms on test functions; prints JSON lines"};
  app.add_option("--seeds", flags.seeds, "Seeds 0..N-1 per algorithm and function")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--trials", flags.trials, "Trials per search")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--parallel", flags.parallel,
                 "Comma-separated worker counts; each search asks for that many trials before "
                 "any result comes back")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--algorithms", flags.algorithms, "Comma-separated algorithm names")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--functions", flags.functions, "Comma-separated function names")
      ->delimiter(',')
      ->capture_default_str();
  CLI::Option* latency_option = app.add_flag(
      "--latency", latency,
      "Instead of searching, time suggestions after N completed random trials on hartmann6's "
      "space, for each N of --latency-trials");
  app.add_option("--latency-trials", flags.latency_trials,
                 "Comma-separated history sizes for --latency")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--suggestions", flags.suggestions, "Timed suggestions per size for --latency")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  CLI::Option* evaluate_option =
      app.add_option("--evaluate", evaluate,
                     "Print the loss of one configuration: FUNCTION '{\"x1\": 0.5, ...}'")
          ->expected(2)
          ->type_name("FUNCTION JSON_VALUES")
          ->excludes(latency_option);
  CLI::Option* print_space_option =
      app.add_option("--print-space", print_space,
                     "Print a function's space as KerasTuner's get_config() JSON")
          ->type_name("FUNCTION")
          ->excludes(evaluate_option)
          ->excludes(latency_option);
  app.add_flag("--check-optima", check_optima,
               "Check that each function's documented minimiser scores its minimum")
      ->excludes(evaluate_option)
      ->excludes(print_space_option)
      ->excludes(latency_option);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (!evaluate.empty()) return kubetune::bench::Evaluate(evaluate[0], evaluate[1]);
  if (!print_space.empty()) return kubetune::bench::PrintSpace(print_space);
  if (check_optima) return kubetune::bench::CheckOptima();
  if (latency) return kubetune::bench::Latency(flags);
  return kubetune::bench::Bench(flags);
}
