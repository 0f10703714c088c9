// Kubetune's side of the KerasTuner compatibility check (check_compat.py drives it).
//
//   kubetune_compat_tool roundtrip IN OUT
//     Parses the get_config() JSON in IN and writes it back to OUT, as Kubetune writes
//     best_hyperparameters.txt. A KerasTuner file must come back byte for byte.
//   kubetune_compat_tool sample IN OUTDIR N
//     Runs N trials of each search algorithm on IN's space and writes each trial's get_config()
//     JSON to OUTDIR/<algorithm>-<trial_id>.json, for KerasTuner to load and validate.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "base/json_text.h"
#include "base/status.h"
#include "search/algorithm.h"
#include "search/oracle.h"
#include "search/search_space.h"

namespace kubetune {
namespace {

using search::HyperParametersConfig;

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return InternalError("cannot write " + path);
  return OkStatus();
}

StatusOr<HyperParametersConfig> ReadConfig(const std::string& path) {
  KT_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  StatusOr<HyperParametersConfig> config =
      search::ParseHyperParametersConfig(std::string_view(text));
  if (!config.ok()) return config.status().WithContext(path);
  return config;
}

Status RoundTrip(const std::string& in, const std::string& out) {
  KT_ASSIGN_OR_RETURN(HyperParametersConfig config, ReadConfig(in));
  return WriteFile(out,
                   DumpPythonJson(search::HyperParametersToConfig(config.space, config.values)));
}

// Runs `max_trials` trials of `algorithm`, completing each with a made-up score.
Status Sample(const search::SearchSpace& space, std::string_view algorithm, int64_t max_trials,
              const std::filesystem::path& outdir) {
  KT_ASSIGN_OR_RETURN(std::unique_ptr<search::SearchAlgorithm> impl,
                      search::MakeSearchAlgorithm(algorithm));
  KT_ASSIGN_OR_RETURN(search::Objective objective, search::Objective::FromName("val_loss"));
  search::OracleOptions options;
  options.objective = objective;
  options.max_trials = max_trials;
  options.seed = 1;
  KT_ASSIGN_OR_RETURN(std::unique_ptr<search::Oracle> oracle,
                      search::Oracle::Create(space, options, std::move(impl)));
  for (int64_t i = 0;; ++i) {
    KT_ASSIGN_OR_RETURN(search::TrialAssignment assignment, oracle->CreateTrial("worker-0"));
    if (assignment.status == search::TrialStatus::kStopped) return OkStatus();
    if (i == max_trials) {
      return InternalError(std::string(algorithm) + ": trial " + std::to_string(i + 1) +
                           " handed out with max_trials " + std::to_string(max_trials));
    }
    if (assignment.status != search::TrialStatus::kRunning) {
      return InternalError(std::string(algorithm) + ": unexpected " +
                           std::string(search::TrialStatusName(assignment.status)) +
                           " with no trial running");
    }
    const search::Trial& trial = *assignment.trial;
    // Varied but reproducible scores, so that ranking and any score-driven logic get exercised.
    double score = 1.0 + std::sin(static_cast<double>(i) * 1.7);
    KT_RETURN_IF_ERROR(oracle->UpdateTrial(trial.id, {{"val_loss", score}}, 0).status());
    KT_RETURN_IF_ERROR(oracle->EndTrial(trial.id, search::TrialStatus::kCompleted).status());
    std::filesystem::path file = outdir / (std::string(algorithm) + "-" + trial.id + ".json");
    KT_RETURN_IF_ERROR(WriteFile(
        file.string(), DumpPythonJson(search::HyperParametersToConfig(space, trial.values))));
  }
}

Status SampleAll(const std::string& in, const std::string& outdir, const std::string& count) {
  char* end = nullptr;
  long long n = std::strtoll(count.c_str(), &end, 10);
  if (count.empty() || *end != '\0' || n <= 0) {
    return InvalidArgumentError("N must be a positive integer, got '" + count + "'");
  }
  KT_ASSIGN_OR_RETURN(HyperParametersConfig config, ReadConfig(in));
  std::error_code error;
  std::filesystem::create_directories(outdir, error);
  if (error) return InternalError("cannot create " + outdir + ": " + error.message());
  for (std::string_view algorithm : {"random", "grid", "quasi_random"}) {
    Status status = Sample(config.space, algorithm, n, outdir);
    if (!status.ok()) return status.WithContext(in + ": " + std::string(algorithm));
  }
  return OkStatus();
}

int Usage() {
  std::cerr << "usage: kubetune_compat_tool roundtrip IN OUT\n"
               "       kubetune_compat_tool sample IN OUTDIR N\n";
  return 2;
}

int Main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string_view mode = argv[1];
  Status status;
  if (mode == "roundtrip" && argc == 4) {
    status = RoundTrip(argv[2], argv[3]);
  } else if (mode == "sample" && argc == 5) {
    status = SampleAll(argv[2], argv[3], argv[4]);
  } else {
    return Usage();
  }
  if (!status.ok()) {
    std::cerr << "kubetune_compat_tool " << mode << ": " << status.ToString() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace kubetune

int main(int argc, char** argv) { return kubetune::Main(argc, argv); }
