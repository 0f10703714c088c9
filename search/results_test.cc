#include "search/results.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace kubetune::search {
namespace {

using ::testing::HasSubstr;

// The TFX penguin example's space: hp.Choice("learning_rate", [1e-2, 1e-3], default=1e-2) and
// hp.Int("num_layers", 1, 3, default=2).
SearchSpace Penguin() {
  StatusOr<HyperParametersConfig> config = ParseHyperParametersConfig(
      R"({"space": [{"class_name": "Choice", "config": {"name": "learning_rate", )"
      R"("default": 0.01, "values": [0.01, 0.001]}}, {"class_name": "Int", "config": )"
      R"({"name": "num_layers", "default": 2, "min_value": 1, "max_value": 3}}]})");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config->space;
}

std::unique_ptr<Oracle> GridOracle(int64_t max_trials, Objective objective) {
  OracleOptions options;
  options.objective = std::move(objective);
  options.max_trials = max_trials;
  StatusOr<std::unique_ptr<Oracle>> oracle =
      Oracle::Create(Penguin(), std::move(options), *MakeSearchAlgorithm("grid"));
  EXPECT_TRUE(oracle.ok()) << oracle.status().ToString();
  return std::move(oracle).value();
}

// Runs grid trials in order, the i-th reporting metrics[i]; an empty map fails the trial.
void RunGrid(Oracle& oracle, const std::vector<std::map<std::string, double>>& metrics) {
  for (const std::map<std::string, double>& reported : metrics) {
    StatusOr<TrialAssignment> assignment = oracle.CreateTrial("w");
    ASSERT_EQ(assignment->status, TrialStatus::kRunning);
    const std::string& id = assignment->trial->id;
    if (reported.empty()) {
      ASSERT_TRUE(oracle.EndTrial(id, TrialStatus::kFailed, "crashed").ok());
      continue;
    }
    ASSERT_TRUE(oracle.UpdateTrial(id, reported, 0).ok());
    ASSERT_TRUE(oracle.EndTrial(id, TrialStatus::kCompleted).ok());
  }
}

TEST(BestHyperparametersTextTest, IsTheGetConfigJsonOfTheBestTrial) {
  std::unique_ptr<Oracle> oracle = GridOracle(0, *Objective::FromName("val_loss"));
  // Grid order: (0.01, 2), (0.01, 1), (0.01, 3), (0.001, 2), (0.001, 1), (0.001, 3).
  RunGrid(*oracle, {{{"val_loss", 0.6}},
                    {{"val_loss", 0.7}},
                    {},
                    {{"val_loss", 0.5}},
                    {{"val_loss", 0.8}},
                    {{"val_loss", 0.25}}});
  StatusOr<std::string> text = BestHyperparametersText(*oracle);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text,
            R"({"space": [{"class_name": "Choice", "config": {"name": "learning_rate", )"
            R"("default": 0.01, "conditions": [], "values": [0.01, 0.001], "ordered": true}}, )"
            R"({"class_name": "Int", "config": {"name": "num_layers", "default": 2, )"
            R"("conditions": [], "min_value": 1, "max_value": 3, "step": 1, )"
            R"("sampling": "linear"}}], "values": {"learning_rate": 0.001, "num_layers": 3}})");
}

TEST(BestHyperparametersTextTest, NotFoundBeforeAnyResult) {
  std::unique_ptr<Oracle> oracle = GridOracle(0, *Objective::FromName("val_loss"));
  EXPECT_EQ(BestHyperparametersText(*oracle).status().code(), StatusCode::kNotFound);
  RunGrid(*oracle, {{}});
  ASSERT_TRUE(oracle->CreateTrial("running").ok());
  EXPECT_EQ(BestHyperparametersText(*oracle).status().code(), StatusCode::kNotFound);
}

TEST(TunerResultsTextTest, ListsCompletedTrialsBestFirst) {
  std::unique_ptr<Oracle> oracle = GridOracle(4, *Objective::FromName("val_accuracy"));
  RunGrid(*oracle,
          {{{"val_accuracy", 0.5}}, {{"val_accuracy", 0.75}}, {}, {{"val_accuracy", 0.5}}});
  EXPECT_EQ(TunerResultsText(*oracle),
            R"([{"trial_id": "1", "score": 0.75, "learning_rate": 0.01, "num_layers": 1}, )"
            R"({"trial_id": "0", "score": 0.5, "learning_rate": 0.01, "num_layers": 2}, )"
            R"({"trial_id": "3", "score": 0.5, "learning_rate": 0.001, "num_layers": 2}])");
}

TEST(TunerResultsTextTest, WorksWithoutATrialBudget) {
  std::unique_ptr<Oracle> oracle = GridOracle(0, *Objective::FromName("val_loss"));
  EXPECT_EQ(TunerResultsText(*oracle), "[]");
  RunGrid(*oracle, {{{"val_loss", 0.125}}});
  EXPECT_EQ(TunerResultsText(*oracle),
            R"([{"trial_id": "0000", "score": 0.125, "learning_rate": 0.01, "num_layers": 2}])");
}

TEST(TunerResultsTextTest, MultiObjectiveScoresAreKerasTunersNumbers) {
  std::unique_ptr<Oracle> oracle =
      GridOracle(0, *Objective::FromJson(*ParseJson(R"(["val_loss", "val_accuracy"])")));
  RunGrid(*oracle, {{{"val_loss", 0.5}, {"val_accuracy", 0.75}},
                    {{"val_loss", 1.0}, {"val_accuracy", 0.5}}});
  EXPECT_THAT(TunerResultsText(*oracle), HasSubstr(R"([{"trial_id": "0000", "score": -0.25, )"));
  EXPECT_THAT(TunerResultsText(*oracle), HasSubstr(R"({"trial_id": "0001", "score": 0.5, )"));
}

}  // namespace
}  // namespace kubetune::search
