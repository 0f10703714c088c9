#include "search/results.h"

#include <limits>

namespace kubetune::search {

StatusOr<std::string> BestHyperparametersText(const Oracle& oracle) {
  std::vector<const Trial*> best = oracle.GetBestTrials(1);
  if (best.empty()) return NotFoundError("no trial has completed with a score");
  return DumpPythonJson(HyperParametersToConfig(oracle.space(), best[0]->values));
}

std::string TunerResultsText(const Oracle& oracle) {
  Json results = Json::array();
  for (const Trial* trial : oracle.GetBestTrials(std::numeric_limits<size_t>::max())) {
    Json entry = {{"trial_id", trial->id}, {"score", *trial->score}};
    for (const auto& [name, value] : trial->values) entry[name] = ValueToJson(value);
    results.push_back(std::move(entry));
  }
  return DumpPythonJson(results);
}

}  // namespace kubetune::search
