// The oracle: hands trials to workers, collects their metrics, and keeps the books.
//
// It wraps a SearchAlgorithm with KerasTuner's trial protocol:
//   CreateTrial(worker)     a trial to run (the worker's unfinished one first, then a retry,
//                           then a new suggestion), or kIdle (ask again later), or kStopped.
//   UpdateTrial(id, ...)    records metrics at a step; answers kStopped to stop early (the
//                           algorithm's ShouldStop or the early_stopping rule).
//   EndTrial(id, status)    kCompleted (scored; a NaN score becomes kInvalid), kInvalid
//                           (retried up to max_retries_per_trial, then kFailed), kFailed.
// The state is the list of trials and nothing else: Create() with the trials a previous oracle
// held continues that search, and the same seed and history give the same suggestions.
//
// Not thread-safe: callers serialise access (the oracle service holds a lock).
#ifndef KUBETUNE_SEARCH_ORACLE_H_
#define KUBETUNE_SEARCH_ORACLE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "search/algorithm.h"
#include "search/early_stopping.h"
#include "search/objective.h"
#include "search/search_space.h"
#include "search/trial.h"

namespace kubetune::search {

struct OracleOptions {
  Objective objective;
  // The most trials to create; 0 leaves it to the algorithm (it stops when exhausted).
  int64_t max_trials = 0;
  int max_retries_per_trial = 0;
  // This many trials failing in a row ends the search; 0 disables the check.
  int max_consecutive_failed_trials = 3;
  uint64_t seed = 0;
  // Stops running trials on their intermediate reports (early_stopping.h), on top of what the
  // algorithm's ShouldStop decides.
  EarlyStopping early_stopping;
};

struct TrialAssignment {
  // kRunning with `trial` set, kIdle, or kStopped with `reason`.
  TrialStatus status = TrialStatus::kStopped;
  std::optional<Trial> trial;
  std::string reason;
};

class Oracle {
 public:
  // `history` is the trials of an earlier run of the same search (any order; ids decide it).
  // kInvalidArgument when a trial's values do not fit the space (tuner/ entries always fit) or
  // the options are out of range.
  static StatusOr<std::unique_ptr<Oracle>> Create(SearchSpace space, OracleOptions options,
                                                  std::unique_ptr<SearchAlgorithm> algorithm,
                                                  std::vector<Trial> history = {});

  StatusOr<TrialAssignment> CreateTrial(std::string_view worker_id);

  // kNotFound for an unknown trial, kFailedPrecondition for one that already ended.
  // Returns kRunning to go on or kStopped to stop the trial now.
  StatusOr<TrialStatus> UpdateTrial(std::string_view trial_id,
                                    const std::map<std::string, double>& metrics, int64_t step);

  // Ends a trial with kCompleted, kInvalid, kFailed or kStopped. Returns the trial as
  // recorded (its status may differ: kInvalid becomes kFailed when out of retries, a
  // completed trial with a NaN or missing score becomes kInvalid or kFailed).
  StatusOr<Trial> EndTrial(std::string_view trial_id, TrialStatus status, std::string message = "");

  const Trial* GetTrial(std::string_view trial_id) const;

  // Up to `n` trials with results, best first (ties: the earlier trial first).
  std::vector<const Trial*> GetBestTrials(size_t n) const;

  const std::vector<Trial>& trials() const { return trials_; }
  const SearchSpace& space() const { return space_; }
  const OracleOptions& options() const { return options_; }

  // True once no further trial will be created and none is running.
  bool IsFinished() const;
  // Why the search stopped (budget spent, space exhausted, too many failures), once it has.
  const std::string& stop_reason() const { return stop_reason_; }

 private:
  Oracle(SearchSpace space, OracleOptions options, std::unique_ptr<SearchAlgorithm> algorithm);

  Trial* MutableTrial(std::string_view trial_id);
  std::string NextTrialId() const;
  void CheckConsecutiveFailures();
  bool HasRunningTrials() const;

  SearchSpace space_;
  OracleOptions options_;
  std::unique_ptr<SearchAlgorithm> algorithm_;
  std::vector<Trial> trials_;
  // Trial ids waiting for a retry, taken last-in first-out as KerasTuner does.
  std::vector<std::string> retry_queue_;
  bool stopped_ = false;
  std::string stop_reason_;
};

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_ORACLE_H_
