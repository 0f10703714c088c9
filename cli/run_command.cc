// `kubetune run --benchmark NAME`: a whole search on this machine against a built-in test
// function, with results written as TFX's Tuner writes them. Trials are saved one file each
// as they end, so running the same command again resumes the search.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/search/functions.h"
#include "cli/commands.h"
#include "search/algorithm.h"
#include "search/oracle.h"
#include "search/results.h"

namespace kubetune::cli {
namespace {

namespace fs = std::filesystem;

struct RunFlags {
  std::string benchmark = "hartmann6";
  std::string algorithm = "quasi_random";
  std::string algorithm_settings;
  int64_t max_trials = 50;
  uint64_t seed = 0;
  std::string output_dir = "kubetune-output";
};

// Writes `text` to `path` through a temporary file and a rename, so a crash leaves either the
// old file or the new one.
Status WriteFileAtomically(const fs::path& path, const std::string& text) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return UnavailableError("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return UnavailableError("cannot rename " + tmp.string() + ": " + ec.message());
  return OkStatus();
}

StatusOr<std::vector<search::Trial>> LoadTrials(const fs::path& dir) {
  std::vector<search::Trial> trials;
  if (!fs::exists(dir)) return trials;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    KT_ASSIGN_OR_RETURN(Json json, ParseJson(text.str()));
    StatusOr<search::Trial> trial = search::TrialFromJson(json);
    if (!trial.ok()) return trial.status().WithContext(entry.path().string());
    trials.push_back(std::move(trial).value());
  }
  return trials;
}

std::string ValuesSummary(const search::Values& values) {
  std::string out;
  for (const auto& [name, value] : values) {
    if (!out.empty()) out += ", ";
    out += name + "=" + search::ValueToString(value);
  }
  return out;
}

int Run(const RunFlags& flags) {
  const bench::BenchmarkFunction* function = bench::FindBenchmarkFunction(flags.benchmark);
  if (function == nullptr) {
    std::fprintf(stderr, "unknown benchmark '%s'; known:", flags.benchmark.c_str());
    for (const bench::BenchmarkFunction& f : bench::BenchmarkFunctions()) {
      std::fprintf(stderr, " %s", f.name.c_str());
    }
    std::fprintf(stderr, "\n");
    return 2;
  }
  StatusOr<search::HyperParametersConfig> config =
      search::ParseHyperParametersConfig(function->space_config);
  StatusOr<Json> settings = flags.algorithm_settings.empty() ? StatusOr<Json>(Json())
                                                             : ParseJson(flags.algorithm_settings);
  if (!settings.ok()) {
    std::fprintf(stderr, "--algorithm-settings: %s\n", settings.status().message().c_str());
    return 2;
  }
  StatusOr<std::unique_ptr<search::SearchAlgorithm>> algorithm =
      search::MakeSearchAlgorithm(flags.algorithm, *settings);
  if (!config.ok() || !algorithm.ok()) {
    std::fprintf(stderr, "%s\n",
                 (!config.ok() ? config.status() : algorithm.status()).ToString().c_str());
    return 2;
  }

  fs::path out_dir = flags.output_dir;
  fs::path trial_dir = out_dir / "trials";
  std::error_code ec;
  fs::create_directories(trial_dir, ec);
  StatusOr<std::vector<search::Trial>> history = LoadTrials(trial_dir);
  if (ec || !history.ok()) {
    std::fprintf(stderr, "cannot use %s: %s\n", trial_dir.c_str(),
                 ec ? ec.message().c_str() : history.status().ToString().c_str());
    return 1;
  }
  size_t resumed = history->size();

  search::OracleOptions options;
  options.objective = search::Objective::Of({{"loss", search::Direction::kMinimize}});
  options.max_trials = flags.max_trials;
  options.seed = flags.seed;
  StatusOr<std::unique_ptr<search::Oracle>> oracle = search::Oracle::Create(
      config->space, options, std::move(algorithm).value(), std::move(history).value());
  if (!oracle.ok()) {
    std::fprintf(stderr, "%s\n", oracle.status().ToString().c_str());
    return 1;
  }
  search::Oracle& study = **oracle;
  std::printf("kubetune run: %s with %s, %lld trials, seed %llu, output %s\n",
              function->name.c_str(), flags.algorithm.c_str(),
              static_cast<long long>(flags.max_trials), static_cast<unsigned long long>(flags.seed),
              out_dir.c_str());
  if (resumed > 0) std::printf("resuming: %zu trials already recorded\n", resumed);

  // One local worker: ask, evaluate, report, end, record; until the oracle says stop.
  while (true) {
    StatusOr<search::TrialAssignment> assignment = study.CreateTrial("local-0");
    if (!assignment.ok()) {
      std::fprintf(stderr, "%s\n", assignment.status().ToString().c_str());
      return 1;
    }
    if (assignment->status != search::TrialStatus::kRunning) break;
    const search::Trial& trial = *assignment->trial;
    double loss = function->evaluate(trial.values);
    (void)study.UpdateTrial(trial.id, {{"loss", loss}}, 0);
    StatusOr<search::Trial> ended = study.EndTrial(trial.id, search::TrialStatus::kCompleted);
    if (!ended.ok()) {
      std::fprintf(stderr, "%s\n", ended.status().ToString().c_str());
      return 1;
    }
    Status saved = WriteFileAtomically(trial_dir / (trial.id + ".json"),
                                       DumpPythonJson(search::TrialToJson(*ended)));
    if (!saved.ok()) {
      std::fprintf(stderr, "%s\n", saved.ToString().c_str());
      return 1;
    }
    double best = *study.GetBestTrials(1).front()->score;
    std::printf("trial %s  loss=%-12.6g best=%-12.6g %s\n", trial.id.c_str(), loss, best,
                ValuesSummary(trial.values).c_str());
  }

  StatusOr<std::string> best = search::BestHyperparametersText(study);
  if (!best.ok()) {
    std::fprintf(stderr, "%s\n", best.status().ToString().c_str());
    return 1;
  }
  Status written = WriteFileAtomically(out_dir / "best_hyperparameters.txt", *best);
  if (written.ok()) {
    written = WriteFileAtomically(out_dir / "tuner_results.json", search::TunerResultsText(study));
  }
  if (!written.ok()) {
    std::fprintf(stderr, "%s\n", written.ToString().c_str());
    return 1;
  }

  std::printf("\nsearch stopped: %s\n\n%-8s %-14s %s\n", study.stop_reason().c_str(), "trial",
              "loss", "hyperparameters");
  for (const search::Trial* trial : study.GetBestTrials(10)) {
    std::printf("%-8s %-14.8g %s\n", trial->id.c_str(), *trial->score,
                ValuesSummary(trial->values).c_str());
  }
  std::printf("\nbest loss %.8g (optimum %.8g, regret %.3g)\n", *study.GetBestTrials(1)[0]->score,
              function->optimum, *study.GetBestTrials(1)[0]->score - function->optimum);
  std::printf("wrote %s and %s\n", (out_dir / "best_hyperparameters.txt").c_str(),
              (out_dir / "tuner_results.json").c_str());
  return 0;
}

}  // namespace

void AddRunCommand(CLI::App& app, std::function<int()>* run) {
  CLI::App* cmd = app.add_subcommand(
      "run", "Run a search on this machine against a built-in benchmark function");
  auto flags = std::make_shared<RunFlags>();
  cmd->add_option("--benchmark", flags->benchmark, "Test function to minimise")
      ->capture_default_str();
  cmd->add_option("--algorithm", flags->algorithm,
                  "random, grid, quasi_random, bayesian, tpe, hyperband, asha or auto")
      ->capture_default_str();
  cmd->add_option("--algorithm-settings", flags->algorithm_settings,
                  "The algorithm's settings as a JSON object, e.g. '{\"initial_trials\": 8}'");
  cmd->add_option("--max-trials", flags->max_trials, "Trial budget (0: until exhausted)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", flags->seed, "Random seed")->capture_default_str();
  cmd->add_option("--output-dir", flags->output_dir,
                  "Where trials and results go; an existing one is resumed")
      ->capture_default_str();
  cmd->callback([run, flags] { *run = [flags] { return Run(*flags); }; });
}

}  // namespace kubetune::cli
