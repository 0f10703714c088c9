// What a search optimises: one or more metrics, each with a direction.
//
// Directions not given are inferred as KerasTuner does: a "val_" prefix is ignored, names
// ending in loss or error are minimised, accuracy- and auc-like names are maximised. Several
// objectives are combined as KerasTuner's MultiObjective combines them: the sum of the
// minimised metrics minus the sum of the maximised ones, minimised. The score is therefore the
// number KerasTuner reports for the same trial.
#ifndef KUBETUNE_SEARCH_OBJECTIVE_H_
#define KUBETUNE_SEARCH_OBJECTIVE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_text.h"
#include "base/status.h"

namespace kubetune::search {

enum class Direction { kMinimize, kMaximize };

struct ObjectiveMetric {
  std::string name;
  Direction direction = Direction::kMinimize;
};

// Thread-compatible value type.
class Objective {
 public:
  // Single metric, direction inferred; kInvalidArgument when it cannot be.
  static StatusOr<Objective> FromName(std::string_view name);
  // "val_loss", {"name": "val_auc", "direction": "max"}, or a list of either.
  static StatusOr<Objective> FromJson(const Json& json);
  static Objective Of(std::vector<ObjectiveMetric> metrics);

  const std::vector<ObjectiveMetric>& metrics() const { return metrics_; }
  // The direction of the score: the metric's own for one metric, kMinimize for several.
  Direction direction() const;

  // The score of one observation, or nullopt when a metric is missing.
  std::optional<double> Score(const std::map<std::string, double>& metrics) const;

  // True when score `a` is strictly better than `b`.
  bool Better(double a, double b) const;

  // "val_loss (min)" or "val_auc (max) + val_loss (min)".
  std::string ToString() const;
  Json ToJson() const;

 private:
  std::vector<ObjectiveMetric> metrics_;
};

// KerasTuner's inference; nullopt when the name says nothing about direction.
std::optional<Direction> InferDirection(std::string_view metric_name);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_OBJECTIVE_H_
