#include "search/early_stopping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "search/oracle.h"

namespace kubetune::search {
namespace {

using ::testing::HasSubstr;

SearchSpace LearningRateSpace() {
  StatusOr<HyperParametersConfig> config = ParseHyperParametersConfig(
      R"({"space": [{"class_name": "Float", "config": {"name": "lr", "min_value": 0.0001, )"
      R"("max_value": 0.1, "sampling": "log"}}]})");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config->space;
}

EarlyStopping Median(int min_trials, int64_t warmup_steps) {
  EarlyStopping rule;
  rule.rule = EarlyStoppingRule::kMedian;
  rule.min_trials = min_trials;
  rule.warmup_steps = warmup_steps;
  return rule;
}

std::unique_ptr<Oracle> MakeOracle(EarlyStopping early_stopping,
                                   const std::string& objective = "val_loss") {
  OracleOptions options;
  options.objective = *Objective::FromName(objective);
  options.seed = 3;
  options.early_stopping = early_stopping;
  StatusOr<std::unique_ptr<Oracle>> oracle =
      Oracle::Create(LearningRateSpace(), options, *MakeSearchAlgorithm("random"));
  EXPECT_TRUE(oracle.ok()) << oracle.status().ToString();
  return std::move(oracle).value();
}

std::string Start(Oracle& oracle, const std::string& worker) {
  StatusOr<TrialAssignment> assignment = oracle.CreateTrial(worker);
  EXPECT_TRUE(assignment.ok());
  EXPECT_EQ(assignment->status, TrialStatus::kRunning);
  return assignment->trial->id;
}

TrialStatus Report(Oracle& oracle, const std::string& id, int64_t step, double value,
                   const std::string& metric = "val_loss") {
  StatusOr<TrialStatus> status = oracle.UpdateTrial(id, {{metric, value}}, step);
  EXPECT_TRUE(status.ok()) << status.status().ToString();
  return status.ok() ? *status : TrialStatus::kFailed;
}

// Completes `n` trials whose loss at step s is base + 1 / (s + 1), for base = 0, 1, ..., so the
// median over them at any step is known.
void CompleteCurves(Oracle& oracle, int n, int steps, int64_t first_step = 0,
                    const std::string& metric = "val_loss", double sign = 1) {
  for (int i = 0; i < n; ++i) {
    std::string id = Start(oracle, "done");
    for (int64_t s = first_step; s < first_step + steps; ++s) {
      EXPECT_EQ(Report(oracle, id, s, sign * (i + 1.0 / static_cast<double>(s + 1)), metric),
                TrialStatus::kRunning);
    }
    ASSERT_TRUE(oracle.EndTrial(id, TrialStatus::kCompleted).ok());
  }
}

TEST(EarlyStoppingTest, MedianRuleStopsABadTrialAndNotAGoodOne) {
  std::unique_ptr<Oracle> oracle = MakeOracle(Median(5, 1));
  // Best losses up to step 2: 0.333, 1.333, 2.333, 3.333, 4.333; median 2.333.
  CompleteCurves(*oracle, 5, 4);
  std::string good = Start(*oracle, "w0");
  std::string bad = Start(*oracle, "w1");
  EXPECT_EQ(Report(*oracle, good, 0, 3.0), TrialStatus::kRunning);  // step 0: warming up
  EXPECT_EQ(Report(*oracle, bad, 0, 9.0), TrialStatus::kRunning);
  EXPECT_EQ(Report(*oracle, good, 1, 2.0), TrialStatus::kRunning);
  EXPECT_EQ(Report(*oracle, good, 2, 2.2), TrialStatus::kRunning);  // its best (2.0) counts
  EXPECT_EQ(Report(*oracle, bad, 1, 8.0), TrialStatus::kStopped);

  // The worker ends it as stopped; it keeps its score.
  StatusOr<Trial> ended = oracle->EndTrial(bad, TrialStatus::kStopped, "median rule");
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->status, TrialStatus::kStopped);
  EXPECT_EQ(ended->score, 8.0);
  EXPECT_TRUE(ended->HasResult());
}

TEST(EarlyStoppingTest, WarmupStepsAreRespected) {
  std::unique_ptr<Oracle> oracle = MakeOracle(Median(5, 3));
  CompleteCurves(*oracle, 5, 6);
  std::string id = Start(*oracle, "w0");
  for (int64_t s = 0; s < 3; ++s) EXPECT_EQ(Report(*oracle, id, s, 50.0), TrialStatus::kRunning);
  EXPECT_EQ(Report(*oracle, id, 3, 50.0), TrialStatus::kStopped);
}

TEST(EarlyStoppingTest, NeedsMinTrialsCompletedTrialsThatReportedByTheStep) {
  std::unique_ptr<Oracle> oracle = MakeOracle(Median(5, 0));
  CompleteCurves(*oracle, 4, 6);
  std::string id = Start(*oracle, "w0");
  EXPECT_EQ(Report(*oracle, id, 1, 50.0), TrialStatus::kRunning);  // four are not enough

  // A fifth that reported only from step 3 on counts from step 3.
  CompleteCurves(*oracle, 1, 3, 3);
  EXPECT_EQ(Report(*oracle, id, 2, 50.0), TrialStatus::kRunning);
  EXPECT_EQ(Report(*oracle, id, 3, 50.0), TrialStatus::kStopped);
}

TEST(EarlyStoppingTest, RunningAndStoppedTrialsAreNotInTheMedian) {
  std::unique_ptr<Oracle> oracle = MakeOracle(Median(2, 0));
  CompleteCurves(*oracle, 2, 3);  // best losses by step 2: 0.333, 1.333; median 0.833
  std::string slow = Start(*oracle, "w0");
  EXPECT_EQ(Report(*oracle, slow, 0, 100.0), TrialStatus::kStopped);
  ASSERT_TRUE(oracle->EndTrial(slow, TrialStatus::kStopped).ok());
  std::string running = Start(*oracle, "w1");
  EXPECT_EQ(Report(*oracle, running, 0, 0.5), TrialStatus::kRunning);
  // Counting the stopped trial (100) would put the median at step 2 at 1.333 and let 1.0 go on;
  // over the completed trials alone it is 0.833.
  std::string third = Start(*oracle, "w2");
  EXPECT_EQ(Report(*oracle, third, 2, 1.0), TrialStatus::kStopped);
}

TEST(EarlyStoppingTest, MaximisedObjective) {
  std::unique_ptr<Oracle> oracle = MakeOracle(Median(3, 1), "val_accuracy");
  // Accuracies -(i + 1/(s+1)): all negative, higher is better.
  CompleteCurves(*oracle, 3, 3, 0, "val_accuracy", -1);
  std::string low = Start(*oracle, "w0");
  std::string high = Start(*oracle, "w1");
  EXPECT_EQ(Report(*oracle, high, 1, 0.0, "val_accuracy"), TrialStatus::kRunning);
  EXPECT_EQ(Report(*oracle, low, 1, -5.0, "val_accuracy"), TrialStatus::kStopped);
}

TEST(EarlyStoppingTest, RuleNoneNeverStops) {
  std::unique_ptr<Oracle> oracle = MakeOracle(EarlyStopping());
  CompleteCurves(*oracle, 6, 3);
  std::string id = Start(*oracle, "w0");
  EXPECT_EQ(Report(*oracle, id, 2, 1e9), TrialStatus::kRunning);
}

TEST(EarlyStoppingTest, BestScoreUpToAStep) {
  Objective objective = *Objective::FromName("val_loss");
  Trial trial;
  trial.metrics["val_loss"] = {{0, 3.0}, {1, 1.0}, {2, 2.0}, {5, 0.5}};
  trial.metrics["loss"] = {{0, 9.0}};
  EXPECT_EQ(BestScoreUpTo(objective, trial, 0), 3.0);
  EXPECT_EQ(BestScoreUpTo(objective, trial, 4), 1.0);
  EXPECT_EQ(BestScoreUpTo(objective, trial, 5), 0.5);
  EXPECT_EQ(BestScoreUpTo(objective, trial, -1), std::nullopt);
}

TEST(EarlyStoppingTest, ParsesAndValidatesItsJson) {
  StatusOr<EarlyStopping> none = ParseEarlyStopping(Json());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->rule, EarlyStoppingRule::kNone);

  StatusOr<EarlyStopping> median =
      ParseEarlyStopping(*ParseJson(R"({"rule": "median", "min_trials": 7, "warmup_steps": 2})"));
  ASSERT_TRUE(median.ok()) << median.status().ToString();
  EXPECT_EQ(median->rule, EarlyStoppingRule::kMedian);
  EXPECT_EQ(median->min_trials, 7);
  EXPECT_EQ(median->warmup_steps, 2);

  StatusOr<EarlyStopping> defaults = ParseEarlyStopping(*ParseJson(R"({"rule": "median"})"));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->min_trials, 5);
  EXPECT_EQ(defaults->warmup_steps, 1);

  auto error = [](const std::string& text) {
    StatusOr<EarlyStopping> parsed = ParseEarlyStopping(*ParseJson(text));
    EXPECT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    return parsed.status().message();
  };
  EXPECT_THAT(error(R"({"rule": "mean"})"), HasSubstr("early_stopping.rule must be"));
  EXPECT_THAT(error(R"({"rule": 1})"), HasSubstr("early_stopping.rule must be"));
  EXPECT_THAT(error(R"({"min_trials": 0})"), HasSubstr("early_stopping.min_trials must be"));
  EXPECT_THAT(error(R"({"min_trials": "5"})"), HasSubstr("early_stopping.min_trials must be"));
  EXPECT_THAT(error(R"({"warmup_steps": -1})"), HasSubstr("early_stopping.warmup_steps must be"));
  EXPECT_THAT(error(R"({"warmup_steps": 1.5})"), HasSubstr("early_stopping.warmup_steps"));
  EXPECT_THAT(error(R"({"patience": 3})"), HasSubstr("early_stopping has no key 'patience'"));
  EXPECT_THAT(error(R"("median")"), HasSubstr("early_stopping must be an object"));
}

TEST(EarlyStoppingTest, OracleRejectsOutOfRangeOptions) {
  OracleOptions options;
  options.objective = *Objective::FromName("val_loss");
  options.early_stopping = Median(0, 1);
  StatusOr<std::unique_ptr<Oracle>> oracle =
      Oracle::Create(LearningRateSpace(), options, *MakeSearchAlgorithm("random"));
  ASSERT_FALSE(oracle.ok());
  EXPECT_THAT(oracle.status().message(), HasSubstr("early_stopping.min_trials"));
}

}  // namespace
}  // namespace kubetune::search
