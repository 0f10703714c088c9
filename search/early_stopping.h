// Early stopping on intermediate reports, whatever the search algorithm.
//
// The median rule (Golovin et al., "Google Vizier", 2017): after a running trial reports step s
// (s >= warmup_steps), it is stopped when its best objective value up to s is strictly worse
// than the median, over the COMPLETED trials that reported at or before s, of their best
// objective values up to s; provided at least min_trials such completed trials exist. The
// trial's own best and each completed trial's use the objective over the metrics reported at
// each step (as its final score does), so a trial is judged by the same number it would be
// ranked by. Trials stopped early are not part of the median: stopped because they were below
// it, they would pull it down and make the rule ever harsher.
#ifndef KUBETUNE_SEARCH_EARLY_STOPPING_H_
#define KUBETUNE_SEARCH_EARLY_STOPPING_H_

#include <cstdint>
#include <optional>
#include <span>

#include "base/json_text.h"
#include "base/status.h"
#include "search/objective.h"
#include "search/trial.h"

namespace kubetune::search {

enum class EarlyStoppingRule { kNone, kMedian };

struct EarlyStopping {
  EarlyStoppingRule rule = EarlyStoppingRule::kNone;
  // Completed trials with a value at or before the step needed before anything is stopped.
  int min_trials = 5;
  // Reports at earlier steps never stop a trial (early epochs are noisy).
  int64_t warmup_steps = 1;
};

// Reads {"rule": "none" | "median", "min_trials": int >= 1, "warmup_steps": int >= 0}; keys
// left out keep their defaults and null is the default (no early stopping). kInvalidArgument
// names the key at fault.
StatusOr<EarlyStopping> ParseEarlyStopping(const Json& json);

// OK when the fields are in range (min_trials >= 1, warmup_steps >= 0); else kInvalidArgument.
Status ValidateEarlyStopping(const EarlyStopping& early_stopping);

// The best objective value `trial` reported at steps <= `step`, each step scored from the
// metrics reported at exactly that step; nullopt when no such step has every objective metric.
// Steps whose value is NaN are skipped.
std::optional<double> BestScoreUpTo(const Objective& objective, const Trial& trial, int64_t step);

// True when `trial`, having just reported `step`, should stop under `early_stopping`. `trials`
// is every trial of the search (the trial itself included, which never counts as completed).
bool ShouldStopEarly(const EarlyStopping& early_stopping, const Objective& objective,
                     const Trial& trial, std::span<const Trial> trials, int64_t step);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_EARLY_STOPPING_H_
