#include "search/objective.h"

namespace kubetune::search {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

StatusOr<ObjectiveMetric> MetricFromJson(const Json& json) {
  if (json.is_string()) {
    std::string name = json.get<std::string>();
    std::optional<Direction> direction = InferDirection(name);
    if (!direction.has_value()) {
      return InvalidArgumentError("cannot infer whether to minimize or maximize objective '" +
                                  name + "'; give its direction (min or max)");
    }
    return ObjectiveMetric{name, *direction};
  }
  if (!json.is_object() || !json.contains("name") || !json["name"].is_string()) {
    return InvalidArgumentError(
        "an objective is a metric name or {\"name\": ..., \"direction\": ...}");
  }
  for (const auto& [key, unused] : json.items()) {
    if (key != "name" && key != "direction") {
      return InvalidArgumentError("unknown objective key '" + key + "'");
    }
  }
  std::string name = json["name"].get<std::string>();
  if (!json.contains("direction") || json["direction"].is_null()) return MetricFromJson(Json(name));
  Json direction = json["direction"];
  if (direction == "min" || direction == "minimize") {
    return ObjectiveMetric{name, Direction::kMinimize};
  }
  if (direction == "max" || direction == "maximize") {
    return ObjectiveMetric{name, Direction::kMaximize};
  }
  return InvalidArgumentError("objective '" + name + "': direction must be min or max, got " +
                              direction.dump());
}

}  // namespace

std::optional<Direction> InferDirection(std::string_view name) {
  if (name.substr(0, 4) == "val_") name.remove_prefix(4);
  if (name == "loss" || EndsWith(name, "_loss") || EndsWith(name, "error") ||
      EndsWith(name, "_crossentropy") || name == "mse" || name == "mae" || name == "mape" ||
      name == "msle") {
    return Direction::kMinimize;
  }
  if (name == "acc" || EndsWith(name, "accuracy") || name == "auc" || EndsWith(name, "_auc") ||
      name == "precision" || name == "recall" || EndsWith(name, "_acc")) {
    return Direction::kMaximize;
  }
  return std::nullopt;
}

StatusOr<Objective> Objective::FromName(std::string_view name) { return FromJson(Json(name)); }

StatusOr<Objective> Objective::FromJson(const Json& json) {
  std::vector<ObjectiveMetric> metrics;
  if (json.is_array()) {
    if (json.empty()) return InvalidArgumentError("the objective list is empty");
    for (const Json& item : json) {
      KT_ASSIGN_OR_RETURN(ObjectiveMetric metric, MetricFromJson(item));
      metrics.push_back(std::move(metric));
    }
  } else {
    KT_ASSIGN_OR_RETURN(ObjectiveMetric metric, MetricFromJson(json));
    metrics.push_back(std::move(metric));
  }
  return Of(std::move(metrics));
}

Objective Objective::Of(std::vector<ObjectiveMetric> metrics) {
  Objective objective;
  objective.metrics_ = std::move(metrics);
  return objective;
}

Direction Objective::direction() const {
  return metrics_.size() == 1 ? metrics_[0].direction : Direction::kMinimize;
}

std::optional<double> Objective::Score(const std::map<std::string, double>& metrics) const {
  if (metrics_.size() == 1) {
    auto it = metrics.find(metrics_[0].name);
    if (it == metrics.end()) return std::nullopt;
    return it->second;
  }
  double total = 0;
  for (const ObjectiveMetric& m : metrics_) {
    auto it = metrics.find(m.name);
    if (it == metrics.end()) return std::nullopt;
    total += m.direction == Direction::kMinimize ? it->second : -it->second;
  }
  return total;
}

bool Objective::Better(double a, double b) const {
  return direction() == Direction::kMaximize ? a > b : a < b;
}

std::string Objective::ToString() const {
  std::string out;
  for (const ObjectiveMetric& m : metrics_) {
    if (!out.empty()) out += " + ";
    out += m.name + (m.direction == Direction::kMaximize ? " (max)" : " (min)");
  }
  return out;
}

Json Objective::ToJson() const {
  Json out = Json::array();
  for (const ObjectiveMetric& m : metrics_) {
    out.push_back(
        {{"name", m.name}, {"direction", m.direction == Direction::kMaximize ? "max" : "min"}});
  }
  return metrics_.size() == 1 ? out[0] : out;
}

}  // namespace kubetune::search
