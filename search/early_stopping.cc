#include "search/early_stopping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace kubetune::search {

StatusOr<EarlyStopping> ParseEarlyStopping(const Json& json) {
  EarlyStopping out;
  if (json.is_null()) return out;
  if (!json.is_object()) {
    return InvalidArgumentError("early_stopping must be an object, got " + json.dump());
  }
  for (const auto& [key, value] : json.items()) {
    if (key == "rule") {
      std::string rule = value.is_string() ? value.get<std::string>() : "";
      if (rule == "none") {
        out.rule = EarlyStoppingRule::kNone;
      } else if (rule == "median") {
        out.rule = EarlyStoppingRule::kMedian;
      } else {
        return InvalidArgumentError("early_stopping.rule must be \"none\" or \"median\", got " +
                                    value.dump());
      }
    } else if (key == "min_trials" || key == "warmup_steps") {
      bool is_min_trials = key == "min_trials";
      int64_t lowest = is_min_trials ? 1 : 0;
      int64_t highest =
          is_min_trials ? std::numeric_limits<int>::max() : std::numeric_limits<int64_t>::max();
      bool fits =
          value.is_number_integer() &&
          !(value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(highest)) &&
          value.get<int64_t>() >= lowest && value.get<int64_t>() <= highest;
      if (!fits) {
        return InvalidArgumentError("early_stopping." + key + " must be an integer >= " +
                                    std::to_string(lowest) + ", got " + value.dump());
      }
      if (is_min_trials) {
        out.min_trials = static_cast<int>(value.get<int64_t>());
      } else {
        out.warmup_steps = value.get<int64_t>();
      }
    } else {
      return InvalidArgumentError("early_stopping has no key '" + key +
                                  "' (expected rule, min_trials or warmup_steps)");
    }
  }
  return out;
}

Status ValidateEarlyStopping(const EarlyStopping& early_stopping) {
  if (early_stopping.min_trials < 1) {
    return InvalidArgumentError("early_stopping.min_trials must be >= 1, got " +
                                std::to_string(early_stopping.min_trials));
  }
  if (early_stopping.warmup_steps < 0) {
    return InvalidArgumentError("early_stopping.warmup_steps must be >= 0, got " +
                                std::to_string(early_stopping.warmup_steps));
  }
  return OkStatus();
}

std::optional<double> BestScoreUpTo(const Objective& objective, const Trial& trial, int64_t step) {
  // The metrics reported at each step, as ScoreTrial groups them.
  std::map<int64_t, std::map<std::string, double>> by_step;
  for (const auto& [name, points] : trial.metrics) {
    for (const MetricPoint& point : points) {
      if (point.step <= step) by_step[point.step][name] = point.value;
    }
  }
  std::optional<double> best;
  for (const auto& [unused, metrics] : by_step) {
    std::optional<double> score = objective.Score(metrics);
    if (!score.has_value() || std::isnan(*score)) continue;
    if (!best.has_value() || objective.Better(*score, *best)) best = score;
  }
  return best;
}

bool ShouldStopEarly(const EarlyStopping& early_stopping, const Objective& objective,
                     const Trial& trial, std::span<const Trial> trials, int64_t step) {
  if (early_stopping.rule != EarlyStoppingRule::kMedian) return false;
  if (step < early_stopping.warmup_steps) return false;
  std::optional<double> own = BestScoreUpTo(objective, trial, step);
  if (!own.has_value()) return false;
  std::vector<double> others;
  for (const Trial& other : trials) {
    if (other.status != TrialStatus::kCompleted || other.id == trial.id) continue;
    std::optional<double> best = BestScoreUpTo(objective, other, step);
    if (best.has_value()) others.push_back(*best);
  }
  if (others.size() < static_cast<size_t>(std::max(early_stopping.min_trials, 1))) return false;
  std::sort(others.begin(), others.end());
  size_t mid = others.size() / 2;
  double median = others.size() % 2 == 1 ? others[mid] : (others[mid - 1] + others[mid]) / 2;
  return objective.Better(median, *own);
}

}  // namespace kubetune::search
