// A trial: one configuration of hyperparameters and what became of it.
#ifndef KUBETUNE_SEARCH_TRIAL_H_
#define KUBETUNE_SEARCH_TRIAL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_text.h"
#include "base/status.h"
#include "search/objective.h"
#include "search/value.h"

namespace kubetune::search {

// KerasTuner's statuses. kIdle and kStopped also answer a worker that asks for a trial: nothing
// to hand out now, ask again; the search is over. A trial that ends kStopped was stopped early.
enum class TrialStatus { kRunning, kIdle, kInvalid, kStopped, kCompleted, kFailed };

// "RUNNING", "COMPLETED", ...
std::string_view TrialStatusName(TrialStatus status);
std::optional<TrialStatus> ParseTrialStatus(std::string_view name);

struct MetricPoint {
  int64_t step = 0;
  double value = 0;
};

struct Trial {
  std::string id;
  Values values;
  TrialStatus status = TrialStatus::kRunning;
  // The worker the trial was last handed to.
  std::string worker_id;
  // How many times the trial has been handed out (1 for a trial never retried).
  int attempts = 1;
  // Metric name -> observations in the order reported.
  std::map<std::string, std::vector<MetricPoint>> metrics;
  // The objective's best value over the reported steps; set when the trial ends with one.
  std::optional<double> score;
  std::optional<int64_t> best_step;
  // Why the trial failed or was stopped, in words.
  std::string message;

  // Completed, failed or stopped early: nothing more will happen to it.
  bool IsFinal() const;
  // Completed or stopped early, with a score: it counts when ranking trials.
  bool HasResult() const;

  // The latest value of each metric at or before `step` (all steps when step < 0).
  std::map<std::string, double> MetricsAt(int64_t step = -1) const;
};

// Sets trial.score and trial.best_step from the trial's metrics: for each reported step, the
// objective over the metrics of that step; the best of them. No score when no step has every
// objective metric.
void ScoreTrial(const Objective& objective, Trial& trial);

Json TrialToJson(const Trial& trial);
StatusOr<Trial> TrialFromJson(const Json& json);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_TRIAL_H_
