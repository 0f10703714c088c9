#include "search/oracle.h"

#include <algorithm>
#include <cmath>

namespace kubetune::search {

Oracle::Oracle(SearchSpace space, OracleOptions options, std::unique_ptr<SearchAlgorithm> algorithm)
    : space_(std::move(space)), options_(std::move(options)), algorithm_(std::move(algorithm)) {}

StatusOr<std::unique_ptr<Oracle>> Oracle::Create(SearchSpace space, OracleOptions options,
                                                 std::unique_ptr<SearchAlgorithm> algorithm,
                                                 std::vector<Trial> history) {
  if (algorithm == nullptr) return InvalidArgumentError("no search algorithm");
  if (options.objective.metrics().empty()) return InvalidArgumentError("no objective");
  if (options.max_trials < 0) return InvalidArgumentError("max_trials must be >= 0");
  if (options.max_retries_per_trial < 0) {
    return InvalidArgumentError("max_retries_per_trial must be >= 0");
  }
  KT_RETURN_IF_ERROR(ValidateEarlyStopping(options.early_stopping));
  std::unique_ptr<Oracle> oracle(
      new Oracle(std::move(space), std::move(options), std::move(algorithm)));

  // Trial ids are zero-padded counters, so their order is the creation order.
  std::sort(history.begin(), history.end(), [](const Trial& a, const Trial& b) {
    return a.id.size() != b.id.size() ? a.id.size() < b.id.size() : a.id < b.id;
  });
  for (Trial& trial : history) {
    Status fits = oracle->space_.CheckValues(trial.values);
    if (!fits.ok()) return fits.WithContext("trial " + trial.id + " does not fit the search space");
    if (trial.status == TrialStatus::kInvalid) oracle->retry_queue_.push_back(trial.id);
    oracle->trials_.push_back(std::move(trial));
  }
  oracle->CheckConsecutiveFailures();
  return oracle;
}

std::string Oracle::NextTrialId() const {
  // KerasTuner pads ids to the width of max_trials (of "None" when unbounded).
  size_t width = options_.max_trials > 0 ? std::to_string(options_.max_trials).size() : 4;
  std::string id = std::to_string(trials_.size());
  if (id.size() < width) id.insert(0, width - id.size(), '0');
  return id;
}

bool Oracle::HasRunningTrials() const {
  return std::any_of(trials_.begin(), trials_.end(),
                     [](const Trial& t) { return t.status == TrialStatus::kRunning; });
}

StatusOr<TrialAssignment> Oracle::CreateTrial(std::string_view worker_id) {
  // A worker that asks again gets its unfinished trial back (it restarted mid-trial).
  for (const Trial& trial : trials_) {
    if (trial.status == TrialStatus::kRunning && trial.worker_id == worker_id) {
      return TrialAssignment{TrialStatus::kRunning, trial, ""};
    }
  }
  if (!retry_queue_.empty()) {
    Trial* trial = MutableTrial(retry_queue_.back());
    retry_queue_.pop_back();
    trial->status = TrialStatus::kRunning;
    trial->worker_id = std::string(worker_id);
    trial->attempts += 1;
    trial->metrics.clear();
    trial->score.reset();
    trial->best_step.reset();
    return TrialAssignment{TrialStatus::kRunning, *trial, ""};
  }
  if (stopped_) return TrialAssignment{TrialStatus::kStopped, std::nullopt, stop_reason_};

  if (options_.max_trials > 0 && static_cast<int64_t>(trials_.size()) >= options_.max_trials) {
    // A running trial may still come back invalid and need a worker for its retry.
    if (options_.max_retries_per_trial > 0 && HasRunningTrials()) {
      return TrialAssignment{TrialStatus::kIdle, std::nullopt, ""};
    }
    stopped_ = true;
    stop_reason_ = "trial budget spent (" + std::to_string(options_.max_trials) + " trials)";
    return TrialAssignment{TrialStatus::kStopped, std::nullopt, stop_reason_};
  }

  SuggestRequest request{space_,        options_.objective,
                         trials_,       MixSeed(options_.seed, trials_.size()),
                         options_.seed, options_.max_trials};
  Suggestion suggestion = algorithm_->Suggest(request);
  switch (suggestion.kind) {
    case Suggestion::Kind::kIdle:
      return TrialAssignment{TrialStatus::kIdle, std::nullopt, ""};
    case Suggestion::Kind::kExhausted:
      if (HasRunningTrials() && options_.max_retries_per_trial > 0) {
        return TrialAssignment{TrialStatus::kIdle, std::nullopt, ""};
      }
      stopped_ = true;
      stop_reason_ = suggestion.reason.empty() ? "search space exhausted" : suggestion.reason;
      return TrialAssignment{TrialStatus::kStopped, std::nullopt, stop_reason_};
    case Suggestion::Kind::kValues:
      break;
  }

  Trial trial;
  trial.id = NextTrialId();
  trial.values = space_.Complete(suggestion.values);
  trial.status = TrialStatus::kRunning;
  trial.worker_id = std::string(worker_id);
  trials_.push_back(trial);
  return TrialAssignment{TrialStatus::kRunning, std::move(trial), ""};
}

Trial* Oracle::MutableTrial(std::string_view trial_id) {
  for (Trial& trial : trials_) {
    if (trial.id == trial_id) return &trial;
  }
  return nullptr;
}

const Trial* Oracle::GetTrial(std::string_view trial_id) const {
  for (const Trial& trial : trials_) {
    if (trial.id == trial_id) return &trial;
  }
  return nullptr;
}

StatusOr<TrialStatus> Oracle::UpdateTrial(std::string_view trial_id,
                                          const std::map<std::string, double>& metrics,
                                          int64_t step) {
  Trial* trial = MutableTrial(trial_id);
  if (trial == nullptr) return NotFoundError("no trial " + std::string(trial_id));
  if (trial->status != TrialStatus::kRunning) {
    return FailedPreconditionError("trial " + trial->id + " is " +
                                   std::string(TrialStatusName(trial->status)) + ", not RUNNING");
  }
  for (const auto& [name, value] : metrics) {
    std::vector<MetricPoint>& points = trial->metrics[name];
    // A repeated report for the same step replaces the earlier one (a worker retrying a call).
    if (!points.empty() && points.back().step == step) {
      points.back().value = value;
    } else {
      points.push_back({step, value});
    }
  }
  SuggestRequest request{space_,        options_.objective,
                         trials_,       MixSeed(options_.seed, trials_.size()),
                         options_.seed, options_.max_trials};
  if (algorithm_->ShouldStop(*trial, request)) return TrialStatus::kStopped;
  if (ShouldStopEarly(options_.early_stopping, options_.objective, *trial, trials_, step)) {
    return TrialStatus::kStopped;
  }
  return TrialStatus::kRunning;
}

StatusOr<Trial> Oracle::EndTrial(std::string_view trial_id, TrialStatus status,
                                 std::string message) {
  Trial* trial = MutableTrial(trial_id);
  if (trial == nullptr) return NotFoundError("no trial " + std::string(trial_id));
  if (trial->status != TrialStatus::kRunning) {
    return FailedPreconditionError("trial " + trial->id + " already ended as " +
                                   std::string(TrialStatusName(trial->status)));
  }
  if (status != TrialStatus::kCompleted && status != TrialStatus::kInvalid &&
      status != TrialStatus::kFailed && status != TrialStatus::kStopped) {
    return InvalidArgumentError("a trial cannot end as " + std::string(TrialStatusName(status)));
  }
  trial->status = status;
  trial->message = std::move(message);

  if (status == TrialStatus::kCompleted || status == TrialStatus::kStopped) {
    ScoreTrial(options_.objective, *trial);
    if (!trial->score.has_value()) {
      trial->status = TrialStatus::kInvalid;
      if (trial->message.empty()) {
        trial->message = "no value reported for objective " + options_.objective.ToString();
      }
    } else if (!std::isfinite(*trial->score)) {
      trial->status = TrialStatus::kInvalid;
      if (trial->message.empty()) {
        trial->message = "objective is not finite: " + PythonFloatRepr(*trial->score);
      }
      trial->score.reset();
    }
  }
  if (trial->status == TrialStatus::kInvalid) {
    if (trial->attempts > options_.max_retries_per_trial) {
      trial->status = TrialStatus::kFailed;
    } else {
      retry_queue_.push_back(trial->id);
    }
  }
  Trial result = *trial;
  CheckConsecutiveFailures();
  return result;
}

void Oracle::CheckConsecutiveFailures() {
  if (options_.max_consecutive_failed_trials <= 0 || stopped_) return;
  int run = 0;
  for (const Trial& trial : trials_) {
    if (!trial.IsFinal()) continue;
    run = trial.status == TrialStatus::kFailed ? run + 1 : 0;
    if (run >= options_.max_consecutive_failed_trials) {
      stopped_ = true;
      stop_reason_ = std::to_string(run) + " consecutive trials failed; the last (" + trial.id +
                     ") with: " + trial.message;
      return;
    }
  }
}

std::vector<const Trial*> Oracle::GetBestTrials(size_t n) const {
  std::vector<const Trial*> out;
  for (const Trial& trial : trials_) {
    if (trial.HasResult()) out.push_back(&trial);
  }
  std::stable_sort(out.begin(), out.end(), [&](const Trial* a, const Trial* b) {
    return options_.objective.Better(*a->score, *b->score);
  });
  if (out.size() > n) out.resize(n);
  return out;
}

bool Oracle::IsFinished() const {
  bool budget_spent =
      options_.max_trials > 0 && static_cast<int64_t>(trials_.size()) >= options_.max_trials;
  return (stopped_ || budget_spent) && !HasRunningTrials() && retry_queue_.empty();
}

}  // namespace kubetune::search
