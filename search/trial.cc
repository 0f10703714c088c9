#include "search/trial.h"

#include <cmath>
#include <limits>
#include <set>

namespace kubetune::search {

std::string_view TrialStatusName(TrialStatus status) {
  switch (status) {
    case TrialStatus::kRunning:
      return "RUNNING";
    case TrialStatus::kIdle:
      return "IDLE";
    case TrialStatus::kInvalid:
      return "INVALID";
    case TrialStatus::kStopped:
      return "STOPPED";
    case TrialStatus::kCompleted:
      return "COMPLETED";
    case TrialStatus::kFailed:
      return "FAILED";
  }
  return "RUNNING";
}

std::optional<TrialStatus> ParseTrialStatus(std::string_view name) {
  for (TrialStatus s : {TrialStatus::kRunning, TrialStatus::kIdle, TrialStatus::kInvalid,
                        TrialStatus::kStopped, TrialStatus::kCompleted, TrialStatus::kFailed}) {
    if (TrialStatusName(s) == name) return s;
  }
  return std::nullopt;
}

bool Trial::IsFinal() const {
  return status == TrialStatus::kCompleted || status == TrialStatus::kFailed ||
         status == TrialStatus::kStopped;
}

bool Trial::HasResult() const {
  return (status == TrialStatus::kCompleted || status == TrialStatus::kStopped) &&
         score.has_value();
}

std::map<std::string, double> Trial::MetricsAt(int64_t step) const {
  std::map<std::string, double> out;
  for (const auto& [name, points] : metrics) {
    for (const MetricPoint& p : points) {
      if (step < 0 || p.step <= step) out[name] = p.value;
    }
  }
  return out;
}

void ScoreTrial(const Objective& objective, Trial& trial) {
  trial.score.reset();
  trial.best_step.reset();
  std::set<int64_t> steps;
  for (const auto& [name, points] : trial.metrics) {
    for (const MetricPoint& p : points) steps.insert(p.step);
  }
  for (int64_t step : steps) {
    // Only the metrics reported at exactly this step.
    std::map<std::string, double> at;
    for (const auto& [name, points] : trial.metrics) {
      for (const MetricPoint& p : points) {
        if (p.step == step) at[name] = p.value;
      }
    }
    std::optional<double> score = objective.Score(at);
    if (!score.has_value()) continue;
    if (!std::isfinite(*score)) {
      trial.score = *score;  // NaN or infinity poisons the trial: the oracle makes it invalid.
      trial.best_step = step;
      return;
    }
    if (!trial.score.has_value() || objective.Better(*score, *trial.score)) {
      trial.score = *score;
      trial.best_step = step;
    }
  }
}

Json TrialToJson(const Trial& trial) {
  Json metrics = Json::object();
  for (const auto& [name, points] : trial.metrics) {
    Json list = Json::array();
    // JSON has no NaN or infinity: a non-finite report is stored as null and read back as NaN
    // (it made the trial invalid; the record keeps what was reported).
    for (const MetricPoint& p : points) {
      list.push_back(Json::array({p.step, std::isfinite(p.value) ? Json(p.value) : Json()}));
    }
    metrics[name] = list;
  }
  Json out = {{"trial_id", trial.id},
              {"status", TrialStatusName(trial.status)},
              {"values", trial.values.ToJson()},
              {"worker_id", trial.worker_id},
              {"attempts", trial.attempts},
              {"metrics", metrics},
              {"score", trial.score.has_value() && std::isfinite(*trial.score) ? Json(*trial.score)
                                                                               : Json()},
              {"best_step", trial.best_step.has_value() ? Json(*trial.best_step) : Json()},
              {"message", trial.message}};
  return out;
}

StatusOr<Trial> TrialFromJson(const Json& json) {
  try {
    Trial trial;
    trial.id = json.at("trial_id").get<std::string>();
    std::optional<TrialStatus> status = ParseTrialStatus(json.at("status").get<std::string>());
    if (!status.has_value()) {
      return InvalidArgumentError("trial " + trial.id + ": unknown status " +
                                  json.at("status").dump());
    }
    trial.status = *status;
    KT_ASSIGN_OR_RETURN(trial.values, Values::FromJson(json.at("values")));
    trial.worker_id = json.value("worker_id", "");
    trial.attempts = json.value("attempts", 1);
    const Json metrics = json.value("metrics", Json::object());
    for (const auto& [name, list] : metrics.items()) {
      for (const Json& point : list) {
        double value = point.at(1).is_null() ? std::numeric_limits<double>::quiet_NaN()
                                             : point.at(1).get<double>();
        trial.metrics[name].push_back({point.at(0).get<int64_t>(), value});
      }
    }
    if (json.contains("score") && !json["score"].is_null())
      trial.score = json["score"].get<double>();
    if (json.contains("best_step") && !json["best_step"].is_null()) {
      trial.best_step = json["best_step"].get<int64_t>();
    }
    trial.message = json.value("message", "");
    return trial;
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError(std::string("malformed trial record: ") + e.what());
  }
}

}  // namespace kubetune::search
